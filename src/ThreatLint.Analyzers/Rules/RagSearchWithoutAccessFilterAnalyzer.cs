using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ThreatLint.Analyzers.Endpoints;

namespace ThreatLint.Analyzers.Rules;

/// <summary>TL5010: a vector or search query on a request path whose filter does not depend on the caller.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RagSearchWithoutAccessFilterAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = Descriptors.Create("TL5010", Catalog.Rules.RagSearchWithoutAccessFilter);

    // Searchable type → (search methods, options type); the options' Filter property is what restricts results.
    private static readonly (string Type, string[] Methods, string Options)[] Stores =
    [
        ("Microsoft.Extensions.VectorData.VectorStoreCollection`2", ["SearchAsync", "SearchEmbeddingAsync", "VectorizedSearchAsync"], "Microsoft.Extensions.VectorData.VectorSearchOptions`1"),
        ("Microsoft.Extensions.VectorData.IVectorSearchable`1", ["SearchAsync", "SearchEmbeddingAsync"], "Microsoft.Extensions.VectorData.VectorSearchOptions`1"),
        ("Azure.Search.Documents.SearchClient", ["Search", "SearchAsync"], "Azure.Search.Documents.SearchOptions"),
    ];

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            // A loop, not LINQ: LINQ over value tuples is JIT-compiled anew in every compiler process (bench/README.md, "Analyzer cost").
            var found = new (INamedTypeSymbol? Type, string[] Methods, INamedTypeSymbol? Options)[Stores.Length];
            var count = 0;
            foreach (var store in Stores)
            {
                if (KnownTypes.Get(start.Compilation, store.Type) is { } type && KnownTypes.Get(start.Compilation, store.Options) is { } options)
                {
                    found[count++] = (type, store.Methods, options);
                }
            }

            var stores = ImmutableArray.Create(found, 0, count);
            // Or the store SDKs imported but not referenced (the CLI on an unrestored repository): searches by name.
            var byName = UnresolvedImports.Any(start.Compilation, "Microsoft.Extensions.VectorData", "Azure", "Microsoft.SemanticKernel");
            if ((stores.IsEmpty && !byName) || AspNetCore.Create(start.Compilation) is not { } aspNet)
            {
                return;
            }

            if (!stores.IsEmpty)
            {
                start.RegisterOperationAction(operation => Analyze(operation, stores, aspNet), OperationKind.Invocation);
            }

            if (byName)
            {
                start.RegisterOperationAction(operation => AnalyzeByName(operation, aspNet), OperationKind.Invalid);
            }
        });
    }

    private static void Analyze(
        OperationAnalysisContext context,
        ImmutableArray<(INamedTypeSymbol? Type, string[] Methods, INamedTypeSymbol? Options)> stores,
        AspNetCore aspNet)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        foreach (var store in stores)
        {
            if (Array.IndexOf(store.Methods, method.Name) < 0 || !IsOrImplements(method.ContainingType, store.Type!))
            {
                continue;
            }

            var argument = invocation.Arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter?.Type.OriginalDefinition, store.Options));
            var options = OptionsObject.Of(argument is null || argument.ArgumentKind == ArgumentKind.DefaultValue ? null : argument.Value);
            var filtered = !options.IsKnown || (options.Value("Filter") is { } filter && FromCaller(filter));
            if (!filtered && RequestPath.Endpoint(invocation, context.ContainingSymbol, aspNet) is not null)
            {
                var location = invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member }
                    ? member.Name.Identifier.GetLocation()
                    : invocation.Syntax.GetLocation();
                context.ReportDiagnostic(Diagnostic.Create(Rule, location, method.ContainingType.Name + "." + method.Name));
            }

            return;
        }
    }

    /// <summary>
    /// A search on an unresolved store type of the SDK's exact name (<see cref="ByName.Searches"/>) with no options, or with
    /// options written in the same body whose <c>Filter</c> is missing or the same for every caller. Options of unknown
    /// origin, or an argument of a type that could be options, count as filtered.
    /// </summary>
    private static void AnalyzeByName(OperationAnalysisContext context, AspNetCore aspNet)
    {
        var operation = context.Operation;
        if (ByName.Matching(operation, ByName.Searches) is not { } search)
        {
            return;
        }

        var arguments = ByName.Arguments(operation);
        var filtered = false;
        for (var i = 1; i < arguments.Length && !filtered; i++)
        {
            var (syntax, value) = arguments[i];
            var optionsType = ByName.UnresolvedTypeOf(value);
            if (optionsType is not null && ByName.SearchOptions.Contains(optionsType))
            {
                var (known, filter) = ByName.OptionsValue(value!, "Filter");
                filtered = !known
                    || (filter is not null && !ByName.IsNullLiteral(filter) && (ByName.OperationOf(operation, filter) is not { } op || FromCaller(op)));
            }
            else
            {
                // The query text, a count (top), a token or a literal null is not options; anything else may be.
                filtered = !(ByName.IsNullLiteral(syntax.Expression)
                    || value?.Type is { SpecialType: SpecialType.System_String or SpecialType.System_Int32 } or { Name: "CancellationToken" });
            }
        }

        if (!filtered && RequestPath.Endpoint(operation, context.ContainingSymbol, aspNet) is not null
            && operation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access })
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, access.Name.Identifier.GetLocation(), UnresolvedImports.LowConfidence, search));
        }
    }

    /// <summary>
    /// The filter reads something outside itself: the caller's claims, a handler parameter, a local, a field, <c>this</c>.
    /// A constant filter (<c>"category eq 'public'"</c>, <c>r =&gt; r.IsPublic</c>) is the same for every caller.
    /// </summary>
    private static bool FromCaller(IOperation filter)
    {
        var own = filter.DescendantsAndSelf().OfType<IAnonymousFunctionOperation>().Select(l => (ISymbol)l.Symbol).ToImmutableHashSet(SymbolEqualityComparer.Default);
        foreach (var operation in filter.DescendantsAndSelf())
        {
            switch (operation)
            {
                case { ConstantValue.HasValue: true }:
                    continue;
                case IParameterReferenceOperation { Parameter.ContainingSymbol: var owner } when !own.Contains(owner):
                case ILocalReferenceOperation:
                case IInstanceReferenceOperation:
                case IFieldReferenceOperation { Field.IsConst: false }:
                    return true;
                case { Type: { } type } when type.ContainingNamespace?.ToDisplayString() == "System.Security.Claims":
                    return true;
            }
        }

        return false;
    }

    private static bool IsOrImplements(INamedTypeSymbol type, INamedTypeSymbol target)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, target))
            {
                return true;
            }
        }

        return type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, target));
    }
}
