using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ThreatLint.Analyzers.Endpoints;

/// <summary>
/// Whether code runs while serving a request: inside a minimal API handler lambda or a controller action.
/// Decided from the operation alone, so the rules that use it report live; method-group handlers are not followed.
/// </summary>
internal static class RequestPath
{
    /// <summary>The endpoint's name ("POST /chat", "ChatController.Ask"), or null off request paths.</summary>
    public static string? Endpoint(IOperation operation, ISymbol containingSymbol, AspNetCore aspNet)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation lambda && MapOf(lambda, aspNet) is { } map)
            {
                return AspNetCore.Name(map);
            }

            // A partial compilation: the Map call did not bind because the handler returns an unresolved type.
            if (current is IAnonymousFunctionOperation { Parent: IInvalidOperation unbound } && ByName.UnboundMap(unbound) is { } name)
            {
                return name;
            }
        }

        return aspNet.IsAction(containingSymbol) ? AspNetCore.Name((IMethodSymbol)containingSymbol) : null;
    }

    private static IInvocationOperation? MapOf(IAnonymousFunctionOperation lambda, AspNetCore aspNet)
    {
        var current = lambda.Parent;
        while (current is IDelegateCreationOperation or IConversionOperation or IArgumentOperation)
        {
            current = current.Parent;
        }

        return current is IInvocationOperation invocation && aspNet.IsMap(invocation.TargetMethod) ? invocation : null;
    }
}
