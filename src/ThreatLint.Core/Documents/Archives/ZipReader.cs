using System.IO.Compression;
using System.Text;

namespace ThreatLint.Documents.Archives;

/// <summary>
/// A bounded, read-only zip reader over a seekable stream: it reads the end-of-central-directory record (ZIP64
/// included), the central directory, and only the members asked for. It never extracts, never trusts a CRC, takes
/// sizes from the central directory (so data descriptors do not matter), and refuses archives built to exhaust a
/// reader: too many members, an oversized directory, absurd compression ratios, overlapping members
/// (<see cref="ScanLimitException"/>). Malformed structure throws <see cref="InvalidDataException"/>.
/// </summary>
public sealed class ZipReader
{
    private const uint LocalHeaderSignature = 0x04034b50;
    private const uint CentralHeaderSignature = 0x02014b50;
    private const uint EndSignature = 0x06054b50;
    private const uint Zip64EndSignature = 0x06064b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const int EndRecordLength = 22;
    private const int CentralHeaderLength = 46;
    private const int LocalHeaderLength = 30;

    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly Stream _stream;

    private ZipReader(Stream stream, IReadOnlyList<ZipEntry> entries, bool isZip64, long centralDirectoryOffset)
    {
        _stream = stream;
        Entries = entries;
        IsZip64 = isZip64;
        CentralDirectoryOffset = centralDirectoryOffset;
    }

    /// <summary>Members in central directory order.</summary>
    public IReadOnlyList<ZipEntry> Entries { get; }

    /// <summary>The archive uses ZIP64 end records (PyTorch writes them for large checkpoints).</summary>
    public bool IsZip64 { get; }

    public long CentralDirectoryOffset { get; }

    /// <summary>Reads the directory of the archive in <paramref name="stream"/> (seekable; not disposed here).</summary>
    public static ZipReader Open(Stream stream, ZipLimits? limits = null)
    {
        limits ??= ZipLimits.Default;
        if (!stream.CanSeek || !stream.CanRead)
        {
            throw new ArgumentException("the zip reader needs a readable, seekable stream", nameof(stream));
        }

        var length = stream.Length;
        var (endOffset, end) = FindEndRecord(stream, length);
        long entryCount = ReadUInt16(end, 10);
        long directorySize = ReadUInt32(end, 12);
        long directoryOffset = ReadUInt32(end, 16);
        var isZip64 = false;
        var recordStart = endOffset;

        if (endOffset >= 20)
        {
            var locator = ReadAt(stream, endOffset - 20, 20);
            if (ReadUInt32(locator, 0) == Zip64LocatorSignature)
            {
                var zip64Offset = (long)ReadUInt64(locator, 8);
                if (zip64Offset < 0 || zip64Offset > length - 56)
                {
                    throw new InvalidDataException("the ZIP64 end record lies outside the file");
                }

                var zip64 = ReadAt(stream, zip64Offset, 56);
                if (ReadUInt32(zip64, 0) != Zip64EndSignature)
                {
                    throw new InvalidDataException("the ZIP64 locator points at no ZIP64 end record");
                }

                entryCount = CheckedLong(ReadUInt64(zip64, 32));
                directorySize = CheckedLong(ReadUInt64(zip64, 40));
                directoryOffset = CheckedLong(ReadUInt64(zip64, 48));
                isZip64 = true;
                recordStart = zip64Offset;
            }
        }

        if (entryCount > limits.MaxEntries)
        {
            throw new ScanLimitException(FormattableString.Invariant($"the zip archive lists {entryCount} members, more than the {limits.MaxEntries} read"));
        }

        if (directorySize > limits.MaxCentralDirectoryBytes)
        {
            throw new ScanLimitException(FormattableString.Invariant($"the zip central directory is {directorySize} bytes, more than the {limits.MaxCentralDirectoryBytes} read"));
        }

        // Archives with bytes prepended (self-extracting stubs) have every offset shifted by the stub's length.
        long shift = 0;
        if (directoryOffset + directorySize > recordStart || !HasSignatureAt(stream, directoryOffset, CentralHeaderSignature, length))
        {
            var actual = recordStart - directorySize;
            if (entryCount > 0 && !HasSignatureAt(stream, actual, CentralHeaderSignature, length))
            {
                throw new InvalidDataException("the zip central directory is not where the end record says");
            }

            shift = actual - directoryOffset;
            directoryOffset = actual;
        }

        var directory = ReadAt(stream, directoryOffset, (int)directorySize);
        var entries = ParseDirectory(directory, shift, limits);
        CheckBombs(entries, directoryOffset, limits);
        return new ZipReader(stream, entries, isZip64, directoryOffset);
    }

