using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ThreatLint.Analyzers.Flow;

namespace ThreatLint.Analyzers.Rules;

/// <summary>
/// TL5005: request text reaches the instructions the model trusts most: a system or developer message (Microsoft.Extensions.AI,
/// OpenAI, Semantic Kernel) or the text of a Semantic Kernel prompt template. Template arguments (<c>{{$input}}</c> filled
/// from KernelArguments) and user messages are where user text belongs and are not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UserInputInSystemPromptAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = Descriptors.Create("TL5005", Catalog.Rules.UserInputInSystemPrompt);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var compilation = start.Compilation;
            // Or a chat SDK imported but not referenced (the CLI on an unrestored repository): prompt APIs are then known by name.
            var byName = UnresolvedImports.Any(compilation, ByName.ChatNamespaces);
            if (KnownTypes.Get(compilation, "Microsoft.Extensions.AI.ChatMessage") is null
                && KnownTypes.Get(compilation, "OpenAI.Chat.ChatMessage") is null
                && KnownTypes.Get(compilation, "Microsoft.SemanticKernel.Kernel") is null
                && !byName)
            {
                return;
            }

            var flowContext = FlowContext.Create(compilation);
            var flows = new BlockCache<BodyFlow>(root => new BodyFlow(flowContext, ImmutableArray.Create(root)));
            start.RegisterOperationAction(c => AnalyzeCall(c, flows), OperationKind.Invocation, OperationKind.ObjectCreation);
            start.RegisterOperationAction(c => AnalyzeAssignment(c, flows), OperationKind.SimpleAssignment);
            if (byName)
            {
                start.RegisterOperationAction(c => AnalyzeByName(c, flows), OperationKind.Invalid);
            }
        });
    }

    private static void AnalyzeCall(OperationAnalysisContext context, BlockCache<BodyFlow> flows)
    {
        var (method, arguments) = context.Operation switch
        {
            IInvocationOperation invocation => (invocation.TargetMethod, invocation.Arguments),
            IObjectCreationOperation { Constructor: { } constructor } creation => (constructor, creation.Arguments),
            _ => default,
        };
        if (method is null || !IsPromptApi(method, arguments))
        {
            return;
        }

        foreach (var argument in arguments)
        {
            if (IsPromptText(method, argument.Parameter) && flows.For(context.Operation).Of(argument.Value, TaintKind.Request) is { } taint)
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, argument.Value.Syntax.GetLocation(), taint.Origin));
            }
        }
    }

    /// <summary>
    /// The same shapes on unresolved SDK types, by their exact names: <c>new SystemChatMessage(text)</c>,
    /// <c>new ChatMessage(ChatRole.System, text)</c>, <c>ChatMessage.CreateSystemMessage(text)</c>, <c>new ChatHistory(text)</c>,
    /// <c>history.AddSystemMessage(text)</c>, <c>history.AddMessage(AuthorRole.System, text)</c>, and the template (first
    /// argument) of <c>kernel.InvokePromptAsync</c> / <c>CreateFunctionFromPrompt</c>. Reported at low confidence.
    /// </summary>
    private static void AnalyzeByName(OperationAnalysisContext context, BlockCache<BodyFlow> flows)
    {
        var operation = context.Operation;
        var arguments = ByName.Arguments(operation);
        if (arguments.IsEmpty)
        {
            return;
        }

        IEnumerable<(ArgumentSyntax Syntax, IOperation? Value)> text;
        if (ByName.Created(operation) is { } created)
        {
            text = ByName.SystemMessageTypes.Contains(created) ? arguments
                : created is "ChatMessage" or "ChatMessageContent" && arguments.Any(a => ByName.IsSystemRole(a.Syntax.Expression))
                    ? arguments.Where(a => !ByName.IsSystemRole(a.Syntax.Expression))
                : created == "ChatHistory" ? arguments.Take(1)
                : [];
        }
        else if (ByName.Matching(operation, ByName.SystemPromptCalls) is not null)
        {
            text = arguments.Take(1);
        }
        else if (ByName.Call(operation) is ("ChatHistory", "AddMessage") && ByName.IsSystemRole(arguments[0].Syntax.Expression))
        {
            text = arguments.Skip(1).Take(1);
        }
        else
        {
            return;
        }

        foreach (var (_, value) in text)
        {
            if (value is not null && flows.For(operation).Of(value, TaintKind.Request) is { } taint)
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, value.Syntax.GetLocation(), UnresolvedImports.LowConfidence, taint.Origin));
            }
        }
    }

    // new PromptTemplateConfig { Template = … }, new ChatOptions { Instructions = … }.
    private static void AnalyzeAssignment(OperationAnalysisContext context, BlockCache<BodyFlow> flows)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IPropertyReferenceOperation { Property: var property }
            && ((property.Name == "Template" && property.ContainingType.Name == "PromptTemplateConfig" && Symbols.IsIn(property, "Microsoft.SemanticKernel"))
                || (property.Name == "Instructions" && property.ContainingType.Name == "ChatOptions" && Symbols.IsIn(property, "Microsoft.Extensions.AI")))
            && flows.For(context.Operation).Of(assignment.Value, TaintKind.Request) is { } taint)
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, assignment.Value.Syntax.GetLocation(), taint.Origin));
        }
    }

    // The names IsPromptApi can accept: every other call is ruled out before any namespace is compared.
    private static readonly ImmutableHashSet<string> PromptTypeNames = ImmutableHashSet.Create(
        StringComparer.Ordinal, "SystemChatMessage", "DeveloperChatMessage", "ChatMessage", "ChatHistory", "PromptTemplateConfig", "ChatMessageContent");

    private static readonly ImmutableHashSet<string> PromptMethodNames = ImmutableHashSet.Create(
        StringComparer.Ordinal, "CreateSystemMessage", "CreateDeveloperMessage", "AddSystemMessage", "AddDeveloperMessage", "InvokePromptAsync",
        "InvokePromptStreamingAsync", "CreateFunctionFromPrompt", "CreateFromPrompt", "AddMessage");

    /// <summary>The call builds a system/developer message or a prompt template.</summary>
    private static bool IsPromptApi(IMethodSymbol method, ImmutableArray<IArgumentOperation> arguments)
    {
        var type = method.ContainingType;
        if (!PromptMethodNames.Contains(method.Name) && !PromptTypeNames.Contains(type.Name))
        {
            return false;
        }

        if (Symbols.IsIn(type, "OpenAI.Chat"))
        {
            return type.Name is "SystemChatMessage" or "DeveloperChatMessage"
                || method.Name is "CreateSystemMessage" or "CreateDeveloperMessage";
        }

        if (Symbols.IsIn(type, "Microsoft.Extensions.AI"))
        {
            return type.Name == "ChatMessage" && method.MethodKind == MethodKind.Constructor && HasSystemRole(arguments);
        }

        if (Symbols.IsIn(type, "Microsoft.SemanticKernel"))
        {
            return method.Name is "AddSystemMessage" or "AddDeveloperMessage"
                || method.Name is "InvokePromptAsync" or "InvokePromptStreamingAsync" or "CreateFunctionFromPrompt" or "CreateFromPrompt"
                || (method.MethodKind == MethodKind.Constructor && type.Name is "ChatHistory" or "PromptTemplateConfig")
                || ((method.Name == "AddMessage" || (method.MethodKind == MethodKind.Constructor && type.Name == "ChatMessageContent")) && HasSystemRole(arguments));
        }

        return false;
    }

    /// <summary>The parameter that carries the instruction text (not KernelArguments, not a user message).</summary>
    private static bool IsPromptText(IMethodSymbol method, IParameterSymbol? parameter) =>
        parameter is { Type.SpecialType: SpecialType.System_String }
        && (!Symbols.IsIn(method, "Microsoft.SemanticKernel")
            || parameter.Name is "promptTemplate" or "template" or "systemMessage" or "content" or "text");

    private static bool HasSystemRole(ImmutableArray<IArgumentOperation> arguments) =>
        arguments.Any(a => a.Value is IPropertyReferenceOperation { Property: { IsStatic: true, Name: "System" or "Developer" } role }
            && role.ContainingType.Name is "ChatRole" or "AuthorRole");
}
