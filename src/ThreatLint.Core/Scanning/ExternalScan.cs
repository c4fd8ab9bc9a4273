using ThreatLint.Findings;

namespace ThreatLint;

/// <summary>
/// What another analyzer found in files the engine does not read (the CLI runs the Roslyn analyzers over C#): the
/// files it covered (relative paths) and its findings, which the scan governs like its own.
/// </summary>
public sealed record ExternalScan(IReadOnlyList<string> Paths, IReadOnlyList<Finding> Findings);
