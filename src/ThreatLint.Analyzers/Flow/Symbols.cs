using Microsoft.CodeAnalysis;

namespace ThreatLint.Analyzers.Flow;

/// <summary>Symbol tests shared by the flow and sink rules: by resolved namespace and type, never by source text.</summary>
internal static class Symbols
{
    /// <summary>True when <paramref name="ns"/> is the dotted namespace <paramref name="name"/> or nested in it.</summary>
    public static bool IsIn(INamespaceSymbol? ns, string name)
    {
        var full = ns is null || ns.IsGlobalNamespace ? string.Empty : ns.ToDisplayString();
        return full.Length >= name.Length
            && full.StartsWith(name, StringComparison.Ordinal)
            && (full.Length == name.Length || full[name.Length] == '.');
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
