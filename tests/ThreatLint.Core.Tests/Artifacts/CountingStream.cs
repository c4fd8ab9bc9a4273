namespace ThreatLint.Core.Tests.Artifacts;

/// <summary>
/// A read-only stream of <see cref="Length"/> bytes whose start is <c>prefix</c> and whose rest reads as zeros,
/// counting the bytes actually read: a "multi-gigabyte" model without the disk, to prove readers only read headers.
/// </summary>
internal sealed class CountingStream(byte[] prefix, long length) : Stream
{
    private long _position;

    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = value;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = (int)Math.Max(0, Math.Min(count, length - _position));
        for (var i = 0; i < n; i++)
        {
            var at = _position + i;
            buffer[offset + i] = at < prefix.Length ? prefix[at] : (byte)0;
        }

        _position += n;
        BytesRead += n;
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        _position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => length + offset,
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
