using ThreatLint.Catalog;
using ThreatLint.Findings;
using ThreatLint.Rules;

namespace ThreatLint;

/// <summary>The outcome of a scan: findings sorted by path, line, column and rule id.</summary>
public sealed record ScanResult(string Root, IReadOnlyList<Finding> Findings, ScanStats Stats)
{
    /// <summary>The parsed text documents of the scan (for the repository rules and, with
    /// <see cref="ScanOptions.KeepDocumentsForThreatModel"/>, for reports that describe the whole system).</summary>
    public Repository Repository { get; init; } = new([]);

    /// <summary>The findings that fail a gate at <paramref name="threshold"/> (null: no gate).</summary>
    public IEnumerable<Finding> AtOrAbove(Severity? threshold) =>
        threshold is { } t ? Findings.Where(f => !f.Suppressed && f.Severity >= t) : [];
}

/// <summary>Counts for summaries and JSON <c>stats</c>.</summary>
public sealed record ScanStats(int FilesDiscovered, int FilesScanned, TimeSpan Duration);
