using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ThreatLint.Analyzers.Flow;

/// <summary>
/// Intraprocedural taint over one operation block (a method, top-level statements, with the lambdas inside it): which locals
/// hold request text or model output after simple assignments, string building and member access. Flow-insensitive
/// and bounded: a local is tainted if any assignment in the block taints it; at most three passes.
/// </summary>
internal sealed class BodyFlow
{
    private const int MaxPasses = 3;
    private const int MaxDepth = 24;

    private readonly FlowContext _context;
    private readonly ImmutableArray<IOperation> _roots;
    private readonly object _gate = new();
    private readonly Dictionary<ILocalSymbol, Taint> _locals = new(SymbolEqualityComparer.Default);
    private readonly HashSet<IMethodSymbol> _handlers = new(SymbolEqualityComparer.Default);
    private volatile Thread? _builder;
    private volatile bool _built;

    /// <remarks>
    /// Builds nothing yet: most values asked about are literals, or reach no local or parameter, and need no walk of the
    /// block (the walk and the propagation were the flow rules' main cost, bench/README.md "Analyzer cost"). The first
    /// question that reads a local or a parameter builds the whole block's flow, as the constructor did before.
    /// </remarks>
    public BodyFlow(FlowContext context, ImmutableArray<IOperation> roots)
    {
        _context = context;
        _roots = roots;
    }

    /// <summary>The taint of a value of the given kinds, or null when it is clean as far as this block shows.</summary>
    public Taint? Of(IOperation? value, TaintKind kinds) => Evaluate(value, 0) is { } taint && (taint.Kind & kinds) != 0 ? taint : null;

    /// <summary>
    /// Walks the block once: handlers, then locals. Re-entered from <see cref="Evaluate"/> by the thread that is
    /// propagating, it returns at once and the propagation reads the locals found so far, as it always did; another thread
    /// waits for the walk to finish.
    /// </summary>
    private void EnsureBuilt()
    {
        if (_built || _builder == Thread.CurrentThread)
        {
            return;
        }

        lock (_gate)
        {
            if (_built)
            {
                return;
            }

            _builder = Thread.CurrentThread;
            try
            {
                _locals.Clear();
                _handlers.Clear();
                var operations = _roots.SelectMany(root => root.DescendantsAndSelf()).ToList();
                foreach (var operation in operations)
                {
                    switch (operation)
                    {
                        case IAnonymousFunctionOperation function when _context.IsHandlerArgument(function):
                            _handlers.Add(function.Symbol);
                            break;
                        case IDelegateCreationOperation { Target: IMethodReferenceOperation reference } creation when _context.IsHandlerArgument(creation):
                            _handlers.Add(reference.Method.OriginalDefinition);
                            break;
                    }
                }

                for (var pass = 0; pass < MaxPasses && Propagate(operations); pass++)
                {
                }

                _built = true;
            }
            finally
            {
                _builder = null;
            }
        }
    }

