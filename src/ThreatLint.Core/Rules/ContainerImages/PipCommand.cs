using ThreatLint.Documents.Shell;

namespace ThreatLint.Rules.ContainerImages;

/// <summary>
/// A pip invocation, however it is spelled: <c>pip</c>, <c>pip3.11</c>, <c>/opt/venv/bin/pip</c>,
/// <c>python3 -m pip</c>, <c>uv pip</c>; also <c>uv</c> itself (<c>uv add</c>, <c>uv sync</c>), which takes the same
/// index flags.
/// </summary>
internal sealed class PipCommand
{
    /// <summary>pip options that take the next word as their value (uv's among them).</summary>
    private static readonly string[] FlagsWithValue =
    [
        "-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i", "--index-url", "--extra-index-url", "-f",
        "--find-links", "--trusted-host", "-t", "--target", "--prefix", "--root", "--platform", "--python-version",
        "--implementation", "--abi", "--src", "--cache-dir", "--log", "--progress-bar", "--upgrade-strategy",
        "--no-binary", "--only-binary", "--proxy", "--retries", "--timeout", "--exists-action", "--cert", "--client-cert",
        "--report", "-C", "--config-settings", "--global-option", "--python", "-p", "--index", "--default-index",
        "--index-strategy", "--resolution", "--prerelease", "--constraints", "--overrides", "--group", "--extra",
        "--link-mode", "--keyring-provider", "--exclude-newer", "--allow-insecure-host", "--torch-backend", "-o", "--output-file",
    ];

    private PipCommand(ShellCommand command, string tool, int subcommandIndex)
    {
        Command = command;
        Tool = tool;
        var arguments = command.Arguments;
        Subcommand = subcommandIndex < arguments.Count ? arguments[subcommandIndex].Text : string.Empty;
        SubcommandIndex = subcommandIndex;
    }

    public ShellCommand Command { get; }

    /// <summary>How the tool was named: <c>pip</c>, <c>pip3</c>, <c>python3 -m pip</c>, <c>uv pip</c>, <c>uv</c>.</summary>
    public string Tool { get; }

    /// <summary><c>install</c>, <c>download</c>, <c>config</c>, <c>add</c>…; empty when missing.</summary>
    public string Subcommand { get; }

    private int SubcommandIndex { get; }

    /// <summary>The pip (or uv) command, or null for any other.</summary>
    public static PipCommand? From(ShellCommand command)
    {
        var name = command.Name;
        var arguments = command.Arguments;
        if (IsPip(name))
        {
            return new PipCommand(command, name, FirstPositional(arguments, 0));
        }

        if (IsPython(name) && command.FindFlags("-m").FirstOrDefault() is { Value: "pip", ValueWord: { } module })
        {
            return new PipCommand(command, name + " -m pip", IndexOf(arguments, module) + 1);
        }

        if (name == "uv")
        {
            var first = FirstPositional(arguments, 0);
            return first < arguments.Count && arguments[first].Text == "pip"
                ? new PipCommand(command, "uv pip", FirstPositional(arguments, first + 1))
                : new PipCommand(command, "uv", first);
        }

        return null;
    }

    /// <summary>The package arguments after the subcommand: requirement specifiers, paths, URLs.</summary>
    public IReadOnlyList<ShellWord> Packages()
    {
        var result = new List<ShellWord>();
        var arguments = Command.Arguments;
        for (var i = SubcommandIndex + 1; i < arguments.Count; i++)
        {
            var text = arguments[i].Text;
            if (text.Length > 1 && text[0] == '-')
            {
                i += Array.IndexOf(FlagsWithValue, text) >= 0 ? 1 : 0;
            }
            else
            {
                result.Add(arguments[i]);
            }
        }

        return result;
    }

    /// <summary><c>pip config set global.index-url URL</c>: the key (after its section) and the value word.</summary>
    public (string Key, ShellWord KeyWord, ShellWord? Value)? ConfigSet()
    {
        if (Subcommand != "config")
        {
            return null;
        }

        var words = Packages();
        if (words.Count < 2 || words[0].Text != "set")
        {
            return null;
        }

        var key = words[1].Text;
        return (key.Substring(key.LastIndexOf('.') + 1).ToLowerInvariant(), words[1], words.Count > 2 ? words[2] : null);
    }

    /// <summary><c>python</c>, <c>python3</c>, <c>python3.11</c>, <c>pypy3</c>.</summary>
    public static bool IsPython(string name) =>
        (name.StartsWith("python", StringComparison.Ordinal) && IsVersion(name, 6))
        || (name.StartsWith("pypy", StringComparison.Ordinal) && IsVersion(name, 4));

    private static bool IsPip(string name) => name.StartsWith("pip", StringComparison.Ordinal) && IsVersion(name, 3);

    private static bool IsVersion(string name, int start)
    {
        for (var i = start; i < name.Length; i++)
        {
            if (name[i] is not ((>= '0' and <= '9') or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static int FirstPositional(IReadOnlyList<ShellWord> arguments, int start)
    {
        var i = start;
        while (i < arguments.Count && arguments[i].Text.StartsWith("-", StringComparison.Ordinal))
        {
            i += Array.IndexOf(FlagsWithValue, arguments[i].Text) >= 0 ? 2 : 1;
        }

        return i;
    }

    private static int IndexOf(IReadOnlyList<ShellWord> words, ShellWord word)
    {
        for (var i = 0; i < words.Count; i++)
        {
            if (ReferenceEquals(words[i], word))
            {
                return i;
            }
        }

        return words.Count;
    }
}
