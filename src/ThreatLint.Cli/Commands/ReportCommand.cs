using ThreatLint.Catalog;
using ThreatLint.Cli.CSharp;
using ThreatLint.Discovery;
using ThreatLint.ThreatModel;

namespace ThreatLint.Cli.Commands;

/// <summary>
/// <c>threatlint report [PATH]</c>: scans like <c>scan</c> and writes the threat model (Markdown with a Mermaid data-flow
/// diagram, or an OWASP Threat Dragon model). <c>scan --format markdown|threat-dragon</c> runs the same code.
/// </summary>
internal sealed class ReportCommand : ICommand
{
    public static readonly OptionSpec Format = new("format", "FORMAT", 'f', ["markdown", "threat-dragon"]);

    public string Name => "report";

    public string Summary => "Write the threat model: data flow, STRIDE, ATLAS matrix, scorecard";

    public IReadOnlyList<OptionSpec> Options { get; } = [Format, ScanCommand.Output, ScanCommand.Config, ScanCommand.Baseline, ScanCommand.CSharp];

    public int MaxPositionals => 1;

    public string Help => """
        Usage: threatlint report [PATH] [options]

        Scans PATH (a directory; default: the current directory) and writes its threat model: the components
        found (endpoints, model servers, models and registries, pipelines, data, images, LLM clients, vector
        stores, CI, secrets), a Mermaid data-flow diagram with trust boundaries, STRIDE threats per component
        with attack vector and mitigation, the MITRE ATLAS matrix, OWASP LLM Top 10 coverage and a scorecard.

        Options:
          -f, --format FORMAT      markdown (default): renders on GitHub.
                                   threat-dragon: an OWASP Threat Dragon v2 model (JSON) to open and refine there.
          -o, --output FILE        Write to FILE (its folder is created) instead of standard output; '-' is
                                   standard output.
          --config FILE            Configuration (default: .threatlint.yml found upward from PATH): its
                                   suppressions and rule settings shape the threats, as for scan.
          --baseline FILE          Accepted findings: they are not listed as threats.
          --csharp on|off          Run the C# analyzers on the repository's .cs files (default on): their
                                   findings (endpoints, prompts, retrieval, keys) land on the projects.
          -h, --help               Show this help.

        Exit codes: 0 report written, 2 usage error. 'scan --format markdown --fail-on high' writes the same
        report and gates like scan.

        Examples:
          threatlint report
          threatlint report . --output docs/threat-model.md
          threatlint report deploy --format threat-dragon --output threat-model.json

        """.ReplaceLineEndings("\n");

    public int Execute(ParsedArguments arguments, CliConsole console) =>
        Run(arguments.Value(Format) ?? "markdown", arguments, console, Name);

    /// <summary>
    /// Scans, models and writes the report. Called by <c>scan</c> too, whose <c>--config</c>, <c>--baseline</c> and
    /// <c>--fail-on</c> then apply as they do to its other formats (the configuration's suppressions and gate).
    /// </summary>
    public static int Run(string format, ParsedArguments arguments, CliConsole console, string command)
    {
        var root = ScanCommand.ResolveRoot(command, arguments.Positionals.Count > 0 ? arguments.Positionals[0] : ".");
        var output = arguments.Value(ScanCommand.Output) is { } file and not "-" ? Path.GetFullPath(file) : null;
        var options = ScanCommand.CreateOptions(command, root, arguments.Value(ScanCommand.Config), arguments.Value(ScanCommand.Baseline));
        var threshold = command == "scan" ? options.Config.FailOn : null;
        if (command == "scan" && arguments.Value(ScanCommand.FailOn) is { } failOn)
        {
            SeverityText.TryParseThreshold(failOn, out threshold);
        }

        if (console.ShowProgress)
        {
            console.Error.WriteLine("threatlint: modelling " + root + " ...");
        }

        // C# goes through the same analyzers as scan's: their TL5xxx findings land on the projects' components.
        var csharp = arguments.Value(ScanCommand.CSharp) != "off";
        var projects = new List<string>();
        var sources = csharp ? new List<DiscoveredFile>() : null;
        var files = FileDiscovery.Discover(options, projects, sources);
        if (sources is { Count: > 0 })
        {
            options = options with { External = cancellationToken => CSharpSources.Analyze(root, sources, cancellationToken) };
        }

        var result = Scanner.Scan(options with { KeepDocumentsForThreatModel = true }, files);
        var model = SystemModelBuilder.Build(result, files, projects, csharpAnalyzed: csharp);
        var report = format == "threat-dragon" ? ThreatDragonExport.Write(model, ToolVersion.Current) : MarkdownReport.Write(model, ToolVersion.Current);
        if (output is null)
        {
            console.Out.Write(report);
        }
        else
        {
            ScanCommand.WriteReport(command, output, report, "--output " + output);
            if (console.ShowProgress)
            {
                console.Error.WriteLine("threatlint: threat model written to " + output);
            }
        }

        if (command == "scan" && ScanCommand.HasSettingsProblems(result, options))
        {
            console.Error.WriteLine("threatlint: error: the configuration or baseline is invalid (TL9003 in the report); fix it, the scan used what it could read");
            return ExitCodes.UsageError;
        }

        return result.AtOrAbove(threshold).Any() ? ExitCodes.FindingsAtThreshold : ExitCodes.Success;
    }
}
