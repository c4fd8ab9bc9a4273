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
            if (clients.IsEmpty || AspNetCore.Create(start.Compilation) is not { } aspNet)
            {
                return;
            }

            start.RegisterOperationAction(operation => Analyze(operation, clients, openAiSettings, aspNet), OperationKind.Invocation);
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

    private static bool IsNull(IOperation value) => OptionsObject.Unwrap(value) is { ConstantValue: { HasValue: true, Value: null } };
}
