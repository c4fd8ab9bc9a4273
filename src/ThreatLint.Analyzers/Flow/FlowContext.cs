using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ThreatLint.Analyzers.Flow;

/// <summary>
/// The types a compilation's taint sources are recognised by (ASP.NET Core requests, chat and prompt calls), resolved
/// once per compilation; <see cref="BodyFlow"/> asks it whether a parameter, property or call is a source.
/// </summary>
internal sealed class FlowContext
{
    private static readonly string[] RequestMembers = ["Query", "QueryString", "Form", "Headers", "Body", "BodyReader", "RouteValues", "Cookies", "Path"];

    // Parameters of these namespaces are services or framework plumbing that minimal APIs inject, not request data.
    private static readonly string[] ServiceNamespaces =
        ["Microsoft.Extensions", "Microsoft.SemanticKernel", "OpenAI", "Azure", "System.Net.Http", "Microsoft.EntityFrameworkCore", "Microsoft.ML", "System.Threading", "System.Security.Claims", "System.Data"];

    private readonly ConcurrentDictionary<IMethodSymbol, bool> _methodHandlers = new(SymbolEqualityComparer.Default);

    private FlowContext(Compilation compilation)
    {
        HttpRequest = KnownTypes.Get(compilation, "Microsoft.AspNetCore.Http.HttpRequest");
        ControllerBase = KnownTypes.Get(compilation, "Microsoft.AspNetCore.Mvc.ControllerBase");
        StringBuilder = KnownTypes.Get(compilation, "System.Text.StringBuilder");
        TextReader = KnownTypes.Get(compilation, "System.IO.TextReader");
        Path = KnownTypes.Get(compilation, "System.IO.Path");
        Delegate = KnownTypes.Get(compilation, "System.Delegate");
        Stream = KnownTypes.Get(compilation, "System.IO.Stream");
        HttpClient = KnownTypes.Get(compilation, "System.Net.Http.HttpClient");
        ModelCallsByName = UnresolvedImports.Any(compilation, ByName.ChatNamespaces);
    }

    /// <summary>A chat SDK is imported but not referenced: chat calls that did not bind are recognised by name (<see cref="ByName.ModelCalls"/>).</summary>
    public bool ModelCallsByName { get; }

    public INamedTypeSymbol? Stream { get; }

    public INamedTypeSymbol? HttpClient { get; }

    public INamedTypeSymbol? HttpRequest { get; }

    public INamedTypeSymbol? ControllerBase { get; }

    public INamedTypeSymbol? StringBuilder { get; }

    public INamedTypeSymbol? TextReader { get; }

    public INamedTypeSymbol? Path { get; }

    public INamedTypeSymbol? Delegate { get; }

    public static FlowContext Create(Compilation compilation) => new(compilation);

    /// <summary><c>app.MapPost("/ask", handler)</c>: the argument is an endpoint's request handler.</summary>
    public bool IsHandlerArgument(IOperation operation)
    {
        var parent = operation.Parent;
        while (parent is IConversionOperation or IDelegateCreationOperation)
        {
            parent = parent.Parent;
        }

        return (parent is IArgumentOperation { Parameter: { } parameter, Parent: IInvocationOperation invocation }
            && (Symbols.Is(parameter.Type, Delegate) || parameter.Type.Name == "RequestDelegate")
            && invocation.TargetMethod.Name.StartsWith("Map", StringComparison.Ordinal)
            && Symbols.IsIn(invocation.TargetMethod, "Microsoft.AspNetCore"))
            // A partial compilation: the Map call did not bind because the handler returns an unresolved type.
            || (parent is IInvalidOperation && operation is IAnonymousFunctionOperation && ByName.UnboundMap(parent) is not null);
    }

    /// <summary>A request member (<c>Request.Query</c>, <c>Request.Body</c>, …) read through a property.</summary>
    public Taint? RequestMember(IPropertySymbol property) =>
        Symbols.Is(property.ContainingType, HttpRequest) && Array.IndexOf(RequestMembers, property.Name) >= 0
            ? new Taint(TaintKind.Request, "Request." + property.Name)
            : null;

