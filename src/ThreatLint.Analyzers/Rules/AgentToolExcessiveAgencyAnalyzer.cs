using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ThreatLint.Analyzers.Flow;

namespace ThreatLint.Analyzers.Rules;

/// <summary>
/// TL5011: a tool the model can call (<c>[KernelFunction]</c>, <c>AIFunctionFactory.Create</c>) runs processes, writes or
/// deletes files, or fetches a URL its caller chose, and the compilation lets the model invoke tools on its own
/// (<c>FunctionChoiceBehavior.Auto()</c>, <c>ToolCallBehavior.AutoInvokeKernelFunctions</c>, <c>UseFunctionInvocation()</c>,
/// <c>FunctionInvokingChatClient</c>). Both halves can sit in different files, so the verdict waits for the compilation's end.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AgentToolExcessiveAgencyAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Catalogued = Descriptors.Create("TL5011", Catalog.Rules.AgentToolExcessiveAgency);

    // Reported from a compilation-end action, which Roslyn requires the descriptor to say.
    internal static readonly DiagnosticDescriptor Rule = new(
        "TL5011", Catalogued.Title, Catalogued.MessageFormat, Catalogued.Category, Catalogued.DefaultSeverity, Catalogued.IsEnabledByDefault,
        Catalogued.Description, Catalogued.HelpLinkUri, [.. Catalogued.CustomTags, WellKnownDiagnosticTags.CompilationEnd]);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var kernelFunction = KnownTypes.Get(start.Compilation, "Microsoft.SemanticKernel.KernelFunctionAttribute");
            var functionFactory = KnownTypes.Get(start.Compilation, "Microsoft.Extensions.AI.AIFunctionFactory");
            // Or the agent SDKs imported but not referenced (the CLI on an unrestored repository): tools and auto-invocation by name.
            var byName = kernelFunction is null && UnresolvedImports.Any(start.Compilation, "Microsoft.SemanticKernel", "Microsoft.Extensions.AI");
            if (kernelFunction is null && functionFactory is null && !byName)
            {
                return;
            }

            var state = new State(start.Compilation);
            start.RegisterOperationAction(c => state.Observe(c.Operation, functionFactory), OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.PropertyReference);
            start.RegisterOperationBlockAction(c =>
            {
                if (c.OwningSymbol is IMethodSymbol method)
                {
                    state.Record(method, c.OperationBlocks, kernelFunction);
                    if (byName)
                    {
                        state.RecordByName(method, c.OperationBlocks);
                    }
                }
            });
            if (byName)
            {
                start.RegisterOperationAction(c => state.ObserveByName(c.Operation), OperationKind.Invalid);
            }
            start.RegisterCompilationEndAction(c => state.Report(c, kernelFunction));
        });
    }

    private sealed class State(Compilation compilation)
    {
        private readonly INamedTypeSymbol? _process = KnownTypes.Get(compilation, "System.Diagnostics.Process");
        private readonly INamedTypeSymbol? _file = KnownTypes.Get(compilation, "System.IO.File");
        private readonly INamedTypeSymbol? _directory = KnownTypes.Get(compilation, "System.IO.Directory");
        private readonly INamedTypeSymbol? _httpClient = KnownTypes.Get(compilation, "System.Net.Http.HttpClient");
        private readonly ConcurrentDictionary<IMethodSymbol, string> _agency = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IMethodSymbol, byte> _registered = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentBag<(Location Location, string Agency)> _lambdaTools = [];
        private readonly ConcurrentDictionary<IMethodSymbol, string> _toolsByName = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IMethodSymbol, byte> _registeredByName = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentBag<(Location Location, string Agency)> _lambdaToolsByName = [];
        private int _autoInvoke;
        private int _autoInvokeByName;

        /// <summary>
        /// Automatic invocation on unresolved SDK types, by their exact names: <c>FunctionChoiceBehavior.Auto()</c> (not
        /// <c>autoInvoke: false</c>), <c>ToolCallBehavior.AutoInvokeKernelFunctions</c>, <c>chatClientBuilder.UseFunctionInvocation()</c>,
        /// <c>new FunctionInvokingChatClient(…)</c>.
        /// </summary>
        public void ObserveByName(IOperation operation)
        {
            var auto = ByName.Call(operation) switch
            {
                ("FunctionChoiceBehavior", "Auto") => !ByName.Arguments(operation).Any(a =>
                    a.Syntax.NameColon?.Name.Identifier.ValueText == "autoInvoke" && a.Syntax.Expression.IsKind(SyntaxKind.FalseLiteralExpression)),
                ("ChatClientBuilder", "UseFunctionInvocation") => true,
                _ => ByName.Created(operation) == "FunctionInvokingChatClient"
                    || (operation.Syntax is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AutoInvokeKernelFunctions" } member
                        && ByName.Last(member.Expression) == "ToolCallBehavior"
                        && operation.SemanticModel?.GetSymbolInfo(member.Expression).Symbol is null),
            };
            if (auto)
            {
                Interlocked.Exchange(ref _autoInvokeByName, 1);
            }

            // AIFunctionFactory.Create(FetchAsync) or AIFunctionFactory.Create((string url) => …) on the unresolved factory.
            if (ByName.Call(operation) is ("AIFunctionFactory", "Create") && operation.SemanticModel is { } model)
            {
                foreach (var (syntax, value) in ByName.Arguments(operation))
                {
                    if (value is IAnonymousFunctionOperation lambda)
                    {
                        if (Agency(lambda.Symbol, ImmutableArray.Create<IOperation>(lambda.Body)) is { } agency)
                        {
                            _lambdaToolsByName.Add((syntax.Expression.GetLocation(), agency));
                        }
                    }
                    else if (model.GetSymbolInfo(syntax.Expression) is var info
                        && (info.Symbol ?? info.CandidateSymbols.FirstOrDefault()) is IMethodSymbol { IsImplicitlyDeclared: false } method)
                    {
                        _registeredByName.TryAdd(method.OriginalDefinition, 0);
                    }
                }
            }
        }

        /// <summary>A method marked <c>[KernelFunction]</c> where the attribute did not resolve: a tool by the attribute's name.</summary>
        public void RecordByName(IMethodSymbol method, ImmutableArray<IOperation> blocks)
        {
            if (method.GetAttributes().Any(a => a.AttributeClass is IErrorTypeSymbol { Name: var name } && ByName.ToolAttributes.Contains(name))
                && Agency(method, blocks) is { } agency)
            {
                _toolsByName[method.OriginalDefinition] = agency;
            }
        }

        public void Observe(IOperation operation, INamedTypeSymbol? functionFactory)
        {
            switch (operation)
            {
                case IInvocationOperation { TargetMethod: { Name: "Auto", ContainingType.Name: "FunctionChoiceBehavior" } } auto
                    when Symbols.IsIn(auto.TargetMethod, "Microsoft.SemanticKernel")
                    && !auto.Arguments.Any(a => a.Parameter?.Name == "autoInvoke" && a.Value.ConstantValue is { HasValue: true, Value: false }):
                case IInvocationOperation { TargetMethod.Name: "UseFunctionInvocation" } use when Symbols.IsIn(use.TargetMethod, "Microsoft.Extensions.AI"):
                case IObjectCreationOperation { Type.Name: "FunctionInvokingChatClient" } created when Symbols.IsIn(created.Type, "Microsoft.Extensions.AI"):
                case IPropertyReferenceOperation { Property: { Name: "AutoInvokeKernelFunctions", ContainingType.Name: "ToolCallBehavior" } } behavior
                    when Symbols.IsIn(behavior.Property, "Microsoft.SemanticKernel"):
                    Interlocked.Exchange(ref _autoInvoke, 1);
                    break;

                // AIFunctionFactory.Create(FetchAsync) or AIFunctionFactory.Create((string url) => …)
                case IInvocationOperation { TargetMethod.Name: "Create" } create when Symbols.Is(create.TargetMethod.ContainingType, functionFactory):
                    foreach (var argument in create.Arguments)
                    {
                        switch (Unwrap(argument.Value))
                        {
                            case IDelegateCreationOperation { Target: IMethodReferenceOperation reference }:
                                _registered.TryAdd(reference.Method.OriginalDefinition, 0);
                                break;
                            case IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda }
                                when Agency(lambda.Symbol, ImmutableArray.Create<IOperation>(lambda.Body)) is { } agency:
                                _lambdaTools.Add((argument.Value.Syntax.GetLocation(), agency));
                                break;
                        }
                    }

                    break;
            }
        }

        /// <summary>
        /// Reads a [KernelFunction]'s body while the compiler has it. Any other method is a tool only if some
        /// AIFunctionFactory.Create registers it, which may be seen later: those few are read at the end
        /// (<see cref="AgencyFromSource"/>), so the bodies of all other methods are never walked (the rule's main cost).
        /// </summary>
        public void Record(IMethodSymbol method, ImmutableArray<IOperation> blocks, INamedTypeSymbol? kernelFunction)
        {
            if (kernelFunction is not null && method.GetAttributes().Any(a => Symbols.Is(a.AttributeClass, kernelFunction))
                && Agency(method, blocks) is { } agency)
            {
                _agency[method.OriginalDefinition] = agency;
            }
        }

        public void Report(CompilationAnalysisContext context, INamedTypeSymbol? kernelFunction)
        {
            var autoByName = Volatile.Read(ref _autoInvokeByName) != 0;
            if (Volatile.Read(ref _autoInvoke) == 0 && !autoByName)
            {
                return;
            }

            // Tools known by name, or any tool when only a by-name call turned automatic invocation on: low confidence.
            foreach (var registered in _registeredByName.Keys)
            {
                if (!_toolsByName.ContainsKey(registered) && AgencyFromSource(registered, context.CancellationToken) is { } agency)
                {
                    _toolsByName[registered] = agency;
                }
            }

            foreach (var (location, agency) in _lambdaToolsByName)
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, location, UnresolvedImports.LowConfidence, "lambda", agency));
            }

            foreach (var pair in _toolsByName)
            {
                if (pair.Key.Locations.FirstOrDefault(l => l.IsInSource) is { } location)
                {
                    context.ReportDiagnostic(Diagnostic.Create(Rule, location, UnresolvedImports.LowConfidence, pair.Key.Name, pair.Value));
                }
            }

            var properties = Volatile.Read(ref _autoInvoke) == 0 ? UnresolvedImports.LowConfidence : ImmutableDictionary<string, string?>.Empty;

            foreach (var registered in _registered.Keys)
            {
                if (!_agency.ContainsKey(registered) && AgencyFromSource(registered, context.CancellationToken) is { } agency)
                {
                    _agency[registered] = agency;
                }
            }

            foreach (var pair in _agency)
            {
                var method = pair.Key;
                if ((_registered.ContainsKey(method) || method.GetAttributes().Any(a => Symbols.Is(a.AttributeClass, kernelFunction)))
                    && method.Locations.FirstOrDefault(l => l.IsInSource) is { } location)
                {
                    context.ReportDiagnostic(Diagnostic.Create(Rule, location, properties, method.Name, pair.Value));
                }
            }

            foreach (var (location, agency) in _lambdaTools)
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, location, properties, "lambda", agency));
            }
        }

        /// <summary>The agency of a method registered as a tool, from its declaration in source.</summary>
        private string? AgencyFromSource(IMethodSymbol method, CancellationToken cancellationToken)
        {
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax(cancellationToken);
                // RS1030: a semantic model per registered tool method (a handful) at compilation end, instead of an
                // operation walk of every method body of the compilation while it is analysed.
#pragma warning disable RS1030
                var model = compilation.GetSemanticModel(syntax.SyntaxTree);
#pragma warning restore RS1030
                if (model.GetOperation(syntax, cancellationToken) is { } body && Agency(method, ImmutableArray.Create(body)) is { } agency)
                {
                    return agency;
                }
            }

            return null;
        }

        /// <summary>The first side effect the body has that a prompt could steer, described for the message.</summary>
        private string? Agency(IMethodSymbol method, ImmutableArray<IOperation> blocks)
        {
            foreach (var invocation in blocks.SelectMany(b => b.DescendantsAndSelf()).OfType<IInvocationOperation>())
            {
                var target = invocation.TargetMethod;
                var type = target.ContainingType;
                if (Symbols.Is(type, _process) && target.Name == "Start")
                {
                    return "runs processes (Process.Start)";
                }

                if ((Symbols.Is(type, _file) && (target.Name.StartsWith("Write", StringComparison.Ordinal) || target.Name.StartsWith("Append", StringComparison.Ordinal)
                        || target.Name is "Delete" or "Move" or "Copy" or "Replace" or "Create" or "CreateText" or "OpenWrite"))
                    || (Symbols.Is(type, _directory) && target.Name is "Delete" or "Move"))
                {
                    return $"writes or deletes files ({type.Name}.{target.Name})";
                }

                if (Symbols.Is(type, _httpClient) && invocation.Arguments.FirstOrDefault() is { } url && UrlParameter(url.Value, method) is { } parameter)
                {
                    return $"fetches the URL in its parameter '{parameter.Name}' (HttpClient.{target.Name})";
                }
            }

            return null;
        }

        /// <summary>The tool's parameter when it decides where the request goes: the URL itself, or what the URL starts with.</summary>
        private static IParameterSymbol? UrlParameter(IOperation value, IMethodSymbol method) => Unwrap(value) switch
        {
            IParameterReferenceOperation { Parameter: var p } when SymbolEqualityComparer.Default.Equals(p.ContainingSymbol, method) => p,
            IObjectCreationOperation { Type.Name: "Uri" } uri when uri.Arguments.Length > 0 => UrlParameter(uri.Arguments[0].Value, method),
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } add => UrlParameter(add.LeftOperand, method),
            IInterpolatedStringOperation interpolated when interpolated.Parts.Length > 0 && interpolated.Parts[0] is IInterpolationOperation first
                => UrlParameter(first.Expression, method),
            IInvocationOperation { TargetMethod.Name: "CreateRequestMessage" or "ToString" } call when call.Instance is not null => UrlParameter(call.Instance, method),
            _ => null,
        };

        private static IOperation Unwrap(IOperation operation) => operation is IConversionOperation conversion ? Unwrap(conversion.Operand) : operation;
    }
}
