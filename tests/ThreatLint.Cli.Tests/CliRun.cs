using System.Globalization;

namespace ThreatLint.Cli.Tests;

/// <summary>One in-process run of the command line, with what it wrote.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static CliRun Of(params string[] args)
    {
        using var stdout = new StringWriter(CultureInfo.InvariantCulture);
        using var stderr = new StringWriter(CultureInfo.InvariantCulture);
        var code = Cli.Run(args, stdout, stderr);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The text report's lines without the trailing empty one.</summary>
    public IReadOnlyList<string> OutLines => Out.TrimEnd('\n').Split('\n');

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}--- stderr\n{Error}";
}
