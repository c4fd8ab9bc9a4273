namespace ThreatLint.Cli;

/// <summary>
/// Parts of the CLI contract (DESIGN.md) that the engine cannot serve yet. They are accepted by the parser so
/// that users get a clear "not available yet" (exit 2) instead of "unknown option"; docs/cli.md lists them.
/// </summary>
internal static class Planned
{
    private static readonly Dictionary<string, string> Features = new(StringComparer.Ordinal)
    {
    };

    public static bool Contains(string what) => Features.ContainsKey(what);

    /// <summary>The error for using <paramref name="what"/> (an option, an option value, or a command).</summary>
    public static UsageException NotAvailable(string what, string? command = null) =>
        new($"{what} is not available yet: see issue \"{Features[what]}\" (docs/cli.md, section \"Planned\")", command);
}
