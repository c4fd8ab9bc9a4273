using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ThreatLint.Analyzers.Endpoints;

/// <summary>What protects an endpoint: metadata from conventions (<c>.RequireAuthorization()</c>) or attributes.</summary>
[Flags]
internal enum Protection
{
    None = 0,
    RateLimited = 1,
    RateLimitingDisabled = 2,
    Authorized = 4,
    Anonymous = 8,
}

/// <summary>The ASP.NET Core symbols that define endpoints and their protection, resolved once per compilation.</summary>
internal sealed class AspNetCore
{
    private readonly INamedTypeSymbol? _routeBuilderExtensions;
    private readonly INamedTypeSymbol? _controllerRouteExtensions;
    private readonly INamedTypeSymbol? _rateLimiterConventions;
    private readonly INamedTypeSymbol? _authorizationConventions;
    private readonly INamedTypeSymbol? _controllerBase;
    private readonly INamedTypeSymbol? _nonAction;
    private readonly INamedTypeSymbol? _authorizeData;
    private readonly INamedTypeSymbol? _allowAnonymous;
    private readonly INamedTypeSymbol? _enableRateLimiting;
    private readonly INamedTypeSymbol? _disableRateLimiting;

    private AspNetCore(Compilation compilation)
    {
        _routeBuilderExtensions = KnownTypes.Get(compilation, "Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions");
        _controllerRouteExtensions = KnownTypes.Get(compilation, "Microsoft.AspNetCore.Builder.ControllerEndpointRouteBuilderExtensions");
        _rateLimiterConventions = KnownTypes.Get(compilation, "Microsoft.AspNetCore.Builder.RateLimiterEndpointConventionBuilderExtensions");
        _authorizationConventions = KnownTypes.Get(compilation, "Microsoft.AspNetCore.Builder.AuthorizationEndpointConventionBuilderExtensions");
        _controllerBase = KnownTypes.Get(compilation, "Microsoft.AspNetCore.Mvc.ControllerBase");
        _nonAction = KnownTypes.Get(compilation, "Microsoft.AspNetCore.Mvc.NonActionAttribute");
        _authorizeData = KnownTypes.Get(compilation, "Microsoft.AspNetCore.Authorization.IAuthorizeData");
        _allowAnonymous = KnownTypes.Get(compilation, "Microsoft.AspNetCore.Authorization.IAllowAnonymous");
        _enableRateLimiting = KnownTypes.Get(compilation, "Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute");
        _disableRateLimiting = KnownTypes.Get(compilation, "Microsoft.AspNetCore.RateLimiting.DisableRateLimitingAttribute");
        RateLimiterOptions = KnownTypes.Get(compilation, "Microsoft.AspNetCore.RateLimiting.RateLimiterOptions");
        AuthorizationOptions = KnownTypes.Get(compilation, "Microsoft.AspNetCore.Authorization.AuthorizationOptions");
        AuthorizationBuilder = KnownTypes.Get(compilation, "Microsoft.AspNetCore.Authorization.AuthorizationBuilder");
        RateLimiterApplicationBuilderExtensions = KnownTypes.Get(compilation, "Microsoft.AspNetCore.Builder.RateLimiterApplicationBuilderExtensions");
        AuthorizeFilter = KnownTypes.Get(compilation, "Microsoft.AspNetCore.Mvc.Authorization.AuthorizeFilter");
    }

    /// <summary>MVC's global filter (<c>options.Filters.Add(new AuthorizeFilter())</c>): every controller action requires authorization.</summary>
    public INamedTypeSymbol? AuthorizeFilter { get; }

    public INamedTypeSymbol? RateLimiterOptions { get; }

    public INamedTypeSymbol? AuthorizationOptions { get; }

    public INamedTypeSymbol? AuthorizationBuilder { get; }

    public INamedTypeSymbol? RateLimiterApplicationBuilderExtensions { get; }

    /// <summary>Null when the compilation has neither minimal APIs nor MVC: no endpoints to check.</summary>
    public static AspNetCore? Create(Compilation compilation)
    {
        var symbols = new AspNetCore(compilation);
        return symbols._routeBuilderExtensions is null && symbols._controllerBase is null ? null : symbols;
    }

