namespace ThreatLint.Documents.Dockerfile;

/// <summary>One line of a heredoc body.</summary>
/// <param name="Line">1-based line in the file.</param>
/// <param name="Column">1-based column where <paramref name="Text"/> starts (after tabs stripped by <c>&lt;&lt;-</c>).</param>
/// <param name="Text">The line's text without its line break.</param>
public sealed record HeredocLine(int Line, int Column, string Text);
