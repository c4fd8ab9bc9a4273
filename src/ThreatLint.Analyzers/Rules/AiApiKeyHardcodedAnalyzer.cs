using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ThreatLint.Analyzers.Rules;

/// <summary>TL5008: a literal key passed to an AI SDK's credential, client or connector.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AiApiKeyHardcodedAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = Descriptors.Create("TL5008", Catalog.Rules.AiApiKeyHardcoded);

    // "ApiKeyCredential(string)", "OpenAIKernelBuilderExtensions.AddOpenAIChatCompletion(IKernelBuilder, string, …)".
    private static readonly SymbolDisplayFormat ConstructorFormat = new(
        memberOptions: SymbolDisplayMemberOptions.IncludeParameters,
        parameterOptions: SymbolDisplayParameterOptions.IncludeType,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

    private static readonly SymbolDisplayFormat MethodFormat = ConstructorFormat.AddMemberOptions(SymbolDisplayMemberOptions.IncludeContainingType);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            // The SDKs are imported but not referenced (the CLI on an unrestored repository): credentials by name.
            if (UnresolvedImports.Any(start.Compilation, "System.ClientModel", "Azure", "OpenAI", "Azure.AI.OpenAI", "Microsoft.SemanticKernel"))
            {
                start.RegisterSyntaxNodeAction(AnalyzeUnresolvedCredential, SyntaxKind.ObjectCreationExpression);
            }

            if (KeyConsumers.Create(start.Compilation) is not { } consumers)
            {
                return;
            }

            start.RegisterOperationAction(
                operation => Analyze(operation, consumers, ((IObjectCreationOperation)operation.Operation).Constructor, ((IObjectCreationOperation)operation.Operation).Arguments),
                OperationKind.ObjectCreation);
            start.RegisterOperationAction(
                operation => Analyze(operation, consumers, ((IInvocationOperation)operation.Operation).TargetMethod, ((IInvocationOperation)operation.Operation).Arguments),
                OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, KeyConsumers consumers, IMethodSymbol? method, ImmutableArray<IArgumentOperation> arguments)
    {
        if (method is null || !consumers.MayTakeKey(method))
        {
            return;
        }

        foreach (var argument in arguments)
        {
            if (argument.ArgumentKind != ArgumentKind.DefaultValue
                && argument.Parameter is { Type.SpecialType: SpecialType.System_String } parameter
                && consumers.TakesKey(method, parameter)
                && LiteralValue(argument.Value) is { } value
                && !KeyPlaceholder.IsPlaceholder(value))
            {
                var target = method.ToDisplayString(method.MethodKind == MethodKind.Constructor ? ConstructorFormat : MethodFormat);
                context.ReportDiagnostic(Diagnostic.Create(Rule, argument.Value.Syntax.GetLocation(), target));
            }
        }
    }

    /// <summary>
    /// <c>new ApiKeyCredential("sk-…")</c> or <c>new AzureKeyCredential("…")</c> where the type did not resolve: the names
    /// are the SDKs' own and the literal is the key, but the symbol is unknown, so the finding says low confidence.
    /// </summary>
    private static void AnalyzeUnresolvedCredential(SyntaxNodeAnalysisContext context)
    {
        var creation = (ObjectCreationExpressionSyntax)context.Node;
        var name = creation.Type switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            _ => null,
        };
        if (name is not ("ApiKeyCredential" or "AzureKeyCredential")
            || creation.ArgumentList is not { Arguments.Count: 1 } arguments
            || arguments.Arguments[0].Expression is not { } argument
            || SyntaxValue(argument) is not { } value
            || KeyPlaceholder.IsPlaceholder(value)
            || context.SemanticModel.GetTypeInfo(creation, context.CancellationToken).Type is not IErrorTypeSymbol)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, argument.GetLocation(), UnresolvedImports.LowConfidence, name + "(string)"));
    }

    /// <summary>The string written in source for a value: a constant, a readonly field or local initialised with one, a literal fallback.</summary>
    private static string? LiteralValue(IOperation value) => value switch
    {
        { ConstantValue: { HasValue: true, Value: string constant } } => constant,
        IConversionOperation conversion => LiteralValue(conversion.Operand),
        ICoalesceOperation coalesce => LiteralValue(coalesce.WhenNull),
        IFieldReferenceOperation { Field: { IsReadOnly: true } field } => InitializerValue(field),
        ILocalReferenceOperation { Local: var local } => InitializerValue(local),
        _ => null,
    };

    // A readonly field or a local is not a constant, but `= "sk-…"` in its declaration puts the key in source all the same.
    private static string? InitializerValue(ISymbol symbol) =>
        symbol.DeclaringSyntaxReferences.Length == 1
        && symbol.DeclaringSyntaxReferences[0].GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: var initializer }
            ? SyntaxValue(initializer)
            : null;

    private static string? SyntaxValue(ExpressionSyntax expression) => expression switch
    {
        LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression) => literal.Token.ValueText,
        ParenthesizedExpressionSyntax parenthesized => SyntaxValue(parenthesized.Expression),
        BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression)
            => SyntaxValue(binary.Left) is { } left && SyntaxValue(binary.Right) is { } right ? left + right : null,
        InterpolatedStringExpressionSyntax interpolated when interpolated.Contents.All(c => c is InterpolatedStringTextSyntax)
            => string.Concat(interpolated.Contents.Select(c => ((InterpolatedStringTextSyntax)c).TextToken.ValueText)),
        _ => null,
    };

    /// <summary>The key-taking APIs present in a compilation; null when it references no AI SDK.</summary>
    private sealed class KeyConsumers
    {
        private readonly INamedTypeSymbol? _apiKeyCredential;
        private readonly INamedTypeSymbol? _azureKeyCredential;

        private KeyConsumers(INamedTypeSymbol? apiKeyCredential, INamedTypeSymbol? azureKeyCredential)
        {
            _apiKeyCredential = apiKeyCredential;
            _azureKeyCredential = azureKeyCredential;
        }

        public static KeyConsumers? Create(Compilation compilation)
        {
            var apiKeyCredential = KnownTypes.Get(compilation, "System.ClientModel.ApiKeyCredential");
            var azureKeyCredential = KnownTypes.Get(compilation, "Azure.AzureKeyCredential");
            var root = compilation.GlobalNamespace;
            return apiKeyCredential is null && azureKeyCredential is null
                && Namespace(root, "OpenAI") is null
                && Namespace(root, "Azure", "AI", "OpenAI") is null
                && Namespace(root, "Microsoft", "SemanticKernel") is null
                ? null
                : new KeyConsumers(apiKeyCredential, azureKeyCredential);
        }

        /// <summary>Rules out, by the type and the parameter names alone, the calls that <see cref="TakesKey"/> never accepts: most calls.</summary>
        public bool MayTakeKey(IMethodSymbol method)
        {
            if (SymbolEqualityComparer.Default.Equals(method.ContainingType, _apiKeyCredential) || SymbolEqualityComparer.Default.Equals(method.ContainingType, _azureKeyCredential))
            {
                return true;
            }

            foreach (var parameter in method.Parameters)
            {
                if (parameter.Name is "apiKey" or "credential")
                {
                    return true;
                }
            }

            return false;
        }

        public bool TakesKey(IMethodSymbol method, IParameterSymbol parameter)
        {
            var type = method.ContainingType;
            if (SymbolEqualityComparer.Default.Equals(type, _apiKeyCredential) || SymbolEqualityComparer.Default.Equals(type, _azureKeyCredential))
            {
                return true;
            }

            // "key" alone is a dictionary or memory-record key in Semantic Kernel (IMemoryStore.GetAsync(collection, key)).
            return parameter.Name is "apiKey" or "credential"
                && (IsWithin(type.ContainingNamespace, "OpenAI")
                    || IsWithin(type.ContainingNamespace, "Azure", "AI", "OpenAI")
                    || IsWithin(type.ContainingNamespace, "Microsoft", "SemanticKernel")
                    // Semantic Kernel also ships extensions in Microsoft.Extensions.DependencyInjection (AddOpenAIChatClient).
                    || type.ContainingAssembly?.Name.StartsWith("Microsoft.SemanticKernel", StringComparison.Ordinal) == true);
        }

        private static INamespaceSymbol? Namespace(INamespaceSymbol root, params string[] path)
        {
            INamespaceSymbol? current = root;
            foreach (var name in path)
            {
                current = current.GetMembers(name).OfType<INamespaceSymbol>().FirstOrDefault();
                if (current is null)
                {
                    return null;
                }
            }

            return current;
        }

        /// <summary>True when <paramref name="ns"/> is the namespace <paramref name="path"/> or nested in it.</summary>
        private static bool IsWithin(INamespaceSymbol? ns, params string[] path)
        {
            var depth = 0;
            for (var n = ns; n is { IsGlobalNamespace: false }; n = n.ContainingNamespace)
            {
                depth++;
            }

            for (; depth > path.Length; depth--)
            {
                ns = ns!.ContainingNamespace;
            }

            if (depth < path.Length)
            {
                return false;
            }

            for (var i = path.Length - 1; i >= 0; i--, ns = ns.ContainingNamespace)
            {
                if (!string.Equals(ns!.Name, path[i], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
