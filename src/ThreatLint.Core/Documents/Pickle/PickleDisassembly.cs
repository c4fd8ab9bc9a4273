namespace ThreatLint.Documents.Pickle;

/// <summary>A bytes constant handed to a loader (pickle.loads, torch.load…) that is not itself a pickle the
/// disassembler can follow (e.g. a zip written by torch.save), kept so the caller can look inside.</summary>
/// <param name="Loader">The loader's <c>module.name</c>.</param>
/// <param name="Offset">Where the constant is.</param>
/// <param name="Content">Its bytes (bounded by <see cref="PickleLimits.MaxNestedPayload"/>).</param>
public sealed record PickleNestedPayload(string Loader, long Offset, IReadOnlyList<byte> Content);

/// <summary>What one pass over a pickle stream found. Nothing was executed or imported to find it.</summary>
public sealed class PickleDisassembly
{
    internal PickleDisassembly(
        bool isPickle,
        IReadOnlyList<PickleImport> imports,
        IReadOnlyList<PickleCall> calls,
        IReadOnlyList<PickleProblem> problems,
        IReadOnlyList<PickleNestedPayload> nestedPayloads,
        int streams,
        int highestProtocol,
        long opcodes,
        long endOffset)
    {
        IsPickle = isPickle;
        Imports = imports;
        Calls = calls;
        Problems = problems;
        NestedPayloads = nestedPayloads;
        Streams = streams;
        HighestProtocol = highestProtocol;
        Opcodes = opcodes;
        EndOffset = endOffset;
    }

    /// <summary>False when the bytes were read speculatively (found by magic only) and are not a pickle after all.</summary>
    public bool IsPickle { get; }

    /// <summary>Every import in stream order, embedded pickles included (<see cref="PickleImport.NestedIn"/>).</summary>
    public IReadOnlyList<PickleImport> Imports { get; }

    /// <summary>Calls in stream order (bounded by <see cref="PickleLimits.MaxCalls"/>).</summary>
    public IReadOnlyList<PickleCall> Calls { get; }

    /// <summary>Truncation, malformed opcodes, bounds. Empty when every stream was read to its STOP.</summary>
    public IReadOnlyList<PickleProblem> Problems { get; }

    /// <summary>Constants passed to loaders that are not pickles (zip archives from torch.save).</summary>
    public IReadOnlyList<PickleNestedPayload> NestedPayloads { get; }

    /// <summary>Pickles read to their STOP opcode (concatenated pickles count one each).</summary>
    public int Streams { get; }

    /// <summary>The highest PROTO seen, 0 when none.</summary>
    public int HighestProtocol { get; }

    public long Opcodes { get; }

    /// <summary>Offset after the last byte interpreted.</summary>
    public long EndOffset { get; }
}
