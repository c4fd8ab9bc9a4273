namespace ThreatLint.Documents.Pickle;

/// <summary>Why a disassembly stopped early or is incomplete.</summary>
public enum PickleProblemKind
{
    /// <summary>The stream ends inside an opcode or before its STOP.</summary>
    Truncated,

    /// <summary>An unknown opcode or a malformed argument; the stream cannot be read further.</summary>
    Invalid,

    /// <summary>A bound was hit (opcodes, stack, memo, bytes, nesting); the rest was not read.</summary>
    Limit,
}

/// <summary>Something that kept the disassembler from reading the whole stream. Imports found before it are kept.</summary>
public sealed record PickleProblem(PickleProblemKind Kind, long Offset, string Message);
