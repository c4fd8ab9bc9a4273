namespace ThreatLint.Cli;

/// <summary>Where a command writes: results to <see cref="Out"/>, errors and progress to <see cref="Error"/>.</summary>
/// <param name="Out">Standard output: reports, listings, help.</param>
/// <param name="Error">Standard error: error messages and progress.</param>
/// <param name="ShowProgress">True when standard error is a terminal, so progress lines are for a person.</param>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, bool ShowProgress = false);
