using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ThreatLint.Analyzers;

/// <summary>
/// The SDK names the rules fall back to when the packages a file imports are not referenced (<see cref="UnresolvedImports"/>,
/// the CLI on a repository that was never restored), and the helpers that read calls which did not bind. A name is only
/// ever matched against an unresolved (error) type, exactly as written: a project's own <c>ChatClient</c> resolves and is
/// never taken for the SDK's. Nothing here runs unless a rule found the compilation partial.
/// </summary>
internal static class ByName
{
    /// <summary>The namespaces of the chat and prompt SDKs: one of them unresolved switches the model-output fallbacks on.</summary>
    public static readonly string[] ChatNamespaces = ["OpenAI", "Azure.AI.OpenAI", "Microsoft.Extensions.AI", "Microsoft.SemanticKernel"];

    /// <summary>Calls whose result is model-generated text (receiver type name → members), as <c>FlowContext.IsModelCall</c>.</summary>
    public static readonly ImmutableDictionary<string, ImmutableHashSet<string>> ModelCalls = Table(
        ("ChatClient", ["CompleteChat", "CompleteChatAsync"]),
        ("IChatClient", ["GetResponseAsync"]),
        ("Kernel", ["InvokePromptAsync", "InvokeAsync"]),
        ("IChatCompletionService", ["GetChatMessageContentAsync", "GetChatMessageContentsAsync"]),
        ("ITextGenerationService", ["GetTextContentAsync", "GetTextContentsAsync"]));

    /// <summary>TL5007: chat calls (receiver type name, members) → the options types they take and the property that bounds output.</summary>
    public static readonly ImmutableArray<(string Type, ImmutableHashSet<string> Members, ImmutableHashSet<string> Options, string Limit)> ChatCompletions = ImmutableArray.Create(
    new (string, ImmutableHashSet<string>, ImmutableHashSet<string>, string)[]
    {
        ("ChatClient", Set("CompleteChat", "CompleteChatAsync", "CompleteChatStreaming", "CompleteChatStreamingAsync"), Set("ChatCompletionOptions"), "MaxOutputTokenCount"),
        ("IChatClient", Set("GetResponseAsync", "GetStreamingResponseAsync"), Set("ChatOptions"), "MaxOutputTokens"),
        ("IChatCompletionService", Set("GetChatMessageContentAsync", "GetChatMessageContentsAsync", "GetStreamingChatMessageContentsAsync"),
            // Semantic Kernel's base PromptExecutionSettings has no limit of its own: like the symbol path, it counts as configured.
            Set("OpenAIPromptExecutionSettings", "AzureOpenAIPromptExecutionSettings"), "MaxTokens"),
    });

    /// <summary>TL5010: searchable types (type name → search members) and their options types, whose <c>Filter</c> restricts results.</summary>
    public static readonly ImmutableDictionary<string, ImmutableHashSet<string>> Searches = Table(
        ("VectorStoreCollection", ["SearchAsync", "SearchEmbeddingAsync", "VectorizedSearchAsync"]),
        ("IVectorSearchable", ["SearchAsync", "SearchEmbeddingAsync"]),
        ("SearchClient", ["Search", "SearchAsync"]));

    public static readonly ImmutableHashSet<string> SearchOptions = Set("VectorSearchOptions", "SearchOptions");

    /// <summary>TL5005: types whose construction is a system or developer message, and calls whose text is one.</summary>
    public static readonly ImmutableHashSet<string> SystemMessageTypes = Set("SystemChatMessage", "DeveloperChatMessage");

    /// <summary>TL5005: receiver type name → members whose first argument is system or template text.</summary>
    public static readonly ImmutableDictionary<string, ImmutableHashSet<string>> SystemPromptCalls = Table(
        ("ChatMessage", ["CreateSystemMessage", "CreateDeveloperMessage"]),
        ("ChatHistory", ["AddSystemMessage", "AddDeveloperMessage"]),
        ("Kernel", ["InvokePromptAsync", "InvokePromptStreamingAsync", "CreateFunctionFromPrompt"]));

