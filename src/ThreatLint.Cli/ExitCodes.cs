namespace ThreatLint.Cli;

/// <summary>The process exit codes documented in docs/cli.md.</summary>
internal static class ExitCodes
{
    /// <summary>No finding at or above <c>--fail-on</c> (or no gate), or a command that is not a scan succeeded.</summary>
    public const int Success = 0;

    /// <summary>At least one finding at or above <c>--fail-on</c>.</summary>
    public const int FindingsAtThreshold = 1;

    /// <summary>Usage or configuration error, or an unexpected failure: nothing trustworthy was reported.</summary>
    public const int UsageError = 2;
}
