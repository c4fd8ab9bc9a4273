namespace ThreatLint.Tests;

/// <summary>
/// Hostile-input tests assert that a parser finishes, not how fast: a quadratic or unbounded path takes
/// minutes on their inputs, far past this limit, while a loaded CI machine stays well inside it.
/// Speed itself is measured in bench/, never in unit tests.
/// </summary>
internal static class HangGuard
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
}