    /// <summary>Where the member's bytes start (after its local header).</summary>
    public long DataOffset(ZipEntry entry)
    {
        var length = _stream.Length;
        if (entry.LocalHeaderOffset < 0 || entry.LocalHeaderOffset > length - LocalHeaderLength)
        {
            throw new InvalidDataException($"zip member {entry.Name}: its local header lies outside the file");
        }

        var header = ReadAt(_stream, entry.LocalHeaderOffset, LocalHeaderLength);
        if (ReadUInt32(header, 0) != LocalHeaderSignature)
        {
            throw new InvalidDataException($"zip member {entry.Name}: no local header at its offset");
        }

        var data = entry.LocalHeaderOffset + LocalHeaderLength + ReadUInt16(header, 26) + ReadUInt16(header, 28);
        if (data + entry.CompressedSize > length)
        {
            throw new InvalidDataException($"zip member {entry.Name} extends past the end of the file (truncated?)");
        }

        return data;
    }

    /// <summary>
    /// The member's uncompressed bytes. Stored members come back as a seekable window on the archive (no copy);
    /// deflated members inflate on the fly and throw <see cref="ScanLimitException"/> past <paramref name="maxBytes"/>.
    /// Other methods and encrypted members throw <see cref="InvalidDataException"/>.
    /// </summary>
    public Stream OpenEntry(ZipEntry entry, long maxBytes)
    {
        if (entry.IsEncrypted)
        {
            throw new InvalidDataException($"zip member {entry.Name} is encrypted");
        }

        var window = new SubStream(_stream, DataOffset(entry), entry.CompressedSize);
        return entry.Method switch
        {
            0 => window,
            8 => new BudgetStream(new DeflateStream(window, CompressionMode.Decompress), maxBytes, "zip member " + entry.Name),
            _ => throw new InvalidDataException(FormattableString.Invariant($"zip member {entry.Name} uses compression method {entry.Method} ({MethodName(entry.Method)}), which ThreatLint does not read")),
        };
    }

