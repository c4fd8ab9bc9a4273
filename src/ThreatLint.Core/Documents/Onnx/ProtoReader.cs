using System.Text;
using ThreatLint.Documents.Binary;

namespace ThreatLint.Documents.Onnx;

/// <summary>Protocol buffers wire types.</summary>
internal enum WireType
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    StartGroup = 3,
    EndGroup = 4,
    Fixed32 = 5,
}

/// <summary>
/// A minimal reader of the protobuf wire format over a <see cref="BinaryCursor"/>: tags, varints, fixed32/64 and
/// length-delimited fields, with nested messages entered and left explicitly so the caller decides which fields to
/// descend into. Every other field is skipped by seeking, never read. Lengths are checked against the enclosing
/// message and the file, so a field cannot claim more bytes than exist; messages nest at most
/// <see cref="MaxNesting"/> deep. Malformed input throws <see cref="InvalidDataException"/>.
/// </summary>
internal sealed class ProtoReader
{
    /// <summary>protobuf's own default recursion limit.</summary>
    public const int MaxNesting = 100;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly BinaryCursor _cursor;
    private readonly Stack<long> _ends = new();
    private long _end;

    public ProtoReader(BinaryCursor cursor)
    {
        _cursor = cursor;
        _end = cursor.Length;
    }

    public long Position => _cursor.Position;

    public int Depth => _ends.Count;

    /// <summary>Reads the next tag of the current message; false at its end.</summary>
    public bool TryReadTag(out int field, out WireType wireType)
    {
        field = 0;
        wireType = WireType.Varint;
        if (_cursor.Position >= _end)
        {
            return false;
        }

        var tag = ReadVarint();
        var number = tag >> 3;
        if (number == 0 || number > 536_870_911)
        {
            throw Invalid("a field number of " + number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        field = (int)number;
        wireType = (WireType)(tag & 7);
        if (wireType is WireType.StartGroup or WireType.EndGroup || (int)wireType > 5)
        {
            throw Invalid("unsupported wire type " + ((int)wireType).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return true;
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (_cursor.Position >= _end)
            {
                throw Invalid("a varint runs past the end of its message");
            }

            var b = _cursor.ReadByte();
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw Invalid("a varint longer than 10 bytes");
    }

    /// <summary>Reads the length of a length-delimited field and checks it fits the enclosing message.</summary>
    public long ReadLength()
    {
        var length = ReadVarint();
        if (length > (ulong)(_end - _cursor.Position))
        {
            throw Invalid(FormattableString.Invariant($"a field of {length} bytes runs past the end of its message ({_end - _cursor.Position} bytes left; truncated?)"));
        }

        return (long)length;
    }

    /// <summary>Enters the embedded message of the length-delimited field whose tag was just read.</summary>
    public void EnterMessage()
    {
        if (_ends.Count >= MaxNesting)
        {
            throw new ScanLimitException(FormattableString.Invariant($"protobuf messages nest deeper than {MaxNesting} levels"));
        }

        var length = ReadLength();
        _ends.Push(_end);
        _end = _cursor.Position + length;
    }

    /// <summary>Skips what is left of the current message and returns to the enclosing one.</summary>
    public void LeaveMessage()
    {
        _cursor.Skip((ulong)(_end - _cursor.Position));
        _end = _ends.Pop();
    }

    /// <summary>Reads a length-delimited field as UTF-8; longer than <paramref name="maxBytes"/> is a scan limit.</summary>
    public string ReadString(int maxBytes, string what)
    {
        var length = ReadLength();
        if (length > maxBytes)
        {
            throw new ScanLimitException(FormattableString.Invariant($"ONNX {what} of {length} bytes is over the {maxBytes}-byte limit"));
        }

        return Utf8.GetString(_cursor.ReadBytes((int)length));
    }

    /// <summary>Reads a length-delimited field as UTF-8, or skips it and returns null when longer than <paramref name="maxBytes"/>.</summary>
    public string? TryReadString(int maxBytes)
    {
        var length = ReadLength();
        if (length > maxBytes)
        {
            _cursor.Skip((ulong)length);
            return null;
        }

        return Utf8.GetString(_cursor.ReadBytes((int)length));
    }

    /// <summary>Skips the value of a field of the given wire type.</summary>
    public void Skip(WireType wireType)
    {
        switch (wireType)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                SkipBytes(8);
                break;
            case WireType.Fixed32:
                SkipBytes(4);
                break;
            case WireType.LengthDelimited:
                _cursor.Skip((ulong)ReadLength());
                break;
            default:
                throw Invalid("unsupported wire type " + wireType);
        }
    }

    public InvalidDataException Invalid(string problem) => _cursor.Invalid(problem);

    private void SkipBytes(int count)
    {
        if (count > _end - _cursor.Position)
        {
            throw Invalid("a fixed-size field runs past the end of its message");
        }

        _cursor.Skip((ulong)count);
    }
}
