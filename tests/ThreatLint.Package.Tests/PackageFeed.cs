using System.Globalization;

namespace ThreatLint.Package.Tests;

/// <summary>
/// Packs the ThreatLint nupkg once for every test in this assembly, into a temporary feed, with a version
/// no other run has used: NuGet never re-extracts a version already in the global packages folder
/// (PACKAGING.md pitfall 10), so a fixed version would test an old package. The extracted copy is deleted
/// afterwards. Set THREATLINT_E2E_KEEP=1 to keep the feed and the consumer repositories for a look.
/// </summary>
[SetUpFixture]
public sealed class PackageFeed
{
    private static string? _version;
    private static string? _runDirectory;
    private static string? _nupkg;

    /// <summary>The version of the package under test, e.g. <c>0.1.0-e2e.20261129204900.r4711</c>.</summary>
    public static string Version => _version ?? throw new InvalidOperationException("The package was not packed.");

    /// <summary>The temporary folder of this run, outside the repository: the feed and every consumer live in it.</summary>
    public static string RunDirectory => _runDirectory ?? throw new InvalidOperationException("The package was not packed.");

    public static string FeedDirectory => Path.Combine(RunDirectory, "feed");

    public static string Nupkg => _nupkg ?? throw new InvalidOperationException("The package was not packed.");

    [OneTimeSetUp]
    public void Pack()
    {
        var unique = string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyyMMddHHmmss}.r{Random.Shared.Next(1000, 10000)}");
        _version = "0.1.0-e2e." + unique;
        _runDirectory = Path.Combine(Path.GetTempPath(), "threatlint-e2e", unique);
        Directory.CreateDirectory(FeedDirectory);

        var repository = RepoPaths.Root;
        var pack = Dotnet.Run(
            repository,
            ["pack", Path.Combine(repository, "packaging", "ThreatLint.Package.csproj"), "-c", "Release", "-o", FeedDirectory, "-p:Version=" + Version, "-nologo", "-v:minimal", "-tl:off", "-nodeReuse:false"],
            TimeSpan.FromMinutes(8));
        Assert.That(pack.ExitCode, Is.Zero, "dotnet pack failed:\n" + pack);

        _nupkg = Path.Combine(FeedDirectory, $"ThreatLint.{Version}.nupkg");
        Assert.That(File.Exists(_nupkg), Is.True, $"{_nupkg} was not written:\n{pack}");
    }

    [OneTimeTearDown]
    public void Clean()
    {
        if (_version is null)
        {
            return;
        }

        // The consumers extracted this version into the global packages folder; nothing else will use it again.
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var threatLint = Path.Combine(packages, "threatlint");
        DeleteDirectory(Path.Combine(threatLint, _version.ToLowerInvariant()));
        DeleteIfEmpty(threatLint);

        if (Environment.GetEnvironmentVariable("THREATLINT_E2E_KEEP") != "1" && _runDirectory is not null)
        {
            DeleteDirectory(_runDirectory);
            DeleteIfEmpty(Path.GetDirectoryName(_runDirectory)!);
        }
    }

    private static void DeleteIfEmpty(string path)
    {
        try
        {
            if (Directory.Exists(path) && !Directory.EnumerateFileSystemEntries(path).Any())
            {
                Directory.Delete(path);
            }
        }
        catch (IOException)
        {
            // Another run (or a consumer restore) put something there meanwhile: it is not ours to delete.
        }
    }

    private static void DeleteDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
