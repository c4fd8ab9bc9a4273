namespace ThreatLint.Documents.Pickle;

/// <summary>How to read one pickle stream.</summary>
public sealed record PickleReadOptions
{
    public static PickleReadOptions Default { get; } = new();

    /// <summary>Offset reported for the first byte (e.g. where an .npy header ends).</summary>
    public long BaseOffset { get; init; }

    public PickleLimits Limits { get; init; } = PickleLimits.Default;

    /// <summary>
    /// Read exactly this many pickles one after another and stop (legacy PyTorch files hold five, then raw storage
    /// bytes). Null: keep reading concatenated pickles while the next byte can start one.
    /// </summary>
    public int? StreamCount { get; init; }

    /// <summary>
    /// The bytes were chosen by a magic number only (a zip member that starts with PROTO): if the first pickle fails
    /// before it imports anything, the bytes are taken to be something else and nothing is reported.
    /// </summary>
    public bool Speculative { get; init; }
}
