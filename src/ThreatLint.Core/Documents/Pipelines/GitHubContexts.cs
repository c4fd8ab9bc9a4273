namespace ThreatLint.Documents.Pipelines;

/// <summary>How far the value of a GitHub Actions context can be chosen by someone outside the repository.</summary>
public enum ContextTrust
{
    /// <summary>Set by GitHub or the repository (<c>github.sha</c>, <c>github.repository</c>, <c>runner.os</c>).</summary>
    Trusted,

    /// <summary>Chosen by whoever triggers the run, who may already have write access: workflow or action inputs, dispatch payloads.</summary>
    CallerControlled,

    /// <summary>Free text anyone can write: issue and PR titles and bodies, comments, branch names, commit messages.</summary>
    AttackerControlled,
}

/// <summary>The contexts of GitHub Actions expressions whose values an attacker writes.</summary>
public static class GitHubContexts
{
    /// <summary>Free-text fields of event payloads and branch names (as listed by GitHub's security hardening guide).</summary>
    private static readonly string[] Attacker =
    [
        "github.head_ref",
        "github.event.issue.title", "github.event.issue.body",
        "github.event.pull_request.title", "github.event.pull_request.body",
        "github.event.pull_request.head.ref", "github.event.pull_request.head.label",
        "github.event.pull_request.head.repo.default_branch", "github.event.pull_request.head.repo.description",
        "github.event.comment.body", "github.event.review.body", "github.event.review_comment.body",
        "github.event.discussion.title", "github.event.discussion.body",
        "github.event.pages.*.page_name",
        "github.event.commits.*.message", "github.event.commits.*.author.email", "github.event.commits.*.author.name",
        "github.event.head_commit.message", "github.event.head_commit.author.email", "github.event.head_commit.author.name",
        "github.event.workflow_run.head_branch", "github.event.workflow_run.display_title",
        "github.event.workflow_run.head_commit.message", "github.event.workflow_run.head_commit.author.email",
        "github.event.workflow_run.head_commit.author.name", "github.event.workflow_run.pull_requests.*.head.ref",
        "github.event.workflow_run.head_repository.description",
    ];

    private static readonly string[] Caller = ["inputs.", "github.event.inputs.", "github.event.client_payload."];

    /// <summary>
    /// How trusted a normalized context path is (see <see cref="GitHubExpression.Contexts"/>). A whole object that
    /// holds free text (<c>toJSON(github.event.pull_request)</c>, <c>github.event</c>) counts as that text.
    /// </summary>
    public static ContextTrust TrustOf(string context)
    {
        foreach (var path in Attacker)
        {
            if (Matches(context, path) || (path.StartsWith(context + ".", StringComparison.Ordinal) && context.IndexOf('.') > 0))
            {
                return ContextTrust.AttackerControlled;
            }
        }

        return Caller.Any(p => context.StartsWith(p, StringComparison.Ordinal)) ? ContextTrust.CallerControlled : ContextTrust.Trusted;
    }

    /// <summary>True when the context is a secret (<c>secrets.X</c>, <c>secrets['X']</c>).</summary>
    public static bool IsSecret(string context) => context.StartsWith("secrets.", StringComparison.Ordinal) || context == "secrets";

    /// <summary>A context equal to the pattern or inside it (<c>*</c> matches one segment).</summary>
    private static bool Matches(string context, string pattern)
    {
        var parts = context.Split('.');
        var wanted = pattern.Split('.');
        if (parts.Length < wanted.Length)
        {
            return false;
        }

        for (var i = 0; i < wanted.Length; i++)
        {
            if (wanted[i] != "*" && parts[i] != "*" && parts[i] != wanted[i])
            {
                return false;
            }
        }

        return true;
    }
}
