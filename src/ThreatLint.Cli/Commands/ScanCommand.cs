using ThreatLint.Catalog;
using ThreatLint.Reporting;

namespace ThreatLint.Cli.Commands;

/// <summary><c>threatlint scan [PATH]</c>: runs the engine over a directory and reports the findings.</summary>
internal sealed class ScanCommand : ICommand
{
    public static readonly OptionSpec Format = new("format", "FORMAT", 'f', ["text", "json", "sarif", "markdown", "threat-dragon"]);
    public static readonly OptionSpec Output = new("output", "FILE", 'o');
    public static readonly OptionSpec FailOn = new("fail-on", "SEVERITY", null, ["critical", "high", "medium", "low", "none"]);
    public static readonly OptionSpec Config = new("config", "FILE");
    public static readonly OptionSpec Baseline = new("baseline", "FILE");

    public string Name => "scan";

    public string Summary => "Scan a directory (default: the current one) and report findings";

    public IReadOnlyList<OptionSpec> Options { get; } = [Format, Output, FailOn, Config, Baseline];

    public int MaxPositionals => 1;

    public string Help => """
        Usage: threatlint scan [PATH] [options]

        Scans PATH (a directory; default: the current directory) for AI/ML threat indicators.
        .gitignore files are honoured; bin/, obj/, .git/ and node_modules/ are never entered.

        Options:
          -f, --format FORMAT      text (default), json, markdown or threat-dragon.
                                   text: one line per finding, path(line,col): warning TLxxxx: message [ATLAS ...],
                                   then a summary. json: the versioned schema of docs/json-schema.md.
                                   markdown, threat-dragon: the threat model (see 'threatlint report --help').
          -o, --output FILE        Write the report to FILE (its folder is created) instead of standard
                                   output; '-' is standard output.
          --fail-on SEVERITY       critical, high, medium, low or none (default). Findings at or above it are
                                   printed as errors and make the exit code 1.
          --config FILE            Not available yet (docs/cli.md, section "Planned").
          --baseline FILE          Not available yet.
          -h, --help               Show this help.
        Format sarif is planned and answers exit code 2 for now.

        Exit codes: 0 no finding at or above --fail-on, 1 at least one, 2 usage or configuration error.

        Examples:
          threatlint scan
          threatlint scan services/inference --fail-on high
          threatlint scan . --format json --output threatlint.json

        """.ReplaceLineEndings("\n");

    public int Execute(ParsedArguments arguments, CliConsole console)
    {
        var format = arguments.Value(Format) ?? "text";
        if (format is "markdown" or "threat-dragon")
        {
            SeverityText.TryParseThreshold(arguments.Value(FailOn), out var gate);
            return ReportCommand.Run(format, arguments, console, Name, gate);
        }

        if (format is not ("text" or "json"))
        {
            throw Planned.NotAvailable("--format " + format, Name);
        }

        if (arguments.Value(Config) is not null)
        {
            throw Planned.NotAvailable(Config.Display, Name);
        }

        if (arguments.Value(Baseline) is not null)
        {
            throw Planned.NotAvailable(Baseline.Display, Name);
        }

        SeverityText.TryParseThreshold(arguments.Value(FailOn), out var threshold);
        var root = ResolveRoot(arguments.Positionals.Count > 0 ? arguments.Positionals[0] : ".", Name);
        var output = arguments.Value(Output) is { } file and not "-" ? Path.GetFullPath(file) : null;

        if (console.ShowProgress)
        {
            console.Error.WriteLine("threatlint: scanning " + root + " ...");
        }

        var result = Scanner.Scan(new ScanOptions(root));
        var report = format == "json" ? JsonReport.Write(result, ToolVersion.Current) : ScanText.Write(result, threshold);
        if (output is null)
        {
            console.Out.Write(report);
        }
        else
        {
            WriteReport(output, report, Name);
            if (console.ShowProgress)
            {
                console.Error.WriteLine("threatlint: " + ScanText.Summary(result) + "; report written to " + output);
            }
        }

        return result.AtOrAbove(threshold).Any() ? ExitCodes.FindingsAtThreshold : ExitCodes.Success;
    }

    internal static string ResolveRoot(string path, string command)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            return full;
        }

        throw new UsageException(
            File.Exists(full)
                ? $"PATH must be a directory, but '{path}' is a file; scan the folder that holds it"
                : $"PATH '{path}' does not exist (resolved to {full})",
            command);
    }

    internal static void WriteReport(string output, string report, string command)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(output)!);
            File.WriteAllText(output, report);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write --output {output}: {e.Message}", command);
        }
    }
}
