using ThreatLint.Catalog;
using ThreatLint.Documents.Pipelines;
using ThreatLint.Documents.Yaml;

namespace ThreatLint.Rules.Pipelines;

/// <summary>
/// TL3010: a job of a workflow that fork pull requests trigger runs on a self-hosted runner — often the team's GPU
/// box. The pull request's code runs on that machine: it can mine on the GPUs, read other jobs' data and model
/// caches, plant a persistent process for the next job, and reach the internal network.
/// </summary>
/// <remarks>
/// <para>
/// Triggers: <c>pull_request</c> (the fork's code runs), and <c>pull_request_target</c> when the job checks out the
/// pull request's head (TL3002's shape). Runners: <c>self-hosted</c> or a runner group; other labels that are not
/// GitHub-hosted images (<c>gpu-a100</c>, <c>linux-cuda</c>) may be larger hosted runners or self-hosted ones:
/// reported with low confidence. The finding is medium confidence at best: whether forks can open pull requests
/// (a public repository) is outside the file.
/// </para>
/// <para>
/// Not reported: jobs whose <c>if:</c> keeps forks out (<c>github.event.pull_request.head.repo.full_name ==
/// github.repository</c>, <c>head.repo.fork == false</c>), labels held in expressions (<c>${{ matrix.runner }}</c>).
/// </para>
/// </remarks>
public sealed class GpuRunnerExposed : IYamlRule
{
    private static readonly string[] HostedPrefixes = ["ubuntu-", "windows-", "macos-"];

    public RuleDescriptor Descriptor => Catalog.Rules.GpuRunnerExposed;

    public void Check(YamlFile document, RuleContext context)
    {
        if (PipelineFile.Of(document, context.Path).GitHub is not { IsAction: false } workflow)
        {
            return;
        }

        var pullRequest = workflow.HasTrigger("pull_request");
        var target = workflow.HasTrigger("pull_request_target");
        if (!pullRequest && !target)
        {
            return;
        }

        foreach (var job in workflow.Jobs)
        {
            if (KeepsForksOut(job.If) || (!pullRequest && !ChecksOutHead(job)))
            {
                continue;
            }

            var labels = job.RunnerLabels;
            if (labels.Any(l => l.Text!.IndexOf("${{", StringComparison.Ordinal) >= 0))
            {
                continue;
            }

            var selfHosted = labels.FirstOrDefault(l => l.Text == "self-hosted") ?? (job.RunsOn?["group"] is YamlScalar group ? group : null);
            var custom = labels.FirstOrDefault(l => !IsHosted(l.Text!) && l.Text != "self-hosted");
            if (selfHosted is null && custom is null)
            {
                continue;
            }

            var shownLabels = "[" + string.Join(", ", labels.Select(l => l.Text)) + "]";
            var trigger = pullRequest ? "pull_request" : "pull_request_target";
            context.Report(
                Descriptor,
                (selfHosted ?? custom)!.Span,
                job.Id + " " + shownLabels,
                ["job " + job.Id + " (on " + trigger + ")", shownLabels + ": the pull request's author runs code on that machine, its GPUs, caches and network"],
                confidence: selfHosted is not null ? Confidence.Medium : Confidence.Low);
        }
    }

    private static bool IsHosted(string label) =>
        HostedPrefixes.Any(p => label.StartsWith(p, StringComparison.Ordinal));

    private static bool KeepsForksOut(string? condition) =>
        condition is not null
        && (condition.IndexOf("head.repo.full_name == github.repository", StringComparison.Ordinal) >= 0
            || condition.IndexOf("github.repository == github.event.pull_request.head.repo.full_name", StringComparison.Ordinal) >= 0
            || condition.IndexOf("head.repo.fork == false", StringComparison.Ordinal) >= 0
            || condition.IndexOf("!github.event.pull_request.head.repo.fork", StringComparison.Ordinal) >= 0);

    private static bool ChecksOutHead(GitHubJob job) =>
        job.Steps.Any(s => s.Action == "actions/checkout" && s.Input("ref")?.Text is { } reference
            && GitHubExpression.Find(reference).SelectMany(e => e.Contexts).Any(c => c.StartsWith("github.event.pull_request.head", StringComparison.Ordinal) || c == "github.head_ref"));
}
