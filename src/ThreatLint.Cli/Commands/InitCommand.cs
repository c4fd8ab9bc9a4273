using ThreatLint.Configuration;

namespace ThreatLint.Cli.Commands;

/// <summary><c>threatlint init [PATH]</c>: writes a commented starter <c>.threatlint.yml</c>.</summary>
internal sealed class InitCommand : ICommand
{
    public static readonly OptionSpec Force = new("force", string.Empty, IsFlag: true);

    public string Name => "init";

    public string Summary => "Write a commented starter .threatlint.yml";

    public IReadOnlyList<OptionSpec> Options { get; } = [Force];

    public int MaxPositionals => 1;

    public string Help => """
        Usage: threatlint init [PATH] [--force]

        Writes PATH/.threatlint.yml (default: the current directory): every key of the configuration with a
        comment, the defaults active and the rest commented out. An existing file is left alone unless
        --force is given.

        Exit codes: 0 written, 2 the file exists or cannot be written.

        """.ReplaceLineEndings("\n");

    public int Execute(ParsedArguments arguments, CliConsole console)
    {
        var root = ScanCommand.ResolveRoot(Name, arguments.Positionals.Count > 0 ? arguments.Positionals[0] : ".");
        var path = Path.Combine(root, ConfigLoader.FileNames[0]);
        if (File.Exists(path) && arguments.Value(Force) is null)
        {
            throw new UsageException($"{path} already exists; edit it, or pass --force to overwrite it", Name);
        }

        ScanCommand.WriteReport(Name, path, StarterConfig.Text);
        console.Out.WriteLine("threatlint: wrote " + path);
        return ExitCodes.Success;
    }
}
