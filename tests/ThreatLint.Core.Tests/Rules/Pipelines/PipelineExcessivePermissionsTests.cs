using ThreatLint.Rules.Pipelines;

namespace ThreatLint.Core.Tests.Rules.Pipelines;

public class PipelineExcessivePermissionsTests
{
    private static readonly PipelineExcessivePermissions Rule = new();

    private const string Path = ".github/workflows/release.yml";

    [Test]
    public void Catalog_example_fires_on_failing_and_not_on_passing()
    {
        var example = Catalog.Rules.PipelineExcessivePermissions.Example!;
        Assert.Multiple(() =>
        {
            Assert.That(RuleRunner.RunYaml(Rule, example.Failing, example.FileName).Positions(), Is.EqualTo(new[] { "TL3004@4:14" }));
            Assert.That(RuleRunner.RunYaml(Rule, example.Passing, example.FileName), Is.Empty);
        });
    }

    [Test]
    public void Fires_on_job_write_all_and_on_publishing_jobs_without_a_block()
    {
        var yaml = """
            on: push
            jobs:
              lint:
                runs-on: ubuntu-24.04
                permissions: write-all
                steps:
                  - run: ruff check .
              push:
                runs-on: ubuntu-24.04
                steps:
                  - run: docker push ghcr.io/contoso/model:1.0
              test:
                runs-on: ubuntu-24.04
                steps:
                  - run: pytest
            """;
        var findings = RuleRunner.RunYaml(Rule, yaml, Path);
        Assert.Multiple(() =>
        {
            Assert.That(findings.Positions(), Is.EqualTo(new[] { "TL3004@5:18", "TL3004@8:3" }));
            Assert.That(findings[1].Message, Does.StartWith("job push publishes image ghcr.io/contoso/model:1.0 (docker push) with no permissions: block"));
            Assert.That(findings[1].Confidence, Is.EqualTo(Catalog.Confidence.Medium));
        });
    }

    [TestCase("permissions: {}")]
    [TestCase("permissions:\n  contents: read\n  packages: write")]
    [TestCase("permissions: read-all")]
    public void Explicit_least_privilege_is_silent(string permissions)
    {
        var yaml = permissions + "\n" + """
            on: push
            jobs:
              push:
                runs-on: ubuntu-24.04
                steps:
                  - run: docker push ghcr.io/contoso/model:1.0
            """;
        Assert.That(RuleRunner.RunYaml(Rule, yaml, Path), Is.Empty);
    }

    [Test]
    public void Azure_checkout_that_persists_the_token_fires()
    {
        var yaml = """
            trigger: [main]
            steps:
              - checkout: self
                persistCredentials: true
              - checkout: templates
                persistCredentials: false
              - script: git push origin HEAD:refs/tags/model-v1
            """;
        var finding = RuleRunner.RunYaml(Rule, yaml, "azure-pipelines.yml").Single();
        Assert.Multiple(() =>
        {
            Assert.That(finding.Span.Line, Is.EqualTo(4));
            Assert.That(finding.Message, Does.StartWith("pipeline step 1 checkout persistCredentials: true leaves the pipeline's access token in .git/config"));
        });
    }
}
