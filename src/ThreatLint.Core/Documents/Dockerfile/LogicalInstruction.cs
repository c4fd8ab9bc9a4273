namespace ThreatLint.Documents.Dockerfile;

/// <summary>What the reader hands the binder: one instruction's syntax, line map and heredocs.</summary>
internal sealed record LogicalInstruction(InstructionSyntax Syntax, LineMap Map, int EndLine, IReadOnlyList<Heredoc> Heredocs);
