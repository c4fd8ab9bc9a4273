namespace ThreatLint.Documents.Archives;

/// <summary>One member as the zip central directory describes it (sizes and offset already widened by ZIP64).</summary>
/// <param name="Name">The member name as stored (never used as a file system path).</param>
/// <param name="LocalHeaderOffset">Where its local header starts in the file.</param>
/// <param name="CompressedSize">Bytes it occupies after the local header.</param>
/// <param name="UncompressedSize">Bytes it declares once inflated (a claim, not a fact).</param>
/// <param name="Method">Compression method: 0 stored, 8 deflate; others are listed but not read.</param>
/// <param name="Flags">General purpose flags (bit 0 encrypted, bit 3 data descriptor, bit 11 UTF-8 name).</param>
/// <param name="Crc32">The declared CRC-32; never checked (PyTorch and hand-made archives get it wrong).</param>
public sealed record ZipEntry(
    string Name,
    long LocalHeaderOffset,
    long CompressedSize,
    long UncompressedSize,
    int Method,
    int Flags,
    uint Crc32)
{
    public bool IsDirectory => Name.EndsWith("/", StringComparison.Ordinal) || Name.EndsWith("\\", StringComparison.Ordinal);

    public bool IsEncrypted => (Flags & 1) != 0;

    /// <summary>Sizes follow the data (bit 3); the central directory's sizes are used, as every reader does.</summary>
    public bool HasDataDescriptor => (Flags & 8) != 0;

    /// <summary>An absolute name, a drive letter, a <c>..</c> segment or a NUL: extracting it would write outside the
    /// target folder. ThreatLint never extracts; the flag is there to be reported.</summary>
    public bool HasUnsafePath { get; init; }

    /// <summary>Length of the name in the central directory, in bytes (for the overlap check).</summary>
    internal int NameByteLength { get; init; }
}
