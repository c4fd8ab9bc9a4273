using ThreatLint.Documents.Python;
using ThreatLint.Rules.Secrets;

namespace ThreatLint.Rules.Serving;

/// <summary>
/// Python source and notebook code cells: string literals (f-string text included) and comments. What holds the key
/// is named from the code around it — the assigned name (<c>openai.api_key = "…"</c>), the keyword argument
/// (<c>OpenAI(api_key="…")</c>), the dict key (<c>{"Authorization": "Bearer …"}</c>) — else "a string literal".
/// </summary>
public sealed partial class AiCredentialInConfig : IPythonRule
{
    public void Check(PythonDocument document, RuleContext context)
    {
        var tokens = document.Tokens;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Kind != PythonTokenKind.String || token.Length < AiCredentialPatterns.MinLength)
            {
                continue;
            }

            var text = token.Text;
            var name = NameOf(tokens, i);
            foreach (var match in AiCredentialPatterns.Find(text, (name ?? string.Empty) + " " + text))
            {
                var inString = NameBefore(text, match.Start);
                var where = inString ?? name;
                where = where is not null && IsShowable(where, allowUpper: true) ? where : "a string literal";
                Report(context, document.SpanOf(token.Offset + match.Start, match.Length), where, match, text);
            }
        }

        foreach (var comment in document.Comments)
        {
            CheckComment(context, comment.Text, match => document.SpanOf(comment.Offset + match.Start, match.Length));
        }
    }

    /// <summary>
    /// The name a string literal is given to: <c>x.api_key =</c>, <c>api_key=</c> in a call, <c>"api_key":</c> in a
    /// dict, <c>headers["Authorization"] =</c>; null when there is none within the two tokens before it.
    /// </summary>
    private static string? NameOf(IReadOnlyList<PythonToken> tokens, int index)
    {
        if (index < 2 || tokens[index - 1].Kind != PythonTokenKind.Operator || !(tokens[index - 1].Is("=") || tokens[index - 1].Is(":")))
        {
            return null;
        }

        var before = tokens[index - 2];
        if (before.Kind == PythonTokenKind.Name)
        {
            var name = before.Text;
            for (var j = index - 3; j >= 1 && tokens[j].Is(".") && tokens[j - 1].Kind == PythonTokenKind.Name; j -= 2)
            {
                name = tokens[j - 1].Text + "." + name;
            }

            return name;
        }

        if (before.Kind == PythonTokenKind.String && !before.IsInterpolated && before.StringValue is { Length: > 0 and <= 40 } key)
        {
            return key;
        }

        // headers["Authorization"] = "Bearer …"
        return before.Is("]") && index >= 4 && tokens[index - 3].Kind == PythonTokenKind.String ? tokens[index - 3].StringValue : null;
    }
}
