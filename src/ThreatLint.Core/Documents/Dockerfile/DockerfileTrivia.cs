namespace ThreatLint.Documents.Dockerfile;

/// <summary>A parser directive at the top of the file, e.g. <c># escape=`</c>.</summary>
/// <param name="Name">The directive's name, lower case (<c>syntax</c>, <c>escape</c>, <c>check</c>).</param>
/// <param name="Value">The value as written, trimmed.</param>
/// <param name="Line">1-based line.</param>
public sealed record ParserDirective(string Name, string Value, int Line);

/// <summary>A comment line, also one inside a continued instruction.</summary>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column of the <c>#</c>.</param>
/// <param name="Text">What follows the <c>#</c>, trimmed.</param>
public sealed record DockerfileComment(int Line, int Column, string Text);

/// <summary>Something Docker would reject or warn about; the parser records it and goes on.</summary>
/// <param name="Line">1-based line.</param>
/// <param name="Message">What is wrong, in a sentence.</param>
public sealed record DockerfileDiagnostic(int Line, string Message);
