using ThreatLint.Findings;

namespace ThreatLint.Policy;

/// <summary>One <c>threatlint-ignore</c> directive found in a file.</summary>
/// <param name="Kind"><see cref="SuppressionKind.Inline"/>, <see cref="SuppressionKind.File"/> or <see cref="SuppressionKind.Annotation"/>.</param>
/// <param name="Line">Where the directive is (1-based).</param>
/// <param name="Column">Where the directive starts (1-based).</param>
/// <param name="Length">Length of the directive text, for the TL9004 span.</param>
/// <param name="RuleIds">The rules it names (catalog ids).</param>
/// <param name="Justification">The reason written after the colon.</param>
/// <param name="FirstLine">First line it covers.</param>
/// <param name="LastLine">Last line it covers (inclusive).</param>
public sealed record SuppressionDirective(
    SuppressionKind Kind,
    int Line,
    int Column,
    int Length,
    IReadOnlyList<string> RuleIds,
    string Justification,
    int FirstLine,
    int LastLine)
{
    /// <summary>True when the directive covers a finding of <paramref name="ruleId"/> that starts at <paramref name="line"/>.</summary>
    public bool Covers(string ruleId, int line) =>
        line >= FirstLine && line <= LastLine && RuleIds.Contains(ruleId, StringComparer.Ordinal);
}

/// <summary>A malformed directive (TL9003): where, and what is wrong.</summary>
public sealed record DirectiveProblem(int Line, int Column, int Length, string Message);

/// <summary>
/// Reads <c># threatlint-ignore TL4001, TL4002: reason</c> and <c># threatlint-ignore-file TL1004: reason</c> from the
/// text lines of any text document, whatever its parser: a directive is the word after a <c>#</c> (or <c>!</c>, the
/// other comment mark of .properties files) that starts a comment. On its own line it covers the next line that is
/// not itself a directive; after code it covers its own line. In a notebook the directive sits in a code cell's
/// source string, which is one line of the .ipynb, so the same reading works.
/// </summary>
public static class SuppressionComments
{
    public const string LineDirective = "threatlint-ignore";
    public const string FileDirective = "threatlint-ignore-file";

    /// <summary>The directives of a text and the malformed ones.</summary>
    public static (IReadOnlyList<SuppressionDirective> Directives, IReadOnlyList<DirectiveProblem> Problems) Read(string text)
    {
        var directives = new List<SuppressionDirective>();
        var problems = new List<DirectiveProblem>();
        if (text.IndexOf(LineDirective, StringComparison.Ordinal) < 0)
        {
            return (directives, problems);
        }

        var lines = text.Split('\n');
        var pendingWholeLine = new List<(int Index, SuppressionDirective Directive)>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            var parsed = Parse(line, i + 1, problems);
            if (parsed is null)
            {
                // The first line after a run of own-line directives is what they cover.
                foreach (var (index, directive) in pendingWholeLine)
                {
                    directives[index] = directive with { LastLine = i + 1 };
                }

                pendingWholeLine.Clear();
                continue;
            }

            var (found, ownLine) = parsed.Value;
            if (found.Kind == SuppressionKind.File)
            {
                directives.Add(found with { FirstLine = 1, LastLine = int.MaxValue });
                continue;
            }

            directives.Add(found);
            if (ownLine)
            {
                pendingWholeLine.Add((directives.Count - 1, found));
                continue;
            }

            // Code with a trailing directive is also the line that own-line directives above it cover.
            foreach (var (index, directive) in pendingWholeLine)
            {
                directives[index] = directive with { LastLine = i + 1 };
            }

            pendingWholeLine.Clear();
        }

        return (directives, problems);
    }

    private static (SuppressionDirective Directive, bool OwnLine)? Parse(string line, int lineNumber, List<DirectiveProblem> problems)
    {
        var at = line.IndexOf(LineDirective, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var before = line.Substring(0, at).TrimEnd();
        if (before.Length == 0 || before[before.Length - 1] is not ('#' or '!'))
        {
            return null;
        }

        var isFile = string.CompareOrdinal(line, at, FileDirective, 0, FileDirective.Length) == 0;
        var end = at + (isFile ? FileDirective.Length : LineDirective.Length);
        if (end < line.Length && !char.IsWhiteSpace(line[end]) && line[end] != ':')
        {
            return null; // threatlint-ignored, threatlint-ignore-something: not ours
        }

        // A notebook's source line is a JSON string: "    # threatlint-ignore TL1010: reason\n",
        var markerLine = before.Substring(0, before.Length - 1).Trim();
        var jsonString = markerLine.StartsWith("\"", StringComparison.Ordinal);
        var ownLine = markerLine.Length == 0 || markerLine == "\"";
        var rest = line.Substring(end);
        if (jsonString)
        {
            rest = StripJsonTail(rest);
        }

        var colon = rest.IndexOf(':');
        var idsText = colon < 0 ? rest : rest.Substring(0, colon);
        var justification = colon < 0 ? string.Empty : rest.Substring(colon + 1).Trim();
        var column = before.Length; // the '#', 1-based: index + 1 - 1
        var length = line.Length - column + 1;
        var ids = new List<string>();
        foreach (var word in idsText.Split([',', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (Catalog.Rules.Find(word) is { } rule)
            {
                ids.Add(rule.Id);
            }
            else
            {
                problems.Add(new DirectiveProblem(lineNumber, column, length, $"unknown rule '{word}' in '{(isFile ? FileDirective : LineDirective)}'; write a rule id such as TL4001 or a slug, then ': reason'"));
            }
        }

        if (ids.Count == 0)
        {
            if (idsText.Trim().Length == 0)
            {
                problems.Add(new DirectiveProblem(lineNumber, column, length, $"'{(isFile ? FileDirective : LineDirective)}' names no rule; write '# {(isFile ? FileDirective : LineDirective)} TL4001: reason'"));
            }

            return null;
        }

        var directive = new SuppressionDirective(
            isFile ? SuppressionKind.File : SuppressionKind.Inline,
            lineNumber,
            column,
            length,
            ids,
            justification,
            lineNumber,
            lineNumber);
        return (directive, ownLine);
    }

    private static string StripJsonTail(string rest)
    {
        var trimmed = rest.TrimEnd();
        if (trimmed.EndsWith(",", StringComparison.Ordinal))
        {
            trimmed = trimmed.Substring(0, trimmed.Length - 1).TrimEnd();
        }

        if (trimmed.EndsWith("\"", StringComparison.Ordinal))
        {
            trimmed = trimmed.Substring(0, trimmed.Length - 1);
        }

        return trimmed.EndsWith("\\n", StringComparison.Ordinal) ? trimmed.Substring(0, trimmed.Length - 2) : trimmed;
    }
}
