using ThreatLint.Rules.Pipelines;

namespace ThreatLint.Core.Tests.Rules.Pipelines;

public class ModelPublishedUnsignedTests
{
    private static readonly ModelPublishedUnsigned Rule = new();

    private const string Path = ".github/workflows/publish.yml";

    [Test]
    public void Catalog_example_fires_on_failing_and_not_on_passing()
    {
        var example = Catalog.Rules.ModelPublishedUnsigned.Example!;
        Assert.Multiple(() =>
        {
            Assert.That(RuleRunner.RunYaml(Rule, example.Failing, example.FileName).Positions(), Is.EqualTo(new[] { "TL3005@10:14" }));
            Assert.That(RuleRunner.RunYaml(Rule, example.Passing, example.FileName), Is.Empty);
        });
    }

    [TestCase("huggingface-cli upload contoso/m ./out", "Hub repository contoso/m")]
    [TestCase("hf upload contoso/m ./out", "Hub repository contoso/m")]
    [TestCase("docker push ghcr.io/contoso/m:1", "image ghcr.io/contoso/m:1")]
    [TestCase("docker buildx build --push -t ghcr.io/contoso/m:1 .", "image ghcr.io/contoso/m:1")]
    [TestCase("oras push ghcr.io/contoso/m:1 model.onnx", "artifact ghcr.io/contoso/m:1")]
    [TestCase("dvc push -r models", "the DVC-tracked models and data")]
    [TestCase("az ml model create --name sentiment --path outputs", "model sentiment")]
    [TestCase("aws s3 cp model.safetensors s3://contoso-models/sentiment/", "model.safetensors to s3://contoso-models/sentiment/")]
    [TestCase("gsutil -m cp -r checkpoints gs://contoso-models/run1", "checkpoints to gs://contoso-models/run1")]
    [TestCase("python -c 'import mlflow; mlflow.register_model(uri, \"sentiment\")'", "a model (register_model)")]
    public void Fires_on_each_kind_of_publish(string command, string what)
    {
        var yaml = $$"""
            on: push
            jobs:
              publish:
                runs-on: ubuntu-24.04
                steps:
                  - run: {{command}}
            """;
        Assert.That(RuleRunner.RunYaml(Rule, yaml, Path).Single().Message, Does.Contain("publishes " + what + " but the pipeline never signs"));
    }

    [TestCase("- run: cosign sign --yes ghcr.io/contoso/m@sha256:abc")]
    [TestCase("- uses: actions/attest-build-provenance@e8998f949152b193b063cb0ec769d69d929409be # v2.4.0\n    with:\n      subject-path: out/model.safetensors")]
    [TestCase("- run: python -m model_signing sign out/")]
    [TestCase("- run: notation sign ghcr.io/contoso/m:1")]
    public void A_signing_step_anywhere_in_the_workflow_clears_it(string signing)
    {
        var yaml = """
            on: push
            jobs:
              publish:
                runs-on: ubuntu-24.04
                steps:
                  - run: docker push ghcr.io/contoso/m:1
              sign:
                runs-on: ubuntu-24.04
                steps:
            """ + "\n" + string.Join("\n", signing.Split('\n').Select(l => "      " + l));
        Assert.That(RuleRunner.RunYaml(Rule, yaml, Path), Is.Empty);
    }

    [TestCase("aws s3 cp reports/summary.html s3://contoso-site/")]
    [TestCase("docker build -t m .")]
    [TestCase("dvc pull")]
    public void Is_silent_on_what_publishes_no_model(string command)
    {
        var yaml = "on: push\njobs:\n  j:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: " + command + "\n";
        Assert.That(RuleRunner.RunYaml(Rule, yaml, Path), Is.Empty);
    }

    [Test]
    public void Fires_on_build_push_action_and_gitlab_jobs()
    {
        var action = """
            on: push
            jobs:
              image:
                runs-on: ubuntu-24.04
                steps:
                  - uses: docker/build-push-action@263435318d21b8e681c14492fe198d362a7d2c83 # v6.18.0
                    with:
                      push: true
                      tags: ghcr.io/contoso/serve:1.0
            """;
        var gitlab = """
            publish:
              script:
                - huggingface-cli upload contoso/m ./model
            """;
        Assert.Multiple(() =>
        {
            Assert.That(RuleRunner.RunYaml(Rule, action, Path).Positions(), Is.EqualTo(new[] { "TL3005@6:15" }));
            Assert.That(RuleRunner.RunYaml(Rule, gitlab, ".gitlab-ci.yml").Positions(), Is.EqualTo(new[] { "TL3005@3:7" }));
        });
    }
}
