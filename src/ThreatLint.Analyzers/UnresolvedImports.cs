using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ThreatLint.Analyzers;

/// <summary>
/// The AI/ML namespaces a compilation's sources import (<c>using Microsoft.ML;</c>) that none of its references
/// define: the sign of a partial compilation (the CLI scanning a repository that was never restored). Only then do
/// the rules fall back from symbols to names, and say so with <see cref="LowConfidence"/>: in a build or the IDE, with
/// the packages referenced, the set is empty and nothing changes. Computed once per compilation.
/// </summary>
internal static class UnresolvedImports
{
    /// <summary>Diagnostic properties of a finding recognised by names only (the CLI reads "confidence").</summary>
    public static readonly ImmutableDictionary<string, string?> LowConfidence = ImmutableDictionary<string, string?>.Empty.Add("confidence", "low");

    public static readonly ImmutableDictionary<string, string?> MediumConfidence = ImmutableDictionary<string, string?>.Empty.Add("confidence", "medium");

    private static readonly string[] Known =
    [
        "Microsoft.ML", "Microsoft.Extensions.ML", "Microsoft.ML.OnnxRuntime", "Microsoft.Extensions.AI", "OpenAI", "Azure.AI.OpenAI",
        "Microsoft.SemanticKernel", "System.ClientModel", "Azure",
        // For TL5003, TL5004 and TL5010: Json.NET's TypeNameHandling, TorchSharp's loaders, the vector store abstractions.
        "Newtonsoft.Json", "TorchSharp", "Microsoft.Extensions.VectorData",
    ];

    private static readonly ConditionalWeakTable<Compilation, ImmutableHashSet<string>> Cache = new();

    /// <summary>The known namespaces (as listed above) imported in source but missing from the references.</summary>
    public static ImmutableHashSet<string> Of(Compilation compilation) => Cache.GetValue(compilation, Compute);

    public static bool Any(Compilation compilation, params string[] namespaces)
    {
        var missing = Of(compilation);
        return !missing.IsEmpty && namespaces.Any(missing.Contains);
    }

    private static ImmutableHashSet<string> Compute(Compilation compilation)
    {
        // The namespaces the references define are looked up first, by name (cheap): when every known one is defined, no tree
        // is read. Otherwise only the missing ones are matched against the usings, segment by segment (no string per using).
        var missing = Known.Select(ns => ns.Split('.')).Where(path => !Defined(compilation.GlobalNamespace, path)).ToArray();
        if (missing.Length == 0)
        {
            return ImmutableHashSet<string>.Empty;
        }

        var imported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tree in compilation.SyntaxTrees)
        {
            // Only trees already parsed: the compiler and the CLI parse every file first; the IDE may hold some unparsed,
            // and forcing them would cost every compilation snapshot a parse (the fallbacks are not for the IDE anyway).
            if (!tree.TryGetRoot(out var node) || node is not CompilationUnitSyntax root)
            {
                continue;
            }

            foreach (var usingDirective in root.Usings.Concat(root.Members.OfType<BaseNamespaceDeclarationSyntax>().SelectMany(n => n.Usings)))
            {
                if (usingDirective.Name is not { } name)
                {
                    continue;
                }

                var first = Leftmost(name);
                foreach (var path in missing)
                {
                    if (first == path[0] && StartsWith(name, path))
                    {
                        imported.Add(string.Join(".", path));
                    }
                }
            }
        }

        return imported.ToImmutableHashSet(StringComparer.Ordinal);
    }

    /// <summary><paramref name="name"/> is the namespace <paramref name="path"/> or nested in it (<c>Microsoft.ML.Data</c> in <c>Microsoft.ML</c>).</summary>
    private static bool StartsWith(NameSyntax name, string[] path)
    {
        var depth = 1;
        for (var n = name; n is QualifiedNameSyntax qualified; n = qualified.Left)
        {
            depth++;
        }

        if (depth < path.Length)
        {
            return false;
        }

        NameSyntax? current = name;
        for (; depth > path.Length; depth--)
        {
            current = ((QualifiedNameSyntax)current).Left;
        }

        for (var i = path.Length - 1; i >= 0; i--)
        {
            var segment = current is QualifiedNameSyntax qualified ? qualified.Right : current;
            if (segment is not IdentifierNameSyntax { Identifier.ValueText: var text } || text != path[i])
            {
                return false;
            }

            current = (current as QualifiedNameSyntax)?.Left;
        }

        return true;
    }

    private static string? Leftmost(NameSyntax name)
    {
        while (name is QualifiedNameSyntax qualified)
        {
            name = qualified.Left;
        }

        return (name as IdentifierNameSyntax)?.Identifier.ValueText;
    }

    private static bool Defined(INamespaceSymbol root, string[] path) => KnownTypes.Namespace(root, path, path.Length) is not null;
}
