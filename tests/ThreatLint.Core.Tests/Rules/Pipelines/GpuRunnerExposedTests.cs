using ThreatLint.Rules.Pipelines;

namespace ThreatLint.Core.Tests.Rules.Pipelines;

public class GpuRunnerExposedTests
{
    private static readonly GpuRunnerExposed Rule = new();

    private const string Path = ".github/workflows/gpu.yml";

    [Test]
    public void Catalog_example_fires_on_failing_and_not_on_passing()
    {
        var example = Catalog.Rules.GpuRunnerExposed.Example!;
        Assert.Multiple(() =>
        {
            var finding = RuleRunner.RunYaml(Rule, example.Failing, example.FileName).Single();
            Assert.That(finding.Message, Does.StartWith("job gpu-tests (on pull_request) runs fork pull-request code on self-hosted runner [self-hosted, linux, gpu]"));
            Assert.That(finding.Confidence, Is.EqualTo(Catalog.Confidence.Medium));
            Assert.That(RuleRunner.RunYaml(Rule, example.Passing, example.FileName), Is.Empty);
        });
    }

    [TestCase("on: pull_request", "[gpu-a100]", 1)]
    [TestCase("on: pull_request", "{group: gpu-runners}", 1)]
    [TestCase("on: push", "[self-hosted, gpu]", 0)]
    [TestCase("on: pull_request", "ubuntu-24.04", 0)]
    [TestCase("on: pull_request", "${{ matrix.runner }}", 0)]
    [TestCase("on: pull_request_target", "[self-hosted, gpu]", 0)]
    public void Fires_only_for_fork_triggers_on_self_hosted_labels(string on, string runsOn, int count)
    {
        var yaml = on + "\njobs:\n  t:\n    runs-on: " + runsOn + "\n    steps:\n      - run: pytest\n";
        Assert.That(RuleRunner.RunYaml(Rule, yaml, Path), Has.Count.EqualTo(count));
    }

    [Test]
    public void Pull_request_target_fires_when_the_head_is_checked_out()
    {
        var yaml = """
            on: pull_request_target
            jobs:
              t:
                runs-on: [self-hosted, gpu]
                steps:
                  - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
                    with:
                      ref: ${{ github.event.pull_request.head.sha }}
                  - run: pytest
            """;
        Assert.That(RuleRunner.RunYaml(Rule, yaml, Path).Positions(), Is.EqualTo(new[] { "TL3010@4:15" }));
    }
}
