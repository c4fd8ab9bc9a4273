using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ThreatLint.Analyzers.Endpoints;

/// <summary>An endpoint as the model sees it: where to report, what it calls, and the protection found on it.</summary>
/// <remarks>A class, not a record: netstandard2.0 has no IsExternalInit.</remarks>
internal sealed class Endpoint(
    string name,
    Location location,
    ImmutableArray<IMethodSymbol> calls,
    int depth,
    Protection protection,
    ImmutableArray<ILocalSymbol> locals,
    bool isController,
    bool byName = false)
{
    /// <summary>The handler runs inference through a call that did not bind, recognised by names (<see cref="InferenceCalls.IsInferenceByName"/>).</summary>
    public bool ByName { get; } = byName;

    /// <summary>"POST /classify", "ChatController.Ask".</summary>
    public string Name { get; } = name;

    public Location Location { get; } = location;

    /// <summary>Methods the handler calls (a lambda handler), or the handler method itself (a method group, an action).</summary>
    public ImmutableArray<IMethodSymbol> Calls { get; } = calls;

    /// <summary>How many levels of source methods below <see cref="Calls"/> still count as the handler.</summary>
    public int Depth { get; } = depth;

    public Protection Protection { get; } = protection;

    /// <summary>Locals holding the endpoint's builder or one of its groups: conventions applied to them later count too.</summary>
    public ImmutableArray<ILocalSymbol> Locals { get; } = locals;

    public bool IsController { get; } = isController;
}

/// <summary>What one compilation says about its endpoints, complete at compilation end.</summary>
internal sealed class EndpointModel
{
    private readonly InferenceCalls _inference;
    private readonly AspNetCore _aspNet;
    private readonly ConcurrentQueue<Endpoint> _endpoints = [];
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _runsInference = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, ConcurrentQueue<IMethodSymbol>> _sourceCallees = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ILocalSymbol, Protection> _localConventions = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentQueue<(Protection Protection, ImmutableArray<ILocalSymbol> Locals)> _mapControllers = [];
    private int _globalLimiter;
    private int _rateLimiterMiddleware;
    private int _fallbackPolicy;
    private int _globalAuthorizeFilter;

    private EndpointModel(InferenceCalls inference, AspNetCore aspNet)
    {
        _inference = inference;
        _aspNet = aspNet;
    }

    /// <summary>
    /// Collects endpoints over the compilation and hands the complete model to <paramref name="report"/> at its end.
    /// Registers nothing when the compilation has no inference API or no ASP.NET Core.
    /// </summary>
    public static void Register(CompilationStartAnalysisContext start, Action<CompilationAnalysisContext, EndpointModel> report)
    {
        var inference = InferenceCalls.Create(start.Compilation);
        if (inference.IsEmpty || AspNetCore.Create(start.Compilation) is not { } aspNet)
        {
            return;
        }

        var model = new EndpointModel(inference, aspNet);
        start.RegisterOperationAction(model.OnInvocation, OperationKind.Invocation);
        start.RegisterOperationAction(model.OnObjectCreation, OperationKind.ObjectCreation);
        start.RegisterOperationAction(model.OnAssignment, OperationKind.SimpleAssignment);
        start.RegisterSymbolAction(model.OnMethod, SymbolKind.Method);
        start.RegisterCompilationEndAction(end => report(end, model));
    }

    public bool HasGlobalLimiter => Volatile.Read(ref _globalLimiter) == 1 && Volatile.Read(ref _rateLimiterMiddleware) == 1;

    public bool HasFallbackPolicy => Volatile.Read(ref _fallbackPolicy) == 1;

    /// <summary>
    /// The endpoints whose handler runs inference, with all their protection resolved, and the diagnostic properties to
    /// report them with (low confidence when the inference call was recognised by names only).
    /// </summary>
    public IEnumerable<(Endpoint Endpoint, Protection Protection, ImmutableDictionary<string, string?> Properties)> InferenceEndpoints()
    {
        var controllers = Volatile.Read(ref _globalAuthorizeFilter) == 1 ? Protection.Authorized : Protection.None;
        foreach (var (protection, locals) in _mapControllers)
        {
            controllers |= protection | LocalConventions(locals);
        }

        foreach (var endpoint in _endpoints)
        {
            var resolved = RunsInference(endpoint.Calls, endpoint.Depth);
            if (resolved || endpoint.ByName)
            {
                var protection = endpoint.Protection | LocalConventions(endpoint.Locals) | (endpoint.IsController ? controllers : Protection.None);
                yield return (endpoint, protection, resolved ? ImmutableDictionary<string, string?>.Empty : UnresolvedImports.LowConfidence);
            }
        }
    }

