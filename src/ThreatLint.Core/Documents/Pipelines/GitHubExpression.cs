using System.Text;

namespace ThreatLint.Documents.Pipelines;

/// <summary>
/// One <c>${{ … }}</c> expression inside a GitHub Actions value, with the contexts it reads
/// (<c>github.event.issue.title</c>, <c>inputs.model</c>, <c>secrets.HF_TOKEN</c>), normalized: lower case, index
/// access as dots (<c>github.event['issue'].title</c> → <c>github.event.issue.title</c>), any index or <c>*</c> as
/// <c>*</c>.
/// </summary>
/// <param name="Offset">Offset of <c>${{</c> in the value.</param>
/// <param name="Length">Length up to and including <c>}}</c>.</param>
public sealed record GitHubExpression(int Offset, int Length, string Body, IReadOnlyList<string> Contexts)
{
    /// <summary>At most this many expressions are read from one value (bounded work on hostile input).</summary>
    public const int MaxPerValue = 512;

    /// <summary>The expressions of a value, in order. An unterminated <c>${{</c> ends the search.</summary>
    public static IReadOnlyList<GitHubExpression> Find(string text)
    {
        var found = new List<GitHubExpression>();
        var at = text.IndexOf("${{", StringComparison.Ordinal);
        while (at >= 0 && found.Count < MaxPerValue)
        {
            var end = ClosingBraces(text, at + 3);
            if (end < 0)
            {
                break;
            }

            var body = text.Substring(at + 3, end - at - 3);
            found.Add(new GitHubExpression(at, end + 2 - at, body.Trim(), ContextsOf(body)));
            at = text.IndexOf("${{", end + 2, StringComparison.Ordinal);
        }

        return found;
    }

    /// <summary>The context paths an expression body reads (function names, literals and operators left out).</summary>
    public static IReadOnlyList<string> ContextsOf(string body)
    {
        var contexts = new List<string>();
        var i = 0;
        while (i < body.Length)
        {
            var c = body[i];
            if (c == '\'')
            {
                i = SkipString(body, i);
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var path = new StringBuilder();
                i = ReadIdentifier(body, i, path);
                var isPath = true;
                while (i < body.Length && isPath)
                {
                    var next = SkipSpaces(body, i);
                    if (next < body.Length && body[next] == '.')
                    {
                        var member = SkipSpaces(body, next + 1);
                        if (member < body.Length && body[member] == '*')
                        {
                            path.Append(".*");
                            i = member + 1;
                        }
                        else if (member < body.Length && (char.IsLetter(body[member]) || body[member] == '_'))
                        {
                            path.Append('.');
                            i = ReadIdentifier(body, member, path);
                        }
                        else
                        {
                            isPath = false;
                        }
                    }
                    else if (next < body.Length && body[next] == '[')
                    {
                        var close = IndexClose(body, next + 1);
                        var inner = body.Substring(next + 1, Math.Max(0, close - next - 1)).Trim();
                        path.Append('.').Append(inner.Length > 1 && inner[0] == '\'' && inner[inner.Length - 1] == '\''
                            ? inner.Substring(1, inner.Length - 2).Replace("''", "'").ToLowerInvariant()
                            : "*");
                        i = Math.Min(body.Length, close + 1);
                    }
                    else
                    {
                        isPath = false;
                    }
                }

                var text = path.ToString();
                var after = SkipSpaces(body, i);
                var isCall = after < body.Length && body[after] == '(';
                if (!isCall && text is not ("true" or "false" or "null") && !double.TryParse(text, out _))
                {
                    contexts.Add(text);
                }
            }
            else
            {
                i++;
            }
        }

        return contexts;
    }

    /// <summary>The offset of the <c>}}</c> that closes an expression (braces inside string literals ignored), or -1.</summary>
    private static int ClosingBraces(string text, int from)
    {
        for (var i = from; i < text.Length - 1; i++)
        {
            if (text[i] == '\'')
            {
                i = SkipString(text, i) - 1;
            }
            else if (text[i] == '}' && text[i + 1] == '}')
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The offset just past a single-quoted literal starting at <paramref name="start"/> ('' is a quote).</summary>
    private static int SkipString(string text, int start)
    {
        var i = start + 1;
        while (i < text.Length)
        {
            if (text[i] == '\'')
            {
                if (i + 1 < text.Length && text[i + 1] == '\'')
                {
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            i++;
        }

        return text.Length;
    }

    private static int ReadIdentifier(string text, int start, StringBuilder into)
    {
        var i = start;
        while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '-'))
        {
            into.Append(char.ToLowerInvariant(text[i]));
            i++;
        }

        return i;
    }

    private static int IndexClose(string text, int from)
    {
        for (var i = from; i < text.Length; i++)
        {
            if (text[i] == '\'')
            {
                i = SkipString(text, i) - 1;
            }
            else if (text[i] == ']')
            {
                return i;
            }
        }

        return text.Length;
    }

    private static int SkipSpaces(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }
}