    /// <summary>Whether a handler parameter is bound from the request rather than injected.</summary>
    public bool IsBoundFromRequest(IParameterSymbol parameter)
    {
        foreach (var attribute in parameter.GetAttributes())
        {
            if (attribute.AttributeClass?.Name is "FromServicesAttribute" or "FromKeyedServicesAttribute")
            {
                return false;
            }
        }

        var type = parameter.Type;
        if (type.TypeKind == TypeKind.Error)
        {
            // An unresolved type (a partial compilation): an SDK service far more often than a request model; not guessed.
            return false;
        }

        if (type.Name is "IFormFile" or "IFormFileCollection" && Symbols.IsIn(type, "Microsoft.AspNetCore.Http"))
        {
            return true;
        }

        return type.TypeKind is not (TypeKind.Interface or TypeKind.Delegate or TypeKind.TypeParameter)
            && !Symbols.IsIn(type, "Microsoft.AspNetCore")
            && !ServiceNamespaces.Any(ns => Symbols.IsIn(type, ns))
            && !HasBehaviour(type);
    }

    // Minimal APIs inject registered services without [FromServices]; a bound model is data, a service has methods of its own.
    private static bool HasBehaviour(ITypeSymbol type) =>
        type.SpecialType == SpecialType.None
        && type.TypeKind is TypeKind.Class or TypeKind.Struct
        && type.GetMembers().OfType<IMethodSymbol>().Any(m =>
            m is { MethodKind: MethodKind.Ordinary, DeclaredAccessibility: Accessibility.Public, IsStatic: false, IsImplicitlyDeclared: false }
            && m.Name is not ("ToString" or "Equals" or "GetHashCode" or "Deconstruct"));

    /// <summary>A method is a request handler: an MVC action, a method with <c>[From…]</c> bound parameters, or a method group mapped in its own file.</summary>
    public bool IsHandlerMethod(IMethodSymbol method, IOperation usage) =>
        _methodHandlers.GetOrAdd(method, m => IsMvcAction(m) || HasBindingAttribute(m) || IsMappedInOwnTree(m, usage));

    private bool IsMvcAction(IMethodSymbol method) =>
        method is { MethodKind: MethodKind.Ordinary, IsStatic: false, DeclaredAccessibility: Accessibility.Public }
        && Symbols.DerivesFrom(method.ContainingType, ControllerBase)
        && !method.GetAttributes().Any(a => a.AttributeClass?.Name == "NonActionAttribute");

    private static bool HasBindingAttribute(IMethodSymbol method) =>
        method.Parameters.Any(p => p.GetAttributes().Any(a =>
            a.AttributeClass is { Name: "FromBodyAttribute" or "FromQueryAttribute" or "FromRouteAttribute" or "FromFormAttribute" or "FromHeaderAttribute" } type
            && Symbols.IsIn(type, "Microsoft.AspNetCore")));

    // Only the file being analysed has a semantic model at hand; handlers mapped from another file need [From…] attributes.
    private bool IsMappedInOwnTree(IMethodSymbol method, IOperation usage)
    {
        if (usage.SemanticModel is not { } model || method.DeclaringSyntaxReferences.All(r => r.SyntaxTree != model.SyntaxTree))
        {
            return false;
        }

        foreach (var argument in model.SyntaxTree.GetRoot().DescendantNodes().OfType<ArgumentSyntax>())
        {
            var name = argument.Expression switch
            {
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                _ => null,
            };
            if (name == method.Name
                && model.GetOperation(argument.Expression) is { } operation
                && (operation as IDelegateCreationOperation ?? operation.Parent as IDelegateCreationOperation) is { Target: IMethodReferenceOperation reference } creation
                && SymbolEqualityComparer.Default.Equals(reference.Method.OriginalDefinition, method.OriginalDefinition)
                && IsHandlerArgument(creation))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A call whose result is model-generated text (or an object holding it).</summary>
    public static bool IsModelCall(IMethodSymbol method) => method.Name switch
    {
        "CompleteChat" or "CompleteChatAsync" => Symbols.IsIn(method, "OpenAI.Chat"),
        "GetResponse" or "GetResponseAsync" => Symbols.IsIn(method, "Microsoft.Extensions.AI"),
        "InvokePromptAsync" or "InvokeAsync" or "GetChatMessageContentAsync" or "GetChatMessageContentsAsync"
            or "GetTextContentAsync" or "GetTextContentsAsync" => Symbols.IsIn(method, "Microsoft.SemanticKernel"),
        _ => false,
    };
}
