using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ThreatLint.Analyzers.Flow;

namespace ThreatLint.Analyzers.Rules;

/// <summary>
/// TL5004: ONNX Runtime, ML.NET or TorchSharp loads a model whose path, bytes or stream come from the request, from an
/// HTTP download that the same method never hashes, or from a plain-http URL (reported even with a hash: the fetch itself
/// can be swapped).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ModelLoadedFromUntrustedSourceAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = Descriptors.Create("TL5004", Catalog.Rules.ModelLoadedFromUntrustedSource);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var compilation = start.Compilation;
            var session = KnownTypes.Get(compilation, "Microsoft.ML.OnnxRuntime.InferenceSession");
            var modelCatalog = KnownTypes.Get(compilation, "Microsoft.ML.ModelOperationsCatalog");
            // Or the loaders' packages imported but not referenced (the CLI on an unrestored repository): loaders by name.
            var byName = UnresolvedImports.Any(compilation, "Microsoft.ML", "Microsoft.ML.OnnxRuntime", "TorchSharp");
            if (session is null && modelCatalog is null && KnownTypes.Get(compilation, "TorchSharp.torch") is null && !byName)
            {
                return;
            }

            var flowContext = FlowContext.Create(compilation);
            var flows = new BlockCache<BodyFlow>(root => new BodyFlow(flowContext, ImmutableArray.Create(root)));
            var facts = new BlockCache<DownloadFacts>(root => new DownloadFacts(ImmutableArray.Create(root), flows.For(root)));
            start.RegisterOperationAction(c => Analyze(c, session, modelCatalog, flows, facts), OperationKind.Invocation, OperationKind.ObjectCreation);
            if (byName)
            {
                start.RegisterOperationAction(c => AnalyzeByName(c, flows, facts), OperationKind.Invalid);
            }
        });
    }

    private static void Analyze(
        OperationAnalysisContext context, INamedTypeSymbol? session, INamedTypeSymbol? modelCatalog, BlockCache<BodyFlow> flows, BlockCache<DownloadFacts> facts)
    {
        var (method, arguments) = context.Operation switch
        {
            IInvocationOperation invocation => (invocation.TargetMethod, invocation.Arguments),
            IObjectCreationOperation { Constructor: { } constructor } creation => (constructor, creation.Arguments),
            _ => default,
        };
        if (method is null || arguments.IsEmpty || LoaderName(method, session, modelCatalog) is not { } loader)
        {
            return;
        }

        var source = arguments.FirstOrDefault(a => a.Parameter?.Ordinal == (method.IsExtensionMethod ? 1 : 0))?.Value;
        if (source is null)
        {
            return;
        }

        Report(context, loader, source, flows, facts, ImmutableDictionary<string, string?>.Empty);
    }

    /// <summary>
    /// The loaders on unresolved types, by their exact names: <c>new InferenceSession(source)</c>,
    /// <c>mlContext.Model.Load(source, …)</c> on an <c>MLContext</c>, <c>torch.load(source)</c> / <c>torch.jit.load(source)</c>.
    /// </summary>
    private static void AnalyzeByName(OperationAnalysisContext context, BlockCache<BodyFlow> flows, BlockCache<DownloadFacts> facts)
    {
        var operation = context.Operation;
        var loader = ByName.Created(operation) == "InferenceSession" ? "InferenceSession"
            : operation is { Syntax: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member }, SemanticModel: { } model } ? LoaderByName(member, model)
            : null;
        if (loader is not null && ByName.Arguments(operation) is { IsEmpty: false } arguments && arguments[0].Value is { } source)
        {
            Report(context, loader, source, flows, facts, UnresolvedImports.LowConfidence);
        }
    }

    private static string? LoaderByName(MemberAccessExpressionSyntax member, SemanticModel model)
    {
        var name = member.Name.Identifier.ValueText;
        var receiver = member.Expression;
        if (name == "Load" && receiver is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Model" } mlContext
            && model.GetTypeInfo(mlContext.Expression).Type is IErrorTypeSymbol { Name: "MLContext" })
        {
            return "MLContext.Model.Load";
        }

        // torch.load(path), torch.jit.load(path) where `torch` (TorchSharp's static class) did not resolve.
        var torch = receiver is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "jit", Expression: var inner } ? inner : receiver;
        return name == "load" && torch is IdentifierNameSyntax { Identifier.ValueText: "torch" } && model.GetSymbolInfo(torch).Symbol is null
            ? "TorchSharp " + receiver + ".load"
            : null;
    }

    private static void Report(
        OperationAnalysisContext context, string loader, IOperation source, BlockCache<BodyFlow> flows, BlockCache<DownloadFacts> facts,
        ImmutableDictionary<string, string?> properties)
    {
        var origin = flows.For(context.Operation).Of(source, TaintKind.Request | TaintKind.Download) is { } taint
            ? taint.Kind == TaintKind.Request ? "request input " + taint.Origin
                : taint.Origin.StartsWith("plain http", StringComparison.Ordinal) || !facts.For(context.Operation).Hashes ? taint.Origin
                : null
            : facts.For(context.Operation).DownloadedTo(source);
        if (origin is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, source.Syntax.GetLocation(), properties, loader, origin));
        }
    }

    private static string? LoaderName(IMethodSymbol method, INamedTypeSymbol? session, INamedTypeSymbol? modelCatalog)
    {
        if (method.MethodKind == MethodKind.Constructor && Symbols.Is(method.ContainingType, session))
        {
            return "InferenceSession";
        }

        if (method.Name == "Load" && Symbols.Is(method.ContainingType, modelCatalog))
        {
            return "MLContext.Model.Load";
        }

        // TorchSharp is not referenced by the tests: torch.load(path), module.load(path) by name within its namespace.
        return method.Name is "load" or "Load" or "load_py" && Symbols.IsIn(method, "TorchSharp")
            ? "TorchSharp " + method.ContainingType.Name + "." + method.Name
            : null;
    }

    /// <summary>What the block does with downloads: whether it hashes anything, and which path locals it wrote downloaded bytes to.</summary>
    private sealed class DownloadFacts
    {
        private readonly Dictionary<ILocalSymbol, string> _paths = new(SymbolEqualityComparer.Default);

        public DownloadFacts(ImmutableArray<IOperation> roots, BodyFlow flow)
        {
            var fileStreams = new Dictionary<ILocalSymbol, ILocalSymbol>(SymbolEqualityComparer.Default);
            foreach (var operation in roots.SelectMany(r => r.DescendantsAndSelf()))
            {
                switch (operation)
                {
                    case IInvocationOperation { TargetMethod: var method } invocation when IsHash(method):
                        Hashes = true;
                        break;

                    // File.WriteAllBytesAsync(path, await http.GetByteArrayAsync(url))
                    case IInvocationOperation { TargetMethod: { Name: "WriteAllBytes" or "WriteAllBytesAsync", ContainingType.Name: "File" } } write
                        when write.Arguments.Length >= 2 && Unwrap(write.Arguments[0].Value) is ILocalReferenceOperation path
                        && flow.Of(write.Arguments[1].Value, TaintKind.Download) is { } written:
                        _paths[path.Local] = written.Origin;
                        break;

                    // using var file = File.Create(path); await download.CopyToAsync(file);
                    case IVariableDeclaratorOperation declarator
                        when declarator.GetVariableInitializer()?.Value is { } initializer && OpenedPath(initializer) is { } opened:
                        fileStreams[declarator.Symbol] = opened;
                        break;
                    case IInvocationOperation { TargetMethod.Name: "CopyTo" or "CopyToAsync", Instance: { } download } copy
                        when copy.Arguments.FirstOrDefault() is { } argument && Unwrap(argument.Value) is ILocalReferenceOperation target
                        && fileStreams.TryGetValue(target.Local, out var streamPath)
                        && flow.Of(download, TaintKind.Download) is { } copied:
                        _paths[streamPath] = copied.Origin;
                        break;
                }
            }
        }

        public bool Hashes { get; }

        /// <summary>The download a path was written from, unless the block hashes (plain http is reported regardless).</summary>
        public string? DownloadedTo(IOperation source) =>
            Unwrap(source) is ILocalReferenceOperation local && _paths.TryGetValue(local.Local, out var origin)
            && (!Hashes || origin.StartsWith("plain http", StringComparison.Ordinal))
                ? origin
                : null;

        private static IOperation Unwrap(IOperation operation) => operation is IConversionOperation conversion ? Unwrap(conversion.Operand) : operation;

        // SHA256.HashData, sha.ComputeHash(Async), IncrementalHash.GetHashAndReset: a digest is taken, presumably compared.
        private static bool IsHash(IMethodSymbol method) =>
            method.Name is "HashData" or "HashDataAsync" or "ComputeHash" or "ComputeHashAsync" or "GetHashAndReset" or "GetCurrentHash"
            && Symbols.IsIn(method, "System.Security.Cryptography");

        private static ILocalSymbol? OpenedPath(IOperation value) => Unwrap(value) switch
        {
            IInvocationOperation { TargetMethod: { Name: "Create" or "OpenWrite" or "Open", ContainingType.Name: "File" } } open
                when open.Arguments.FirstOrDefault()?.Value is ILocalReferenceOperation path => path.Local,
            IObjectCreationOperation { Type.Name: "FileStream" } stream
                when stream.Arguments.FirstOrDefault()?.Value is ILocalReferenceOperation path => path.Local,
            _ => null,
        };
    }
}
