using System.Reflection;
using Microsoft.Build.Framework;
using ThreatLint.Discovery;
using ThreatLint.ThreatModel;
using Task = Microsoft.Build.Utilities.Task;

namespace ThreatLint.Tasks;

/// <summary>
/// Writes the repository's threat model (Markdown) to <c>ThreatLintReportFile</c>. It models the whole root, not only
/// the files this project owns: the model describes the system. C# code is the compiler's (the analyzer), so the
/// task-side model has the components project files show but not the TL5xxx findings; the scorecard says so.
/// </summary>
public sealed class ThreatLintThreatModel : Task
{
    [Required]
    public string Root { get; set; } = string.Empty;

    [Required]
    public string ReportFile { get; set; } = string.Empty;

    public string? ProjectFile { get; set; }

    public override bool Execute()
    {
        try
        {
            var options = new ScanOptions(Root) { KeepDocumentsForThreatModel = true };
            var projects = new List<string>();
            var files = FileDiscovery.Discover(options, projects);
            var model = SystemModelBuilder.Build(Scanner.Scan(options, files), files, projects);
            var path = Path.GetFullPath(ReportFile);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, MarkdownReport.Write(model, Version()));
            Log.LogMessage(MessageImportance.Normal, "ThreatLint: threat model ({0} components, {1} threats) written to {2}", model.Components.Count, model.Threats.Count, path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.LogWarning(null, "TL9001", null, ProjectFile, 0, 0, 0, 0, "ThreatLintReportFile '{0}' could not be written: {1}", ReportFile, e.Message);
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The report is documentation: failing to draft it must never fail the build.
            Log.LogWarning(null, "TL9001", null, ProjectFile, 0, 0, 0, 0, "The threat model for ThreatLintReportFile '{0}' could not be built ({1}: {2})", ReportFile, e.GetType().Name, e.Message);
            return true;
        }
    }

    private static string Version()
    {
        var informational = typeof(Scanner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+');
        return plus < 0 ? informational : informational.Substring(0, plus);
    }
}
