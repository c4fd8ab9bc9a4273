using System.Globalization;
using ThreatLint.Documents.Pickle;

namespace ThreatLint.Documents.Artifacts;

/// <summary>One pickle stream inside a model file: the file itself, a zip member, the data after an .npy header…</summary>
/// <param name="Member">The zip member that holds it, or null for the file itself (feeds finding evidence).</param>
/// <param name="Where">How to say where it is after "byte N", e.g. <c> of archive/data.pkl</c>; empty for the file.</param>
/// <param name="Disassembly">What the stream imports and calls.</param>
public sealed record ArtifactPickleStream(string? Member, string Where, PickleDisassembly Disassembly)
{
    /// <summary>"byte 57 of archive/data.pkl (in the pickle loaded by pickle.loads)".</summary>
    public string Locate(PickleImport import) =>
        "byte " + import.Offset.ToString(CultureInfo.InvariantCulture) + Where
        + (import.NestedIn is null ? string.Empty : " (in the pickle loaded by " + import.NestedIn + ")");
}

/// <summary>Something that kept part of a model file from being checked.</summary>
/// <param name="IsLimit">A bound was hit (TL9002); otherwise the bytes could not be read or parsed (TL9001).</param>
/// <param name="Message">What and where, for the finding's message.</param>
public sealed record ArtifactProblem(bool IsLimit, string Message);

/// <summary>
/// The pickle view of a model file: whether it belongs to the pickle family (and as what), every pickle stream in it
/// with its imports, and what could not be checked. Built once per file by <see cref="ModelArtifact.Pickles"/>.
/// </summary>
public sealed class ArtifactPickles
{
    private int _problemsClaimed;

    internal ArtifactPickles(string? formatDescription, IReadOnlyList<ArtifactPickleStream> streams, IReadOnlyList<ArtifactProblem> problems)
    {
        FormatDescription = formatDescription;
        Streams = streams;
        Problems = problems;
    }

    /// <summary>Not a pickle-family file.</summary>
    public static ArtifactPickles None => new(null, [], []);

    /// <summary>What the file is, as a phrase ("a PyTorch zip checkpoint (pickled)"); null when it holds no pickle.</summary>
    public string? FormatDescription { get; }

    public bool IsPickleFamily => FormatDescription is not null;

    public IReadOnlyList<ArtifactPickleStream> Streams { get; }

    public IReadOnlyList<ArtifactProblem> Problems { get; }

    /// <summary>Every import with the stream that holds it, in file order.</summary>
    public IEnumerable<(ArtifactPickleStream Stream, PickleImport Import)> Imports =>
        Streams.SelectMany(s => s.Disassembly.Imports.Select(i => (s, i)));

    /// <summary>True for the first caller only: several rules read this view, and its problems are reported once.</summary>
    internal bool ClaimProblems() => Interlocked.Exchange(ref _problemsClaimed, 1) == 0;
}
