namespace ThreatLint.Documents.Archives;

/// <summary>A read-only window on a seekable stream. Several windows may share one base stream (each seeks before it
/// reads); none may be used from two threads.</summary>
internal sealed class SubStream(Stream inner, long start, long length) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = value is >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var left = length - _position;
        if (left <= 0 || count <= 0)
        {
            return 0;
        }

        inner.Position = start + _position;
        var n = inner.Read(buffer, offset, (int)Math.Min(count, left));
        _position += n;
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
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

/// <summary>Passes reads through until a byte budget is spent, then throws <see cref="ScanLimitException"/>: an
/// inflating member that lies about its size cannot make the scan inflate more than the budget.</summary>
internal sealed class BudgetStream(Stream inner, long budget, string what) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_read >= budget)
        {
            // One probe byte tells a stream that ends exactly at the budget from one that goes on.
            var probe = new byte[1];
            if (inner.Read(probe, 0, 1) == 0)
            {
                return 0;
            }

            throw new ScanLimitException(FormattableString.Invariant($"{what} inflates to more than {budget} bytes"));
        }

        var n = inner.Read(buffer, offset, (int)Math.Min(count, budget - _read));
        _read += n;
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
