using ThreatLint.Cli.Commands;

namespace ThreatLint.Cli;

/// <summary>
/// The whole command line, runnable in-process: picks the command, parses its options, and turns every
/// failure into a message on standard error and an exit code. Nothing escapes as an exception.
/// </summary>
internal static class Cli
{
    public static IReadOnlyList<ICommand> Commands { get; } = [new ScanCommand(), new ReportCommand(), new BaselineCommand(), new InitCommand(), new RulesCommand(), new ExplainCommand()];

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, new CliConsole(stdout, stderr));

    public static int Run(IReadOnlyList<string> args, CliConsole console)
    {
        try
        {
            return Dispatch(args, console);
        }
        catch (UsageException e)
        {
            console.Error.WriteLine("threatlint: error: " + e.Message);
            console.Error.WriteLine(e.Command is null ? "Run 'threatlint --help' for usage." : $"Run 'threatlint {e.Command} --help' for usage.");
            return ExitCodes.UsageError;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            console.Error.WriteLine($"threatlint: error: {e.Message} ({e.GetType().Name})");
            return ExitCodes.UsageError;
        }
    }

    private static int Dispatch(IReadOnlyList<string> args, CliConsole console)
    {
        if (args.Count == 0)
        {
            console.Error.Write(GeneralHelp());
            return ExitCodes.UsageError;
        }

        var first = args[0];
        switch (first)
        {
            case "--help" or "-h" or "-?":
                console.Out.Write(GeneralHelp());
                return ExitCodes.Success;
            case "--version":
                console.Out.WriteLine(ToolVersion.Current);
                return ExitCodes.Success;
            case "help":
                return args.Count > 1 ? Dispatch([args[1], "--help"], console) : Dispatch(["--help"], console);
        }

        var command = Commands.FirstOrDefault(c => c.Name == first);
        if (command is null)
        {
            throw new UsageException(first.StartsWith('-')
                ? $"unknown option '{first}'; before a command only --help and --version are valid"
                : $"unknown command '{first}'; commands: {string.Join(", ", Commands.Select(c => c.Name))}");
        }

        var parsed = Arguments.Parse(command.Name, [.. args.Skip(1)], command.Options, command.MaxPositionals);
        if (parsed.Help)
        {
            console.Out.Write(command.Help);
            return ExitCodes.Success;
        }

        return command.Execute(parsed, console);
    }

    public static string GeneralHelp()
    {
        var commands = string.Join(string.Empty, Commands.Select(c => $"  {c.Name,-9}{c.Summary}\n"));
        return $"""
            threatlint {ToolVersion.Current} - finds AI/ML threat indicators in a repository, mapped to MITRE ATLAS,
            OWASP Top 10 for LLM Applications and STRIDE.

            Usage: threatlint <command> [options]

            Commands:
            {commands}
            Options:
              -h, --help  Show help (also: threatlint <command> --help, threatlint help <command>)
              --version   Show the version

            Exit codes: 0 clean or below --fail-on, 1 findings at or above --fail-on, 2 usage or configuration error.
            Configuration, suppressions and baselines: docs/configuration.md, docs/suppressions-and-baselines.md.

            """.ReplaceLineEndings("\n");
    }
}
