namespace ThreatLint.Documents.Pickle;

/// <summary>
/// Forward reading of a pickle stream through a buffer, with the position known. Works on streams that cannot seek
/// (inflating zip members, decompressed joblib files); on seekable streams large constants are skipped by seeking, so
/// a multi-gigabyte BINBYTES costs nothing. Every read past the end throws <see cref="PickleStopException"/>
/// (truncated); bytes read are bounded.
/// </summary>
internal sealed class PickleReader
{
    private const int BufferSize = 64 * 1024;

    private readonly Stream _stream;
    private readonly long _baseOffset;
    private readonly long _maxBytesRead;
    private readonly long _end;
    private readonly byte[] _buffer = new byte[BufferSize];
    private long _bufferStart;
    private int _index;
    private int _count;
    private long _bytesRead;

    /// <param name="stream">Read from its current position.</param>
    /// <param name="baseOffset">The offset reported for the stream's current position.</param>
    /// <param name="maxBytesRead">Bound on bytes actually read (seek skips excepted).</param>
    public PickleReader(Stream stream, long baseOffset, long maxBytesRead)
    {
        _stream = stream;
        _baseOffset = baseOffset;
        _maxBytesRead = maxBytesRead;
        _end = stream.CanSeek ? stream.Length - stream.Position : long.MaxValue;
    }

    /// <summary>Offset of the next byte, in the caller's coordinates.</summary>
    public long Position => _baseOffset + _bufferStart + _index;

    /// <summary>The next byte, or -1 at the end, without consuming it.</summary>
    public int Peek()
    {
        if (_index == _count && !TryFill())
        {
            return -1;
        }

        return _buffer[_index];
    }

    /// <summary>The byte after the next one, or -1.</summary>
    public int PeekSecond()
    {
        if (_count - _index < 2)
        {
            TryFill();
        }

        return _count - _index >= 2 ? _buffer[_index + 1] : -1;
    }

    public int ReadByteOrEnd()
    {
        if (_index == _count && !TryFill())
        {
            return -1;
        }

        return _buffer[_index++];
    }

    public byte ReadByte()
    {
        var b = ReadByteOrEnd();
        return b < 0 ? throw Truncated(1) : (byte)b;
    }

    /// <summary>A little-endian unsigned integer of 1, 2, 4 or 8 bytes.</summary>
    public ulong ReadUInt(int width)
    {
        ulong value = 0;
        for (var i = 0; i < width; i++)
        {
            value |= (ulong)ReadByte() << (8 * i);
        }

        return value;
    }

    public int ReadInt32() => unchecked((int)(uint)ReadUInt(4));

    public byte[] ReadBytes(int count)
    {
        var result = new byte[count];
        var copied = 0;
        while (copied < count)
        {
            if (_index == _count && !TryFill())
            {
                throw Truncated(count);
            }

            var n = Math.Min(count - copied, _count - _index);
            Buffer.BlockCopy(_buffer, _index, result, copied, n);
            _index += n;
            copied += n;
        }

        return result;
    }

    /// <summary>Moves forward <paramref name="count"/> bytes, seeking when the stream allows.</summary>
    public void Skip(long count)
    {
        var inBuffer = _count - _index;
        if (count <= inBuffer)
        {
            _index += (int)count;
            return;
        }

        var consumed = _bufferStart + _index;
        if (count > _end - consumed)
        {
            throw Truncated(count);
        }

        if (_stream.CanSeek)
        {
            _stream.Seek(count - inBuffer, SeekOrigin.Current);
            _bufferStart = consumed + count;
            _index = 0;
            _count = 0;
            return;
        }

        var left = count;
        while (left > 0)
        {
            if (_index == _count && !TryFill())
            {
                throw Truncated(count);
            }

            var n = (int)Math.Min(left, _count - _index);
            _index += n;
            left -= n;
        }
    }

    /// <summary>Bytes up to a newline (consumed, not returned). Protocol 0 text arguments.</summary>
    public byte[] ReadLine(int maxLength)
    {
        var start = Position;
        var line = new List<byte>();
        while (true)
        {
            var b = ReadByteOrEnd();
            if (b < 0)
            {
                throw new PickleStopException(PickleProblemKind.Truncated, start, "the stream ends inside a text argument (truncated?)");
            }

            if (b == '\n')
            {
                return [.. line];
            }

            if (line.Count >= maxLength)
            {
                throw new PickleStopException(PickleProblemKind.Invalid, start, FormattableString.Invariant($"a text argument longer than {maxLength} bytes"));
            }

            line.Add((byte)b);
        }
    }

    private PickleStopException Truncated(long wanted) =>
        new(PickleProblemKind.Truncated, Position, FormattableString.Invariant($"{wanted} bytes wanted but the stream ends first (truncated?)"));

    private bool TryFill()
    {
        var left = _count - _index;
        Buffer.BlockCopy(_buffer, _index, _buffer, 0, left);
        _bufferStart += _index;
        _index = 0;
        _count = left;
        var room = (int)Math.Min(BufferSize - _count, _end - (_bufferStart + _count));
        if (room <= 0)
        {
            return _count > 0;
        }

        if (_bytesRead >= _maxBytesRead)
        {
            throw new PickleStopException(PickleProblemKind.Limit, Position, FormattableString.Invariant($"read {_bytesRead} bytes, the bound for one pickle"));
        }

        int n;
        try
        {
            n = _stream.Read(_buffer, _count, room);
        }
        catch (ScanLimitException e)
        {
            throw new PickleStopException(PickleProblemKind.Limit, Position + _count, e.Message);
        }
        catch (InvalidDataException e)
        {
            // A corrupt compressed stream (deflate, gzip) under the pickle.
            throw new PickleStopException(PickleProblemKind.Invalid, Position + _count, "the compressed data is corrupt: " + e.Message);
        }

        _bytesRead += n;
        _count += n;
        return _count > 0;
    }
}

/// <summary>Ends the interpretation of one pickle stream (truncation, malformed opcode, bound).</summary>
internal sealed class PickleStopException : Exception
{
    public PickleStopException(PickleProblemKind kind, long offset, string message)
        : base(message)
    {
        Kind = kind;
        Offset = offset;
    }

    public PickleStopException()
    {
    }

    public PickleStopException(string message)
        : base(message)
    {
    }

    public PickleStopException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PickleProblemKind Kind { get; }

    public long Offset { get; }
}
