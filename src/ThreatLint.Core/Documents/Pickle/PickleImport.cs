namespace ThreatLint.Documents.Pickle;

/// <summary>How a pickle stream names the callable it imports.</summary>
public enum PickleImportKind
{
    /// <summary><c>GLOBAL</c> (protocol 0–3): module and name written as text lines.</summary>
    Global,

    /// <summary><c>STACK_GLOBAL</c> (protocol 4+): module and name taken from the stack (string opcodes or memo).</summary>
    StackGlobal,

    /// <summary><c>INST</c> (protocol 0): import and call in one opcode.</summary>
    Inst,

    /// <summary>
    /// Resolved from the stream's own calls: <c>builtins.getattr(X, 'name')</c> where X is an import or a module from
    /// <c>__import__('m')</c>. The unpickler reaches this callable although no opcode names it.
    /// </summary>
    Dynamic,

    /// <summary>
    /// An import whose target cannot be known without running the stream: a <c>STACK_GLOBAL</c> whose operands are
    /// not string constants, or an <c>EXT1/2/4</c> extension-registry code. It hides what it imports.
    /// </summary>
    Unresolved,
}

/// <summary>One callable a pickle stream imports, found without executing anything.</summary>
/// <param name="Module">The module as written (e.g. <c>__builtin__</c>); empty for <see cref="PickleImportKind.Unresolved"/>.</param>
/// <param name="Name">The attribute path as written (protocol 4 allows dots: <c>GuardBuilder.get</c>); empty when unresolved.</param>
/// <param name="Offset">Byte offset of the opcode that performs the import, in the coordinates of the stream the
/// disassembler was given (its base offset included).</param>
/// <param name="Kind">How the import is written.</param>
public sealed record PickleImport(string Module, string Name, long Offset, PickleImportKind Kind)
{
    /// <summary>For <see cref="PickleImportKind.Unresolved"/> and <see cref="PickleImportKind.Dynamic"/>: what the
    /// stream did (e.g. <c>STACK_GLOBAL operands are not string constants</c>, <c>EXT2 code 513</c>).</summary>
    public string? Detail { get; init; }

    /// <summary>When the import sits in a pickle embedded in another one: the loader that unpickles it (e.g.
    /// <c>pickle.loads</c>); null at top level.</summary>
    public string? NestedIn { get; init; }

    /// <summary><c>module.name</c>; for unresolved imports a description of what hides the target.</summary>
    public string FullName => Kind == PickleImportKind.Unresolved ? "an unresolvable import (" + Detail + ")" : Module + "." + Name;

    public override string ToString() => FullName + " @" + Offset.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
