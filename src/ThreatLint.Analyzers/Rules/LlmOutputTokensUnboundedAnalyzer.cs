using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ThreatLint.Analyzers.Endpoints;

namespace ThreatLint.Analyzers.Rules;

/// <summary>TL5007: a chat completion on a request path with no maximum output tokens in its options.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LlmOutputTokensUnboundedAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = Descriptors.Create("TL5007", Catalog.Rules.LlmOutputTokensUnbounded);

    // Client type → (chat methods, options type, the options property that bounds output).
    private static readonly (string Type, string[] Methods, string Options, string Property)[] Clients =
    [
        ("OpenAI.Chat.ChatClient", ["CompleteChat", "CompleteChatAsync", "CompleteChatStreaming", "CompleteChatStreamingAsync"],
            "OpenAI.Chat.ChatCompletionOptions", "MaxOutputTokenCount"),
        ("Microsoft.Extensions.AI.IChatClient", ["GetResponseAsync", "GetStreamingResponseAsync"],
            "Microsoft.Extensions.AI.ChatOptions", "MaxOutputTokens"),
        ("Microsoft.Extensions.AI.ChatClientExtensions", ["GetResponseAsync", "GetStreamingResponseAsync"],
            "Microsoft.Extensions.AI.ChatOptions", "MaxOutputTokens"),
        ("Microsoft.SemanticKernel.ChatCompletion.IChatCompletionService", ["GetChatMessageContentsAsync", "GetStreamingChatMessageContentsAsync"],
            "Microsoft.SemanticKernel.PromptExecutionSettings", "MaxTokens"),
        ("Microsoft.SemanticKernel.ChatCompletion.ChatCompletionServiceExtensions", ["GetChatMessageContentAsync", "GetChatMessageContentsAsync", "GetStreamingChatMessageContentsAsync"],
            "Microsoft.SemanticKernel.PromptExecutionSettings", "MaxTokens"),
    ];

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            // A loop, not LINQ: LINQ over value tuples is JIT-compiled anew in every compiler process (bench/README.md, "Analyzer cost").
            var found = new (INamedTypeSymbol? Type, string[] Methods, INamedTypeSymbol? Options, string Property)[Clients.Length];
            var count = 0;
            foreach (var client in Clients)
            {
                if (KnownTypes.Get(start.Compilation, client.Type) is { } type && KnownTypes.Get(start.Compilation, client.Options) is { } options)
                {
                    found[count++] = (type, client.Methods, options, client.Property);
                }
            }

            var clients = ImmutableArray.Create(found, 0, count);
            // SK's base settings type has no limit of its own: only the OpenAI settings (and Azure's, derived) are read.
            var openAiSettings = KnownTypes.Get(start.Compilation, "Microsoft.SemanticKernel.Connectors.OpenAI.OpenAIPromptExecutionSettings");
            // Or a chat SDK imported but not referenced (the CLI on an unrestored repository): chat calls by name.
            var byName = UnresolvedImports.Any(start.Compilation, ByName.ChatNamespaces);
            if ((clients.IsEmpty && !byName) || AspNetCore.Create(start.Compilation) is not { } aspNet)
            {
                return;
            }

            if (!clients.IsEmpty)
            {
                start.RegisterOperationAction(operation => Analyze(operation, clients, openAiSettings, aspNet), OperationKind.Invocation);
            }

            if (byName)
            {
                start.RegisterOperationAction(operation => AnalyzeByName(operation, aspNet), OperationKind.Invalid);
            }
        });
    }

    private static void Analyze(
        OperationAnalysisContext context,
        ImmutableArray<(INamedTypeSymbol? Type, string[] Methods, INamedTypeSymbol? Options, string Property)> clients,
        INamedTypeSymbol? openAiSettings,
        AspNetCore aspNet)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod;
        var type = method.ContainingType.OriginalDefinition;
        foreach (var client in clients)
        {
            if (!SymbolEqualityComparer.Default.Equals(type, client.Type) || Array.IndexOf(client.Methods, method.Name) < 0)
            {
                continue;
            }

            var argument = invocation.Arguments.FirstOrDefault(a => AspNetCore.DerivesFrom(a.Parameter?.Type, client.Options));
            var options = OptionsObject.Of(argument is null || argument.ArgumentKind == ArgumentKind.DefaultValue ? null : argument.Value);
            var bounded = !options.IsKnown
                || (options.CreatedType is { } created && client.Property == "MaxTokens" && !AspNetCore.DerivesFrom(created, openAiSettings))
                || (options.CreatedType is not null && options.Value(client.Property) is { } limit && !IsNull(limit));
            if (!bounded && RequestPath.Endpoint(invocation, context.ContainingSymbol, aspNet) is not null)
            {
                var location = invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member }
                    ? member.Name.Identifier.GetLocation()
                    : invocation.Syntax.GetLocation();
                var owner = method.IsExtensionMethod ? method.Parameters[0].Type.Name : method.ContainingType.Name;
                context.ReportDiagnostic(Diagnostic.Create(Rule, location, owner + "." + method.Name));
            }

            return;
        }
    }

    /// <summary>
    /// A chat call on an unresolved client type of the SDK's exact name (<see cref="ByName.ChatCompletions"/>) with no options,
    /// or with options written in the same body (<c>new ChatOptions { … }</c>) that set no limit. Any other argument that could
    /// be options (a value of another or unknown type) counts as configured: the rule only reports what it can see.
    /// </summary>
    private static void AnalyzeByName(OperationAnalysisContext context, AspNetCore aspNet)
    {
        var operation = context.Operation;
        if (ByName.Call(operation) is not var (type, member)
            || ByName.ChatCompletions.FirstOrDefault(c => c.Type == type && c.Members.Contains(member)) is not { Type: not null } client)
        {
            return;
        }

        var arguments = ByName.Arguments(operation);
        var bounded = false;
        for (var i = 1; i < arguments.Length && !bounded; i++)
        {
            var (syntax, value) = arguments[i];
            var optionsType = ByName.UnresolvedTypeOf(value);
            if (optionsType is not null && client.Options.Contains(optionsType))
            {
                var (known, limit) = ByName.OptionsValue(value!, client.Limit);
                bounded = !known || (limit is not null && !ByName.IsNullLiteral(limit));
            }
            else
            {
                // A message (SystemChatMessage, ChatHistory…), text, a kernel, a token or a literal null is not options; anything else may be.
                bounded = !(ByName.IsNullLiteral(syntax.Expression)
                    || value?.Type is { SpecialType: SpecialType.System_String } or { Name: "CancellationToken" or "Kernel" or "ChatHistory" }
                    || (value?.Type is IErrorTypeSymbol { Name: var name } && name.EndsWith("Message", StringComparison.Ordinal)));
            }
        }

        if (!bounded && RequestPath.Endpoint(operation, context.ContainingSymbol, aspNet) is not null
            && operation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access })
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, access.Name.Identifier.GetLocation(), UnresolvedImports.LowConfidence, type + "." + member));
        }
    }

    private static bool IsNull(IOperation value) => OptionsObject.Unwrap(value) is { ConstantValue: { HasValue: true, Value: null } };
}
