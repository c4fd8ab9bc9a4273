namespace ThreatLint.Tests;

/// <summary>Paths in the source tree, found from a test's output folder (linked into every test project).</summary>
internal static class RepoPaths
{
    /// <summary>The repository root: the nearest ancestor holding ThreatLint.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The shared catalogs folder next to the repository, or null when it is not there.</summary>
    public static string? SharedCatalogs =>
        Path.Combine(Path.GetDirectoryName(Root)!, "shared", "catalogs") is var path && Directory.Exists(path) ? path : null;

    public static string Of(string relativePath) => Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ThreatLint.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No ThreatLint.sln above {AppContext.BaseDirectory}");
    }
}