    /// <summary><c>MapGet/MapPost/…/Map/MapMethods/MapFallback</c>: a route handler.</summary>
    public bool IsMap(IMethodSymbol method) =>
        Is(method, _routeBuilderExtensions)
        && method.Name is "MapGet" or "MapPost" or "MapPut" or "MapDelete" or "MapPatch" or "MapMethods" or "Map" or "MapFallback";

    public bool IsMapGroup(IMethodSymbol method) => Is(method, _routeBuilderExtensions) && method.Name == "MapGroup";

    public bool IsMapControllers(IMethodSymbol method) => Is(method, _controllerRouteExtensions);

    /// <summary>The protection a convention call adds, or None when the method is no such convention.</summary>
    public Protection Convention(IMethodSymbol method) => method.Name switch
    {
        "RequireRateLimiting" when Is(method, _rateLimiterConventions) => Protection.RateLimited,
        "DisableRateLimiting" when Is(method, _rateLimiterConventions) => Protection.RateLimitingDisabled,
        "RequireAuthorization" when Is(method, _authorizationConventions) => Protection.Authorized,
        "AllowAnonymous" when Is(method, _authorizationConventions) => Protection.Anonymous,
        _ => Protection.None,
    };

    /// <summary>The protection attributes on a handler, an action or a controller (and its bases) declare.</summary>
    public Protection Attributes(ISymbol symbol)
    {
        var protection = Protection.None;
        foreach (var attribute in symbol.GetAttributes())
        {
            var type = attribute.AttributeClass;
            if (type is null)
            {
                continue;
            }

            if (Implements(type, _authorizeData))
            {
                protection |= Protection.Authorized;
            }

            if (Implements(type, _allowAnonymous))
            {
                protection |= Protection.Anonymous;
            }

            if (DerivesFrom(type, _enableRateLimiting))
            {
                protection |= Protection.RateLimited;
            }

            if (DerivesFrom(type, _disableRateLimiting))
            {
                protection |= Protection.RateLimitingDisabled;
            }
        }

        return protection;
    }

    /// <summary>A public instance method of a controller, which MVC routes as an action.</summary>
    public bool IsAction(ISymbol? symbol) =>
        symbol is IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: false, DeclaredAccessibility: Accessibility.Public, IsGenericMethod: false } method
        && DerivesFrom(method.ContainingType, _controllerBase)
        && !method.ContainingType.IsAbstract
        && !method.GetAttributes().Any(a => DerivesFrom(a.AttributeClass, _nonAction));

    /// <summary>The protection of an action: attributes on it, on its controller, or on the controller's bases.</summary>
    public Protection ActionAttributes(IMethodSymbol action)
    {
        var protection = Attributes(action);
        for (var type = action.ContainingType; type is not null; type = type.BaseType)
        {
            protection |= Attributes(type);
        }

        return protection;
    }

    /// <summary>"POST /classify", "ClassifyController.Predict": how messages name an endpoint.</summary>
    public static string Name(IInvocationOperation map)
    {
        var verb = map.TargetMethod.Name switch
        {
            "MapGet" => "GET ",
            "MapPost" => "POST ",
            "MapPut" => "PUT ",
            "MapDelete" => "DELETE ",
            "MapPatch" => "PATCH ",
            _ => string.Empty,
        };
        var pattern = map.Arguments.FirstOrDefault(a => a.Parameter?.Name == "pattern")?.Value;
        var route = pattern switch
        {
            { ConstantValue: { HasValue: true, Value: string constant } } => constant,
            null => map.TargetMethod.Name,
            _ => pattern.Syntax.ToString(),
        };
        return verb + route;
    }

    public static string Name(IMethodSymbol action) => action.ContainingType.Name + "." + action.Name;

    public static bool Is(IMethodSymbol method, INamedTypeSymbol? type) =>
        type is not null && SymbolEqualityComparer.Default.Equals((method.ReducedFrom ?? method).ContainingType.OriginalDefinition, type);

    public static bool DerivesFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null)
        {
            return false;
        }

        for (var t = type; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Implements(ITypeSymbol type, INamedTypeSymbol? @interface) =>
        @interface is not null && type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, @interface));
}
