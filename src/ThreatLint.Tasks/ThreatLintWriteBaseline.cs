using System.Reflection;
using Microsoft.Build.Framework;
using ThreatLint.Discovery;
using ThreatLint.Findings;
using ThreatLint.Policy;
using ThreatLint.Reporting;
using Task = Microsoft.Build.Utilities.Task;

namespace ThreatLint.Tasks;

/// <summary>
/// <c>-p:ThreatLintWriteBaseline=true</c>: accepts this project's current findings — the task's (from the findings
/// cache of this build) and the analyzer's (from the compiler's error log) — into the baseline file. Entries of files
/// this project does not report (another project's, in a solution) are kept, so every project of a solution can
/// write into one shared file; writers take turns on an exclusive lock.
/// </summary>
public sealed class ThreatLintWriteBaseline : Task
{
    [Required]
    public string Root { get; set; } = string.Empty;

    [Required]
    public string ProjectFile { get; set; } = string.Empty;

    /// <summary>The findings cache the scan wrote in this build; empty in an inner build that does not scan.</summary>
    public string? CacheFile { get; set; }

    /// <summary>The resolved baseline; empty means <c>threatlint.baseline.json</c> in the root.</summary>
    public string? BaselineFile { get; set; }

    public string? ConfigFile { get; set; }

    /// <summary>The compiler's SARIF 2.1 error log, with the analyzer's findings.</summary>
    public string? ErrorLog { get; set; }

    /// <summary>The project's C# files (full paths): their entries are replaced by the analyzer's findings.</summary>
    public ITaskItem[]? CompileFiles { get; set; }

    public string? SolutionConfigurationContents { get; set; }

    public string[]? ProjectReferences { get; set; }

    [Output]
    public string WrittenFile { get; private set; } = string.Empty;

    public override bool Execute()
    {
        var path = string.IsNullOrWhiteSpace(BaselineFile) ? Path.Combine(Root, Baseline.DefaultFileName) : Path.GetFullPath(BaselineFile);
        var covered = new HashSet<string>(StringComparer.Ordinal);
        var findings = new List<Finding>();

        if (!string.IsNullOrWhiteSpace(CacheFile) && File.Exists(CacheFile))
        {
            var options = ScanOptions.Create(Root, string.IsNullOrWhiteSpace(ConfigFile) ? null : ConfigFile, null);
            var projects = new List<string>();
            var discovered = FileDiscovery.Discover(options, projects);
            var ownership = ProjectOwnership.Create(Root, ProjectFile, SolutionConfigurationContents, ProjectReferences, projects);
            covered.UnionWith(discovered.Select(f => f.RelativePath).Where(ownership.Owns));
            findings.AddRange(FindingsCache.Read(File.ReadAllText(CacheFile)));
        }

        foreach (var item in CompileFiles ?? [])
        {
            covered.Add(PathUtility.GetRelativePath(Root, item.GetMetadata("FullPath")).Replace('\\', '/'));
        }

        using var gate = Lock(path + ".lock");
        var existing = File.Exists(path) ? Baseline.Load(path) : null;
        if (existing?.Error is { } error)
        {
            Log.LogError(null, "TL9003", null, Catalog.Rules.ConfigInvalid.HelpUri, path, existing.ErrorLine, 0, 0, 0, "{0}; fix or delete the file, then write the baseline again.", error);
            return false;
        }

        if (!string.IsNullOrWhiteSpace(ErrorLog) && File.Exists(ErrorLog))
        {
            var baselined = new HashSet<string>(existing?.EntryFingerprints ?? [], StringComparer.Ordinal);
            findings.AddRange(CompilerErrorLog.ReadAnalyzerFindings(ErrorLog!, Root, baselined));
        }

        // The cache's fingerprints are disambiguated already; the analyzer's repeats within a file get their /n here.
        var sorted = Fingerprints.Disambiguate([.. findings
            .OrderBy(f => f.Path, StringComparer.Ordinal).ThenBy(f => f.Span.Line).ThenBy(f => f.Span.Column).ThenBy(f => f.RuleId, StringComparer.Ordinal)]);
        File.WriteAllText(path, Baseline.Merge(existing, covered.Contains, sorted, Version()));
        WrittenFile = path;
        Log.LogMessage(MessageImportance.High, "ThreatLint: baseline of {0} findings written to {1}", sorted.Count(Baseline.IsBaselinable), path);
        return true;
    }

    private static string Version() =>
        typeof(ThreatLintWriteBaseline).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0] ?? "0.0.0";

    /// <summary>An exclusive lock file, so parallel project builds (-m) write one after the other.</summary>
    private static FileStream Lock(string lockPath)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (attempt < 600)
            {
                Thread.Sleep(100);
            }
        }
    }
}
