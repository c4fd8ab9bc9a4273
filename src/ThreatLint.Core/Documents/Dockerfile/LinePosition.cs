namespace ThreatLint.Documents.Dockerfile;

/// <summary>A 1-based line and column in a Dockerfile; columns count UTF-16 characters, a tab is one.</summary>
public readonly record struct LinePosition(int Line, int Column);
