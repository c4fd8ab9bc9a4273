namespace ThreatLint.Cli.Commands;

/// <summary>One <c>threatlint</c> sub-command.</summary>
internal interface ICommand
{
    /// <summary>The word that selects it: <c>scan</c>.</summary>
    string Name { get; }

    /// <summary>One line for the general help.</summary>
    string Summary { get; }

    /// <summary>The full <c>threatlint NAME --help</c> text.</summary>
    string Help { get; }

    IReadOnlyList<OptionSpec> Options { get; }

    /// <summary>How many positional arguments it takes at most.</summary>
    int MaxPositionals { get; }

    /// <summary>Runs the command on arguments that <see cref="Arguments"/> already checked against <see cref="Options"/>.</summary>
    /// <returns>The process exit code (<see cref="ExitCodes"/>).</returns>
    int Execute(ParsedArguments arguments, CliConsole console);
}
