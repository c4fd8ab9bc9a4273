using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ThreatLint.Analyzers.Flow;

namespace ThreatLint.Analyzers.Rules;

/// <summary>
/// TL5006: text a model produced reaches an interpreter: a process command line, SQL command text, raw HTML, a file
/// path, or a type name for reflection. Encoding (HtmlEncoder, WebUtility) and SQL parameters break the flow.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LlmOutputToDangerousSinkAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = Descriptors.Create("TL5006", Catalog.Rules.LlmOutputToDangerousSink);

    private static readonly string[] PathParameters = ["path", "sourceFileName", "destFileName", "destinationFileName", "fileName", "sourceDirName", "destDirName"];

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        // Razor components and views are generated C#: `@((MarkupString)answer)` only exists there.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var compilation = start.Compilation;
            // Or a chat SDK imported but not referenced (the CLI on an unrestored repository): chat calls are then known by name.
            var byName = UnresolvedImports.Any(compilation, ByName.ChatNamespaces);
            if (KnownTypes.Get(compilation, "Microsoft.Extensions.AI.IChatClient") is null
                && KnownTypes.Get(compilation, "OpenAI.Chat.ChatClient") is null
                && KnownTypes.Get(compilation, "Microsoft.SemanticKernel.Kernel") is null
                && !byName)
            {
                return;
            }

            var sinks = new Sinks(compilation);
            var flowContext = FlowContext.Create(compilation);
            var flows = new BlockCache<BodyFlow>(root => new BodyFlow(flowContext, ImmutableArray.Create(root)));
            start.RegisterOperationAction(c => AnalyzeCall(c, sinks, flows), OperationKind.Invocation, OperationKind.ObjectCreation);
            start.RegisterOperationAction(c => AnalyzeAssignment(c, sinks, flows), OperationKind.SimpleAssignment);
            start.RegisterOperationAction(c => AnalyzeConversion(c, sinks, flows), OperationKind.Conversion);
            if (byName)
            {
                start.RegisterOperationAction(c => AnalyzeUnboundCall(c, sinks, flows), OperationKind.Invalid);
            }
        });
    }

    private static void AnalyzeCall(OperationAnalysisContext context, Sinks sinks, BlockCache<BodyFlow> flows)
    {
        var (method, arguments) = context.Operation switch
        {
            IInvocationOperation invocation => (invocation.TargetMethod, invocation.Arguments),
            IObjectCreationOperation { Constructor: { } constructor } creation => (constructor, creation.Arguments),
            _ => default,
        };
        if (method is null)
        {
            return;
        }

        foreach (var argument in arguments)
        {
            if (argument.Parameter is { Type.SpecialType: SpecialType.System_String } parameter
                && sinks.Describe(method, parameter) is { } sink
                && flows.For(context.Operation).Of(argument.Value, TaintKind.ModelOutput) is { } taint)
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, argument.Value.Syntax.GetLocation(), taint.Properties, sink));
            }
        }
    }

    /// <summary>
    /// A sink call that did not bind because the model output passed to it has an unresolved type (<c>Process.Start(answer)</c>
    /// with <c>var answer = response.Text</c>): the sink is one of the overloads tried, the output is known by name.
    /// </summary>
    private static void AnalyzeUnboundCall(OperationAnalysisContext context, Sinks sinks, BlockCache<BodyFlow> flows)
    {
        var candidates = ByName.Candidates(context.Operation);
        if (candidates.IsEmpty)
        {
            return;
        }

        var arguments = ByName.Arguments(context.Operation);
        for (var i = 0; i < arguments.Length; i++)
        {
            var (syntax, value) = arguments[i];
            var sink = candidates
                .Select(m => ByName.Parameter(m, syntax, i) is { Type.SpecialType: SpecialType.System_String } p ? sinks.Describe(m, p) : null)
                .FirstOrDefault(d => d is not null);
            if (sink is not null && value is not null && flows.For(context.Operation).Of(value, TaintKind.ModelOutput) is not null)
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, value.Syntax.GetLocation(), UnresolvedImports.LowConfidence, sink));
            }
        }
    }

    // command.CommandText = …, startInfo.FileName = … / Arguments = …
    private static void AnalyzeAssignment(OperationAnalysisContext context, Sinks sinks, BlockCache<BodyFlow> flows)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation { Property: var property }
            && sinks.Describe(property) is { } sink
            && flows.For(context.Operation).Of(assignment.Value, TaintKind.ModelOutput) is { } taint)
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, assignment.Value.Syntax.GetLocation(), taint.Properties, sink));
        }
    }

    // (MarkupString)answer in a Razor component.
    private static void AnalyzeConversion(OperationAnalysisContext context, Sinks sinks, BlockCache<BodyFlow> flows)
    {
        var conversion = (IConversionOperation)context.Operation;
        if (Symbols.Is(conversion.Type, sinks.MarkupString)
            && conversion.Operand.Type?.SpecialType == SpecialType.System_String
            && flows.For(context.Operation).Of(conversion.Operand, TaintKind.ModelOutput) is { } taint)
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, conversion.Operand.Syntax.GetLocation(), taint.Properties, "MarkupString"));
        }
    }

    private sealed class Sinks(Compilation compilation)
    {
        private readonly INamedTypeSymbol? _process = KnownTypes.Get(compilation, "System.Diagnostics.Process");
        private readonly INamedTypeSymbol? _processStartInfo = KnownTypes.Get(compilation, "System.Diagnostics.ProcessStartInfo");
        private readonly INamedTypeSymbol? _dbCommand = KnownTypes.Get(compilation, "System.Data.Common.DbCommand");
        private readonly INamedTypeSymbol? _idbCommand = KnownTypes.Get(compilation, "System.Data.IDbCommand");
        private readonly INamedTypeSymbol? _file = KnownTypes.Get(compilation, "System.IO.File");
        private readonly INamedTypeSymbol? _directory = KnownTypes.Get(compilation, "System.IO.Directory");
        private readonly INamedTypeSymbol? _fileInfo = KnownTypes.Get(compilation, "System.IO.FileInfo");
        private readonly INamedTypeSymbol? _fileStream = KnownTypes.Get(compilation, "System.IO.FileStream");
        private readonly INamedTypeSymbol? _streamWriter = KnownTypes.Get(compilation, "System.IO.StreamWriter");
        private readonly INamedTypeSymbol? _type = KnownTypes.Get(compilation, "System.Type");
        private readonly INamedTypeSymbol? _assembly = KnownTypes.Get(compilation, "System.Reflection.Assembly");
        private readonly INamedTypeSymbol? _activator = KnownTypes.Get(compilation, "System.Activator");
        private readonly INamedTypeSymbol? _htmlHelper = KnownTypes.Get(compilation, "Microsoft.AspNetCore.Mvc.Rendering.IHtmlHelper");
        private readonly INamedTypeSymbol? _htmlString = KnownTypes.Get(compilation, "Microsoft.AspNetCore.Html.HtmlString");

        public INamedTypeSymbol? MarkupString { get; } = KnownTypes.Get(compilation, "Microsoft.AspNetCore.Components.MarkupString");

        /// <summary>What a string argument of this call is, when it is interpreted: "Process.Start", "File.WriteAllText path".</summary>
        public string? Describe(IMethodSymbol method, IParameterSymbol parameter)
        {
            var type = method.ContainingType;
            if (Symbols.Is(type, _process) && method.Name == "Start")
            {
                return "Process.Start";
            }

            if (Symbols.Is(type, _processStartInfo) && method.MethodKind == MethodKind.Constructor)
            {
                return "new ProcessStartInfo";
            }

            // new SqlCommand(text, connection), DbDataSource.CreateCommand(text), NpgsqlBatchCommand(text), ...
            if (parameter.Name is "cmdText" or "commandText"
                && (Symbols.DerivesFrom(type, _dbCommand) || Symbols.IsOrImplements(type, _idbCommand)
                    || Symbols.IsIn(type, "System.Data") || Symbols.IsIn(type, "Microsoft.Data")))
            {
                return Symbols.Name(method) + " command text";
            }

            // EF Core FromSqlRaw/ExecuteSqlRaw, Dapper Query/Execute: the sql parameter is command text.
            if (parameter.Name == "sql" && (Symbols.IsIn(type, "Microsoft.EntityFrameworkCore") || Symbols.IsIn(type, "Dapper")))
            {
                return Symbols.Name(method) + " SQL";
            }

            if (method.Name == "Raw" && (Symbols.Is(type, _htmlHelper) || Symbols.IsOrImplements(type, _htmlHelper)))
            {
                return "IHtmlHelper.Raw";
            }

            if ((Symbols.Is(type, _htmlString) || Symbols.Is(type, MarkupString)) && method.MethodKind == MethodKind.Constructor)
            {
                return "new " + type.Name;
            }

            if ((Symbols.Is(type, _file) || Symbols.Is(type, _directory) || Symbols.Is(type, _fileInfo) || Symbols.Is(type, _fileStream) || Symbols.Is(type, _streamWriter))
                && Array.IndexOf(PathParameters, parameter.Name) >= 0)
            {
                return Symbols.Name(method) + " path";
            }

            if ((Symbols.Is(type, _type) && method.Name == "GetType")
                || (Symbols.Is(type, _assembly) && method.Name.StartsWith("Load", StringComparison.Ordinal))
                || (Symbols.Is(type, _activator) && method.Name.StartsWith("CreateInstance", StringComparison.Ordinal)))
            {
                return Symbols.Name(method);
            }

            return null;
        }

        public string? Describe(IPropertySymbol property)
        {
            var type = property.ContainingType;
            if (Symbols.Is(type, _processStartInfo) && property.Name is "FileName" or "Arguments")
            {
                return "ProcessStartInfo." + property.Name;
            }

            return property.Name == "CommandText" && (Symbols.DerivesFrom(type, _dbCommand) || Symbols.IsOrImplements(type, _idbCommand))
                ? type.Name + ".CommandText"
                : null;
        }
    }
}
