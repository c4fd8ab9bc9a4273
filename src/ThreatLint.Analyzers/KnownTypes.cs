using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace ThreatLint.Analyzers;

/// <summary>
/// The types the rules look up by metadata name, resolved once per compilation for all of them. Each lookup searches every
/// reference of the compilation (a few hundred in an ASP.NET Core project) and the compiler does not remember the answer:
/// with a dozen analyzers resolving the same ASP.NET Core, AI and BCL types at compilation start, the lookups were most of
/// the analyzers' fixed cost on small projects (bench/README.md, "Analyzer cost"). Missing types are remembered too.
/// </summary>
internal static class KnownTypes
{
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<string, INamedTypeSymbol?>> Cache = new();

    /// <summary>What <see cref="Compilation.GetTypeByMetadataName"/> answers, asked once per compilation and name.</summary>
    public static INamedTypeSymbol? Get(Compilation compilation, string metadataName)
    {
        var types = Cache.GetValue(compilation, _ => new ConcurrentDictionary<string, INamedTypeSymbol?>(StringComparer.Ordinal));
        return types.TryGetValue(metadataName, out var type) ? type : types.GetOrAdd(metadataName, compilation.GetTypeByMetadataName(metadataName));
    }
}
