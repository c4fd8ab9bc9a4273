using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ThreatLint.Analyzers.Endpoints;

/// <summary>
/// The inference APIs a compilation references (ML.NET, ONNX Runtime, Microsoft.Extensions.AI, OpenAI, Semantic Kernel),
/// resolved once per compilation by metadata name. Empty when it references none: the endpoint rules then register nothing.
/// </summary>
internal sealed class InferenceCalls
{
    // Type metadata name → the members that run a model (".ctor" for a constructor that loads one).
    private static readonly (string Type, string[] Members)[] Known =
    [
        ("Microsoft.ML.PredictionEngine`2", ["Predict"]),
        ("Microsoft.ML.PredictionEngineBase`2", ["Predict"]),
        // Microsoft.Extensions.ML is not referenced by the tests (not served); its name is enough.
        ("Microsoft.Extensions.ML.PredictionEnginePool`2", ["Predict"]),
        ("Microsoft.ML.ModelOperationsCatalog", ["Load"]),
        ("Microsoft.ML.OnnxRuntime.InferenceSession", [".ctor", "Run", "RunAsync"]),
        ("Microsoft.Extensions.AI.IChatClient", ["GetResponseAsync", "GetStreamingResponseAsync"]),
        ("Microsoft.Extensions.AI.ChatClientExtensions", ["GetResponseAsync", "GetStreamingResponseAsync"]),
        ("Microsoft.Extensions.AI.ChatClientStructuredOutputExtensions", ["GetResponseAsync"]),
        ("Microsoft.Extensions.AI.IEmbeddingGenerator`2", ["GenerateAsync"]),
        ("Microsoft.Extensions.AI.EmbeddingGeneratorExtensions", ["GenerateAsync", "GenerateEmbeddingAsync", "GenerateEmbeddingVectorAsync", "GenerateAndZipAsync"]),
        ("OpenAI.Chat.ChatClient", ["CompleteChat", "CompleteChatAsync", "CompleteChatStreaming", "CompleteChatStreamingAsync"]),
        ("Microsoft.SemanticKernel.Kernel", ["InvokeAsync", "InvokeStreamingAsync"]),
        ("Microsoft.SemanticKernel.KernelExtensions", ["InvokeAsync", "InvokePromptAsync", "InvokeStreamingAsync", "InvokePromptStreamingAsync"]),
        ("Microsoft.SemanticKernel.ChatCompletion.IChatCompletionService", ["GetChatMessageContentsAsync", "GetStreamingChatMessageContentsAsync"]),
        ("Microsoft.SemanticKernel.ChatCompletion.ChatCompletionServiceExtensions", ["GetChatMessageContentAsync", "GetChatMessageContentsAsync", "GetStreamingChatMessageContentsAsync"]),
    ];

    // When the packages are missing (UnresolvedImports): the receiver's type name as written → the members that run a
    // model on it, extension methods included. Only ever matched against error types (see IsInferenceByName).
    private static readonly Dictionary<string, HashSet<string>> ByName = Table(new (string Type, string[] Members)[]
    {
        ("PredictionEngine", ["Predict"]),
        ("PredictionEnginePool", ["Predict"]),
        ("InferenceSession", ["Run", "RunAsync"]),
        ("IChatClient", ["GetResponseAsync", "GetStreamingResponseAsync"]),
        ("ChatClient", ["CompleteChat", "CompleteChatAsync", "CompleteChatStreaming", "CompleteChatStreamingAsync"]),
        ("Kernel", ["InvokeAsync", "InvokePromptAsync", "InvokeStreamingAsync", "InvokePromptStreamingAsync"]),
        ("IChatCompletionService", ["GetChatMessageContentAsync", "GetChatMessageContentsAsync", "GetStreamingChatMessageContentsAsync"]),
        ("IEmbeddingGenerator", ["GenerateAsync", "GenerateEmbeddingAsync", "GenerateEmbeddingVectorAsync"]),
    });

    // Every member name above: most calls of a compilation are ruled out by their name alone.
    private static readonly HashSet<string> Names = AllMembers();

    // Plain collections, read-only once built: cheaper to look up than immutable ones, and nothing more to JIT-compile in a
    // fresh compiler process (bench/README.md, "Analyzer cost").
    private readonly Dictionary<INamedTypeSymbol, HashSet<string>> _members;

    private InferenceCalls(Dictionary<INamedTypeSymbol, HashSet<string>> members, bool byName)
    {
        _members = members;
        ByNameFallback = byName;
    }

    public bool IsEmpty => _members.Count == 0 && !ByNameFallback;

    /// <summary>True when the compilation imports AI/ML namespaces its references lack: calls are then also recognised by name.</summary>
    public bool ByNameFallback { get; }

    /// <summary>
    /// A call that did not bind (an <see cref="IInvalidOperation"/>) on a receiver of an unresolved type with an inference
    /// API's exact name: <c>engine.Predict(x)</c> where <c>PredictionEngine&lt;,&gt;</c> is missing. Only in fallback mode.
    /// </summary>
    public bool IsInferenceByName(IOperation operation)
    {
        if (!ByNameFallback || operation is not IInvalidOperation { Syntax: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } }
            || operation.SemanticModel is not { } model)
        {
            return false;
        }

        return model.GetTypeInfo(member.Expression).Type is IErrorTypeSymbol { Name: var typeName }
            && ByName.TryGetValue(typeName, out var members)
            && members.Contains(member.Name.Identifier.ValueText);
    }

    public static InferenceCalls Create(Compilation compilation)
    {
        var members = new Dictionary<INamedTypeSymbol, HashSet<string>>(SymbolEqualityComparer.Default);
        foreach (var (typeName, names) in Known)
        {
            if (KnownTypes.Get(compilation, typeName) is { } type)
            {
                members[type] = new HashSet<string>(names, StringComparer.Ordinal);
            }
        }

        var byName = UnresolvedImports.Any(
            compilation, "Microsoft.ML", "Microsoft.Extensions.ML", "Microsoft.ML.OnnxRuntime", "Microsoft.Extensions.AI", "OpenAI", "Azure.AI.OpenAI", "Microsoft.SemanticKernel");
        return new InferenceCalls(members, byName);
    }

    /// <summary>The method (or an override, an implementation's interface member, the extension it was reduced from) runs a model.</summary>
    public bool IsInference(IMethodSymbol method)
    {
        if (!Names.Contains(method.MethodKind == MethodKind.Constructor ? ".ctor" : method.Name))
        {
            return false;
        }

        method = method.ReducedFrom ?? method;
        for (var m = method; m is not null; m = m.OverriddenMethod)
        {
            if (Matches(m))
            {
                return true;
            }
        }

        // A call through a concrete chat client class: its IChatClient members count.
        if (method.MethodKind == MethodKind.Ordinary && !method.IsStatic)
        {
            foreach (var @interface in method.ContainingType.AllInterfaces)
            {
                if (_members.TryGetValue(@interface.OriginalDefinition, out var names) && names.Contains(method.Name))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static HashSet<string> AllMembers()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, members) in Known)
        {
            names.UnionWith(members);
        }

        return names;
    }

    private static Dictionary<string, HashSet<string>> Table((string Type, string[] Members)[] rows)
    {
        var table = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (type, members) in rows)
        {
            table[type] = new HashSet<string>(members, StringComparer.Ordinal);
        }

        return table;
    }

    private bool Matches(IMethodSymbol method) =>
        _members.TryGetValue(method.ContainingType.OriginalDefinition, out var names)
        && names.Contains(method.MethodKind == MethodKind.Constructor ? ".ctor" : method.Name);
}
