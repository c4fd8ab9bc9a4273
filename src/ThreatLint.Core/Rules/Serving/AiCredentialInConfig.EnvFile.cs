using ThreatLint.Documents.EnvFile;
using ThreatLint.Rules.Secrets;

namespace ThreatLint.Rules.Serving;

/// <summary>Dotenv files: every value (named by its variable) and every comment. A committed <c>.env</c> is a leak.</summary>
public sealed partial class AiCredentialInConfig : IEnvFileRule
{
    public void Check(EnvFileDocument document, RuleContext context)
    {
        foreach (var entry in document.Entries)
        {
            foreach (var match in AiCredentialPatterns.Find(entry.Value, entry.Name))
            {
                Report(context, document.SpanOf(entry.ValueOffset + match.Start, match.Length), entry.Name, match, entry.Value);
            }
        }

        foreach (var comment in document.Comments)
        {
            CheckComment(context, comment.Text, match => document.SpanOf(comment.Offset + match.Start, match.Length));
        }
    }
}
