namespace ThreatLint.Documents.Archives;

/// <summary>Bounds for reading one zip archive. Exceeding one throws <see cref="ScanLimitException"/> (TL9002).</summary>
public sealed record ZipLimits
{
    public static ZipLimits Default { get; } = new();

    /// <summary>Members listed in the central directory.</summary>
    public int MaxEntries { get; init; } = 100_000;

    /// <summary>Size of the central directory itself.</summary>
    public long MaxCentralDirectoryBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Declared inflated size over compressed size of one compressed member (deflate tops out near 1032).</summary>
    public long MaxCompressionRatio { get; init; } = 1000;

    /// <summary>Members declaring less than this are not judged by their ratio.</summary>
    public long RatioCheckMinimumBytes { get; init; } = 1024L * 1024;

    /// <summary>Declared inflated bytes of all compressed members together.</summary>
    public long MaxTotalInflatedBytes { get; init; } = 16L * 1024 * 1024 * 1024;
}
