using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ThreatLint.Analyzers.Flow;

namespace ThreatLint.Analyzers.Rules;

/// <summary>
/// TL5003: a formatter that reads type names from the payload (BinaryFormatter and its kin) deserializes, or Json.NET is
/// told to honour <c>$type</c>. Reported on every use: what the stream holds is decided by whoever wrote it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnsafeDeserializationOfModelAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = Descriptors.Create("TL5003", Catalog.Rules.UnsafeDeserializationOfModel);

    private static readonly string[] Formatters =
    [
        "System.Runtime.Serialization.Formatters.Binary.BinaryFormatter",
        "System.Runtime.Serialization.Formatters.Soap.SoapFormatter",
        "System.Runtime.Serialization.NetDataContractSerializer",
        "System.Web.UI.LosFormatter",
        "System.Web.UI.ObjectStateFormatter",
    ];

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var formatters = Formatters.Select(name => KnownTypes.Get(start.Compilation, name)).OfType<INamedTypeSymbol>().ToImmutableArray();
            var typeNameHandling = KnownTypes.Get(start.Compilation, "Newtonsoft.Json.TypeNameHandling");
            if (!formatters.IsEmpty)
            {
                start.RegisterOperationAction(c => AnalyzeCall(c, formatters), OperationKind.Invocation);
            }

            if (typeNameHandling is not null)
            {
                start.RegisterOperationAction(c => AnalyzeSetting(c, typeNameHandling), OperationKind.SimpleAssignment);
            }
            else if (UnresolvedImports.Any(start.Compilation, "Newtonsoft.Json"))
            {
                // Json.NET imported but not referenced (the CLI on an unrestored repository): the setting by its exact names.
                start.RegisterOperationAction(AnalyzeSettingByName, OperationKind.SimpleAssignment);
            }
        });
    }

    private static void AnalyzeCall(OperationAnalysisContext context, ImmutableArray<INamedTypeSymbol> formatters)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (method.Name.IndexOf("Deserialize", StringComparison.Ordinal) >= 0
            && formatters.FirstOrDefault(f => Symbols.DerivesFrom(method.ContainingType, f)) is { } formatter)
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), formatter.Name + "." + method.Name));
        }
    }

    // settings.TypeNameHandling = TypeNameHandling.Auto, also in an object initializer; None (0) is the safe default.
    private static void AnalyzeSetting(OperationAnalysisContext context, INamedTypeSymbol typeNameHandling)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation { Property: var property }
            && SymbolEqualityComparer.Default.Equals(property.Type, typeNameHandling)
            && Symbols.IsIn(property.ContainingType, "Newtonsoft.Json")
            && !(assignment.Value.ConstantValue is { HasValue: true, Value: 0 }))
        {
            var value = assignment.Value is IFieldReferenceOperation { Field: var field } ? "TypeNameHandling." + field.Name : "a TypeNameHandling that is not None";
            context.ReportDiagnostic(Diagnostic.Create(
                Rule, assignment.Syntax.GetLocation(), $"Json.NET {property.ContainingType.Name}.{property.Name} = {value}"));
        }
    }

    private static readonly string[] TypeNameHandlings = ["Objects", "Arrays", "All", "Auto"];

    /// <summary>
    /// <c>settings.TypeNameHandling = TypeNameHandling.Auto</c> (also in an initializer) where the receiver is an unresolved
    /// <c>JsonSerializerSettings</c> or <c>JsonSerializer</c>: the names are Json.NET's own, hence medium confidence.
    /// </summary>
    private static void AnalyzeSettingByName(OperationAnalysisContext context)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IInvalidOperation
            || assignment.Syntax is not AssignmentExpressionSyntax { Left: var left, Right: MemberAccessExpressionSyntax value }
            || ByName.Last(left) != "TypeNameHandling"
            || ByName.Last(value.Expression) != "TypeNameHandling"
            || Array.IndexOf(TypeNameHandlings, value.Name.Identifier.ValueText) < 0
            || assignment.SemanticModel is not { } model)
        {
            return;
        }

        var owner = left switch
        {
            MemberAccessExpressionSyntax member => model.GetTypeInfo(member.Expression, context.CancellationToken).Type,
            IdentifierNameSyntax when assignment.Syntax.Parent is InitializerExpressionSyntax { Parent: BaseObjectCreationExpressionSyntax creation }
                => model.GetTypeInfo(creation, context.CancellationToken).Type,
            _ => null,
        };
        if (owner is IErrorTypeSymbol { Name: "JsonSerializerSettings" or "JsonSerializer" })
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Rule, assignment.Syntax.GetLocation(), UnresolvedImports.MediumConfidence,
                $"Json.NET {owner.Name}.TypeNameHandling = TypeNameHandling.{value.Name.Identifier.ValueText}"));
        }
    }
}
