using ThreatLint.Rules.Pipelines;

namespace ThreatLint.Core.Tests.Rules.Pipelines;

public class PipelineSecretExposureTests
{
    private static readonly PipelineSecretExposure Rule = new();

    private const string Path = ".github/workflows/ci.yml";

    [Test]
    public void Catalog_example_fires_on_failing_and_not_on_passing()
    {
        var example = Catalog.Rules.PipelineSecretExposure.Example!;
        Assert.Multiple(() =>
        {
            Assert.That(RuleRunner.RunYaml(Rule, example.Failing, example.FileName).Positions(), Is.EqualTo(new[] { "TL3007@8:36" }));
            Assert.That(RuleRunner.RunYaml(Rule, example.Passing, example.FileName), Is.Empty);
        });
    }

    [Test]
    public void Secrets_passed_through_env_are_silent()
    {
        var yaml = """
            on: push
            jobs:
              upload:
                runs-on: ubuntu-24.04
                env:
                  HF_TOKEN: ${{ secrets.HF_TOKEN }}
                steps:
                  - run: |
                      echo "$HF_TOKEN" | huggingface-cli login --token-stdin
                      echo "HF_HUB_ENABLE_HF_TRANSFER=1" >> "$GITHUB_ENV"
                      echo "::add-mask::$HF_TOKEN"
                      huggingface-cli upload contoso/m ./model
                  - uses: docker/login-action@74a5d142397b4f367a81961eba4e8cd7edddf772 # v3.4.0
                    with:
                      password: ${{ secrets.REGISTRY_PASSWORD }}
            """;
        Assert.That(RuleRunner.RunYaml(Rule, yaml, Path), Is.Empty);
    }

    [Test]
    public void Printing_and_literals_fire_and_values_are_never_shown()
    {
        var yaml = """
            on: push
            env:
              MLFLOW_TRACKING_PASSWORD: Hq7rT2vLx9pQw4Zs
            jobs:
              train:
                runs-on: ubuntu-24.04
                steps:
                  - run: |
                      echo "token=${WANDB_KEY}"
                      printenv
                    env:
                      WANDB_KEY: ${{ secrets.WANDB_API_KEY }}
            """;
        var findings = RuleRunner.RunYaml(Rule, yaml, Path);
        Assert.Multiple(() =>
        {
            Assert.That(findings.Positions(), Is.EqualTo(new[] { "TL3007@3:29", "TL3007@9:16", "TL3007@10:11" }));
            Assert.That(findings.Select(f => f.Message), Has.None.Contains("Hq7rT2vLx9pQw4Zs"));
            Assert.That(findings[0].Message, Does.StartWith("variable MLFLOW_TRACKING_PASSWORD holds an MLflow tracking password as a literal"));
        });
    }
}
