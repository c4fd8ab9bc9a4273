using ThreatLint.Catalog;
using ThreatLint.Cli.CSharp;
using ThreatLint.Discovery;
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
    public static readonly OptionSpec CSharp = new("csharp", "on|off", null, ["on", "off"]);

    public string Name => "scan";

    public string Summary => "Scan a directory (default: the current one) and report findings";

    public IReadOnlyList<OptionSpec> Options { get; } = [Format, Output, FailOn, Config, Baseline, CSharp];

    public int MaxPositionals => 1;

    public string Help => """
        Usage: threatlint scan [PATH] [options]

        Scans PATH (a directory; default: the current directory) for AI/ML threat indicators.
        .gitignore files are honoured; bin/, obj/, .git/ and node_modules/ are never entered.

        Options:
          -f, --format FORMAT      text (default), json, sarif, markdown or threat-dragon.
                                   text: one line per finding, path(line,col): warning TLxxxx: message [ATLAS ...],
                                   then a summary. json: the versioned schema of docs/json-schema.md.
                                   sarif: SARIF 2.1.0 for GitHub code scanning and Azure DevOps (docs/ci.md).
                                   markdown, threat-dragon: the threat model (see 'threatlint report --help').
          -o, --output FILE        Write the report to FILE (its folder is created) instead of standard
                                   output; '-' is standard output.
          --fail-on SEVERITY       critical, high, medium, low or none. Findings at or above it (effective
                                   severity, not suppressed or baselined) are printed as errors and make the
                                   exit code 1. Default: failOn of the configuration, else none.
          --config FILE            Configuration file (default: .threatlint.yml found upward from PATH,
                                   up to the repository root). docs/configuration.md.
          --baseline FILE          Accepted findings (default: baseline of the configuration). Baselined
                                   findings are reported as info and never fail the gate.
          --csharp on|off          on (default): also run the ThreatLint Roslyn analyzers (TL5xxx) over the .cs files,
                                   project by project, with the packages a restore left on disk. off: skip C#.
          -h, --help               Show this help.

        Exit codes: 0 no finding at or above --fail-on, 1 at least one, 2 usage or configuration error
        (including a .threatlint.yml or baseline that is invalid: the report lists the TL9003 findings).

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
            return ReportCommand.Run(format, arguments, console, Name);
        }

        var root = ResolveRoot(arguments.Positionals.Count > 0 ? arguments.Positionals[0] : ".");
        var output = arguments.Value(Output) is { } file and not "-" ? Path.GetFullPath(file) : null;
        var options = CreateOptions(Name, root, arguments.Value(Config), arguments.Value(Baseline));
        var threshold = options.Config.FailOn;
        if (arguments.Value(FailOn) is { } failOn)
        {
            SeverityText.TryParseThreshold(failOn, out threshold);
        }

        if (console.ShowProgress)
        {
            console.Error.WriteLine("threatlint: scanning " + root + " ...");
        }

        var result = Scanner.Scan(WithCSharp(options, arguments.Value(CSharp) != "off", out var discovered), discovered);
        var report = ReportFormats.Write(format, result, threshold);
        if (output is null)
        {
            console.Out.Write(report);
        }
        else
        {
            WriteReport(output, report);
            if (console.ShowProgress)
            {
                console.Error.WriteLine("threatlint: " + ScanText.Summary(result) + "; report written to " + output);
            }
        }

        if (HasSettingsProblems(result, options))
        {
            console.Error.WriteLine("threatlint: error: the configuration or baseline is invalid (TL9003 in the report); fix it, the scan used what it could read");
            return ExitCodes.UsageError;
        }

        return result.AtOrAbove(threshold).Any() ? ExitCodes.FindingsAtThreshold : ExitCodes.Success;
    }

    /// <summary>
    /// Discovers the files to scan; unless <paramref name="csharp"/> is false, the <c>.cs</c> files too, which the
    /// options then hand to the Roslyn analyzers (Roslyn is loaded only when there are some).
    /// </summary>
    internal static ScanOptions WithCSharp(ScanOptions options, bool csharp, out IReadOnlyList<DiscoveredFile> discovered)
    {
        var sources = csharp ? new List<DiscoveredFile>() : null;
        discovered = FileDiscovery.Discover(options, csharpSources: sources);
        var root = Path.GetFullPath(options.Root);
        return sources is { Count: > 0 } ? options with { External = cancellationToken => CSharpSources.Analyze(root, sources, cancellationToken) } : options;
    }

    /// <summary>Scan options for PATH with its configuration and baseline; a file named on the command line must exist.</summary>
    internal static ScanOptions CreateOptions(string command, string root, string? config, string? baseline)
    {
        foreach (var (option, path) in new[] { (Config, config), (Baseline, baseline) })
        {
            if (path is not null && !File.Exists(Path.GetFullPath(path)))
            {
                throw new UsageException($"{option.Display} {path} does not exist (resolved to {Path.GetFullPath(path)})", command);
            }
        }

        return ScanOptions.Create(root, config, baseline);
    }

    /// <summary>TL9003 in the configuration or baseline file itself: the gate may not be the one the user meant.</summary>
    internal static bool HasSettingsProblems(ScanResult result, ScanOptions options)
    {
        var files = new[] { options.Config.FilePath, options.Baseline?.FilePath }
            .Where(f => f is not null)
            .Select(f => Path.GetFullPath(f!))
            .ToHashSet(StringComparer.Ordinal);
        return result.Findings.Any(f =>
            f.RuleId == Catalog.Rules.ConfigInvalid.Id
            && !f.Suppressed
            && files.Contains(Path.GetFullPath(Path.Combine(result.Root, f.Path))));
    }

    private string ResolveRoot(string path) => ResolveRoot(Name, path);

    private void WriteReport(string output, string report) => WriteReport(Name, output, report, "--output " + output);

    internal static string ResolveRoot(string command, string path)
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

    internal static void WriteReport(string command, string output, string report, string? what = null)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(output)!);
            File.WriteAllText(output, report);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot write {what ?? output}: {e.Message}", command);
        }
    }
}
