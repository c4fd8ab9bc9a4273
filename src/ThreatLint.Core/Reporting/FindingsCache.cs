using System.Globalization;
using System.Text;
using ThreatLint.Catalog;
using ThreatLint.Findings;

namespace ThreatLint.Reporting;

/// <summary>
/// The findings file the MSBuild scan target writes to obj/ and the report target re-reads every build:
/// a header with the inputs key, then one tab-separated finding per line.
/// </summary>
public static class FindingsCache
{
    private const string Header = "threatlint-findings 2 ";

    public static string Write(string inputsKey, IReadOnlyList<Finding> findings)
    {
        var sb = new StringBuilder(Header).Append(inputsKey).Append('\n');
        foreach (var f in findings)
        {
            sb.Append(string.Join(
                "\t",
                f.RuleId,
                f.Severity.ToText(),
                f.Confidence.ToText(),
                Escape(f.Path),
                f.Span.Line.ToString(CultureInfo.InvariantCulture),
                f.Span.Column.ToString(CultureInfo.InvariantCulture),
                f.Span.EndLine.ToString(CultureInfo.InvariantCulture),
                f.Span.EndColumn.ToString(CultureInfo.InvariantCulture),
                f.Fingerprint,
                f.Suppression?.KindText ?? string.Empty,
                Escape(f.Suppression?.Justification ?? string.Empty),
                Escape(f.Message))).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>The inputs key a cache was written for, or null when the text is not a cache.</summary>
    public static string? ReadKey(string text)
    {
        var end = text.IndexOf('\n');
        var first = end < 0 ? text : text.Substring(0, end);
        return first.StartsWith(Header, StringComparison.Ordinal) ? first.Substring(Header.Length) : null;
    }

    /// <summary>Reads the findings back; lines that do not parse (a cache from another version) are skipped.</summary>
    public static IReadOnlyList<Finding> Read(string text)
    {
        var findings = new List<Finding>();
        foreach (var line in text.Split('\n').Skip(1))
        {
            var parts = line.Split('\t');
            if (parts.Length != 12
                || Catalog.Rules.Find(parts[0]) is not { } rule
                || !SeverityText.TryParse(parts[1], out var severity)
                || !TryParseConfidence(parts[2], out var confidence)
                || !TryInts(parts, 4, out var line1, out var col, out var endLine, out var endCol))
            {
                continue;
            }

            findings.Add(new Finding(rule, severity, confidence, Unescape(parts[3]), new SourceSpan(line1, col, endLine, endCol), Unescape(parts[11]), parts[8])
            {
                Suppression = Suppression.ParseKind(parts[9]) is { } kind ? new Suppression(kind, Unescape(parts[10])) : null,
            });
        }

        return findings;
    }

    private static bool TryParseConfidence(string text, out Confidence confidence)
    {
        confidence = text switch { "high" => Confidence.High, "medium" => Confidence.Medium, _ => Confidence.Low };
        return text is "high" or "medium" or "low";
    }

    private static bool TryInts(string[] parts, int start, out int a, out int b, out int c, out int d)
    {
        b = c = d = 0;
        return int.TryParse(parts[start], NumberStyles.None, CultureInfo.InvariantCulture, out a)
            && int.TryParse(parts[start + 1], NumberStyles.None, CultureInfo.InvariantCulture, out b)
            && int.TryParse(parts[start + 2], NumberStyles.None, CultureInfo.InvariantCulture, out c)
            && int.TryParse(parts[start + 3], NumberStyles.None, CultureInfo.InvariantCulture, out d);
    }

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\").Replace("\t", "\\t").Replace("\n", "\\n").Replace("\r", "\\r");

    private static string Unescape(string value)
    {
        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                var next = value[++i];
                sb.Append(next switch { 't' => '\t', 'n' => '\n', 'r' => '\r', _ => next });
            }
            else
            {
                sb.Append(value[i]);
            }
        }

        return sb.ToString();
    }
}
