using ThreatLint.Catalog;
using ThreatLint.Documents.Pipelines;
using ThreatLint.Documents.Yaml;
using ThreatLint.Findings;
using ThreatLint.Rules.SupplyChain;

namespace ThreatLint.Rules.Pipelines;

/// <summary>
/// TL3002 ("pwn request"): a workflow started by a privileged trigger (<c>pull_request_target</c>,
/// <c>workflow_run</c>, <c>issue_comment</c>) — which runs with the base repository's secrets and a write token —
/// checks out the pull request's head and then runs code from it (a build, tests, training, <c>pip install .</c>, a
/// local action). The pull request's author decides what that code does.
/// </summary>
/// <remarks>
/// <para>
/// The head is checked out by <c>actions/checkout</c> with a <c>ref</c> (or <c>repository</c>) read from the pull
/// request (<c>github.event.pull_request.head.sha|ref</c>, <c>github.head_ref</c>,
/// <c>github.event.workflow_run.head_sha|head_branch</c>, <c>refs/pull/…</c>), or by <c>gh pr checkout</c> /
/// <c>git fetch … pull/…</c> in a script. Running it is any later step of the same job that runs a script with a
/// build, install, test or interpreter command, or a local (<c>./</c>) action.
/// </para>
/// <para>
/// Not reported: a checkout of the base (no <c>ref</c>), a workflow that never checks out, and a label-gated job that
/// only reads the pull request (labels, comments) without running its code. A label-gated job that runs the code is
/// reported with medium confidence: the label is applied to one commit, and the author can push another after it.
/// </para>
/// </remarks>
public sealed class PipelineUntrustedCheckout : IYamlRule
{
    private static readonly string[] PrivilegedTriggers = ["pull_request_target", "workflow_run", "issue_comment"];

    private static readonly string[] HeadContexts =
    [
        "github.event.pull_request.head.sha", "github.event.pull_request.head.ref", "github.head_ref",
        "github.event.pull_request.head.repo.full_name", "github.event.workflow_run.head_sha", "github.event.workflow_run.head_branch",
        "github.event.workflow_run.head_repository.full_name", "github.event.issue.number", "github.event.pull_request.number",
        "github.event.number", "github.event.pull_request.merge_commit_sha",
    ];

    /// <summary>Programs that run code from the working tree: builds, installs, tests, interpreters and training launchers.</summary>
    private static readonly HashSet<string> Runners = new(StringComparer.Ordinal)
    {
        "make", "cmake", "ninja", "npm", "npx", "yarn", "pnpm", "pip", "pip3", "uv", "poetry", "pdm", "hatch", "tox", "nox",
        "pytest", "python", "python3", "bash", "sh", "cargo", "go", "mvn", "gradle", "./gradlew", "dotnet", "docker", "accelerate",
        "torchrun", "deepspeed", "bazel", "conda", "mamba", "pre-commit", "dvc", "mlflow", "node", "ruby", "bundle", "rake", "composer",
    };

    public RuleDescriptor Descriptor => Catalog.Rules.PipelineUntrustedCheckout;

    public void Check(YamlFile document, RuleContext context)
    {
        if (PipelineFile.Of(document, context.Path) is not { GitHub: { IsAction: false } workflow } pipeline
            || workflow.Trigger(PrivilegedTriggers) is not { } trigger)
        {
            return;
        }

        var shell = PipelineShell.Of(document, context.Path);
        var lines = shell.Steps.Where(s => s.Step.GitHub is not null).ToDictionary(s => s.Step.GitHub!, s => s.Lines);
        foreach (var job in workflow.Jobs)
        {
            var checkout = job.Steps.Select(s => (Step: s, Head: HeadCheckout(s, lines))).FirstOrDefault(c => c.Head is not null);
            if (checkout.Head is not { } head)
            {
                continue;
            }

            var run = job.Steps.Skip(checkout.Step.Index + (head.ByScript ? 0 : 1)).FirstOrDefault(s => RunsCode(s, lines));
            if (run is null)
            {
                continue;
            }

            var gated = (job.If ?? string.Empty).IndexOf("labels", StringComparison.Ordinal) >= 0
                || job.Steps.Take(checkout.Step.Index + 1).Any(s => (s.If ?? string.Empty).IndexOf("labels", StringComparison.Ordinal) >= 0);
            var message = "job " + job.Id + " (on " + trigger.Name + ") checks out " + head.What + " in " + checkout.Step.Label
                + " and runs it in " + (run == checkout.Step ? "the same step" : run.Label)
                + ": the pull request's author runs their code with this repository's secrets and write token";
            context.Report(Descriptor, head.Span, job.Id + " " + head.What, [message], confidence: gated ? Confidence.Medium : Confidence.High);
        }
    }

    private static (SourceSpan Span, string What, bool ByScript)? HeadCheckout(GitHubStep step, Dictionary<GitHubStep, IReadOnlyList<CommandLine>> lines)
    {
        if (step.Action == "actions/checkout")
        {
            foreach (var name in new[] { "ref", "repository" })
            {
                if (step.Input(name) is { Text: { } value } input && ReadsHead(value))
                {
                    return (input.Span, name + ": " + value.Trim(), false);
                }
            }

            return null;
        }

        if (!lines.TryGetValue(step, out var commands))
        {
            return null;
        }

        foreach (var line in commands)
        {
            var command = line.Command;
            var first = command.Arguments.FirstOrDefault()?.Text;
            var pulls = (command.Name == "gh" && first == "pr" && command.Arguments.Skip(1).FirstOrDefault()?.Text == "checkout")
                || (command.Name == "git" && first is "fetch" or "checkout" or "pull" or "switch" && command.Arguments.Any(a => ReadsHead(a.Raw)));
            if (pulls)
            {
                return (line.SpanAt(0), string.Join(" ", line.Words.Take(4).Select(w => w.Raw)), true);
            }
        }

        return null;
    }

    private static bool ReadsHead(string value) =>
        value.IndexOf("refs/pull/", StringComparison.Ordinal) >= 0 || value.StartsWith("pull/", StringComparison.Ordinal)
        || GitHubExpression.Find(value).SelectMany(e => e.Contexts).Any(c => HeadContexts.Contains(c));

    private static bool RunsCode(GitHubStep step, Dictionary<GitHubStep, IReadOnlyList<CommandLine>> lines)
    {
        if (step.Uses?.Text is { } uses && uses.StartsWith("./", StringComparison.Ordinal))
        {
            return true;
        }

        return lines.TryGetValue(step, out var commands)
            && commands.Any(l => Runners.Contains(l.Command.Name) || (l.Command.NameWord?.Text.StartsWith("./", StringComparison.Ordinal) ?? false));
    }
}
