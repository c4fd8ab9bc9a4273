using ThreatLint.Rules.Pipelines;

namespace ThreatLint.Core.Tests.Rules.Pipelines;

public class PipelineUntrustedCheckoutTests
{
    private static readonly PipelineUntrustedCheckout Rule = new();

    private const string Path = ".github/workflows/pr.yml";

    [Test]
    public void Catalog_example_fires_on_failing_and_not_on_passing()
    {
        var example = Catalog.Rules.PipelineUntrustedCheckout.Example!;
        Assert.Multiple(() =>
        {
            Assert.That(RuleRunner.RunYaml(Rule, example.Failing, example.FileName).Positions(), Is.EqualTo(new[] { "TL3002@10:16" }));
            Assert.That(RuleRunner.RunYaml(Rule, example.Failing, example.FileName).Single().Message, Does.StartWith("job eval (on pull_request_target) checks out ref: ${{ github.event.pull_request.head.sha }}"));
            Assert.That(RuleRunner.RunYaml(Rule, example.Passing, example.FileName), Is.Empty);
        });
    }

    [TestCase("pull_request_target", "ref: ${{ github.event.pull_request.head.ref }}")]
    [TestCase("pull_request_target", "ref: ${{ github.head_ref }}")]
    [TestCase("workflow_run", "ref: ${{ github.event.workflow_run.head_sha }}")]
    [TestCase("issue_comment", "ref: refs/pull/${{ github.event.issue.number }}/merge")]
    [TestCase("pull_request_target", "repository: ${{ github.event.pull_request.head.repo.full_name }}")]
    public void Fires_on_head_checkout_followed_by_code(string trigger, string with)
    {
        var yaml = $$"""
            on: {{trigger}}
            jobs:
              train:
                runs-on: ubuntu-24.04
                steps:
                  - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
                    with:
                      {{with}}
                  - run: make train
            """;
        Assert.That(RuleRunner.RunYaml(Rule, yaml, Path).Lines(), Is.EqualTo(new[] { "TL3002@8" }));
    }

    [Test]
    public void Fires_on_gh_pr_checkout_in_a_script()
    {
        var yaml = """
            on: issue_comment
            jobs:
              bench:
                runs-on: ubuntu-24.04
                steps:
                  - run: |
                      gh pr checkout ${{ github.event.issue.number }}
                      python benchmark.py
            """;
        Assert.That(RuleRunner.RunYaml(Rule, yaml, Path).Positions(), Is.EqualTo(new[] { "TL3002@7:11" }));
    }

    [TestCase("""
        on: pull_request_target
        jobs:
          label:
            runs-on: ubuntu-24.04
            steps:
              - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
              - run: make lint
        """, TestName = "Base checkout (no ref) runs the base's own code")]
    [TestCase("""
        on: pull_request_target
        jobs:
          label:
            if: contains(github.event.pull_request.labels.*.name, 'safe')
            runs-on: ubuntu-24.04
            steps:
              - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
                with:
                  ref: ${{ github.event.pull_request.head.sha }}
              - run: gh pr edit "$PR" --add-label checked
        """, TestName = "Label-gated head checkout with no code run")]
    [TestCase("""
        on: pull_request_target
        jobs:
          greet:
            runs-on: ubuntu-24.04
            steps:
              - run: echo "thanks"
        """, TestName = "No checkout at all")]
    [TestCase("""
        on: pull_request
        jobs:
          test:
            runs-on: ubuntu-24.04
            steps:
              - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
                with:
                  ref: ${{ github.event.pull_request.head.sha }}
              - run: make test
        """, TestName = "pull_request has no secrets for forks")]
    public void Is_silent_on_safe_shapes(string yaml) =>
        Assert.That(RuleRunner.RunYaml(Rule, yaml, Path), Is.Empty);

    [Test]
    public void Label_gated_job_that_runs_the_code_is_medium_confidence()
    {
        var yaml = """
            on: pull_request_target
            jobs:
              eval:
                if: contains(github.event.pull_request.labels.*.name, 'safe-to-test')
                runs-on: ubuntu-24.04
                steps:
                  - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
                    with:
                      ref: ${{ github.event.pull_request.head.sha }}
                  - uses: ./.github/actions/eval
            """;
        Assert.That(RuleRunner.RunYaml(Rule, yaml, Path).Single().Confidence, Is.EqualTo(Catalog.Confidence.Medium));
    }
}
