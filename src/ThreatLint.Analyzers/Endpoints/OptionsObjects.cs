using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatLint.Analyzers.Flow;

namespace ThreatLint.Analyzers.Endpoints;

/// <summary>What an options argument (<c>new ChatOptions { … }</c>, or a local built in the same body) sets.</summary>
internal readonly struct OptionsObject
{
    private OptionsObject(bool isKnown, ITypeSymbol? createdType, IOperation? creation, IOperation? local)
    {
        IsKnown = isKnown;
        CreatedType = createdType;
        _creation = creation;
        _local = local;
    }

    private readonly IOperation? _creation;
    private readonly IOperation? _local;

    /// <summary>False when the object comes from elsewhere (a parameter, a field, a call): the rules then assume it is configured.</summary>
    public bool IsKnown { get; }

    /// <summary>Null when no object is passed at all.</summary>
    public ITypeSymbol? CreatedType { get; }

    public static OptionsObject Of(IOperation? argument)
    {
        var value = Unwrap(argument);
        switch (value)
        {
            case null:
            case { ConstantValue: { HasValue: true, Value: null } }:
                return new(true, null, null, null);
            case IObjectCreationOperation creation:
                return new(true, creation.Type, creation, null);
            case ILocalReferenceOperation { Local: var local } reference:
                return Declarator(reference, local) is { } declarator
                    && Unwrap(declarator.GetVariableInitializer()?.Value) is IObjectCreationOperation created
                        ? new(true, created.Type, created, reference)
                        : default;
            default:
                return default;
        }
    }

    /// <summary>The value given to <paramref name="property"/> in the initializer or by a later assignment to the local; null when none.</summary>
    public IOperation? Value(string property)
    {
        if (_creation is IObjectCreationOperation { Initializer: { } initializer })
        {
            foreach (var member in initializer.Initializers)
            {
                if (member is ISimpleAssignmentOperation { Target: IMemberReferenceOperation target } assignment && target.Member.Name == property)
                {
                    return assignment.Value;
                }
            }
        }

        if (_local is ILocalReferenceOperation { Local: var local } reference)
        {
            foreach (var assignment in OperationTree.Root(reference).Descendants().OfType<ISimpleAssignmentOperation>())
            {
                if (assignment.Target is IPropertyReferenceOperation { Instance: ILocalReferenceOperation instance } target
                    && target.Property.Name == property
                    && SymbolEqualityComparer.Default.Equals(instance.Local, local))
                {
                    return assignment.Value;
                }
            }
        }

        return null;
    }

    public static IOperation? Unwrap(IOperation? operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    /// <summary>The declarator of a local in the block of <paramref name="reference"/>, or null when it is declared otherwise.</summary>
    private static IVariableDeclaratorOperation? Declarator(ILocalReferenceOperation reference, ILocalSymbol local)
    {
        var root = OperationTree.Root(reference);

        // From the declaration's syntax, in the same operation tree: no walk of the whole block for each call.
        if (local.DeclaringSyntaxReferences.Length == 1 && local.DeclaringSyntaxReferences[0] is var syntax && syntax.SyntaxTree == reference.Syntax.SyntaxTree
            && reference.SemanticModel?.GetOperation(syntax.GetSyntax()) is IVariableDeclaratorOperation declared
            && OperationTree.Root(declared) == root)
        {
            return declared;
        }

        foreach (var declarator in root.Descendants().OfType<IVariableDeclaratorOperation>())
        {
            if (SymbolEqualityComparer.Default.Equals(declarator.Symbol, local))
            {
                return declarator;
            }
        }

        return null;
    }
}
