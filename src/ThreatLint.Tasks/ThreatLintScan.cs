using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Build.Framework;
using ThreatLint.Discovery;
using ThreatLint.Reporting;
using Task = Microsoft.Build.Utilities.Task;

namespace ThreatLint.Tasks;

/// <summary>
/// Scans the repository and writes the findings cache. Incremental: the cache records a key made of the
/// settings and of every owned file's path, size and time; when the key is unchanged nothing is parsed.
/// Logs nothing above low importance: <see cref="ThreatLintReport"/> reports, every build.
/// </summary>
public sealed class ThreatLintScan : Task
{
    /// <summary>Folder to scan; empty means the repository root (nearest folder above the project with .git).</summary>
    public string? Root { get; set; }

    [Required]
    public string ProjectFile { get; set; } = string.Empty;

    /// <summary><c>$(CurrentSolutionConfigurationContents)</c>: which other projects share the repository.</summary>
    public string? SolutionConfigurationContents { get; set; }

    /// <summary>The project's <c>ProjectReference</c>s (full paths): which ThreatLint projects build alongside outside a solution.</summary>
    public string[]? ProjectReferences { get; set; }

    [Required]
    public string CacheFile { get; set; } = string.Empty;

    /// <summary>The configuration file <see cref="ThreatLintResolve"/> found (full path), or empty.</summary>
    public string? ConfigFile { get; set; }

    /// <summary>The baseline file <see cref="ThreatLintResolve"/> resolved (full path), or empty.</summary>
    public string? BaselineFile { get; set; }

    /// <summary>The root the scan used (for the report task and for users' logs).</summary>
    [Output]
    public string ResolvedRoot { get; private set; } = string.Empty;

    public override bool Execute()
    {
        var projectDirectory = Path.GetDirectoryName(Path.GetFullPath(ProjectFile))!;
        ResolvedRoot = string.IsNullOrWhiteSpace(Root) ? RepositoryRoot.Find(projectDirectory) : Path.GetFullPath(Root);
        if (!Directory.Exists(ResolvedRoot))
        {
            Log.LogError(null, "TL9003", null, ProjectFile, 0, 0, 0, 0, "ThreatLintRoot '{0}' does not exist; set it to the folder to scan.", ResolvedRoot);
            return false;
        }

        // An empty ConfigFile means none was found: do not search again (ScanOptions.Create would).
        var options = string.IsNullOrWhiteSpace(ConfigFile)
            ? new ScanOptions(ResolvedRoot) { Baseline = string.IsNullOrWhiteSpace(BaselineFile) ? null : Policy.Baseline.Load(BaselineFile!) }
            : ScanOptions.Create(ResolvedRoot, ConfigFile, BaselineFile);
        var projects = new List<string>();
        var discovered = FileDiscovery.Discover(options, projects);
        var ownership = ProjectOwnership.Create(ResolvedRoot, ProjectFile, SolutionConfigurationContents, ProjectReferences, projects);
        options = options with { FileFilter = ownership.Owns };
        Log.LogMessage(MessageImportance.Low, "ThreatLint: root={0} ownership={1} cache={2}", ResolvedRoot, ownership.Describe(), CacheFile);

        var key = InputsKey(options, discovered, ownership);
        if (File.Exists(CacheFile) && FindingsCache.ReadKey(File.ReadAllText(CacheFile)) == key)
        {
            Log.LogMessage(MessageImportance.Low, "ThreatLint: inputs unchanged, findings cache is up to date.");
            return true;
        }

        var result = Scanner.Scan(options, discovered);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(CacheFile))!);
        File.WriteAllText(CacheFile, FindingsCache.Write(key, result.Findings));
        Log.LogMessage(
            MessageImportance.Low,
            "ThreatLint: scanned {0} of {1} files in {2} ms, {3} findings.",
            result.Stats.FilesScanned,
            result.Stats.FilesDiscovered,
            (long)result.Stats.Duration.TotalMilliseconds,
            result.Findings.Count);
        return !Log.HasLoggedErrors;
    }

    private static string InputsKey(ScanOptions options, IReadOnlyList<DiscoveredFile> files, ProjectOwnership ownership)
    {
        var sb = new StringBuilder()
            .Append(typeof(Scanner).Assembly.ManifestModule.ModuleVersionId).Append('\n')
            .Append(options.Root).Append('\n')
            .Append(ownership.Describe()).Append('\n')
            .Append(Stamp(options.Config.FilePath)).Append('\n')
            .Append(Stamp(options.Baseline?.FilePath)).Append('\n');
        foreach (var file in files.Where(f => ownership.Owns(f.RelativePath)))
        {
            sb.Append(file.RelativePath).Append('\t')
                .Append(file.Length.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(file.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        using var sha = SHA256.Create();
        return BitConverter.ToString(sha.ComputeHash(Encoding.UTF8.GetBytes(sb.ToString()))).Replace("-", string.Empty);
    }

    /// <summary>A settings file's path and content hash (content: a checkout may keep the time, an edit may keep the size).</summary>
    private static string Stamp(string? file)
    {
        if (file is null || !File.Exists(file))
        {
            return "none:" + file;
        }

        try
        {
            using var sha = SHA256.Create();
            using var stream = File.OpenRead(file);
            return file + ":" + BitConverter.ToString(sha.ComputeHash(stream)).Replace("-", string.Empty);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "unreadable:" + file;
        }
    }
}
