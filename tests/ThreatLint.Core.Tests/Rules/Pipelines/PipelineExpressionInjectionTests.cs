using ThreatLint.Rules.Pipelines;

namespace ThreatLint.Core.Tests.Rules.Pipelines;

public class PipelineExpressionInjectionTests
{
    private static readonly PipelineExpressionInjection Rule = new();

    private const string Path = ".github/workflows/bot.yml";

    [Test]
    public void Catalog_example_fires_on_failing_and_not_on_passing()
    {
        var example = Catalog.Rules.PipelineExpressionInjection.Example!;
        Assert.Multiple(() =>
        {
            Assert.That(RuleRunner.RunYaml(Rule, example.Failing, example.FileName).Positions(), Is.EqualTo(new[] { "TL3003@8:40" }));
            Assert.That(RuleRunner.RunYaml(Rule, example.Passing, example.FileName), Is.Empty);
        });
    }

    [TestCase("${{ github.event.issue.title }}", "github.event.issue.title")]
    [TestCase("${{ github.event['pull_request']['body'] }}", "github.event.pull_request.body")]
    [TestCase("${{ github.head_ref }}", "github.head_ref")]
    [TestCase("${{ toJSON(github.event.pull_request) }}", "github.event.pull_request")]
    [TestCase("${{ github.event.commits[0].message }}", "github.event.commits.*.message")]
    [TestCase("${{ format('{0}', github.event.comment.body) }}", "github.event.comment.body")]
    [TestCase("${{ github.event.workflow_run.head_branch }}", "github.event.workflow_run.head_branch")]
    public void Fires_on_attacker_controlled_contexts_in_run(string expression, string context)
    {
        var yaml = $$"""
            on: [issues, pull_request_target, issue_comment, push, workflow_run]
            jobs:
              triage:
                runs-on: ubuntu-24.04
                steps:
                  - name: Triage
                    run: |
                      set -e
                      ./triage.sh "{{expression}}"
            """;
        var finding = RuleRunner.RunYaml(Rule, yaml, Path).Single();
        Assert.Multiple(() =>
        {
            Assert.That(finding.Span.Line, Is.EqualTo(9));
            Assert.That(finding.Span.Column, Is.EqualTo(24));
            Assert.That(finding.Message, Does.Contain("(" + context + ") in job triage step 'Triage' is expanded into a shell script"));
        });
    }

    [Test]
    public void Is_silent_on_expressions_in_comments_env_quoted_inputs_and_trusted_contexts()
    {
        var yaml = """
            on: pull_request_target
            jobs:
              greet:
                runs-on: ubuntu-24.04
                steps:
                  # run: echo "${{ github.event.pull_request.title }}"
                  - uses: actions/labeler@8558fd74291d67161a8a78ce36a881fa63b766a9 # v5.0.0
                    with:
                      configuration-path: "${{ github.event.pull_request.title }}"
                  - run: echo "$TITLE" "${{ github.sha }}" "${{ github.event.pull_request.number }}"  # ${{ github.head_ref }}
                    env:
                      TITLE: ${{ github.event.pull_request.title }}
                  - run: echo "${{ 'github.head_ref' }}"
            """;
        Assert.That(RuleRunner.RunYaml(Rule, yaml, Path), Is.Empty);
    }

    [Test]
    public void Fires_in_github_script_and_composite_actions()
    {
        var script = """
            on: issue_comment
            jobs:
              reply:
                runs-on: ubuntu-24.04
                steps:
                  - uses: actions/github-script@60a0d83039c74a4aee543508d2ffcb1c3799cdea # v7.0.1
                    with:
                      script: console.log("${{ github.event.comment.body }}")
            """;
        var action = """
            name: train
            inputs:
              model: {description: model id}
            runs:
              using: composite
              steps:
                - shell: bash
                  run: python train.py --model ${{ inputs.model }}
            """;
        Assert.Multiple(() =>
        {
            Assert.That(RuleRunner.RunYaml(Rule, script, Path).Positions(), Is.EqualTo(new[] { "TL3003@8:32" }));
            var fromInput = RuleRunner.RunYaml(Rule, action, "action.yml").Single();
            Assert.That(fromInput.Severity, Is.EqualTo(Catalog.Severity.Medium));
            Assert.That(fromInput.Confidence, Is.EqualTo(Catalog.Confidence.Low));
        });
    }

    [Test]
    public void Typed_dispatch_inputs_are_not_reported()
    {
        var yaml = """
            on:
              workflow_dispatch:
                inputs:
                  epochs: {type: number, default: 3}
                  gpu: {type: choice, options: [a100, h100]}
                  note: {type: string}
            jobs:
              train:
                runs-on: ubuntu-24.04
                steps:
                  - run: python train.py --epochs ${{ inputs.epochs }} --gpu ${{ github.event.inputs.gpu }} --note "${{ inputs.note }}"
            """;
        Assert.That(RuleRunner.RunYaml(Rule, yaml, Path).Select(f => f.Message), Has.Exactly(1).Contains("(inputs.note)"));
    }
}
