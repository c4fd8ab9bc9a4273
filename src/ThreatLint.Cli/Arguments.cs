namespace ThreatLint.Cli;

/// <summary>An option a command accepts: <c>--name VALUE</c> (or <c>--name=VALUE</c>), optionally with a short alias.</summary>
/// <param name="Name">Long name without dashes, e.g. <c>format</c>.</param>
/// <param name="ValueName">What the value is, shown in help and errors, e.g. <c>FILE</c>.</param>
/// <param name="Short">One-letter alias without the dash, e.g. <c>f</c>.</param>
/// <param name="Choices">The accepted values (matched case-insensitively); null for any value.</param>
/// <param name="IsFlag">True for an option that takes no value (<c>--force</c>); its value is <c>true</c> when given.</param>
internal sealed record OptionSpec(string Name, string ValueName, char? Short = null, IReadOnlyList<string>? Choices = null, bool IsFlag = false)
{
    public string Display => "--" + Name;
}

/// <summary>A command line that does not make sense; reported as <c>threatlint: error: …</c> with exit code 2.</summary>
internal sealed class UsageException(string message, string? command = null) : Exception(message)
{
    /// <summary>The command whose help the user should read, or null for the general help.</summary>
    public string? Command { get; } = command;
}

/// <summary>What <see cref="Arguments.Parse"/> understood.</summary>
internal sealed class ParsedArguments
{
    private readonly Dictionary<string, string> _values;

    public ParsedArguments(IReadOnlyList<string> positionals, Dictionary<string, string> values, bool help)
    {
        Positionals = positionals;
        _values = values;
        Help = help;
    }

    public IReadOnlyList<string> Positionals { get; }

    /// <summary>True when <c>--help</c>, <c>-h</c> or <c>-?</c> was given; nothing else was validated then.</summary>
    public bool Help { get; }

    /// <summary>The option's value (lower-cased when the option has choices), or null when it was not given.</summary>
    public string? Value(OptionSpec option) => _values.TryGetValue(option.Name, out var value) ? value : null;
}

/// <summary>
/// A small POSIX-style parser: long options with a value (<c>--format json</c>, <c>--format=json</c>), short
/// aliases (<c>-f json</c>), positionals, and <c>--</c> to end options. Everything it rejects names the
/// problem and the valid choices.
/// </summary>
internal static class Arguments
{
    private static readonly string[] HelpFlags = ["--help", "-h", "-?"];

    public static ParsedArguments Parse(string command, IReadOnlyList<string> args, IReadOnlyList<OptionSpec> options, int maxPositionals)
    {
        if (args.TakeWhile(a => a != "--").Any(a => HelpFlags.Contains(a, StringComparer.Ordinal)))
        {
            return new ParsedArguments([], new Dictionary<string, string>(StringComparer.Ordinal), help: true);
        }

        var positionals = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var optionsEnded = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (optionsEnded || arg == "-" || !arg.StartsWith('-'))
            {
                positionals.Add(arg);
                continue;
            }

            if (arg == "--")
            {
                optionsEnded = true;
                continue;
            }

            var (spec, inlineValue) = Find(command, arg, options);
            string value;
            if (spec.IsFlag)
            {
                if (inlineValue is not null)
                {
                    throw new UsageException($"{spec.Display} takes no value", command);
                }

                value = "true";
            }
            else if (inlineValue is not null)
            {
                value = inlineValue;
            }
            else if (i + 1 < args.Count && !LooksLikeOption(args[i + 1]))
            {
                value = args[++i];
            }
            else
            {
                throw new UsageException($"{spec.Display} needs a value ({Describe(spec)})", command);
            }

            if (values.ContainsKey(spec.Name))
            {
                throw new UsageException($"{spec.Display} is given more than once", command);
            }

            values[spec.Name] = spec.IsFlag ? value : Validate(command, spec, value);
        }

        if (positionals.Count > maxPositionals)
        {
            var extra = positionals[maxPositionals];
            throw new UsageException(
                maxPositionals == 0
                    ? $"'{command}' takes no arguments, but got '{extra}'"
                    : $"unexpected argument '{extra}': '{command}' takes at most {maxPositionals}",
                command);
        }

        return new ParsedArguments(positionals, values, help: false);
    }

    /// <summary>"one of text, json" or the value name.</summary>
    public static string Describe(OptionSpec spec) =>
        spec.Choices is { } choices ? "one of " + string.Join(", ", choices) : spec.ValueName;

    private static (OptionSpec Spec, string? InlineValue) Find(string command, string arg, IReadOnlyList<OptionSpec> options)
    {
        string? inlineValue = null;
        var name = arg;
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 2)
        {
            name = arg[..equals];
            inlineValue = arg[(equals + 1)..];
        }

        foreach (var spec in options)
        {
            if (name == spec.Display || (spec.Short is { } s && inlineValue is null && name.Length == 2 && name[1] == s))
            {
                return (spec, inlineValue);
            }
        }

        var valid = options.Count == 0 ? "it takes no options" : "valid options: " + string.Join(", ", options.Select(o => o.Display)) + ", --help";
        throw new UsageException($"unknown option '{name}' for '{command}'; {valid}", command);
    }

    private static string Validate(string command, OptionSpec spec, string value)
    {
        if (spec.Choices is not { } choices)
        {
            if (value.Length == 0)
            {
                throw new UsageException($"{spec.Display} needs a value ({spec.ValueName})", command);
            }

            return value;
        }

        var match = choices.FirstOrDefault(c => string.Equals(c, value.Trim(), StringComparison.OrdinalIgnoreCase));
        return match ?? throw new UsageException($"invalid value '{value}' for {spec.Display}; valid choices: {string.Join(", ", choices)}", command);
    }

    private static bool LooksLikeOption(string arg) => arg.Length > 1 && arg.StartsWith('-');
}
