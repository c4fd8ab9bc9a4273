namespace ThreatLint;

/// <summary>
/// Thrown by a parser or reader that hit one of its bounds (bytes, depth, members, ratio, opcodes). The
/// scanner turns it into a TL9002 finding for the file and goes on; the message says which bound.
/// </summary>
public sealed class ScanLimitException : Exception
{
    public ScanLimitException(string message)
        : base(message)
    {
    }

    public ScanLimitException()
    {
    }

    public ScanLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
