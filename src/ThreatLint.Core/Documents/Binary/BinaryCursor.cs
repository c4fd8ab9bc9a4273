namespace ThreatLint.Documents.Binary;

/// <summary>
/// Forward reading of a binary file through a small buffer, with the absolute position known and skips that seek
/// instead of reading: the GGUF and ONNX readers walk headers and message structure without ever loading tensor
/// bytes. Reads past <see cref="Length"/> throw <see cref="InvalidDataException"/> ("truncated"), so a lying length
/// field can never make the reader allocate or wait for more than the file holds.
/// </summary>
internal sealed class BinaryCursor
{
    private const int BufferSize = 64 * 1024;

    private readonly Stream _stream;
    private readonly string _format;
    private readonly byte[] _buffer = new byte[BufferSize];
    private long _bufferStart;
    private int _bufferCount;
    private int _bufferIndex;

    public BinaryCursor(Stream stream, long length, string format)
    {
        _stream = stream;
        _format = format;
        Length = length;
        _bufferStart = stream.CanSeek ? stream.Position : 0;
    }

    public long Length { get; }

    public long Position => _bufferStart + _bufferIndex;

    public long Remaining => Length - Position;

    /// <summary>Multi-byte integers are big-endian when set.</summary>
    public bool BigEndian { get; set; }

    public byte ReadByte()
    {
        if (_bufferIndex == _bufferCount)
        {
            Fill(1);
        }

        return _buffer[_bufferIndex++];
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes; the caller bounds the count.</summary>
    public byte[] ReadBytes(int count)
    {
        if (count > Remaining)
        {
            throw Truncated(count);
        }

        var result = new byte[count];
        var copied = 0;
        while (copied < count)
        {
            if (_bufferIndex == _bufferCount)
            {
                Fill(1);
            }

            var n = Math.Min(count - copied, _bufferCount - _bufferIndex);
            Buffer.BlockCopy(_buffer, _bufferIndex, result, copied, n);
            _bufferIndex += n;
            copied += n;
        }

        return result;
    }

    public uint ReadUInt32() => (uint)ReadUInt(4);

    /// <summary>An unsigned integer of <paramref name="width"/> bytes in the cursor's byte order.</summary>
    public ulong ReadUInt(int width)
    {
        if (_bufferCount - _bufferIndex < width)
        {
            Fill(width);
        }

        ulong value = 0;
        for (var i = 0; i < width; i++)
        {
            var b = _buffer[_bufferIndex + (BigEndian ? i : width - 1 - i)];
            value = (value << 8) | b;
        }

        _bufferIndex += width;
        return value;
    }

    /// <summary>Moves forward <paramref name="count"/> bytes, seeking when the stream allows.</summary>
    public void Skip(ulong count)
    {
        if (count > (ulong)Remaining)
        {
            throw Truncated(count);
        }

        var inBuffer = (ulong)(_bufferCount - _bufferIndex);
        if (count <= inBuffer)
        {
            _bufferIndex += (int)count;
            return;
        }

        var target = Position + (long)count;
        if (_stream.CanSeek)
        {
            _stream.Seek(target, SeekOrigin.Begin);
        }
        else
        {
            var toDiscard = target - (_bufferStart + _bufferCount);
            while (toDiscard > 0)
            {
                var n = _stream.Read(_buffer, 0, (int)Math.Min(BufferSize, toDiscard));
                if (n == 0)
                {
                    throw Truncated((long)count);
                }

                toDiscard -= n;
            }
        }

        _bufferStart = target;
        _bufferCount = 0;
        _bufferIndex = 0;
    }

    public InvalidDataException Invalid(string problem) =>
        new(FormattableString.Invariant($"malformed {_format} file at byte {Position}: {problem}"));

    private InvalidDataException Truncated(long wanted) =>
        new(FormattableString.Invariant($"malformed {_format} file: {wanted} bytes wanted at byte {Position} but the {Length}-byte file ends first (truncated?)"));

    private InvalidDataException Truncated(ulong wanted) =>
        new(FormattableString.Invariant($"malformed {_format} file: {wanted} bytes wanted at byte {Position} but the {Length}-byte file ends first (truncated?)"));

    /// <summary>Makes at least <paramref name="needed"/> unread bytes available in the buffer.</summary>
    private void Fill(int needed)
    {
        if (needed > Remaining)
        {
            throw Truncated(needed);
        }

        var left = _bufferCount - _bufferIndex;
        Buffer.BlockCopy(_buffer, _bufferIndex, _buffer, 0, left);
        _bufferStart += _bufferIndex;
        _bufferIndex = 0;
        _bufferCount = left;
        while (_bufferCount < needed)
        {
            var want = (int)Math.Min(BufferSize - _bufferCount, Length - (_bufferStart + _bufferCount));
            var n = want <= 0 ? 0 : _stream.Read(_buffer, _bufferCount, want);
            if (n == 0)
            {
                throw Truncated(needed);
            }

            _bufferCount += n;
        }
    }
}
