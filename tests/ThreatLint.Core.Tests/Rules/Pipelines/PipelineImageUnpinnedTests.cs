using ThreatLint.Rules.Pipelines;

namespace ThreatLint.Core.Tests.Rules.Pipelines;

public class PipelineImageUnpinnedTests
{
    private static readonly PipelineImageUnpinned Rule = new();

    [Test]
    public void Catalog_example_fires_on_failing_and_not_on_passing()
    {
        var example = Catalog.Rules.PipelineImageUnpinned.Example!;
        Assert.Multiple(() =>
        {
            var finding = RuleRunner.RunYaml(Rule, example.Failing, example.FileName).Single();
            Assert.That(finding.Span.Line, Is.EqualTo(10));
            Assert.That(finding.Severity, Is.EqualTo(Catalog.Severity.High));
            Assert.That(RuleRunner.RunYaml(Rule, example.Passing, example.FileName), Is.Empty);
        });
    }

    [Test]
    public void Github_containers_services_and_docker_actions()
    {
        var yaml = """
            on: push
            jobs:
              test:
                runs-on: ubuntu-24.04
                container:
                  image: pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime
                services:
                  mlflow:
                    image: ghcr.io/mlflow/mlflow
                  redis:
                    image: redis:7@sha256:0279f7aa29974bf64e61d0ff6e979b41a249b3662a46e30778dbf80b8c99c361
                steps:
                  - uses: docker://ghcr.io/contoso/linter:latest
                  - uses: docker://ghcr.io/contoso/linter@sha256:0279f7aa29974bf64e61d0ff6e979b41a249b3662a46e30778dbf80b8c99c361
              matrix:
                runs-on: ubuntu-24.04
                container: ${{ matrix.image }}
                steps:
                  - run: pytest
            """;
        var findings = RuleRunner.RunYaml(Rule, yaml, ".github/workflows/ci.yml");
        Assert.Multiple(() =>
        {
            Assert.That(findings.Lines(), Is.EqualTo(new[] { "TL3009@6", "TL3009@9", "TL3009@13" }));
            Assert.That(findings.Select(f => f.Severity), Is.EqualTo(new[] { Catalog.Severity.Medium, Catalog.Severity.High, Catalog.Severity.High }));
        });
    }

    [Test]
    public void Argo_parameters_are_not_images()
    {
        var yaml = """
            apiVersion: argoproj.io/v1alpha1
            kind: CronWorkflow
            metadata: {name: nightly}
            spec:
              schedule: "0 3 * * *"
              workflowSpec:
                entrypoint: train
                templates:
                  - name: train
                    container:
                      image: "{{inputs.parameters.image}}"
            """;
        Assert.That(RuleRunner.RunYaml(Rule, yaml, "workflows/nightly.yaml"), Is.Empty);
    }
}
