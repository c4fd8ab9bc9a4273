using System.Text;
using ThreatLint.Findings;
using ThreatLint.Reporting;

namespace ThreatLint.Policy;

/// <summary>
/// <c>threatlint.baseline.json</c>: findings a team has accepted. Each entry has the rule id and path for humans and
/// the line-independent fingerprint for matching, so entries survive moved lines and reformatting. Matched findings
/// are reported as messages and never fail a gate; entries that match nothing in the files scanned are TL9004.
/// </summary>
public sealed class Baseline
{
    public const string DefaultFileName = "threatlint.baseline.json";

    private Baseline(string filePath, IReadOnlyList<BaselineEntry> entries, string? error, int errorLine)
    {
        FilePath = filePath;
        Entries = entries;
        Error = error;
        ErrorLine = errorLine;
    }

    /// <summary>Full path of the file.</summary>
    public string FilePath { get; }

    internal IReadOnlyList<BaselineEntry> Entries { get; }

    /// <summary>Why the file could not be read (TL9003), or null.</summary>
    public string? Error { get; }

    public int ErrorLine { get; }

    public int Count => Entries.Count;

    /// <summary>The fingerprints of the entries.</summary>
    public IReadOnlyCollection<string> EntryFingerprints => [.. Entries.Select(e => e.Fingerprint)];

    /// <summary>Reads a baseline; a missing, unreadable or malformed file gives an empty baseline with <see cref="Error"/>.</summary>
    public static Baseline Load(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            if (!File.Exists(full))
            {
                return new Baseline(full, [], "the baseline file does not exist; write it with 'threatlint baseline' (or the ThreatLintWriteBaseline target)", 1);
            }

            var info = new FileInfo(full);
            if (info.Length > BaselineFormat.MaxChars)
            {
                return new Baseline(full, [], "the baseline file is too large", 1);
            }

            return Parse(TextFiles.Decode(File.ReadAllBytes(full)), full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new Baseline(full, [], "cannot read the baseline: " + e.Message, 1);
        }
    }

    public static Baseline Parse(string text, string filePath)
    {
        var entries = BaselineFormat.Parse(text, out var error, out var line);
        return new Baseline(Path.GetFullPath(filePath), entries, error is null ? null : "malformed baseline: " + error, line);
    }

    /// <summary>
    /// The baseline text for <paramref name="findings"/>: every finding that is not suppressed by a comment,
    /// annotation or configuration (baselined ones stay, with their justification), except configuration problems
    /// and unused suppressions, which are to be fixed rather than accepted. Sorted by path, rule and fingerprint so the
    /// file diffs well.
    /// </summary>
    public static string Write(IEnumerable<Finding> findings, string toolVersion) =>
        WriteEntries(findings.Where(IsBaselinable).Select(ToEntry), toolVersion);

    /// <summary>
    /// A baseline that replaces the entries of the paths one host covers and keeps the others: in a solution, each
    /// project writes the findings of its own files (and its C# files) into the shared file.
    /// </summary>
    /// <param name="existing">The current baseline, or null.</param>
    /// <param name="covers">True for a relative path this host's findings replace.</param>
    /// <param name="findings">This host's findings (task and analyzer alike).</param>
    /// <param name="toolVersion">Written into the file.</param>
    public static string Merge(Baseline? existing, Func<string, bool> covers, IEnumerable<Finding> findings, string toolVersion)
    {
        var justifications = new Dictionary<string, string>(StringComparer.Ordinal);
        var kept = new List<BaselineEntry>();
        foreach (var entry in existing?.Entries ?? [])
        {
            if (entry.Justification.Length > 0)
            {
                justifications[entry.Fingerprint] = entry.Justification;
            }

            if (!covers(entry.Path))
            {
                kept.Add(entry);
            }
        }

        var fresh = findings.Where(IsBaselinable).Select(f =>
            justifications.TryGetValue(f.Fingerprint, out var justification) && f.Suppression is null
                ? ToEntry(f with { Suppression = new Suppression(SuppressionKind.Baseline, justification) })
                : ToEntry(f));
        return WriteEntries(kept.Concat(fresh), toolVersion);
    }

    private static BaselineEntry ToEntry(Finding finding) =>
        new(finding.RuleId, finding.Path, finding.Fingerprint, finding.Suppression?.Justification ?? string.Empty, 0, finding.Message);

    private static string WriteEntries(IEnumerable<BaselineEntry> entries, string toolVersion)
    {
        var sb = new StringBuilder();
        var json = new JsonWriter(sb);
        json.StartObject()
            .Property("version", BaselineFormat.Version)
            .StartObject("tool").Property("name", "ThreatLint").Property("version", toolVersion).EndObject()
            .StartArray("entries");
        var sorted = entries
            .GroupBy(e => e.Fingerprint, StringComparer.Ordinal)
            .Select(g => g.First())
            .OrderBy(e => e.Path, StringComparer.Ordinal)
            .ThenBy(e => e.RuleId, StringComparer.Ordinal)
            .ThenBy(e => e.Fingerprint, StringComparer.Ordinal);
        foreach (var entry in sorted)
        {
            json.StartObject()
                .Property("ruleId", entry.RuleId)
                .Property("path", entry.Path)
                .Property("fingerprint", entry.Fingerprint)
                .Property("message", entry.Message);
            if (entry.Justification.Length > 0)
            {
                json.Property("justification", entry.Justification);
            }

            json.EndObject();
        }

        json.EndArray().EndObject();
        return sb.ToString();
    }

    /// <summary>Whether <see cref="Write"/> puts the finding in a baseline.</summary>
    public static bool IsBaselinable(Finding finding) =>
        finding.Suppression is null or { Kind: SuppressionKind.Baseline }
        && finding.RuleId != Catalog.Rules.ConfigInvalid.Id
        && finding.RuleId != Catalog.Rules.SuppressionUnused.Id;
}