    /// <summary>Up to <paramref name="count"/> bytes from the start of the member (for magic numbers).</summary>
    public byte[] ReadPrefix(ZipEntry entry, int count)
    {
        using var stream = OpenEntry(entry, count + 1L);
        var buffer = new byte[count];
        var read = 0;
        while (read < count)
        {
            var n = stream.Read(buffer, read, count - read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        if (read == count)
        {
            return buffer;
        }

        var shorter = new byte[read];
        Buffer.BlockCopy(buffer, 0, shorter, 0, read);
        return shorter;
    }

    private static string MethodName(int method) => method switch
    {
        9 => "deflate64",
        12 => "bzip2",
        14 => "LZMA",
        93 => "Zstandard",
        95 => "xz",
        98 => "PPMd",
        _ => "unknown",
    };

    private static (long Offset, byte[] Record) FindEndRecord(Stream stream, long length)
    {
        if (length < EndRecordLength)
        {
            throw new InvalidDataException("the file is too short to be a zip archive");
        }

        // The end record is the last 22 bytes plus a comment of at most 65535 bytes.
        var tailLength = (int)Math.Min(length, EndRecordLength + 0xFFFF);
        var tail = ReadAt(stream, length - tailLength, tailLength);
        for (var i = tailLength - EndRecordLength; i >= 0; i--)
        {
            if (ReadUInt32(tail, i) == EndSignature)
            {
                var record = new byte[EndRecordLength];
                Buffer.BlockCopy(tail, i, record, 0, EndRecordLength);
                return (length - tailLength + i, record);
            }
        }

        throw new InvalidDataException("no zip end-of-central-directory record (not a zip, or truncated)");
    }

    private static List<ZipEntry> ParseDirectory(byte[] directory, long shift, ZipLimits limits)
    {
        var entries = new List<ZipEntry>();
        var at = 0;
        while (at + CentralHeaderLength <= directory.Length && ReadUInt32(directory, at) == CentralHeaderSignature)
        {
            if (entries.Count >= limits.MaxEntries)
            {
                throw new ScanLimitException(FormattableString.Invariant($"the zip archive holds more than {limits.MaxEntries} members"));
            }

            var flags = ReadUInt16(directory, at + 8);
            var method = ReadUInt16(directory, at + 10);
            var crc = ReadUInt32(directory, at + 16);
            long compressed = ReadUInt32(directory, at + 20);
            long uncompressed = ReadUInt32(directory, at + 24);
            var nameLength = ReadUInt16(directory, at + 28);
            var extraLength = ReadUInt16(directory, at + 30);
            var commentLength = ReadUInt16(directory, at + 32);
            long offset = ReadUInt32(directory, at + 42);
            var nameAt = at + CentralHeaderLength;
            var extraAt = nameAt + nameLength;
            var next = extraAt + extraLength + commentLength;
            if (next > directory.Length)
            {
                throw new InvalidDataException("a zip central directory entry runs past the directory");
            }

            var name = (flags & 0x800) != 0 ? Utf8.GetString(directory, nameAt, nameLength) : Latin1(directory, nameAt, nameLength);
            ReadZip64Extra(directory, extraAt, extraLength, ref uncompressed, ref compressed, ref offset);
            entries.Add(new ZipEntry(name, offset + shift, compressed, uncompressed, method, flags, crc)
            {
                HasUnsafePath = IsUnsafePath(name),
                NameByteLength = nameLength,
            });
            at = next;
        }

        return entries;
    }

    /// <summary>The ZIP64 extended information field holds, in order, only the values whose 32-bit field is all ones.</summary>
    private static void ReadZip64Extra(byte[] directory, int at, int length, ref long uncompressed, ref long compressed, ref long offset)
    {
        var end = at + length;
        while (at + 4 <= end)
        {
            var id = ReadUInt16(directory, at);
            var size = ReadUInt16(directory, at + 2);
            var body = at + 4;
            if (body + size > end)
            {
                return;
            }

            if (id == 0x0001)
            {
                var field = body;
                if (uncompressed == uint.MaxValue && field + 8 <= body + size)
                {
                    uncompressed = CheckedLong(ReadUInt64(directory, field));
                    field += 8;
                }

                if (compressed == uint.MaxValue && field + 8 <= body + size)
                {
                    compressed = CheckedLong(ReadUInt64(directory, field));
                    field += 8;
                }

                if (offset == uint.MaxValue && field + 8 <= body + size)
                {
                    offset = CheckedLong(ReadUInt64(directory, field));
                }

                return;
            }

            at = body + size;
        }
    }

    /// <summary>Compression ratios, total declared inflation and overlapping members (the Fifield construction).</summary>
    private static void CheckBombs(List<ZipEntry> entries, long directoryOffset, ZipLimits limits)
    {
        long inflated = 0;
        foreach (var entry in entries.Where(e => e.Method != 0))
        {
            if (entry.UncompressedSize >= limits.RatioCheckMinimumBytes
                && (entry.CompressedSize == 0 || entry.UncompressedSize / entry.CompressedSize > limits.MaxCompressionRatio))
            {
                throw new ScanLimitException(FormattableString.Invariant(
                    $"zip member {entry.Name} declares {entry.UncompressedSize} bytes from {entry.CompressedSize} compressed, a ratio over {limits.MaxCompressionRatio} (zip bomb)"));
            }

            inflated += entry.UncompressedSize;
            if (inflated > limits.MaxTotalInflatedBytes)
            {
                throw new ScanLimitException(FormattableString.Invariant(
                    $"the zip archive's compressed members declare more than {limits.MaxTotalInflatedBytes} bytes in total (zip bomb)"));
            }
        }

        var ordered = entries.OrderBy(e => e.LocalHeaderOffset).ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            var entry = ordered[i];
            var minimalEnd = entry.LocalHeaderOffset + LocalHeaderLength + entry.NameByteLength + entry.CompressedSize;
            var nextStart = i + 1 < ordered.Count ? ordered[i + 1].LocalHeaderOffset : directoryOffset;
            if (minimalEnd > nextStart)
            {
                throw new ScanLimitException(i + 1 < ordered.Count
                    ? $"zip members {entry.Name} and {ordered[i + 1].Name} overlap (a zip bomb construction)"
                    : $"zip member {entry.Name} overlaps the central directory");
            }
        }
    }

    private static bool IsUnsafePath(string name) =>
        name.StartsWith("/", StringComparison.Ordinal)
        || name.StartsWith("\\", StringComparison.Ordinal)
        || (name.Length >= 2 && name[1] == ':' && char.IsLetter(name[0]))
        || name.IndexOf('\0') >= 0
        || name.Split('/', '\\').Any(segment => segment == "..");

    private static bool HasSignatureAt(Stream stream, long offset, uint signature, long length) =>
        offset >= 0 && offset <= length - 4 && ReadUInt32(ReadAt(stream, offset, 4), 0) == signature;

    private static byte[] ReadAt(Stream stream, long offset, int count)
    {
        stream.Position = offset;
        var buffer = new byte[count];
        var read = 0;
        while (read < count)
        {
            var n = stream.Read(buffer, read, count - read);
            if (n == 0)
            {
                throw new InvalidDataException(FormattableString.Invariant($"the zip archive ends at byte {offset + read}, inside a structure (truncated?)"));
            }

            read += n;
        }

        return buffer;
    }

    private static int ReadUInt16(byte[] b, int at) => b[at] | (b[at + 1] << 8);

    private static uint ReadUInt32(byte[] b, int at) => (uint)(b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24));

    private static ulong ReadUInt64(byte[] b, int at) => ReadUInt32(b, at) | ((ulong)ReadUInt32(b, at + 4) << 32);

    private static long CheckedLong(ulong value) =>
        value > long.MaxValue ? throw new InvalidDataException("a zip size or offset larger than any file") : (long)value;

    private static string Latin1(byte[] bytes, int offset, int count)
    {
        var chars = new char[count];
        for (var i = 0; i < count; i++)
        {
            chars[i] = (char)bytes[offset + i];
        }

        return new string(chars);
    }
}
