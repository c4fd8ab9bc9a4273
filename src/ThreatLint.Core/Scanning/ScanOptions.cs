namespace ThreatLint;

/// <summary>What to scan and how. Immutable; hosts build one from their own inputs.</summary>
public sealed record ScanOptions(string Root)
{
    /// <summary>Globs (relative to the root) a file must match to be scanned; empty means every file.</summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary>Globs (relative to the root) of files never scanned.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    public bool RespectGitIgnore { get; init; } = true;

    /// <summary>Text documents (Dockerfiles, YAML, configs) larger than this are skipped with TL9002.</summary>
    public long MaxTextFileBytes { get; init; } = 4L * 1024 * 1024;

    /// <summary>Files scanned at once; defaults to the number of processors.</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Keeps only the files for which this returns true (relative path); the MSBuild host uses it to
    /// report each file from exactly one project.</summary>
    public Func<string, bool>? FileFilter { get; init; }
}
