using ThreatLint.Rules.Pipelines;

namespace ThreatLint.Core.Tests.Rules.Pipelines;

public class PipelineDependencyUnpinnedTests
{
    private static readonly PipelineDependencyUnpinned Rule = new();

    private static string Workflow(string uses) => $$"""
        on: push
        permissions: {}
        jobs:
          build:
            runs-on: ubuntu-24.04
            steps:
              - uses: {{uses}}
        """;

    [Test]
    public void Catalog_example_fires_on_failing_and_not_on_passing()
    {
        var example = Catalog.Rules.PipelineDependencyUnpinned.Example!;
        Assert.Multiple(() =>
        {
            Assert.That(RuleRunner.RunYaml(Rule, example.Failing, example.FileName).Positions(), Is.EqualTo(new[] { "TL3001@7:15" }));
            Assert.That(RuleRunner.RunYaml(Rule, example.Passing, example.FileName), Is.Empty);
        });
    }

    [TestCase("actions/checkout@v4", "action actions/checkout is referenced by tag v4")]
    [TestCase("huggingface/hf-upload@main", "action huggingface/hf-upload is referenced by branch main")]
    [TestCase("docker/build-push-action@v6.9.0", "action docker/build-push-action is referenced by tag v6.9.0")]
    [TestCase("contoso/actions/setup-cuda@1a2b3c4", "action contoso/actions/setup-cuda is referenced by abbreviated commit 1a2b3c4")]
    [TestCase("contoso/workflows/.github/workflows/train.yml@v2", "action contoso/workflows/.github/workflows/train.yml is referenced by tag v2")]
    public void Reports_tags_and_branches(string uses, string message)
    {
        var findings = RuleRunner.RunYaml(Rule, Workflow(uses), ".github/workflows/ci.yml");
        Assert.That(findings.Select(f => f.Message), Has.Exactly(1).StartsWith(message));
    }

    [TestCase("actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4")]
    [TestCase("actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683")]
    [TestCase("actions/checkout@11BD71901BBE5B1630CEEA73D27597364C9AF683 # v4.2.2")]
    [TestCase("./.github/actions/setup-cuda")]
    [TestCase("docker://ghcr.io/contoso/tool:1.0")]
    public void Accepts_full_shas_and_local_actions(string uses) =>
        Assert.That(RuleRunner.RunYaml(Rule, Workflow(uses), ".github/workflows/ci.yml"), Is.Empty);

    [Test]
    public void Reports_reusable_workflows_by_tag_at_job_level()
    {
        var yaml = """
            on: push
            jobs:
              train:
                uses: contoso/ml-workflows/.github/workflows/train.yml@main
              local:
                uses: ./.github/workflows/eval.yml
            """;
        Assert.That(RuleRunner.RunYaml(Rule, yaml, ".github/workflows/ci.yml").Positions(), Is.EqualTo(new[] { "TL3001@4:11" }));
    }

    [Test]
    public void Is_silent_outside_pipelines()
    {
        // The same keys in a file that is no workflow (a values file) are not actions.
        Assert.That(RuleRunner.RunYaml(Rule, Workflow("actions/checkout@v4"), "deploy/values.yaml"), Is.Empty);
    }

    [Test]
    public void Reports_azure_repositories_and_gitlab_includes_by_branch()
    {
        var azure = """
            resources:
              repositories:
                - repository: templates
                  type: github
                  name: contoso/templates
                  ref: refs/tags/v3
                - repository: pinned
                  type: github
                  name: contoso/pinned
                  ref: 0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c
            steps:
              - template: build.yml@templates
            """;
        var gitlab = """
            include:
              - component: $CI_SERVER_FQDN/ml/train-component@1.2.0
              - project: ml/templates
                file: /python.yml
            train:
              script: [python train.py]
            """;
        Assert.Multiple(() =>
        {
            Assert.That(RuleRunner.RunYaml(Rule, azure, "azure-pipelines.yml").Select(f => f.Message), Is.EqualTo(new[] { "template repository contoso/templates is referenced by tag v3: whoever controls that repository moves it and runs their code in this pipeline, with its secrets" }));
            Assert.That(RuleRunner.RunYaml(Rule, gitlab, ".gitlab-ci.yml").Positions(), Is.EqualTo(new[] { "TL3001@2:16", "TL3001@3:14" }));
        });
    }
}