    private Protection LocalConventions(ImmutableArray<ILocalSymbol> locals)
    {
        var protection = Protection.None;
        foreach (var local in locals)
        {
            protection |= _localConventions.TryGetValue(local, out var applied) ? applied : Protection.None;
        }

        return protection;
    }

    private bool RunsInference(IEnumerable<IMethodSymbol> calls, int depth)
    {
        foreach (var call in calls)
        {
            if (_inference.IsInference(call)
                || (depth > 0 && _runsInference.ContainsKey(call.OriginalDefinition))
                || (depth > 1 && _sourceCallees.TryGetValue(call.OriginalDefinition, out var callees) && RunsInference(callees, depth - 1)))
            {
                return true;
            }
        }

        return false;
    }

    private void OnMethod(SymbolAnalysisContext context)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (_aspNet.IsAction(method) && method.Locations.FirstOrDefault() is { IsInSource: true } location)
        {
            _endpoints.Enqueue(new Endpoint(AspNetCore.Name(method), location, ImmutableArray.Create(method), 2, _aspNet.ActionAttributes(method), ImmutableArray<ILocalSymbol>.Empty, isController: true));
        }
    }

    private void OnObjectCreation(OperationAnalysisContext context)
    {
        if (((IObjectCreationOperation)context.Operation).Constructor is { } constructor)
        {
            RecordCall(context.ContainingSymbol, constructor);
            if (AspNetCore.DerivesFrom(constructor.ContainingType, _aspNet.AuthorizeFilter))
            {
                Interlocked.Exchange(ref _globalAuthorizeFilter, 1);
            }
        }
    }

    private void OnInvocation(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        RecordCall(context.ContainingSymbol, method);

        if (_aspNet.IsMap(method))
        {
            OnMap(invocation);
        }
        else if (_aspNet.IsMapControllers(method))
        {
            var locals = ImmutableArray.CreateBuilder<ILocalSymbol>();
            _mapControllers.Enqueue((Chained(invocation, locals), locals.ToImmutable()));
        }
        else if (_aspNet.Convention(method) is not Protection.None and var protection
            && Builder(invocation) is ILocalReferenceOperation { Local: var local })
        {
            _localConventions.AddOrUpdate(local, protection, (_, applied) => applied | protection);
        }
        else if (AspNetCore.Is(method, _aspNet.RateLimiterApplicationBuilderExtensions) && method.Name == "UseRateLimiter")
        {
            Interlocked.Exchange(ref _rateLimiterMiddleware, 1);
        }
        else if (AspNetCore.Is(method, _aspNet.AuthorizationBuilder) && method.Name == "SetFallbackPolicy"
            && invocation.Arguments.Length == 1 && !IsNull(invocation.Arguments[0].Value))
        {
            Interlocked.Exchange(ref _fallbackPolicy, 1);
        }
    }

    private void OnAssignment(OperationAnalysisContext context)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: var property } || IsNull(assignment.Value))
        {
            return;
        }

        var type = property.ContainingType.OriginalDefinition;
        if (property.Name == "GlobalLimiter" && SymbolEqualityComparer.Default.Equals(type, _aspNet.RateLimiterOptions))
        {
            Interlocked.Exchange(ref _globalLimiter, 1);
        }
        else if (property.Name == "FallbackPolicy" && SymbolEqualityComparer.Default.Equals(type, _aspNet.AuthorizationOptions))
        {
            Interlocked.Exchange(ref _fallbackPolicy, 1);
        }
    }

    private void RecordCall(ISymbol caller, IMethodSymbol callee)
    {
        if (caller is not IMethodSymbol method)
        {
            return;
        }

        if (_inference.IsInference(callee))
        {
            _runsInference.TryAdd(method.OriginalDefinition, true);
        }
        else if (callee.Locations.Length > 0 && callee.Locations[0].IsInSource)
        {
            _sourceCallees.GetOrAdd(method.OriginalDefinition, _ => new()).Enqueue(callee.OriginalDefinition);
        }
    }

    private void OnMap(IInvocationOperation map)
    {
        if (Handler(map) is not { } handler || map.Syntax is not InvocationExpressionSyntax syntax)
        {
            return;
        }

        var locals = ImmutableArray.CreateBuilder<ILocalSymbol>();
        var protection = Chained(map, locals) | Groups(map.Arguments.FirstOrDefault()?.Value, locals, 0);
        var location = syntax.Expression is MemberAccessExpressionSyntax member ? member.Name.Identifier.GetLocation() : syntax.Expression.GetLocation();
        switch (handler)
        {
            case IAnonymousFunctionOperation lambda:
                var calls = lambda.Body.Descendants()
                    .Select(o => o switch
                    {
                        IInvocationOperation i => i.TargetMethod,
                        IObjectCreationOperation c => c.Constructor,
                        _ => null,
                    })
                    .OfType<IMethodSymbol>()
                    .ToImmutableArray();
                protection |= _aspNet.Attributes(lambda.Symbol);
                var byName = _inference.ByNameFallback && !RunsInference(calls, 0) && lambda.Body.Descendants().Any(_inference.IsInferenceByName);
                _endpoints.Enqueue(new Endpoint(AspNetCore.Name(map), location, calls, 1, protection, locals.ToImmutable(), isController: false, byName));
                break;
            case IMethodReferenceOperation reference:
                protection |= _aspNet.Attributes(reference.Method);
                _endpoints.Enqueue(new Endpoint(AspNetCore.Name(map), location, ImmutableArray.Create(reference.Method), 2, protection, locals.ToImmutable(), isController: false));
                break;
        }
    }

    /// <summary>The lambda or method group passed as the route handler.</summary>
    public static IOperation? Handler(IInvocationOperation map)
    {
        foreach (var argument in map.Arguments)
        {
            if (Unwrap(argument.Value) is IDelegateCreationOperation { Target: var target })
            {
                return target;
            }
        }

        return null;
    }

    /// <summary>Conventions chained on a builder: <c>app.MapPost(…).RequireRateLimiting("fixed")</c>, or applied later to the local it is stored in.</summary>
    private Protection Chained(IOperation builder, ImmutableArray<ILocalSymbol>.Builder locals)
    {
        var protection = Protection.None;
        for (var current = builder; current.Parent is { } parent; current = parent)
        {
            switch (parent)
            {
                case IConversionOperation or IArgumentOperation:
                    continue;
                case IInvocationOperation invocation when IsBuilderOf(invocation, current)
                    && _aspNet.Convention(invocation.TargetMethod) is not Protection.None and var convention:
                    protection |= convention;
                    continue;
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: var local } }:
                    locals.Add(local);
                    break;
            }

            break;
        }

        return protection;
    }

    /// <summary>Conventions on the groups an endpoint is mapped on: <c>var api = app.MapGroup("/api").RequireAuthorization();</c>.</summary>
    private Protection Groups(IOperation? builder, ImmutableArray<ILocalSymbol>.Builder locals, int depth)
    {
        builder = Unwrap(builder);
        if (builder is null || depth > 8)
        {
            return Protection.None;
        }

        switch (builder)
        {
            case IInvocationOperation invocation when _aspNet.Convention(invocation.TargetMethod) is not Protection.None and var convention:
                return convention | Groups(Builder(invocation), locals, depth + 1);
            case IInvocationOperation invocation when _aspNet.IsMapGroup(invocation.TargetMethod):
                return Groups(Builder(invocation), locals, depth + 1);
            case ILocalReferenceOperation { Local: var local } reference:
                locals.Add(local);
                return local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: var value }
                    && value.SyntaxTree == reference.SemanticModel?.SyntaxTree
                    && reference.SemanticModel.GetOperation(value) is { } initializer
                        ? Groups(initializer, locals, depth + 1)
                        : Protection.None;
            default:
                return Protection.None;
        }
    }

    /// <summary>The builder an extension or instance call applies to.</summary>
    private static IOperation? Builder(IInvocationOperation invocation) =>
        invocation.Instance ?? (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);

    private static bool IsBuilderOf(IInvocationOperation invocation, IOperation operation) =>
        invocation.Instance == operation
        || (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 && invocation.Arguments[0] == operation);

    private static IOperation? Unwrap(IOperation? operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    private static bool IsNull(IOperation value) => Unwrap(value) is { ConstantValue: { HasValue: true, Value: null } };
}
