using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ThreatLint.Package.Tests;

/// <summary>Runs the <c>dotnet</c> command line as a user would, in a clean environment.</summary>
internal static class Dotnet
{
    public static DotnetResult Run(string workingDirectory, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // `dotnet test` runs this process under MSBuild, which leaves variables such as MSBuildExtensionsPath and
        // MSBuildSDKsPath behind; a nested build must find its own SDK, as a user's does.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        // No node outlives its build holding an old task dll.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish within {timeout} in {workingDirectory}.\n{stdout.Result}{stderr.Result}");
        }

        var result = new DotnetResult(
            "dotnet " + string.Join(' ', arguments),
            process.ExitCode,
            Lines(stdout.Result),
            Lines(stderr.Result),
            watch.Elapsed);
        TestContext.Out.WriteLine(result.ToString());
        return result;
    }

    private static string[] Lines(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
}

/// <summary>What one <c>dotnet</c> command printed and returned.</summary>
internal sealed record DotnetResult(string Command, int ExitCode, IReadOnlyList<string> Output, IReadOnlyList<string> Error, TimeSpan Elapsed)
{
    // MSBuild's canonical form: `path(line,col): warning TL4002: message [ATLAS …] [/abs/Project.csproj]`, where
    // the last bracket is the project that logged it (with `::TargetFramework=…` in an inner build).
    private static readonly Regex DiagnosticLine = new(
        @"^\s*(?<path>.+?)\((?<line>\d+),(?<col>\d+)\): (?<sev>warning|error) (?<id>TL\d{4}): (?<msg>.*) \[(?<project>[^\[\]]+)\]$",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture);

    /// <summary>
    /// The lines logged while building: the output up to MSBuild's closing summary, which repeats every warning
    /// and error (`dotnet build` asks for the summary itself, so -clp:NoSummary does not remove it).
    /// </summary>
    public IEnumerable<string> Logged => Output.TakeWhile(l => l.Trim() is not ("Build succeeded." or "Build FAILED."));

    /// <summary>Every ThreatLint diagnostic with a location, from the task and the analyzer alike, in output order.</summary>
    public IReadOnlyList<TlDiagnostic> Diagnostics =>
        Logged.Select(line => DiagnosticLine.Match(line))
            .Where(m => m.Success)
            .Select(m => new TlDiagnostic(
                m.Groups["path"].Value,
                int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(m.Groups["col"].Value, System.Globalization.CultureInfo.InvariantCulture),
                m.Groups["sev"].Value,
                m.Groups["id"].Value,
                m.Groups["msg"].Value,
                m.Groups["project"].Value,
                m.Value))
            .ToList();

    /// <summary>Every output line that mentions a ThreatLint code, located or not.</summary>
    public IReadOnlyList<string> TlLines => Logged.Where(l => Regex.IsMatch(l, @"\bTL\d{4}\b")).ToList();

    public override string ToString() =>
        $"> {Command}\nexit code {ExitCode} after {Elapsed.TotalSeconds:F1} s\n{string.Join('\n', Output)}" +
        (Error.Any(l => l.Length > 0) ? "\n--- stderr\n" + string.Join('\n', Error) : string.Empty);
}

/// <summary>One <c>path(line,col): severity TLxxxx: message [project]</c> line.</summary>
internal sealed record TlDiagnostic(string Path, int Line, int Column, string Severity, string Id, string Message, string Project, string Text)
{
    /// <summary>The project file that logged it, without MSBuild's <c>::TargetFramework=…</c> suffix.</summary>
    public string ProjectFile => Project.Split("::", 2)[0];
}
