using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace ThreatLint.Analyzers.Tests;

/// <summary>
/// What test sources compile against, all from this test's own output: the running runtime's assemblies
/// (no reference-pack download at test time, PACKAGING.md pitfall 14) and the real AI SDKs.
/// </summary>
internal static class TestReferences
{
    // OpenAI, Azure.AI.OpenAI, Azure.Core, System.ClientModel, Semantic Kernel, and what their signatures mention.
    private static readonly string[] SdkAssemblyPrefixes =
        ["OpenAI.", "Azure.", "System.ClientModel.", "System.Memory.Data.", "Microsoft.SemanticKernel.", "Microsoft.Extensions.",
        "Newtonsoft.", "Microsoft.ML.", "Microsoft.AspNetCore.", "System.Threading.RateLimiting."];

    /// <summary>No package: the framework comes from <see cref="All"/>.</summary>
    public static ReferenceAssemblies Runtime { get; } = new("net10.0-running");

    public static ImmutableArray<MetadataReference> All { get; } = Load();

    private static ImmutableArray<MetadataReference> Load()
    {
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location);
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return
        [
            .. trusted
                .Where(path => Path.GetDirectoryName(path) == runtimeDirectory
                    || SdkAssemblyPrefixes.Any(prefix => Path.GetFileName(path).StartsWith(prefix, StringComparison.Ordinal)))
                .Order(StringComparer.Ordinal)
                .Select(path => MetadataReference.CreateFromFile(path)),
        ];
    }
}