    /// <summary>TL5011: the attribute that makes a method a Semantic Kernel tool, as written.</summary>
    public static readonly ImmutableHashSet<string> ToolAttributes = Set("KernelFunction", "KernelFunctionAttribute");

    /// <summary>
    /// The receiver's type name and the member of <c>x.M(…)</c> when <c>x</c>'s type did not resolve (the call is then invalid);
    /// for a static call (<c>FunctionChoiceBehavior.Auto()</c>) the unresolved type's name as written.
    /// </summary>
    public static (string Type, string Member)? Call(IOperation operation)
    {
        if (operation is not IInvalidOperation { Syntax: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } }
            || operation.SemanticModel is not { } model
            || model.GetTypeInfo(member.Expression).Type is not IErrorTypeSymbol { Name: var type })
        {
            return null;
        }

        if (type.Length == 0 && member.Expression is IdentifierNameSyntax identifier && model.GetSymbolInfo(identifier).Symbol is null)
        {
            type = identifier.Identifier.ValueText;
        }

        return type.Length > 0 ? (type, member.Name.Identifier.ValueText) : null;
    }

    /// <summary><c>ChatClient.CompleteChatAsync</c> when the operation is that call on an unresolved type of that name.</summary>
    public static string? Matching(IOperation operation, ImmutableDictionary<string, ImmutableHashSet<string>> table) =>
        Call(operation) is var (type, member) && table.TryGetValue(type, out var members) && members.Contains(member) ? type + "." + member : null;

    /// <summary>The unresolved type name of <c>new T(…)</c> (the creation is then invalid).</summary>
    public static string? Created(IOperation operation) =>
        operation is IInvalidOperation { Syntax: ObjectCreationExpressionSyntax, Type: IErrorTypeSymbol { Name: { Length: > 0 } name } } ? name : null;

    /// <summary>The unresolved type name of an argument: what it creates (<c>new ChatOptions { … }</c>), else its error type's name.</summary>
    public static string? UnresolvedTypeOf(IOperation? value) =>
        value is null ? null : Created(value) ?? (value.Type as IErrorTypeSymbol)?.Name;

    /// <summary>The arguments of an invalid call or creation, in source order, with the operation each one bound to (null when none did).</summary>
    public static ImmutableArray<(ArgumentSyntax Syntax, IOperation? Value)> Arguments(IOperation invalid)
    {
        var list = invalid.Syntax switch
        {
            InvocationExpressionSyntax invocation => invocation.ArgumentList,
            ObjectCreationExpressionSyntax creation => creation.ArgumentList,
            _ => null,
        };
        if (list is null)
        {
            return ImmutableArray<(ArgumentSyntax, IOperation?)>.Empty;
        }

        var children = invalid.ChildOperations;
        return list.Arguments.Select(a => (a, (IOperation?)children.FirstOrDefault(c => c.Syntax == a.Expression || c.Syntax == a))).ToImmutableArray();
    }

    /// <summary>A call that bound to no method because an argument's type did not resolve: the methods overload resolution tried.</summary>
    public static ImmutableArray<IMethodSymbol> Candidates(IOperation invalid) =>
        invalid is IInvalidOperation { Syntax: InvocationExpressionSyntax or ObjectCreationExpressionSyntax } && invalid.SemanticModel is { } model
        && model.GetSymbolInfo(invalid.Syntax) is { Symbol: null, CandidateReason: CandidateReason.OverloadResolutionFailure } info
            ? info.CandidateSymbols.OfType<IMethodSymbol>().ToImmutableArray()
            : ImmutableArray<IMethodSymbol>.Empty;

    /// <summary>
    /// <c>"POST /ask"</c> when the operation is <c>app.MapPost("/ask", …)</c> that did not bind because its handler (a block
    /// lambda) returns a value of an unresolved type, so no delegate type could be inferred for it: still an endpoint.
    /// </summary>
    public static string? UnboundMap(IOperation operation)
    {
        var candidates = Candidates(operation);
        if (candidates.IsEmpty
            || candidates.Any(c => c.Name is not ("MapGet" or "MapPost" or "MapPut" or "MapDelete" or "MapPatch") || !Flow.Symbols.IsIn(c, "Microsoft.AspNetCore.Builder")))
        {
            return null;
        }

        var route = Arguments(operation).FirstOrDefault().Value?.ConstantValue is { HasValue: true, Value: string constant } ? constant : "…";
        return candidates[0].Name.Substring(3).ToUpperInvariant() + " " + route;
    }

    /// <summary>The parameter an argument would bind to in <paramref name="method"/>: by name, else by position (params included).</summary>
    public static IParameterSymbol? Parameter(IMethodSymbol method, ArgumentSyntax argument, int index)
    {
        if (argument.NameColon is { } name)
        {
            return method.Parameters.FirstOrDefault(p => p.Name == name.Name.Identifier.ValueText);
        }

        return index < method.Parameters.Length ? method.Parameters[index]
            : method.Parameters.LastOrDefault() is { IsParams: true } rest ? rest
            : null;
    }

    /// <summary><c>ChatRole.System</c>, <c>AuthorRole.Developer</c>: a role argument written with the SDK's names.</summary>
    public static bool IsSystemRole(ExpressionSyntax expression) =>
        expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "System" or "Developer" } role
        && Last(role.Expression) is "ChatRole" or "AuthorRole";

    /// <summary>The identifier a name ends with: <c>TypeNameHandling</c> for <c>Newtonsoft.Json.TypeNameHandling</c>.</summary>
    public static string? Last(ExpressionSyntax? expression) => expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        GenericNameSyntax generic => generic.Identifier.ValueText,
        QualifiedNameSyntax qualified => Last(qualified.Right),
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => Last(alias.Name),
        _ => null,
    };

    /// <summary>
    /// The value an options object written in this block gives <paramref name="property"/>: <c>new ChatOptions { MaxOutputTokens = 500 }</c>
    /// as the argument, or a local initialised so and assigned later. <c>Known</c> is false when the object comes from elsewhere.
    /// </summary>
    public static (bool Known, ExpressionSyntax? Value) OptionsValue(IOperation argument, string property)
    {
        var root = Flow.OperationTree.Root(argument);
        var expression = argument.Syntax as ExpressionSyntax;
        ILocalSymbol? local = null;
        if (argument is ILocalReferenceOperation reference)
        {
            local = reference.Local;
            expression = local.DeclaringSyntaxReferences.Length == 1
                && local.DeclaringSyntaxReferences[0].GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: var initializer }
                ? initializer
                : null;
        }

        if (expression is not BaseObjectCreationExpressionSyntax creation)
        {
            return (false, null);
        }

        foreach (var assignment in creation.Initializer?.Expressions.OfType<AssignmentExpressionSyntax>() ?? [])
        {
            if (assignment.Left is IdentifierNameSyntax { Identifier.ValueText: var name } && name == property)
            {
                return (true, assignment.Right);
            }
        }

        // options.MaxOutputTokens = 500; later in the same block.
        if (local is not null)
        {
            foreach (var assignment in root.Syntax.DescendantNodes().OfType<AssignmentExpressionSyntax>())
            {
                if (assignment.Left is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax owner, Name.Identifier.ValueText: var name }
                    && name == property && owner.Identifier.ValueText == local.Name)
                {
                    return (true, assignment.Right);
                }
            }
        }

        return (true, null);
    }

    /// <summary>The operation of <paramref name="syntax"/> in the block that holds <paramref name="anywhere"/>.</summary>
    public static IOperation? OperationOf(IOperation anywhere, SyntaxNode syntax)
    {
        return Flow.OperationTree.Root(anywhere).DescendantsAndSelf().FirstOrDefault(o => o.Syntax == syntax);
    }

    public static bool IsNullLiteral(ExpressionSyntax? expression) => expression?.IsKind(SyntaxKind.NullLiteralExpression) == true;

    private static ImmutableHashSet<string> Set(params string[] names) => ImmutableHashSet.Create(StringComparer.Ordinal, names);

    private static ImmutableDictionary<string, ImmutableHashSet<string>> Table(params (string Type, string[] Members)[] rows) =>
        rows.ToImmutableDictionary(r => r.Type, r => Set(r.Members), StringComparer.Ordinal);
}
