using Microsoft.CodeAnalysis;

namespace ThreatLint.Analyzers.Flow;

/// <summary>Symbol tests shared by the flow and sink rules: by resolved namespace and type, never by source text.</summary>
internal static class Symbols
{
    /// <summary>True when <paramref name="ns"/> is the dotted namespace <paramref name="name"/> or nested in it.</summary>
    /// <remarks>Runs for most invocations of a compilation: it compares the namespace chain with the name segment by
    /// segment instead of building the display string (an allocation per call, once the flow rules' top cost).</remarks>
    public static bool IsIn(INamespaceSymbol? ns, string name)
    {
        var segments = 1;
        foreach (var c in name)
        {
            segments += c == '.' ? 1 : 0;
        }

        var depth = 0;
        for (var n = ns; n is { IsGlobalNamespace: false }; n = n.ContainingNamespace)
        {
            depth++;
        }

        if (depth < segments)
        {
            return false;
        }

        // Nested deeper than the name: compare from the ancestor at the name's depth.
        for (; depth > segments; depth--)
        {
            ns = ns!.ContainingNamespace;
        }

        var end = name.Length;
        for (var n = ns; n is { IsGlobalNamespace: false }; n = n.ContainingNamespace)
        {
            var segment = n.Name;
            var start = end - segment.Length;
            if (start < 0 || string.CompareOrdinal(name, start, segment, 0, segment.Length) != 0 || (start > 0 && name[start - 1] != '.'))
            {
                return false;
            }

            end = start - 1;
        }

        return end <= 0;
    }

    public static bool IsIn(ISymbol? symbol, string ns) => symbol is not null && IsIn(symbol.ContainingNamespace, ns);

    /// <summary>The type or one of its bases has this metadata name (<c>System.Data.Common.DbCommand</c>).</summary>
    public static bool DerivesFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null)
        {
            return false;
        }

        for (var t = type; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The type is, derives from or implements <paramref name="other"/>.</summary>
    public static bool IsOrImplements(ITypeSymbol? type, INamedTypeSymbol? other) =>
        other is not null && type is not null
        && (DerivesFrom(type, other) || type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, other)));

    public static bool Is(ITypeSymbol? type, INamedTypeSymbol? other) =>
        other is not null && type is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, other);

    /// <summary>"ChatClient.CompleteChatAsync": how messages name an API.</summary>
    public static string Name(IMethodSymbol method) =>
        method.MethodKind == MethodKind.Constructor ? "new " + method.ContainingType.Name : method.ContainingType.Name + "." + method.Name;
}
