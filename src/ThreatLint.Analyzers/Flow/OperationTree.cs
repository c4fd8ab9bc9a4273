using Microsoft.CodeAnalysis;

namespace ThreatLint.Analyzers.Flow;

internal static class OperationTree
{
    /// <summary>The root of the operation tree that holds <paramref name="operation"/>: the method body, top-level
    /// statements or initializer it belongs to, with the lambdas in it.</summary>
    public static IOperation Root(IOperation operation)
    {
        while (operation.Parent is { } parent)
        {
            operation = parent;
        }

        return operation;
    }
}
