namespace ThreatLint.Documents.Pickle;

/// <summary>Bounds for one disassembly. Hitting one records a <see cref="PickleProblemKind.Limit"/> problem.</summary>
public sealed record PickleLimits
{
    public static PickleLimits Default { get; } = new();

    /// <summary>Opcodes interpreted, all concatenated and nested pickles together.</summary>
    public long MaxOpcodes { get; init; } = 50_000_000;

    /// <summary>Values on the stack, all mark levels together, plus the mark depth.</summary>
    public int MaxStack { get; init; } = 1_000_000;

    /// <summary>Memo entries of one pickle.</summary>
    public int MaxMemo { get; init; } = 1_000_000;

    /// <summary>Bytes the disassembler reads (skips over large constants on a seekable stream do not count).</summary>
    public long MaxBytesRead { get; init; } = 512L * 1024 * 1024;

    /// <summary>Characters of a string constant kept for name resolution; longer strings are skipped, and an import
    /// made of one is unresolved.</summary>
    public int MaxTrackedString { get; init; } = 4096;

    /// <summary>A protocol 0 text argument (GLOBAL line, decimal, repr string) longer than this is malformed.</summary>
    public int MaxLine { get; init; } = 1024 * 1024;

    /// <summary>Largest bytes constant kept in memory to be disassembled as an embedded pickle.</summary>
    public int MaxNestedPayload { get; init; } = 16 * 1024 * 1024;

    /// <summary>Bytes kept for embedded payloads, per disassembly.</summary>
    public long MaxNestedBudget { get; init; } = 64L * 1024 * 1024;

    /// <summary>Pickles within pickles (pickle.loads of a constant).</summary>
    public int MaxNestingDepth { get; init; } = 3;

    /// <summary>Concatenated pickles read one after another.</summary>
    public int MaxStreams { get; init; } = 10_000;

    /// <summary>Import occurrences recorded (memoized imports are recorded once).</summary>
    public int MaxImports { get; init; } = 100_000;

    /// <summary>Calls recorded; further calls are interpreted but not listed.</summary>
    public int MaxCalls { get; init; } = 10_000;

    /// <summary>Items kept per tuple, list, set or dict (the rest are counted, not kept).</summary>
    public int MaxTrackedItems { get; init; } = 64;
}
