using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace ThreatLint.Analyzers;

/// <summary>
/// The types the rules look up by metadata name, resolved once per compilation for all of them. The analyzers' fixed cost
/// on small projects was mostly <see cref="Compilation.GetTypeByMetadataName"/>: each call searches every reference of the
/// compilation (over 300 in an ASP.NET Core project), the compiler does not remember the answer, and a dozen analyzers asked
/// for the same ASP.NET Core, AI and BCL types at compilation start (bench/README.md, "Analyzer cost").
/// </summary>
internal static class KnownTypes
{
    private static readonly ConditionalWeakTable<Compilation, Types> Cache = new();

    /// <summary>What <see cref="Compilation.GetTypeByMetadataName"/> answers, asked once per compilation and name.</summary>
    public static INamedTypeSymbol? Get(Compilation compilation, string metadataName) =>
        Cache.GetValue(compilation, c => new Types(c)).Get(metadataName);

    /// <summary>
    /// The namespace named by the first <paramref name="count"/> parts below <paramref name="root"/>, or null. By name:
    /// GetNamespaceMembers() would build every namespace of the level merged across all references.
    /// </summary>
    public static INamespaceSymbol? Namespace(INamespaceSymbol root, string[] parts, int count)
    {
        INamespaceSymbol? ns = root;
        for (var i = 0; i < count && ns is not null; i++)
        {
            ns = ns.GetMembers(parts[i]).OfType<INamespaceSymbol>().FirstOrDefault();
        }

        return ns;
    }

    private sealed class Types(Compilation compilation)
    {
        private readonly ConcurrentDictionary<string, INamedTypeSymbol?> _types = new(StringComparer.Ordinal);

        // A reference with an extern alias is outside the global namespace: only GetTypeByMetadataName sees its types.
        private readonly bool _aliased = compilation.References.Any(r => !r.Properties.Aliases.IsEmpty);

        public INamedTypeSymbol? Get(string metadataName) =>
            _types.TryGetValue(metadataName, out var type) ? type : _types.GetOrAdd(metadataName, Lookup(metadataName));

        /// <summary>
        /// Through the merged namespace (which reads only the references that have it) when exactly one type or none has the
        /// name: what GetTypeByMetadataName answers then too, about fifty times faster. Duplicates, nested and aliased types
        /// are left to GetTypeByMetadataName and its rules.
        /// </summary>
        private INamedTypeSymbol? Lookup(string metadataName)
        {
            if (_aliased || metadataName.IndexOf('+') >= 0)
            {
                return compilation.GetTypeByMetadataName(metadataName);
            }

            var parts = metadataName.Split('.');
            var ns = Namespace(compilation.GlobalNamespace, parts, parts.Length - 1);

            var name = parts[parts.Length - 1];
            var tick = name.IndexOf('`');
            var arity = tick < 0 ? 0 : int.Parse(name.Substring(tick + 1), System.Globalization.CultureInfo.InvariantCulture);
            var candidates = ns is null ? ImmutableArray<INamedTypeSymbol>.Empty : ns.GetTypeMembers(tick < 0 ? name : name.Substring(0, tick), arity);
            return candidates.Length switch
            {
                0 => null,
                1 => candidates[0],
                _ => compilation.GetTypeByMetadataName(metadataName),
            };
        }
    }
}
