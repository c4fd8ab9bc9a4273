namespace ThreatLint.Discovery;

/// <summary>A file the scan will look at.</summary>
/// <param name="FullPath">Absolute path on disk.</param>
/// <param name="RelativePath">Path relative to the scan root, with '/' separators.</param>
/// <param name="Kind">What the file is.</param>
/// <param name="Length">Size in bytes.</param>
/// <param name="LastWriteTimeUtc">Modification time; with the size, what the incremental build compares.</param>
public sealed record DiscoveredFile(string FullPath, string RelativePath, DocumentKind Kind, long Length, DateTime LastWriteTimeUtc);