    private bool Propagate(List<IOperation> operations)
    {
        var changed = false;
        foreach (var operation in operations)
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when declarator.GetVariableInitializer() is { } initializer:
                    changed |= Mark(declarator.Symbol, initializer.Value);
                    break;
                case IAssignmentOperation { Target: ILocalReferenceOperation local } assignment:
                    changed |= Mark(local.Local, assignment.Value);
                    break;
                case IForEachLoopOperation { LoopControlVariable: IVariableDeclaratorOperation variable } loop:
                    changed |= Mark(variable.Symbol, loop.Collection);
                    break;
                case IInvocationOperation invocation when IsBuilderWrite(invocation):
                    var receiver = invocation.Instance;
                    while (receiver is IInvocationOperation inner && Symbols.Is(inner.TargetMethod.ContainingType, _context.StringBuilder))
                    {
                        receiver = inner.Instance;
                    }

                    if (receiver is ILocalReferenceOperation builder)
                    {
                        changed |= Mark(builder.Local, invocation.Arguments.Select(a => a.Value));
                    }

                    break;
            }
        }

        return changed;
    }

    private bool Mark(ILocalSymbol local, IOperation value) => Mark(local, [value]);

    private bool Mark(ILocalSymbol local, IEnumerable<IOperation> values)
    {
        if (_locals.ContainsKey(local))
        {
            return false;
        }

        foreach (var value in values)
        {
            if (Evaluate(value, 0) is { } taint)
            {
                _locals[local] = taint;
                return true;
            }
        }

        return false;
    }

    private bool IsBuilderWrite(IInvocationOperation invocation) =>
        Symbols.Is(invocation.TargetMethod.ContainingType, _context.StringBuilder)
        && (invocation.TargetMethod.Name.StartsWith("Append", StringComparison.Ordinal) || invocation.TargetMethod.Name == "Insert");

    private Taint? Evaluate(IOperation? operation, int depth)
    {
        if (operation is null || depth > MaxDepth || operation.ConstantValue.HasValue)
        {
            return null;
        }

        depth++;
        switch (operation)
        {
            case ILocalReferenceOperation local:
                EnsureBuilt();
                return _locals.TryGetValue(local.Local, out var taint) ? taint : null;
            case IParameterReferenceOperation parameter:
                return IsRequestParameter(parameter.Parameter, operation)
                    ? new Taint(TaintKind.Request, $"parameter '{parameter.Parameter.Name}'")
                    : null;
            case IConversionOperation conversion:
                return Evaluate(conversion.Operand, depth);
            case IParenthesizedOperation parenthesized:
                return Evaluate(parenthesized.Operand, depth);
            case IAwaitOperation awaited:
                return Evaluate(awaited.Operation, depth);
            case IArgumentOperation argument:
                return Evaluate(argument.Value, depth);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary:
                return Evaluate(binary.LeftOperand, depth) ?? Evaluate(binary.RightOperand, depth);
            case IInterpolatedStringOperation interpolated:
                return First(interpolated.Parts.OfType<IInterpolationOperation>().Select(p => p.Expression), depth);
            case ICoalesceOperation coalesce:
                return Evaluate(coalesce.Value, depth) ?? Evaluate(coalesce.WhenNull, depth);
            case IConditionalOperation conditional:
                return Evaluate(conditional.WhenTrue, depth) ?? Evaluate(conditional.WhenFalse, depth);
            case IConditionalAccessOperation access:
                return Evaluate(access.WhenNotNull, depth);
            case IConditionalAccessInstanceOperation instance:
                return Evaluate(Ancestor<IConditionalAccessOperation>(instance)?.Operation, depth);
            case IArrayElementReferenceOperation element:
                return Evaluate(element.ArrayReference, depth);
            case IImplicitIndexerReferenceOperation indexer:
                return Evaluate(indexer.Instance, depth);
            case IArrayCreationOperation array:
                return array.Initializer is null ? null : First(array.Initializer.ElementValues, depth);
            case IPropertyReferenceOperation property:
                return _context.RequestMember(property.Property)
                    ?? (IsScalar(property.Type) ? null : Evaluate(property.Instance, depth));
            case IFieldReferenceOperation field:
                return IsScalar(field.Type) ? null : Evaluate(field.Instance, depth);
            case IObjectCreationOperation creation when IsTextCarrier(creation.Type):
                return First(creation.Arguments.Select(a => a.Value), depth);
            case IInvocationOperation invocation:
                return Invocation(invocation, depth);
            case IInvalidOperation invalid when _context.ModelCallsByName:
                return Invalid(invalid, depth);
            default:
                return null;
        }
    }

    private Taint? Invocation(IInvocationOperation invocation, int depth)
    {
        var method = invocation.TargetMethod;
        if (FlowContext.IsModelCall(method))
        {
            return new Taint(TaintKind.ModelOutput, Symbols.Name(method));
        }

        if (IsScalar(invocation.Type))
        {
            return null;
        }

        if (Symbols.Is(method.ContainingType, _context.HttpClient) && (method.Name.StartsWith("Get", StringComparison.Ordinal) || method.Name == "SendAsync"))
        {
            var url = invocation.Arguments.FirstOrDefault()?.Value.ConstantValue is { HasValue: true, Value: string literal } ? literal : null;
            return url is not null && url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
                ? new Taint(TaintKind.Download, "plain http (" + url + ")")
                : new Taint(TaintKind.Download, "an HTTP download (HttpClient." + method.Name + ")");
        }

        // context.Request.ReadFromJsonAsync<T>(), ReadFormAsync(): the body, read by an extension on HttpRequest.
        if (method.Name.StartsWith("Read", StringComparison.Ordinal)
            && (Symbols.Is(method.ContainingType, _context.HttpRequest)
                || (method.IsExtensionMethod && method.Parameters.Length > 0 && Symbols.Is(method.Parameters[0].Type, _context.HttpRequest))))
        {
            return new Taint(TaintKind.Request, "Request." + method.Name);
        }

        var type = method.ContainingType;
        if (method.IsStatic && (type.SpecialType == SpecialType.System_String || Symbols.Is(type, _context.Path)))
        {
            // string.Format/Concat/Join, Path.Combine/GetFileName: the result carries every argument.
            return First(invocation.Arguments.Select(a => a.Value), depth);
        }

        if (invocation.Instance is { } receiver
            && (type.SpecialType == SpecialType.System_String
                || Symbols.Is(type, _context.StringBuilder)
                || Symbols.IsOrImplements(type, _context.TextReader)
                || method.Name is "ToString" or "GetValue"
                || CarriesData(invocation.Type)))
        {
            return Evaluate(receiver, depth)
                ?? (Symbols.Is(type, _context.StringBuilder) ? First(invocation.Arguments.Select(a => a.Value), depth) : null);
        }

        return null;
    }

    /// <summary>
    /// Only in a partial compilation: a chat call on an unresolved SDK type of the exact name is model output (by name), and
    /// a member or element of an unresolved value (<c>response.Value.Content[0].Text</c>) carries what the value carries.
    /// </summary>
    private Taint? Invalid(IInvalidOperation invalid, int depth)
    {
        if (ByName.Matching(invalid, ByName.ModelCalls) is { } call)
        {
            return new Taint(TaintKind.ModelOutput, call, byName: true);
        }

        // The receiver only: an index (cache[question]) says nothing about what the element holds.
        var receiver = invalid.Syntax switch
        {
            MemberAccessExpressionSyntax member => member.Expression,
            ElementAccessExpressionSyntax element => element.Expression,
            _ => null,
        };
        return receiver is not null ? Evaluate(invalid.ChildOperations.FirstOrDefault(c => c.Syntax == receiver), depth)
            : invalid.Syntax is MemberBindingExpressionSyntax or ElementBindingExpressionSyntax
                ? Evaluate(invalid.ChildOperations.FirstOrDefault(c => c is IConditionalAccessInstanceOperation), depth)
                : null;
    }

    private Taint? First(IEnumerable<IOperation> values, int depth)
    {
        foreach (var value in values)
        {
            if (Evaluate(value, depth) is { } taint)
            {
                return taint;
            }
        }

        return null;
    }

    private bool IsRequestParameter(IParameterSymbol parameter, IOperation usage) =>
        parameter.ContainingSymbol is IMethodSymbol method
        && _context.IsBoundFromRequest(parameter)
        && Built()
        && (_handlers.Contains(method) || _handlers.Contains(method.OriginalDefinition)
            || (method.MethodKind == MethodKind.Ordinary && _context.IsHandlerMethod(method, usage)));

    /// <summary>A call on a tainted object that returns text, bytes or a stream returns its data: <c>file.OpenReadStream()</c>, <c>content.ReadAsStreamAsync()</c>.</summary>
    private bool CarriesData(ITypeSymbol? type)
    {
        if (type is INamedTypeSymbol { IsGenericType: true, Name: "Task" or "ValueTask" } task)
        {
            type = task.TypeArguments[0];
        }

        return type is not null
            && (type.SpecialType == SpecialType.System_String
                || type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte }
                || Symbols.DerivesFrom(type, _context.Stream));
    }

    private bool IsTextCarrier(ITypeSymbol? type) =>
        type is not null
        && (type.SpecialType == SpecialType.System_String
            || Symbols.DerivesFrom(type, _context.Stream)
            || Symbols.Is(type, _context.StringBuilder)
            || Symbols.IsOrImplements(type, _context.TextReader)
            || (type.Name == "Uri" && Symbols.IsIn(type, "System")));

    private static bool IsScalar(ITypeSymbol? type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
            ? IsScalar(nullable.TypeArguments[0])
            : type is not null
        && (type.TypeKind == TypeKind.Enum
            || type.SpecialType is >= SpecialType.System_Boolean and <= SpecialType.System_Double
            || type.SpecialType == SpecialType.System_DateTime);

    private bool Built()
    {
        EnsureBuilt();
        return true;
    }

    private static T? Ancestor<T>(IOperation operation)
        where T : class, IOperation
    {
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is T found)
            {
                return found;
            }
        }

        return null;
    }
}
