using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ThreatLint.Analyzers.Flow;

namespace ThreatLint.Analyzers.Rules;

/// <summary>
/// TL5012: request text or model output logged at Information or above (ILogger extension methods, <c>Log(LogLevel, …)</c>
/// and <c>[LoggerMessage]</c> methods), where log pipelines keep prompts and completions far longer than the request.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PromptLoggedAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = Descriptors.Create("TL5012", Catalog.Rules.PromptLogged);

    private static readonly string[] Levels = ["Trace", "Debug", "Information", "Warning", "Error", "Critical"];

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var compilation = start.Compilation;
            var logger = KnownTypes.Get(compilation, "Microsoft.Extensions.Logging.ILogger");
            var exception = KnownTypes.Get(compilation, "System.Exception");
            if (logger is null)
            {
                return;
            }

            var flowContext = FlowContext.Create(compilation);
            var flows = new BlockCache<BodyFlow>(root => new BodyFlow(flowContext, ImmutableArray.Create(root)));
            start.RegisterOperationAction(c => Analyze(c, flows, exception), OperationKind.Invocation);
            if (flowContext.ModelCallsByName)
            {
                start.RegisterOperationAction(c => AnalyzeUnbound(c, flows), OperationKind.Invalid);
            }
        });
    }

    private static void Analyze(OperationAnalysisContext context, BlockCache<BodyFlow> flows, INamedTypeSymbol? exception)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (Level(invocation) is not { } level || level < 2 || level >= Levels.Length)
        {
            return;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is not { } parameter
                || parameter.Type.TypeKind == TypeKind.Enum
                || Symbols.DerivesFrom(parameter.Type, exception)
                || parameter.Type.Name is "ILogger" or "EventId")
            {
                continue;
            }

            var values = argument.ArgumentKind == ArgumentKind.ParamArray && argument.Value is IArrayCreationOperation { Initializer: { } initializer }
                ? initializer.ElementValues
                : ImmutableArray.Create(argument.Value);
            foreach (var value in values)
            {
                if (flows.For(context.Operation).Of(value, TaintKind.Request | TaintKind.ModelOutput) is { } taint)
                {
                    var what = taint.Kind == TaintKind.ModelOutput ? "model output of " + taint.Origin : "request input " + taint.Origin;
                    context.ReportDiagnostic(Diagnostic.Create(Rule, value.Syntax.GetLocation(), taint.Properties, invocation.TargetMethod.Name, what, Levels[level]));
                }
            }
        }
    }

    /// <summary>
    /// <c>logger.LogInformation("… {Answer}", answer)</c> that did not bind because <c>answer</c>'s type is unresolved (a chat
    /// response of an SDK the compilation lacks): the logging method is one of the overloads tried, the level is in its name.
    /// </summary>
    private static void AnalyzeUnbound(OperationAnalysisContext context, BlockCache<BodyFlow> flows)
    {
        var candidates = ByName.Candidates(context.Operation);
        if (candidates.IsEmpty
            || candidates[0] is not { ContainingType.Name: "LoggerExtensions" } method
            || !Symbols.IsIn(method, "Microsoft.Extensions.Logging")
            || !method.Name.StartsWith("Log", StringComparison.Ordinal)
            || Array.IndexOf(Levels, method.Name.Substring(3)) is var level && level < 2)
        {
            return;
        }

        foreach (var (_, value) in ByName.Arguments(context.Operation))
        {
            if (value is not null && value.Type?.TypeKind != TypeKind.Enum
                && flows.For(context.Operation).Of(value, TaintKind.Request | TaintKind.ModelOutput) is { } taint)
            {
                var what = taint.Kind == TaintKind.ModelOutput ? "model output of " + taint.Origin : "request input " + taint.Origin;
                context.ReportDiagnostic(Diagnostic.Create(Rule, value.Syntax.GetLocation(), UnresolvedImports.LowConfidence, method.Name, what, Levels[level]));
            }
        }
    }

    /// <summary>The LogLevel a call logs at (0 Trace … 5 Critical), or null when it is not a logging call or the level is not constant.</summary>
    private static int? Level(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.ContainingType.Name == "LoggerExtensions" && Symbols.IsIn(method, "Microsoft.Extensions.Logging"))
        {
            var named = Array.IndexOf(Levels, method.Name.StartsWith("Log", StringComparison.Ordinal) ? method.Name.Substring(3) : string.Empty);
            return named >= 0 ? named : method.Name == "Log" ? ConstantLevel(invocation.Arguments) : null;
        }

        if (method.Name == "Log" && method.ContainingType.Name == "ILogger" && Symbols.IsIn(method, "Microsoft.Extensions.Logging"))
        {
            return ConstantLevel(invocation.Arguments);
        }

        // [LoggerMessage(Level = LogLevel.Information, Message = "…")] static partial void AskReceived(ILogger logger, string question);
        foreach (var attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "LoggerMessageAttribute" } type && Symbols.IsIn(type, "Microsoft.Extensions.Logging"))
            {
                foreach (var named in attribute.NamedArguments)
                {
                    if (named.Key == "Level" && named.Value.Value is int value)
                    {
                        return value;
                    }
                }

                var positional = attribute.ConstructorArguments.FirstOrDefault(a => a.Type?.TypeKind == TypeKind.Enum);
                if (positional.Value is int level)
                {
                    return level;
                }

                // The level is then a parameter of the method itself.
                return ConstantLevel(invocation.Arguments);
            }
        }

        return null;
    }

    private static int? ConstantLevel(ImmutableArray<IArgumentOperation> arguments) =>
        arguments.FirstOrDefault(a => a.Parameter?.Type is { TypeKind: TypeKind.Enum, Name: "LogLevel" })?.Value.ConstantValue is { HasValue: true, Value: int level }
            ? level
            : null;
}
