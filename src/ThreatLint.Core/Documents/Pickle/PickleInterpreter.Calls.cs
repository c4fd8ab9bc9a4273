using System.Globalization;

namespace ThreatLint.Documents.Pickle;

/// <summary>What the interpreter follows through calls: getattr/__import__ chains, embedded pickles, joblib arrays.</summary>
internal sealed partial class PickleInterpreter
{
    /// <summary>REDUCE, INST and OBJ call the callable with the arguments. Some calls are followed further.</summary>
    private PickleValue Call(PickleValue callable, PickleValue arguments, long at, string opcode)
    {
        var target = (callable as ImportValue)?.Import;
        RecordCall(target, at, opcode);
        if (target is null || target.Kind == PickleImportKind.Unresolved)
        {
            return new ObjectValue(callable, arguments);
        }

        var args = arguments as SequenceValue;
        var first = args?.At(0);
        var full = PickleNames.Normalize(target.Module, target.Name);
        switch (full)
        {
            case "builtins.getattr" when args?.At(1) is StringValue { Text: { } attribute }:
                var dynamic = first switch
                {
                    ImportValue { Import: { Kind: not PickleImportKind.Unresolved } owner } => (owner.Module, owner.Name + "." + attribute),
                    ModuleValue owner => (owner.Name, attribute),
                    _ => ((string, string)?)null,
                };
                if (dynamic is { } reached)
                {
                    var detail = FormattableString.Invariant($"reached through {target.Module}.{target.Name} at byte {at}");
                    return new ImportValue(RecordImport(reached.Item1, reached.Item2, at, PickleImportKind.Dynamic, detail));
                }

                break;
            case "builtins.__import__" or "importlib.import_module" or "importlib.__import__" when first is StringValue { Text: { } moduleName }:
                return new ModuleValue(moduleName);
            case "_codecs.encode" or "codecs.encode" when first is StringValue { Text: { } text }:
                // Protocol 2 writes bytes as _codecs.encode('<latin-1 text>', 'latin1').
                return new BytesValue(PickleText.Latin1Bytes(text), text.Length, ((StringValue)first).Offset, literal: false);
            case "_io.BytesIO" or "io.BytesIO" when first is BytesValue:
                return first;
            default:
                if (NestedLoaders.Contains(full) && first is BytesValue { Content: { } payload } bytes)
                {
                    Nested(full, payload, bytes.Literal ? bytes.DataOffset : at, at);
                }

                break;
        }

        return new ObjectValue(callable, arguments);
    }

    /// <summary>NEWOBJ and NEWOBJ_EX create an instance of a class: <c>cls.__new__(cls, *args)</c>.</summary>
    private PickleValue New(PickleValue cls, PickleValue arguments, long at, string opcode)
    {
        RecordCall((cls as ImportValue)?.Import, at, opcode);
        return new ObjectValue(cls, arguments);
    }

    private void RecordCall(PickleImport? target, long at, string opcode)
    {
        if (_calls.Count < _limits.MaxCalls)
        {
            _calls.Add(new PickleCall(target, at, opcode));
        }
    }

    /// <summary>Disassembles a pickle held in a bytes constant that a loader unpickles.</summary>
    private void Nested(string loader, byte[] payload, long baseOffset, long at)
    {
        if (payload.Length >= 4 && payload[0] == 'P' && payload[1] == 'K' && payload[2] == 3 && payload[3] == 4)
        {
            _payloads.Add(new PickleNestedPayload(loader, baseOffset, payload));
            return;
        }

        if (_depth >= _limits.MaxNestingDepth)
        {
            AddProblem(PickleProblemKind.Limit, at, FormattableString.Invariant($"a pickle nested more than {_limits.MaxNestingDepth} deep was not read"));
            return;
        }

        using var stream = new MemoryStream(payload, writable: false);
        var reader = new PickleReader(stream, baseOffset, _limits.MaxBytesRead);
        EnterNested(loader, () => RunStreams(reader, streamCount: 1, speculative: true));
    }

