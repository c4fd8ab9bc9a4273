using ThreatLint.Policy;

namespace ThreatLint.Cli.Commands;

/// <summary><c>threatlint baseline [PATH]</c>: accepts every current finding by writing them to a baseline file.</summary>
internal sealed class BaselineCommand : ICommand
{
    public static readonly OptionSpec Output = new("output", "FILE", 'o');

    public string Name => "baseline";

    public string Summary => "Write the current findings to a baseline of accepted findings";

    public IReadOnlyList<OptionSpec> Options { get; } = [Output, ScanCommand.Config];

    public int MaxPositionals => 1;

    public string Help => """
        Usage: threatlint baseline [PATH] [options]

        Scans PATH (default: the current directory) and writes every finding to a baseline file. Later scans
        report baselined findings as info: they never fail --fail-on, and only new findings do. Entries hold
        the rule id and path for people and a fingerprint that survives moved lines and reformatting.
        Findings suppressed by a comment or annotation are left out; entries of an existing baseline keep
        their justification. Configuration problems (TL9003) and unused suppressions (TL9004) are never
        baselined: fix them.

        Options:
          -o, --output FILE        Where to write (default: the baseline named in the configuration, else
                                   PATH/threatlint.baseline.json).
          --config FILE            Configuration file (default: .threatlint.yml found upward from PATH).
          -h, --help               Show this help.

        Exit codes: 0 written, 2 usage or configuration error.

        Examples:
          threatlint baseline
          threatlint scan --fail-on high        # fails on new findings only

        """.ReplaceLineEndings("\n");

    public int Execute(ParsedArguments arguments, CliConsole console)
    {
        var root = ScanCommand.ResolveRoot(Name, arguments.Positionals.Count > 0 ? arguments.Positionals[0] : ".");
        var options = ScanCommand.CreateOptions(Name, root, arguments.Value(ScanCommand.Config), baseline: null);
        var output = arguments.Value(Output) is { } file
            ? Path.GetFullPath(file)
            : options.Config.Baseline ?? Path.Combine(root, Baseline.DefaultFileName);

        // Keep the justifications people wrote into the baseline being replaced; a first baseline does not exist yet.
        options = options with { Baseline = File.Exists(output) ? Baseline.Load(output) : null };

        var result = Scanner.Scan(ScanCommand.WithCSharp(options, csharp: true, out var discovered), discovered);
        if (ScanCommand.HasSettingsProblems(result, options))
        {
            console.Out.Write(ScanText.Write(result, null));
            console.Error.WriteLine("threatlint: error: the configuration or baseline is invalid (TL9003 above); fix it before writing a baseline");
            return ExitCodes.UsageError;
        }

        ScanCommand.WriteReport(Name, output, Baseline.Write(result.Findings, ToolVersion.Current));
        var count = result.Findings.Count(Baseline.IsBaselinable);
        console.Out.WriteLine($"threatlint: {count} finding{(count == 1 ? string.Empty : "s")} written to {output}");
        return ExitCodes.Success;
    }
}
