using ThreatLint.Rules.Pipelines;

namespace ThreatLint.Core.Tests.Rules.Pipelines;

public class TrainingDataUnverifiedTests
{
    private static readonly TrainingDataUnverified Rule = new();

    [Test]
    public void Catalog_example_fires_on_failing_and_not_on_passing()
    {
        var example = Catalog.Rules.TrainingDataUnverified.Example!;
        Assert.Multiple(() =>
        {
            Assert.That(RuleRunner.RunYaml(Rule, example.Failing, example.FileName).Positions(), Is.EqualTo(new[] { "TL3006@3:55" }));
            Assert.That(RuleRunner.RunYaml(Rule, example.Passing, example.FileName), Is.Empty);
        });
    }

    [TestCase("dvc import-url https://data.contoso.net/reviews.csv data/reviews.csv")]
    [TestCase("dvc import https://github.com/contoso/datasets reviews/2024")]
    [TestCase("dvc import https://github.com/contoso/datasets reviews/2024 --rev main")]
    [TestCase("huggingface-cli download --repo-type dataset contoso/reviews --revision v2")]
    [TestCase("git clone https://huggingface.co/datasets/contoso/reviews")]
    [TestCase("kaggle datasets download -d contoso/reviews")]
    public void Fires_on_unpinned_pulls_in_steps(string command)
    {
        var yaml = "train:\n  script:\n    - " + command + "\n";
        Assert.That(RuleRunner.RunYaml(Rule, yaml, ".gitlab-ci.yml").Lines(), Is.EqualTo(new[] { "TL3006@3" }));
    }

    [TestCase("dvc pull")]
    [TestCase("dvc import https://github.com/contoso/datasets reviews/2024 --rev 9a1b2c3d4e5f60718293a4b5c6d7e8f901234567")]
    [TestCase("huggingface-cli download --repo-type dataset contoso/reviews --revision 9a1b2c3d4e5f60718293a4b5c6d7e8f901234567")]
    [TestCase("kaggle datasets download -d contoso/reviews/versions/3")]
    [TestCase("huggingface-cli download contoso/model")]
    public void Is_silent_on_pinned_pulls(string command)
    {
        var yaml = "train:\n  script:\n    - " + command + "\n";
        Assert.That(RuleRunner.RunYaml(Rule, yaml, ".gitlab-ci.yml"), Is.Empty);
    }

    [Test]
    public void Dvc_files_fire_without_checksum_or_commit()
    {
        var importUrl = """
            deps:
            - path: http://data.contoso.net/reviews.csv
            outs:
            - path: reviews.csv
            """;
        var importUrlWithEtag = """
            deps:
            - path: https://data.contoso.net/reviews.csv
              etag: '"5e1f-5c8a"'
            outs:
            - md5: 3f0c1d5bcbd9c0b2d48f4b7d4e1a2f33
              path: reviews.csv
            """;
        Assert.Multiple(() =>
        {
            Assert.That(RuleRunner.RunYaml(Rule, importUrl, "data/reviews.csv.dvc").Single().Message, Does.Contain("http://data.contoso.net/reviews.csv (plain http)"));
            Assert.That(RuleRunner.RunYaml(Rule, importUrlWithEtag, "data/reviews.csv.dvc"), Is.Empty);
        });
    }
}