    private void EnterNested(string loader, Action run)
    {
        var outerNestedIn = _nestedIn;
        _depth++;
        _nestedIn = outerNestedIn is null ? loader : outerNestedIn + " > " + loader;
        try
        {
            run();
        }
        finally
        {
            _depth--;
            _nestedIn = outerNestedIn;
        }
    }

    /// <summary>
    /// joblib writes a numeric array's raw bytes straight after the BUILD of its NumpyArrayWrapper (after one padding
    /// length byte and the padding, when it aligns); an object array is a whole pickle there instead, read with plain
    /// <c>pickle.load</c>. The bytes are skipped, or that pickle read, exactly as joblib.load would.
    /// </summary>
    private void ReadJoblibArray(PickleReader reader, PickleValue state, long at)
    {
        if (state is not DictValue dict
            || dict.Get("dtype") is not ObjectValue dtype
            || dict.Get("shape") is not SequenceValue shape
            || shape.Count != shape.Items.Count)
        {
            throw new PickleStopException(PickleProblemKind.Invalid, at, "a joblib array whose shape or dtype cannot be read; the bytes after it were not checked");
        }

        if (DtypeHasObject(dtype, 0))
        {
            EnterNested("joblib object array", () =>
            {
                var outer = _machine;
                _machine = new Machine();
                try
                {
                    RunOne(reader);
                }
                finally
                {
                    _machine = outer;
                }
            });
            return;
        }

        if (DtypeItemSize(dtype) is not { } itemSize)
        {
            throw new PickleStopException(PickleProblemKind.Invalid, at, "a joblib array of a dtype whose size cannot be read; the bytes after it were not checked");
        }

        long count = 1;
        foreach (var dimension in shape.Items)
        {
            if (dimension is not IntValue { Value: >= 0 } d)
            {
                throw new PickleStopException(PickleProblemKind.Invalid, at, "a joblib array with a malformed shape");
            }

            count = d.Value == 0 ? 0 : count > long.MaxValue / d.Value ? throw Oversized(at) : count * d.Value;
        }

        if (dict.Get("numpy_array_alignment_bytes") is IntValue)
        {
            reader.Skip(reader.ReadByte());
        }

        reader.Skip(count > long.MaxValue / itemSize ? throw Oversized(at) : count * itemSize);

        static PickleStopException Oversized(long at) => new(PickleProblemKind.Invalid, at, "a joblib array larger than any file");
    }

    private static bool DtypeHasObject(ObjectValue dtype, int depth)
    {
        if (depth > 4)
        {
            return false;
        }

        var type = ((dtype.Arguments as SequenceValue)?.At(0) as StringValue)?.Text ?? string.Empty;
        var code = type.TrimStart('<', '>', '|', '=');
        if (code.StartsWith("O", StringComparison.Ordinal))
        {
            return true;
        }

        // Structured dtypes: the state's fields dict maps names to (dtype, offset[, title]).
        return (dtype.State as SequenceValue)?.At(4) is DictValue fields
            && fields.Entries.Any(f => f.Value is SequenceValue field && field.At(0) is ObjectValue inner && DtypeHasObject(inner, depth + 1));
    }

    private static long? DtypeItemSize(ObjectValue dtype)
    {
        if ((dtype.State as SequenceValue)?.At(5) is IntValue { Value: > 0 } elementSize)
        {
            return elementSize.Value;
        }

        var type = ((dtype.Arguments as SequenceValue)?.At(0) as StringValue)?.Text;
        if (type is null)
        {
            return null;
        }

        var code = type.TrimStart('<', '>', '|', '=');
        if (code == "?")
        {
            return 1;
        }

        var digits = new string(code.SkipWhile(c => !char.IsDigit(c)).ToArray());
        return code.Length > 0 && char.IsLetter(code[0]) && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size > 0 ? size : null;
    }
}
