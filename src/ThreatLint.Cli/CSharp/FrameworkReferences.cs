using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;

namespace ThreatLint.Cli.CSharp;

/// <summary>
/// The framework reference assemblies a project compiles against. Packages restored for net9.0/net10.0 are built
/// against that framework's System.Runtime, so the matching targeting pack is needed for their types to resolve: it is
/// taken from the .NET installation running the tool or from the NuGet package folders, and else the .NET 8 set
/// shipped in the tool (Basic.Reference.Assemblies, and ASP.NET Core 8's reference assemblies in refs/aspnetcore).
/// </summary>
internal static class FrameworkReferences
{
    private static readonly ConcurrentDictionary<string, ImmutableArray<MetadataReference>> Cache = new(StringComparer.Ordinal);

    private static readonly Lazy<ImmutableArray<MetadataReference>> BundledCore = new(() => [.. Basic.Reference.Assemblies.Net80.References.All]);

    private static readonly Lazy<ImmutableArray<MetadataReference>> BundledAspNetCore = new(() => Load(Path.Combine(AppContext.BaseDirectory, "refs", "aspnetcore")));

    /// <param name="targetFramework">"net10.0", "net8.0", … or null when unknown.</param>
    /// <param name="aspNetCore">Whether the project references the ASP.NET Core shared framework.</param>
    /// <param name="packageFolders">NuGet package folders the project's restore used.</param>
    public static ImmutableArray<MetadataReference> For(string? targetFramework, bool aspNetCore, IReadOnlyList<string> packageFolders)
    {
        if (Version(targetFramework) is { } version && version != "8.0"
            && Pack("Microsoft.NETCore.App.Ref", version, packageFolders) is { } core
            && (!aspNetCore || Pack("Microsoft.AspNetCore.App.Ref", version, packageFolders) is not null))
        {
            var web = aspNetCore ? Pack("Microsoft.AspNetCore.App.Ref", version, packageFolders) : null;
            return Cache.GetOrAdd(core + "|" + web, _ => [.. Load(core), .. web is null ? [] : Load(web)]);
        }

        return aspNetCore ? [.. BundledCore.Value, .. BundledAspNetCore.Value] : BundledCore.Value;
    }

    /// <summary>"10.0" for "net10.0" (also "net10.0-windows"); null for .NET Framework, netstandard or nothing.</summary>
    private static string? Version(string? targetFramework)
    {
        if (targetFramework is null || !targetFramework.StartsWith("net", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var version = targetFramework[3..].Split('-')[0];
        return version.Contains('.', StringComparison.Ordinal) && char.IsDigit(version[0]) ? version : null;
    }

    /// <summary>The ref/netX.Y folder of the newest installed or downloaded targeting pack of that major.minor.</summary>
    private static string? Pack(string name, string version, IReadOnlyList<string> packageFolders)
    {
        var candidates = new List<string>();
        if (DotnetRoot() is { } root)
        {
            candidates.Add(Path.Combine(root, "packs", name));
        }

        candidates.AddRange(packageFolders.Select(f => Path.Combine(f, name.ToLowerInvariant())));
        foreach (var candidate in candidates.Where(Directory.Exists))
        {
            var newest = Directory.EnumerateDirectories(candidate, version + ".*")
                .Select(d => Path.Combine(d, "ref", "net" + version))
                .Where(Directory.Exists)
                .OrderByDescending(d => System.Version.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(d))!).Split('-')[0], out var v) ? v : new Version())
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        return null;
    }

    /// <summary>
    /// The .NET installation whose targeting packs (packs/) the project may use: the one running the tool
    /// (shared/Microsoft.NETCore.App/&lt;version&gt;/ is three levels below it); for the native tool, which runs on no
    /// installed runtime, <c>DOTNET_ROOT</c> or the <c>dotnet</c> on the PATH.
    /// </summary>
    [UnconditionalSuppressMessage("SingleFile", "IL3000", Justification = "An empty location (native tool) falls back to DOTNET_ROOT and the PATH.")]
    private static string? DotnetRoot()
    {
        if (Path.GetDirectoryName(typeof(object).Assembly.Location) is { Length: > 0 } runtime)
        {
            return Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(runtime)));
        }

        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } configured && Directory.Exists(configured))
        {
            return configured;
        }

        var executable = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = new FileInfo(Path.Combine(folder, executable));
            if (candidate.Exists)
            {
                // /usr/bin/dotnet is usually a link into the installation.
                var target = candidate.ResolveLinkTarget(returnFinalTarget: true) ?? candidate;
                return Path.GetDirectoryName(target.FullName);
            }
        }

        return null;
    }

    private static ImmutableArray<MetadataReference> Load(string folder) =>
        Directory.Exists(folder)
            ? [.. Directory.EnumerateFiles(folder, "*.dll").Order(StringComparer.Ordinal).Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))]
            : [];
}
