using System.Text;
using ThreatLint.Documents.Binary;

namespace ThreatLint.Documents.Gguf;

/// <summary>Bounds of one GGUF header read.</summary>
/// <param name="MaxMetadataCount">Most key/value pairs (real models have a few dozen).</param>
/// <param name="MaxKeyBytes">Longest key.</param>
/// <param name="MaxStringBytes">Longest string value kept; longer ones are skipped and listed in <see cref="GgufHeader.SkippedKeys"/>.</param>
/// <param name="MaxArrayNesting">Deepest array of arrays.</param>
/// <param name="MaxArrayElements">Most elements in one array (a vocabulary has a few hundred thousand).</param>
public sealed record GgufLimits(
    ulong MaxMetadataCount = 65_536,
    int MaxKeyBytes = 64 * 1024,
    int MaxStringBytes = 4 * 1024 * 1024,
    int MaxArrayNesting = 4,
    ulong MaxArrayElements = 64UL * 1024 * 1024)
{
    public static GgufLimits Default { get; } = new();
}

/// <summary>
/// The header of a GGUF file (llama.cpp): magic, version, tensor count and the typed metadata key/value pairs, in either
/// byte order (big-endian files exist for s390x). Versions 1 (32-bit counts and lengths) to 3 are read. Only the
/// metadata section is touched, front to back; arrays (vocabularies, merges) are skipped element by element without
/// being kept, so a multi-gigabyte model costs the size of its metadata. Malformed input throws
/// <see cref="InvalidDataException"/>; a bound throws <see cref="ScanLimitException"/>.
/// </summary>
public sealed class GgufHeader
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly BinaryCursor _cursor;
    private readonly GgufLimits _limits;
    private readonly Dictionary<string, GgufValue> _metadata = new(StringComparer.Ordinal);
    private readonly List<string> _skipped = [];
    private bool _wide;

    private GgufHeader(BinaryCursor cursor, GgufLimits limits)
    {
        _cursor = cursor;
        _limits = limits;
    }

    public uint Version { get; private set; }

    public bool IsBigEndian { get; private set; }

    public ulong TensorCount { get; private set; }

    /// <summary>The metadata, in file order; arrays keep only their type and length.</summary>
    public IReadOnlyDictionary<string, GgufValue> Metadata => _metadata;

    /// <summary>Keys whose string value was longer than <see cref="GgufLimits.MaxStringBytes"/> and was skipped.</summary>
    public IReadOnlyList<string> SkippedKeys => _skipped;

    /// <summary>Where the metadata ends (the tensor infos start there).</summary>
    public long MetadataEnd { get; private set; }

    /// <summary>Reads the header from the start of <paramref name="stream"/>.</summary>
    public static GgufHeader Read(Stream stream, long fileLength, GgufLimits? limits = null)
    {
        var header = new GgufHeader(new BinaryCursor(stream, fileLength, "GGUF"), limits ?? GgufLimits.Default);
        header.ReadAll();
        return header;
    }

    private void ReadAll()
    {
        var magic = _cursor.ReadBytes(4);
        if (magic[0] != 'G' || magic[1] != 'G' || magic[2] != 'U' || magic[3] != 'F')
        {
            throw _cursor.Invalid("not a GGUF file (bad magic)");
        }

        var version = _cursor.ReadUInt32();
        if (version is 0 or > 0xFFFF)
        {
            // A big-endian file reads as 0x03000000 here.
            var swapped = ((version & 0xFF) << 24) | ((version & 0xFF00) << 8) | ((version >> 8) & 0xFF00) | (version >> 24);
            if (swapped is >= 1 and <= 0xFFFF)
            {
                IsBigEndian = true;
                _cursor.BigEndian = true;
                version = swapped;
            }
        }

        if (version is < 1 or > 3)
        {
            throw _cursor.Invalid(FormattableString.Invariant($"unsupported GGUF version {version}"));
        }

        Version = version;
        _wide = version >= 2;
        TensorCount = ReadCount();
        var count = ReadCount();
        if (count > _limits.MaxMetadataCount)
        {
            throw new ScanLimitException(FormattableString.Invariant($"GGUF declares {count} metadata entries, over the limit of {_limits.MaxMetadataCount}"));
        }

        for (ulong i = 0; i < count; i++)
        {
            var key = ReadKey();
            var type = ReadType();
            if (type == GgufValueType.String)
            {
                var length = ReadCount();
                if (length > (ulong)_limits.MaxStringBytes)
                {
                    _cursor.Skip(length);
                    _skipped.Add(key);
                    continue;
                }

                _metadata[key] = new GgufValue(type, Utf8.GetString(_cursor.ReadBytes((int)length)));
            }
            else if (type == GgufValueType.Array)
            {
                _metadata[key] = SkipArray(1);
            }
            else
            {
                _metadata[key] = new GgufValue(type, ReadScalar(type));
            }
        }

        MetadataEnd = _cursor.Position;
    }

    private string ReadKey()
    {
        var length = ReadCount();
        if (length > (ulong)_limits.MaxKeyBytes)
        {
            throw _cursor.Invalid(FormattableString.Invariant($"a metadata key of {length} bytes (over {_limits.MaxKeyBytes})"));
        }

        return Utf8.GetString(_cursor.ReadBytes((int)length));
    }

    private GgufValueType ReadType()
    {
        var type = _cursor.ReadUInt32();
        if (type > (uint)GgufValueType.Float64)
        {
            throw _cursor.Invalid(FormattableString.Invariant($"unknown metadata value type {type}"));
        }

        return (GgufValueType)type;
    }

    private GgufValue SkipArray(int nesting)
    {
        if (nesting > _limits.MaxArrayNesting)
        {
            throw new ScanLimitException(FormattableString.Invariant($"GGUF arrays nest deeper than {_limits.MaxArrayNesting} levels"));
        }

        var elementType = ReadType();
        var length = ReadCount();
        if (length > _limits.MaxArrayElements)
        {
            throw new ScanLimitException(FormattableString.Invariant($"a GGUF array of {length} elements is over the limit of {_limits.MaxArrayElements}"));
        }

        var fixedSize = FixedSize(elementType);
        if (fixedSize > 0)
        {
            if (length > (ulong)_cursor.Remaining / (ulong)fixedSize)
            {
                throw _cursor.Invalid(FormattableString.Invariant($"an array of {length} {elementType} runs past the end of the file (truncated?)"));
            }

            _cursor.Skip(length * (ulong)fixedSize);
        }
        else
        {
            for (ulong i = 0; i < length; i++)
            {
                if (elementType == GgufValueType.String)
                {
                    _cursor.Skip(ReadCount());
                }
                else
                {
                    SkipArray(nesting + 1);
                }
            }
        }

        return new GgufValue(GgufValueType.Array, null, elementType, length);
    }

    private object ReadScalar(GgufValueType type) => type switch
    {
        GgufValueType.UInt8 => (long)_cursor.ReadBytes(1)[0],
        GgufValueType.Int8 => (long)(sbyte)_cursor.ReadBytes(1)[0],
        GgufValueType.UInt16 => (long)(ushort)_cursor.ReadUInt(2),
        GgufValueType.Int16 => (long)(short)_cursor.ReadUInt(2),
        GgufValueType.UInt32 => (long)_cursor.ReadUInt32(),
        GgufValueType.Int32 => (long)(int)_cursor.ReadUInt32(),
        GgufValueType.UInt64 => _cursor.ReadUInt(8),
        GgufValueType.Int64 => (long)_cursor.ReadUInt(8),
        GgufValueType.Float32 => (double)BitConverter.ToSingle(BitConverter.GetBytes(_cursor.ReadUInt32()), 0),
        GgufValueType.Float64 => BitConverter.Int64BitsToDouble((long)_cursor.ReadUInt(8)),
        GgufValueType.Bool => _cursor.ReadBytes(1)[0] switch
        {
            0 => false,
            1 => true,
            var b => throw _cursor.Invalid(FormattableString.Invariant($"boolean value {b}")),
        },
        _ => throw _cursor.Invalid("unexpected value type " + type),
    };

    private ulong ReadCount() => _wide ? _cursor.ReadUInt(8) : _cursor.ReadUInt32();

    private static int FixedSize(GgufValueType type) => type switch
    {
        GgufValueType.UInt8 or GgufValueType.Int8 or GgufValueType.Bool => 1,
        GgufValueType.UInt16 or GgufValueType.Int16 => 2,
        GgufValueType.UInt32 or GgufValueType.Int32 or GgufValueType.Float32 => 4,
        GgufValueType.UInt64 or GgufValueType.Int64 or GgufValueType.Float64 => 8,
        _ => 0,
    };
}
