using System.Text.Json;

namespace ThreatLint.Cli.CSharp;

/// <summary>
/// What a restored project compiles against, from its <c>obj/project.assets.json</c>: the compile assemblies of its
/// packages (resolved in the NuGet package folders the restore used) and its framework references. Read offline: a
/// project that was never restored, or whose packages are gone, simply has none, and the rules see unresolved types.
/// </summary>
internal sealed class RestoredPackages
{
    private const long MaxAssetsFileBytes = 64L * 1024 * 1024;

    private RestoredPackages(IReadOnlyList<string> compileAssemblies, IReadOnlyList<string> frameworkReferences, int missing, string? targetFramework = null, IReadOnlyList<string>? packageFolders = null)
    {
        TargetFramework = targetFramework;
        PackageFolders = packageFolders ?? [];
        CompileAssemblies = compileAssemblies;
        FrameworkReferences = frameworkReferences;
        Missing = missing;
    }

    public static RestoredPackages None { get; } = new([], [], 0);

    /// <summary>Absolute paths of the package assemblies the project compiles against, found on disk.</summary>
    public IReadOnlyList<string> CompileAssemblies { get; }

    /// <summary>"Microsoft.AspNetCore.App", …</summary>
    public IReadOnlyList<string> FrameworkReferences { get; }

    /// <summary>The restored target framework ("net10.0"), or null.</summary>
    public string? TargetFramework { get; }

    /// <summary>The NuGet package folders the restore used.</summary>
    public IReadOnlyList<string> PackageFolders { get; }

    /// <summary>Compile assemblies the assets file names but no package folder holds.</summary>
    public int Missing { get; }

    public static RestoredPackages Read(CSharpProject project)
    {
        if (project.ProjectFile is null)
        {
            return None;
        }

        var obj = project.Property("BaseIntermediateOutputPath") is { Length: > 0 } custom && !custom.Contains("$(", StringComparison.Ordinal)
            ? Path.Combine(project.Directory, custom)
            : Path.Combine(project.Directory, "obj");
        var assets = Path.Combine(obj, "project.assets.json");
        try
        {
            var file = new FileInfo(assets);
            if (!file.Exists || file.Length > MaxAssetsFileBytes)
            {
                return None;
            }

            using var stream = file.OpenRead();
            using var json = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 64 });
            return Read(json.RootElement);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return None;
        }
    }

    private static RestoredPackages Read(JsonElement assets)
    {
        var folders = assets.TryGetProperty("packageFolders", out var packageFolders) && packageFolders.ValueKind == JsonValueKind.Object
            ? packageFolders.EnumerateObject().Select(f => f.Name).ToList()
            : [];
        if (!assets.TryGetProperty("targets", out var targets) || targets.ValueKind != JsonValueKind.Object
            || !assets.TryGetProperty("libraries", out var libraries) || libraries.ValueKind != JsonValueKind.Object)
        {
            return None;
        }

        // The framework-only target ("net10.0"), not a runtime-specific one ("net10.0/linux-x64"); the first when multi-targeted.
        var target = targets.EnumerateObject().FirstOrDefault(t => !t.Name.Contains('/', StringComparison.Ordinal));
        if (target.Value.ValueKind != JsonValueKind.Object)
        {
            return None;
        }

        var assemblies = new List<string>();
        var missing = 0;
        foreach (var library in target.Value.EnumerateObject())
        {
            if (!library.Value.TryGetProperty("type", out var type) || type.GetString() != "package"
                || !library.Value.TryGetProperty("compile", out var compile) || compile.ValueKind != JsonValueKind.Object
                || !libraries.TryGetProperty(library.Name, out var info) || !info.TryGetProperty("path", out var pathElement)
                || pathElement.GetString() is not { Length: > 0 } packagePath)
            {
                continue;
            }

            foreach (var asset in compile.EnumerateObject())
            {
                // "_._" marks "nothing for this framework"; only assemblies are references.
                if (!asset.Name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var found = folders.Select(f => Path.GetFullPath(Path.Combine(f, packagePath, asset.Name))).FirstOrDefault(File.Exists);
                if (found is null)
                {
                    missing++;
                }
                else
                {
                    assemblies.Add(found);
                }
            }
        }

        var frameworks = FrameworkReferencesOf(assets, target.Name, out var shortName);
        return new RestoredPackages(assemblies, frameworks, missing, shortName, folders);
    }

    private static List<string> FrameworkReferencesOf(JsonElement assets, string targetName, out string? shortName)
    {
        shortName = null;
        var references = new List<string>();
        if (assets.TryGetProperty("project", out var project) && project.TryGetProperty("frameworks", out var frameworks) && frameworks.ValueKind == JsonValueKind.Object)
        {
            foreach (var framework in frameworks.EnumerateObject())
            {
                // The key is the TFM as written ("net10.0"); the target's name may be its long form (".NETCoreApp,Version=v10.0").
                shortName ??= framework.Name;
                if (framework.Value.TryGetProperty("frameworkReferences", out var refs) && refs.ValueKind == JsonValueKind.Object
                    && (framework.Name == targetName || frameworks.EnumerateObject().Count() == 1))
                {
                    references.AddRange(refs.EnumerateObject().Select(r => r.Name));
                }
            }
        }

        return references;
    }
}
