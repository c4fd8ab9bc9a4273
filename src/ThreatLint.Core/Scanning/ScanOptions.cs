using ThreatLint.Configuration;
using ThreatLint.Policy;

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

    /// <summary>Files to scan as a given kind besides those the classifier knows (configuration <c>files</c>); first match wins.</summary>
    public IReadOnlyList<FilePattern> ExtraFiles { get; init; } = [];

    /// <summary>The configuration (<c>.threatlint.yml</c>): severities, rule options, suppressions, file patterns.</summary>
    public ThreatLintConfig Config { get; init; } = ThreatLintConfig.Empty;

    /// <summary>Accepted findings, or null for none.</summary>
    public Baseline? Baseline { get; init; }

    /// <summary>
    /// Whether the parsed Dockerfiles and Python sources stay in <see cref="ScanResult.Repository"/> once their rules
    /// have run, for a threat model (<see cref="ThreatModel.SystemModelBuilder"/> reads them). Off for a plain scan:
    /// the repository rules do not read them, and keeping every parsed file alive to the end of the scan made it
    /// about 40% slower (bench/README.md, Dockerfile benchmark). YAML, properties and pbtxt documents are always kept.
    /// </summary>
    public bool KeepDocumentsForThreatModel { get; init; }

    /// <summary>
    /// Findings another analyzer produces for files the engine does not read (the CLI's C# analysis): called once per
    /// scan; its findings get the same configured severities, baseline and gate, and its paths count as scanned.
    /// </summary>
    public Func<CancellationToken, ExternalScan>? External { get; init; }

    /// <summary>
    /// Options for a scan of <paramref name="root"/> with its configuration: <paramref name="configPath"/>, else
    /// <c>.threatlint.yml</c> found upward from the root; the baseline from <paramref name="baselinePath"/>, else from
    /// the configuration. Problems in either are reported by the scan as TL9003, never thrown.
    /// </summary>
    public static ScanOptions Create(string root, string? configPath = null, string? baselinePath = null)
    {
        var full = Path.GetFullPath(root);
        var configFile = string.IsNullOrWhiteSpace(configPath) ? ConfigLoader.Find(full) : Path.GetFullPath(configPath);
        var config = configFile is null ? ThreatLintConfig.Empty : ConfigLoader.Load(configFile);
        var baselineFile = string.IsNullOrWhiteSpace(baselinePath) ? config.Baseline : Path.GetFullPath(baselinePath);
        return new ScanOptions(full)
        {
            Config = config,
            Include = config.Include,
            Exclude = config.Exclude,
            ExtraFiles = config.Files,
            Baseline = baselineFile is null ? null : Baseline.Load(baselineFile),
        };
    }
}
