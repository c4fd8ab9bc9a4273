using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ThreatLint.Analyzers.Endpoints;

namespace ThreatLint.Analyzers.Rules;

/// <summary>TL5009: an endpoint returns a model output's full score vector (an ML.NET Score/Probability array).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RawScoresReturnedAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = Descriptors.Create("TL5009", Catalog.Rules.RawScoresReturned);

    private static readonly ImmutableHashSet<string> ScoreNames =
        ImmutableHashSet.Create(StringComparer.Ordinal, "Score", "Scores", "Probability", "Probabilities", "Logits");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var columnName = KnownTypes.Get(start.Compilation, "Microsoft.ML.Data.ColumnNameAttribute");
            var vbuffer = KnownTypes.Get(start.Compilation, "Microsoft.ML.Data.VBuffer`1");
            // Without ML.NET no type carries an ML.NET score column, unless ML.NET is imported but not referenced (the CLI
            // on an unrestored repository): score members are then recognised by name and type, at medium confidence.
            var byName = columnName is null && UnresolvedImports.Any(start.Compilation, "Microsoft.ML", "Microsoft.Extensions.ML");
            if ((columnName is null && !byName) || AspNetCore.Create(start.Compilation) is not { } aspNet)
            {
                return;
            }

            var scores = new ScoreMembers(columnName, vbuffer);
            var properties = byName ? UnresolvedImports.MediumConfidence : ImmutableDictionary<string, string?>.Empty;
            start.RegisterOperationAction(operation => Analyze(operation, scores, aspNet, properties), OperationKind.Return);
        });
    }

    private static void Analyze(OperationAnalysisContext context, ScoreMembers scores, AspNetCore aspNet, ImmutableDictionary<string, string?> properties)
    {
        if (((IReturnOperation)context.Operation).ReturnedValue is not { } value
            || scores.Find(value, 0) is not { } found
            || RequestPath.Endpoint(context.Operation, context.ContainingSymbol, aspNet) is not { } endpoint)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, found.Operation.Syntax.GetLocation(), properties, endpoint, found.Member.ContainingType.Name + "." + found.Member.Name));
    }

    private sealed class ScoreMembers(INamedTypeSymbol? columnName, INamedTypeSymbol? vbuffer)
    {
        // A returned type's score member, once per type: most returns of a compilation return the same few DTOs.
        private readonly ConcurrentDictionary<INamedTypeSymbol, ISymbol?> _scoreMembers = new(SymbolEqualityComparer.Default);

        /// <summary>The score member a returned value exposes: itself, a member of its type, an argument of Results.Ok/Ok(…), a member of an anonymous object.</summary>
        public (IOperation Operation, ISymbol Member)? Find(IOperation value, int depth)
        {
            value = OptionsObject.Unwrap(value)!;
            if (depth > 4)
            {
                return null;
            }

            switch (value)
            {
                case IMemberReferenceOperation { Member: var member } when IsScore(member):
                    return (value, member);
                case IInvocationOperation invocation when IsResult(invocation.TargetMethod):
                    foreach (var argument in invocation.Arguments)
                    {
                        if (Find(argument.Value, depth + 1) is { } inArgument)
                        {
                            return inArgument;
                        }
                    }

                    return null;
                case IAnonymousObjectCreationOperation anonymous:
                    foreach (var initializer in anonymous.Initializers)
                    {
                        if (initializer is ISimpleAssignmentOperation { Value: var member } && Find(member, depth + 1) is { } inMember)
                        {
                            return inMember;
                        }
                    }

                    return null;
                case IAwaitOperation:
                    return null;
                default:
                    return value.Type is INamedTypeSymbol { SpecialType: SpecialType.None, TypeKind: TypeKind.Class or TypeKind.Struct } type
                        && _scoreMembers.GetOrAdd(type, t => t.GetMembers().FirstOrDefault(m => m.DeclaredAccessibility == Accessibility.Public && !m.IsStatic && IsScore(m))) is { } score
                        ? (value, score)
                        : null;
            }
        }

        // Results.Ok(x), TypedResults.Ok(x), ControllerBase.Ok(x)/Json(x)/Created(…): the body is what the caller gets.
        private static bool IsResult(IMethodSymbol method) =>
            method.ContainingType.Name is "Results" or "TypedResults" or "ControllerBase" or "Controller"
            && method.ContainingNamespace is { Name: "Http" or "Mvc", ContainingNamespace: { Name: "AspNetCore", ContainingNamespace: { Name: "Microsoft", ContainingNamespace.IsGlobalNamespace: true } } };

        private bool IsScore(ISymbol member)
        {
            var type = member switch
            {
                IPropertySymbol property => property.Type,
                IFieldSymbol field => field.Type,
                _ => null,
            };
            var isVector = type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Single or SpecialType.System_Double }
                || (vbuffer is not null && SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, vbuffer));
            return isVector && (ScoreNames.Contains(member.Name) || member.GetAttributes().Any(IsScoreColumn));
        }

        private bool IsScoreColumn(AttributeData attribute) =>
            columnName is not null
            && SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, columnName)
            && attribute.ConstructorArguments.FirstOrDefault().Value is string name
            && ScoreNames.Contains(name);
    }
}
