using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace ThreatLint.Analyzers.Flow;

/// <summary>
/// A fact about an operation block (a method body, top-level statements, a field initializer — with the lambdas in it),
/// computed on first use and kept while the block's operation tree lives. It lets the flow rules register plain
/// operation actions instead of operation-block start actions, whose per-block registrations and second walk of every
/// block dominated their cost (bench/README.md, "Analyzer cost"): the block's flow is built only where a candidate sink
/// or loader is met, once per block.
/// </summary>
internal sealed class BlockCache<T>(Func<IOperation, T> create)
    where T : class
{
    // Values are stored as objects: a ConditionalWeakTable over a type parameter makes the native (trimmed) CLI,
    // which hosts these analyzers, require a public parameterless constructor of every T (IL2091).
    private readonly ConditionalWeakTable<IOperation, object> _values = new();

    /// <summary>The value for the block that holds <paramref name="operation"/>.</summary>
    public T For(IOperation operation) => (T)_values.GetValue(OperationTree.Root(operation), r => create(r));
}
