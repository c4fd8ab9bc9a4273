using Microsoft.Build.Framework;
using ThreatLint.Catalog;
using ThreatLint.Configuration;
using ThreatLint.Policy;
using Task = Microsoft.Build.Utilities.Task;

namespace ThreatLint.Tasks;

/// <summary>
/// Resolves the settings every build needs before the compiler runs: the scan root, the configuration file, the
/// baseline, the effective gate, and — because csc gates the analyzer's findings — the TL5xxx codes to treat as
/// errors or to silence. Runs in every non-design-time build, also in the inner builds that do not scan.
/// Reads only the configuration (small); it scans nothing.
/// </summary>
public sealed class ThreatLintResolve : Task
{
    /// <summary><c>$(ThreatLintRoot)</c>: folder to scan; empty means the repository root.</summary>
    public string? Root { get; set; }

    [Required]
    public string ProjectFile { get; set; } = string.Empty;

    /// <summary><c>$(ThreatLintConfig)</c>: empty means <c>.threatlint.yml</c> found upward from the root.</summary>
    public string? Config { get; set; }

    /// <summary><c>$(ThreatLintBaseline)</c>: empty means the configuration's <c>baseline</c>.</summary>
    public string? Baseline { get; set; }

    /// <summary><c>$(ThreatLintFailOn)</c>: empty means the configuration's <c>failOn</c>, else none.</summary>
    public string? FailOn { get; set; }

    [Output]
    public string ResolvedRoot { get; private set; } = string.Empty;

    [Output]
    public string ConfigFile { get; private set; } = string.Empty;

    [Output]
    public string BaselineFile { get; private set; } = string.Empty;

    /// <summary>The effective gate: critical, high, medium, low or none.</summary>
    [Output]
    public string EffectiveFailOn { get; private set; } = "none";

    [Output]
    public string AnalyzerWarningsAsErrors { get; private set; } = string.Empty;

    [Output]
    public string AnalyzerNoWarn { get; private set; } = string.Empty;

    public override bool Execute()
    {
        var projectDirectory = Path.GetDirectoryName(Path.GetFullPath(ProjectFile))!;
        ResolvedRoot = string.IsNullOrWhiteSpace(Root) ? RepositoryRoot.Find(projectDirectory) : Path.GetFullPath(Root);
        if (!Directory.Exists(ResolvedRoot))
        {
            Log.LogError(null, "TL9003", null, Catalog.Rules.ConfigInvalid.HelpUri, ProjectFile, 0, 0, 0, 0, "ThreatLintRoot '{0}' does not exist; set it to the folder to scan.", ResolvedRoot);
            return false;
        }

        string? configFile;
        if (string.IsNullOrWhiteSpace(Config))
        {
            configFile = ConfigLoader.Find(ResolvedRoot);
        }
        else
        {
            configFile = Path.GetFullPath(Path.Combine(projectDirectory, Config));
            if (!File.Exists(configFile))
            {
                Log.LogError(null, "TL9003", null, Catalog.Rules.ConfigInvalid.HelpUri, ProjectFile, 0, 0, 0, 0, "ThreatLintConfig '{0}' does not exist; point it at a .threatlint.yml or leave it empty to find one above the root.", configFile);
                return false;
            }
        }

        var config = configFile is null ? ThreatLintConfig.Empty : ConfigLoader.Load(configFile);
        ConfigFile = configFile ?? string.Empty;
        BaselineFile = string.IsNullOrWhiteSpace(Baseline)
            ? config.Baseline ?? string.Empty
            : Path.GetFullPath(Path.Combine(projectDirectory, Baseline));

        if (!Gates.TryResolveFailOn(FailOn, config, out var failOn))
        {
            Log.LogError(null, "TL9003", null, Catalog.Rules.ConfigInvalid.HelpUri, ProjectFile, 0, 0, 0, 0, "ThreatLintFailOn is '{0}'; use critical, high, medium, low or none.", FailOn);
            return false;
        }

        EffectiveFailOn = failOn?.ToText() ?? "none";
        AnalyzerWarningsAsErrors = string.Join(";", Gates.AnalyzerErrorCodes(config, failOn));
        AnalyzerNoWarn = string.Join(";", Gates.AnalyzerOffCodes(config));
        Log.LogMessage(
            MessageImportance.Low,
            "ThreatLint: root={0} config={1} baseline={2} failOn={3} analyzer errors={4} off={5}",
            ResolvedRoot,
            ConfigFile,
            BaselineFile,
            EffectiveFailOn,
            AnalyzerWarningsAsErrors,
            AnalyzerNoWarn);
        return true;
    }
}
