namespace ThreatLint.Documents.Pickle;

/// <summary>
/// What the disassembler knows about a value on the unpickler's stack or in its memo: just enough to name imports
/// (strings), follow calls (imports, objects), read joblib array headers (ints, tuples, dicts) and find embedded
/// pickles (bytes). Everything else is <see cref="Unknown"/>.
/// </summary>
internal abstract class PickleValue
{
    public static readonly PickleValue Unknown = new Opaque("unknown");

    public static readonly PickleValue None = new Opaque("None");

    private sealed class Opaque(string name) : PickleValue
    {
        public override string ToString() => name;
    }
}

/// <summary>A str. <see cref="Text"/> is null when the string was too long to keep.</summary>
internal sealed class StringValue(string? text, long length, long offset) : PickleValue
{
    public string? Text { get; } = text;

    public long Length { get; } = length;

    public long Offset { get; } = offset;
}

/// <summary>A bytes or bytearray. <see cref="Content"/> is kept only when small or when it may be an embedded
/// pickle or zip; <see cref="Literal"/> says the content sits verbatim in the stream at <see cref="DataOffset"/>.</summary>
internal sealed class BytesValue(byte[]? content, long length, long dataOffset, bool literal) : PickleValue
{
    public byte[]? Content { get; } = content;

    public long Length { get; } = length;

    public long DataOffset { get; } = dataOffset;

    public bool Literal { get; } = literal;
}

internal sealed class IntValue(long value) : PickleValue
{
    public long Value { get; } = value;
}

internal sealed class BoolValue(bool value) : PickleValue
{
    public bool Value { get; } = value;
}

/// <summary>A callable or class the stream imported.</summary>
internal sealed class ImportValue(PickleImport import) : PickleValue
{
    public PickleImport Import { get; } = import;
}

/// <summary>A module object, from <c>__import__('m')</c> or <c>importlib.import_module('m')</c>.</summary>
internal sealed class ModuleValue(string name) : PickleValue
{
    public string Name { get; } = name;
}

/// <summary>The result of a call: REDUCE, NEWOBJ, OBJ, INST. BUILD sets <see cref="State"/>.</summary>
internal sealed class ObjectValue(PickleValue callable, PickleValue arguments) : PickleValue
{
    public PickleValue Callable { get; } = callable;

    public PickleValue Arguments { get; } = arguments;

    public PickleValue? State { get; set; }

    /// <summary>The class this object is an instance of, when the stream names it: the callable of NEWOBJ/REDUCE, or
    /// the class argument of <c>copyreg._reconstructor</c> / <c>copyreg.__newobj__</c> (protocols 0 and 1).</summary>
    public string? ClassName
    {
        get
        {
            var callable = NameOf(Callable);
            return callable is "copyreg._reconstructor" or "copyreg.__newobj__" or "copyreg.__newobj_ex__"
                ? NameOf((Arguments as SequenceValue)?.At(0))
                : callable;
        }
    }

    private static string? NameOf(PickleValue? value) =>
        value is ImportValue { Import: { Kind: not PickleImportKind.Unresolved } i } ? PickleNames.Normalize(i.Module, i.Name) : null;
}

internal enum SequenceKind
{
    Tuple,
    List,
    Set,
    FrozenSet,
}

/// <summary>A tuple, list, set or frozenset: the first items are kept, the rest counted.</summary>
internal sealed class SequenceValue(SequenceKind kind) : PickleValue
{
    public SequenceKind Kind { get; } = kind;

    public List<PickleValue> Items { get; } = [];

    public long Count { get; private set; }

    public void Add(PickleValue item, int maxTracked)
    {
        if (Items.Count < maxTracked)
        {
            Items.Add(item);
        }

        Count++;
    }

    public PickleValue At(int index) => index < Items.Count ? Items[index] : Unknown;
}

/// <summary>A dict: the first entries are kept, the rest counted.</summary>
internal sealed class DictValue : PickleValue
{
    public List<KeyValuePair<PickleValue, PickleValue>> Entries { get; } = [];

    public long Count { get; private set; }

    public void Set(PickleValue key, PickleValue value, int maxTracked)
    {
        if (key is StringValue { Text: { } text })
        {
            for (var i = 0; i < Entries.Count; i++)
            {
                if (Entries[i].Key is StringValue { Text: { } existing } && existing == text)
                {
                    Entries[i] = new KeyValuePair<PickleValue, PickleValue>(key, value);
                    return;
                }
            }
        }

        if (Entries.Count < maxTracked)
        {
            Entries.Add(new KeyValuePair<PickleValue, PickleValue>(key, value));
        }

        Count++;
    }

    /// <summary>The value under a string key, when it was kept.</summary>
    public PickleValue? Get(string key)
    {
        foreach (var entry in Entries)
        {
            if (entry.Key is StringValue { Text: { } text } && text == key)
            {
                return entry.Value;
            }
        }

        return null;
    }
}
