using System.Globalization;

namespace ThreatLint.Documents.Pickle;

/// <summary>The interpretation state of one disassembly, nested pickles included.</summary>
internal sealed partial class PickleInterpreter
{
    /// <summary>joblib's array wrapper, also as vendored by scikit-learn before 0.23.</summary>
    private static readonly HashSet<string> JoblibArrayWrappers = new(StringComparer.Ordinal)
    {
        "joblib.numpy_pickle.NumpyArrayWrapper", "sklearn.externals.joblib.numpy_pickle.NumpyArrayWrapper",
    };

    /// <summary>Callables that unpickle their bytes argument (or a BytesIO over it): what they load is scanned too.</summary>
    private static readonly HashSet<string> NestedLoaders = new(StringComparer.Ordinal)
    {
        "pickle.loads", "pickle.load", "pickle._loads", "pickle._load", "_pickle.loads", "_pickle.load",
        "dill.loads", "dill.load", "dill._dill.loads", "dill._dill.load", "cloudpickle.loads", "cloudpickle.load",
        "joblib.load", "torch.load", "torch.serialization.load", "torch.storage._load_from_bytes",
        "numpy.loads", "numpy.load", "numpy.core.numeric.loads", "pandas.read_pickle",
    };


    private readonly PickleLimits _limits;
    private readonly List<PickleImport> _imports = [];
    private readonly HashSet<string> _importKeys = new(StringComparer.Ordinal);
    private readonly List<PickleCall> _calls = [];
    private readonly List<PickleProblem> _problems = [];
    private readonly List<PickleNestedPayload> _payloads = [];
    private long _opcodes;
    private long _at;
    private long _nestedBudget;
    private int _depth;
    private int _streams;
    private int _highestProtocol;
    private string? _nestedIn;
    private bool _speculative;
    private Machine _machine = new();

    public PickleInterpreter(PickleLimits limits)
    {
        _limits = limits;
        _nestedBudget = limits.MaxNestedBudget;
    }

    public PickleDisassembly Result(bool isPickle, long endOffset) =>
        isPickle
            ? new PickleDisassembly(true, _imports, _calls, _problems, _payloads, _streams, _highestProtocol, _opcodes, endOffset)
            : new PickleDisassembly(false, [], [], [], [], 0, 0, _opcodes, endOffset);

    /// <summary>Reads pickles one after another; false when a speculative first pickle turned out not to be one.</summary>
    public bool RunStreams(PickleReader reader, int? streamCount, bool speculative)
    {
        var read = 0;
        while (true)
        {
            if (streamCount is { } wanted && read >= wanted)
            {
                return true;
            }

            var next = reader.Peek();
            if (next < 0)
            {
                if (read == 0)
                {
                    if (speculative)
                    {
                        return false;
                    }

                    AddProblem(PickleProblemKind.Truncated, reader.Position, "the pickle stream is empty");
                }

                return true;
            }

            // After a STOP, more bytes are read as another pickle only if they can start one (trailing bytes are
            // ignored by every loader that reads a single pickle).
            var trailing = read > 0 && streamCount is null;
            if (trailing && !CanStartPickle(next, reader.PeekSecond()))
            {
                return true;
            }

            if (_streams >= _limits.MaxStreams)
            {
                AddProblem(PickleProblemKind.Limit, reader.Position, FormattableString.Invariant($"more than {_limits.MaxStreams} concatenated pickles"));
                return true;
            }

            var tentative = (speculative && read == 0) || trailing;
            var importsBefore = _imports.Count;
            var problemsBefore = _problems.Count;
            var callsBefore = _calls.Count;
            var outerMachine = _machine;
            var outerSpeculative = _speculative;
            _machine = new Machine();
            _speculative = tentative;
            try
            {
                RunOne(reader);
                if (_depth == 0)
                {
                    _streams++;
                }

                read++;
            }
            catch (PickleStopException stop)
            {
                if (tentative && _imports.Count == importsBefore)
                {
                    // Not a pickle after all (or trailing bytes that only look like one): nothing to report.
                    _problems.RemoveRange(problemsBefore, _problems.Count - problemsBefore);
                    _calls.RemoveRange(callsBefore, _calls.Count - callsBefore);
                    return read > 0;
                }

                AddProblem(stop.Kind, stop.Offset, stop.Message);
                return true;
            }
            finally
            {
                _machine = outerMachine;
                _speculative = outerSpeculative;
            }
        }
    }

    private static bool CanStartPickle(int first, int second) =>
        first == 0x80 ? second is >= 0 and <= 5 : first is '(' or ')' or ']' or '}' or 'N' or 'I' or 'J' or 'K' or 'M' or 'L'
            or 'F' or 'G' or 'S' or 'T' or 'U' or 'V' or 'X' or 'c' or 'i' or 'P';

    private void RunOne(PickleReader reader)
    {
        while (true)
        {
            var at = reader.Position;
            _at = at;
            var op = reader.ReadByteOrEnd();
            if (op < 0)
            {
                throw new PickleStopException(PickleProblemKind.Truncated, at, "the stream ends before its STOP opcode (truncated?)");
            }

            if (++_opcodes > _limits.MaxOpcodes)
            {
                throw new PickleStopException(PickleProblemKind.Limit, at, FormattableString.Invariant($"more than {_limits.MaxOpcodes} opcodes"));
            }

            if (op == '.')
            {
                return;
            }

            Step(reader, op, at);
        }
    }

    private void Step(PickleReader reader, int op, long at)
    {
        var m = _machine;
        switch (op)
        {
            case 0x80: // PROTO
                var protocol = reader.ReadByte();
                if (protocol > 5)
                {
                    throw new PickleStopException(PickleProblemKind.Invalid, at, FormattableString.Invariant($"unsupported pickle protocol {protocol}"));
                }

                _highestProtocol = Math.Max(_highestProtocol, protocol);
                break;
            case 0x95: // FRAME: a length prefix only; opcodes inside are read as usual
                reader.ReadUInt(8);
                break;

            // Constants
            case 'N':
                Push(PickleValue.None);
                break;
            case 0x88: // NEWTRUE
                Push(new BoolValue(true));
                break;
            case 0x89: // NEWFALSE
                Push(new BoolValue(false));
                break;
            case 'I': // INT: decimal line; 00/01 are False/True
                Push(ParseIntLine(reader, at, allowBool: true));
                break;
            case 'L': // LONG: decimal line with an optional L
                Push(ParseIntLine(reader, at, allowBool: false));
                break;
            case 'J': // BININT
                Push(new IntValue(reader.ReadInt32()));
                break;
            case 'K': // BININT1
                Push(new IntValue(reader.ReadByte()));
                break;
            case 'M': // BININT2
                Push(new IntValue((long)reader.ReadUInt(2)));
                break;
            case 0x8A: // LONG1
                Push(ReadLong(reader, reader.ReadByte()));
                break;
            case 0x8B: // LONG4
                var longLength = reader.ReadInt32();
                if (longLength < 0)
                {
                    throw new PickleStopException(PickleProblemKind.Invalid, at, "LONG4 with a negative byte count");
                }

                Push(ReadLong(reader, longLength));
                break;
            case 'F': // FLOAT
                reader.ReadLine(_limits.MaxLine);
                Push(PickleValue.Unknown);
                break;
            case 'G': // BINFLOAT
                reader.Skip(8);
                Push(PickleValue.Unknown);
                break;

            // Strings (str) and bytes
            case 'S': // STRING: a quoted repr, decoded to str by the default encoding
                Push(ParseQuotedString(reader, at));
                break;
            case 'T': // BINSTRING
                var binStringLength = reader.ReadInt32();
                if (binStringLength < 0)
                {
                    throw new PickleStopException(PickleProblemKind.Invalid, at, "BINSTRING with a negative byte count");
                }

                Push(ReadString(reader, binStringLength, at, utf8: false));
                break;
            case 'U': // SHORT_BINSTRING
                Push(ReadString(reader, reader.ReadByte(), at, utf8: false));
                break;
            case 'V': // UNICODE: raw-unicode-escape line
                Push(Limited(PickleText.RawUnicodeEscape(reader.ReadLine(_limits.MaxLine)), at));
                break;
            case 'X': // BINUNICODE
                Push(ReadString(reader, (long)reader.ReadUInt(4), at, utf8: true));
                break;
            case 0x8C: // SHORT_BINUNICODE
                Push(ReadString(reader, reader.ReadByte(), at, utf8: true));
                break;
            case 0x8D: // BINUNICODE8
                Push(ReadString(reader, CheckedLength(reader.ReadUInt(8), at), at, utf8: true));
                break;
            case 'B': // BINBYTES
                Push(ReadBytes(reader, (long)reader.ReadUInt(4)));
                break;
            case 'C': // SHORT_BINBYTES
                Push(ReadBytes(reader, reader.ReadByte()));
                break;
            case 0x8E: // BINBYTES8
            case 0x96: // BYTEARRAY8
                Push(ReadBytes(reader, CheckedLength(reader.ReadUInt(8), at)));
                break;
            case 0x97: // NEXT_BUFFER: an out-of-band buffer the loader supplies
                Push(PickleValue.Unknown);
                break;
            case 0x98: // READONLY_BUFFER
                Top(at);
                break;

            // Containers
            case ')':
                Push(new SequenceValue(SequenceKind.Tuple));
                break;
            case 0x85: // TUPLE1
            case 0x86: // TUPLE2
            case 0x87: // TUPLE3
                var tuple = new SequenceValue(SequenceKind.Tuple);
                var size = op - 0x84;
                var popped = new PickleValue[size];
                for (var i = size - 1; i >= 0; i--)
                {
                    popped[i] = Pop(at);
                }

                foreach (var item in popped)
                {
                    tuple.Add(item, _limits.MaxTrackedItems);
                }

                Push(tuple);
                break;
            case 't': // TUPLE
                Push(Sequence(SequenceKind.Tuple, PopMark(at)));
                break;
            case ']':
                Push(new SequenceValue(SequenceKind.List));
                break;
            case 'l': // LIST
                Push(Sequence(SequenceKind.List, PopMark(at)));
                break;
            case 'a': // APPEND
                var appended = Pop(at);
                (Top(at) as SequenceValue)?.Add(appended, _limits.MaxTrackedItems);
                break;
            case 'e': // APPENDS
                var appendedItems = PopMark(at);
                if (Top(at) is SequenceValue list)
                {
                    appendedItems.ForEach(item => list.Add(item, _limits.MaxTrackedItems));
                }

                break;
            case '}':
                Push(new DictValue());
                break;
            case 'd': // DICT
                var dict = new DictValue();
                SetItems(dict, PopMark(at));
                Push(dict);
                break;
            case 's': // SETITEM
                var value = Pop(at);
                var key = Pop(at);
                (Top(at) as DictValue)?.Set(key, value, _limits.MaxTrackedItems);
                break;
            case 'u': // SETITEMS
                var pairs = PopMark(at);
                if (Top(at) is DictValue target)
                {
                    SetItems(target, pairs);
                }

                break;
            case 0x8F: // EMPTY_SET
                Push(new SequenceValue(SequenceKind.Set));
                break;
            case 0x90: // ADDITEMS
                var added = PopMark(at);
                if (Top(at) is SequenceValue set)
                {
                    added.ForEach(item => set.Add(item, _limits.MaxTrackedItems));
                }

                break;
            case 0x91: // FROZENSET
                Push(Sequence(SequenceKind.FrozenSet, PopMark(at)));
                break;

            // Stack manipulation
            case '(': // MARK
                m.PushMark(_limits, at);
                break;
            case '0': // POP: the top item, or the whole topmost mark level when it is empty
                if (m.Stack.Count > 0)
                {
                    Pop(at);
                }
                else
                {
                    PopMark(at);
                }

                break;
            case '1': // POP_MARK
                PopMark(at);
                break;
            case '2': // DUP
                Push(Top(at));
                break;

            // Memo
            case 'g': // GET
                Push(MemoGet(ParseMemoIndex(reader, at), at));
                break;
            case 'h': // BINGET
                Push(MemoGet(reader.ReadByte(), at));
                break;
            case 'j': // LONG_BINGET
                Push(MemoGet((long)reader.ReadUInt(4), at));
                break;
            case 'p': // PUT
                MemoPut(ParseMemoIndex(reader, at), at);
                break;
            case 'q': // BINPUT
                MemoPut(reader.ReadByte(), at);
                break;
            case 'r': // LONG_BINPUT
                MemoPut((long)reader.ReadUInt(4), at);
                break;
            case 0x94: // MEMOIZE
                MemoPut(m.Memo.Count, at);
                break;

            // Imports
            case 'c': // GLOBAL
                var module = PickleText.Utf8(reader.ReadLine(_limits.MaxLine));
                var name = PickleText.Utf8(reader.ReadLine(_limits.MaxLine));
                Push(new ImportValue(RecordImport(module, name, at, PickleImportKind.Global)));
                break;
            case 0x93: // STACK_GLOBAL
                var nameValue = Pop(at);
                var moduleValue = Pop(at);
                Push(new ImportValue(StackGlobal(moduleValue, nameValue, at)));
                break;
            case 'i': // INST: import, then call with the items since the mark
                var instModule = PickleText.Utf8(reader.ReadLine(_limits.MaxLine));
                var instName = PickleText.Utf8(reader.ReadLine(_limits.MaxLine));
                var instClass = new ImportValue(RecordImport(instModule, instName, at, PickleImportKind.Inst));
                Push(Call(instClass, Sequence(SequenceKind.Tuple, PopMark(at)), at, "INST"));
                break;
            case 0x82: // EXT1
                Push(Extension(reader.ReadByte(), "EXT1", at));
                break;
            case 0x83: // EXT2
                Push(Extension((long)reader.ReadUInt(2), "EXT2", at));
                break;
            case 0x84: // EXT4
                Push(Extension(reader.ReadInt32(), "EXT4", at));
                break;

            // Calls
            case 'R': // REDUCE
                var reduceArgs = Pop(at);
                var function = Pop(at);
                Push(Call(function, reduceArgs, at, "REDUCE"));
                break;
            case 'o': // OBJ: class and arguments since the mark
                var objItems = PopMark(at);
                if (objItems.Count == 0)
                {
                    Semantic(at, "OBJ without a class");
                    Push(PickleValue.Unknown);
                    break;
                }

                Push(Call(objItems[0], Sequence(SequenceKind.Tuple, objItems.Skip(1).ToList()), at, "OBJ"));
                break;
            case 0x81: // NEWOBJ: cls.__new__(cls, *args)
                var newArgs = Pop(at);
                var newClass = Pop(at);
                Push(New(newClass, newArgs, at, "NEWOBJ"));
                break;
            case 0x92: // NEWOBJ_EX: cls.__new__(cls, *args, **kwargs)
                Pop(at);
                var newExArgs = Pop(at);
                var newExClass = Pop(at);
                Push(New(newExClass, newExArgs, at, "NEWOBJ_EX"));
                break;
            case 'b': // BUILD: __setstate__ or __dict__ update
                var state = Pop(at);
                if (Top(at) is ObjectValue built)
                {
                    built.State = state;
                    if (built.ClassName is { } className && JoblibArrayWrappers.Contains(className))
                    {
                        ReadJoblibArray(reader, state, at);
                        Pop(at);
                        Push(PickleValue.Unknown);
                    }
                }

                break;

            // Persistent ids: resolved by the loader (PyTorch storages), never by the pickle itself
            case 'P': // PERSID
                reader.ReadLine(_limits.MaxLine);
                Push(PickleValue.Unknown);
                break;
            case 'Q': // BINPERSID
                Pop(at);
                Push(PickleValue.Unknown);
                break;

            default:
                throw new PickleStopException(PickleProblemKind.Invalid, at, FormattableString.Invariant($"unknown opcode 0x{op:x2}"));
        }
    }

    private PickleImport RecordImport(string module, string name, long at, PickleImportKind kind, string? detail = null)
    {
        if (_speculative && kind != PickleImportKind.Unresolved && (!PickleNames.IsDottedIdentifier(module) || !PickleNames.IsDottedIdentifier(name)))
        {
            throw new PickleStopException(PickleProblemKind.Invalid, at, "an import of a name that is not a Python identifier");
        }

        var import = new PickleImport(module, name, at, kind) { Detail = detail, NestedIn = _nestedIn };
        if (_imports.Count < _limits.MaxImports)
        {
            _imports.Add(import);
            _importKeys.Add(ImportKey(import));
        }
        else if (_importKeys.Add(ImportKey(import)))
        {
            // Past the bound only new names are kept, so a flood of repeats cannot hide a new one.
            if (_importKeys.Count > 2 * _limits.MaxImports)
            {
                throw new PickleStopException(PickleProblemKind.Limit, at, FormattableString.Invariant($"more than {2 * _limits.MaxImports} distinct imports"));
            }

            _imports.Add(import);
        }

        return import;
    }

    private static string ImportKey(PickleImport import) => ((int)import.Kind).ToString(CultureInfo.InvariantCulture) + "\n" + import.Module + "\n" + import.Name + "\n" + import.Detail + "\n" + import.NestedIn;

    private PickleImport StackGlobal(PickleValue module, PickleValue name, long at)
    {
        var moduleText = OperandText(module);
        var nameText = OperandText(name);
        if (moduleText is not null && nameText is not null)
        {
            return RecordImport(moduleText, nameText, at, PickleImportKind.StackGlobal);
        }

        var why = module is StringValue { Text: null } || name is StringValue { Text: null }
            ? FormattableString.Invariant($"STACK_GLOBAL operand is a string longer than {_limits.MaxTrackedString} characters")
            : "STACK_GLOBAL operands are not string constants: the name is computed at load time";
        return RecordImport(string.Empty, string.Empty, at, PickleImportKind.Unresolved, why);
    }

    /// <summary>A STACK_GLOBAL operand's text: a str (any string opcode, directly or through the memo). Python rejects
    /// bytes operands; they are read as Latin-1 anyway so that what they name is still shown.</summary>
    private static string? OperandText(PickleValue value) => value switch
    {
        StringValue { Text: { } text } => text,
        BytesValue { Content: { } content, Length: <= 4096 } => PickleText.Latin1(content),
        _ => null,
    };

    private ImportValue Extension(long code, string opcode, long at) =>
        new(RecordImport(string.Empty, string.Empty, at, PickleImportKind.Unresolved, FormattableString.Invariant($"{opcode} code {code} from the copyreg extension registry")));

    private StringValue ReadString(PickleReader reader, long length, long at, bool utf8)
    {
        if (length <= _limits.MaxTrackedString || KeepsPayload(reader, length, stringPayload: true))
        {
            var bytes = reader.ReadBytes((int)length);
            var text = utf8 ? PickleText.Utf8(bytes) : PickleText.Latin1(bytes);
            return new StringValue(text, text.Length, at);
        }

        reader.Skip(length);
        return new StringValue(null, length, at);
    }

    private BytesValue ReadBytes(PickleReader reader, long length)
    {
        var dataOffset = reader.Position;
        if (length <= 256 || KeepsPayload(reader, length, stringPayload: false))
        {
            return new BytesValue(reader.ReadBytes((int)length), length, dataOffset, literal: true);
        }

        reader.Skip(length);
        return new BytesValue(null, length, dataOffset, literal: true);
    }

    /// <summary>Large constants are kept only when they may be an embedded pickle or zip, within a budget.</summary>
    private bool KeepsPayload(PickleReader reader, long length, bool stringPayload)
    {
        if (length > _limits.MaxNestedPayload || length > _nestedBudget)
        {
            return false;
        }

        var first = reader.Peek();
        var second = reader.PeekSecond();
        var looksNested = (first == 0x80 && second is >= 0 and <= 5)
            || (first == 'P' && second == 'K')
            || (stringPayload && first == 0xC2 && second == 0x80);
        if (looksNested)
        {
            _nestedBudget -= length;
        }

        return looksNested;
    }

    private StringValue Limited(string text, long at) =>
        text.Length <= _limits.MaxTrackedString ? new StringValue(text, text.Length, at) : new StringValue(null, text.Length, at);

    private PickleValue ReadLong(PickleReader reader, int length)
    {
        if (length > 8)
        {
            reader.Skip(length);
            return PickleValue.Unknown;
        }

        ulong value = 0;
        for (var i = 0; i < length; i++)
        {
            value |= (ulong)reader.ReadByte() << (8 * i);
        }

        if (length is > 0 and < 8 && (value & (1UL << ((8 * length) - 1))) != 0)
        {
            value |= ulong.MaxValue << (8 * length);
        }

        return new IntValue(unchecked((long)value));
    }

    private PickleValue ParseIntLine(PickleReader reader, long at, bool allowBool)
    {
        var text = PickleText.Utf8(reader.ReadLine(_limits.MaxLine)).Trim();
        if (allowBool && text is "00" or "01")
        {
            return new BoolValue(text == "01");
        }

        var digits = text.EndsWith("L", StringComparison.Ordinal) ? text.Substring(0, text.Length - 1) : text;
        if (long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return new IntValue(value);
        }

        var unsigned = digits.TrimStart('-', '+');
        return unsigned.Length > 0 && unsigned.All(c => c is >= '0' and <= '9')
            ? PickleValue.Unknown
            : throw new PickleStopException(PickleProblemKind.Invalid, at, "a malformed integer");
    }

    private long ParseMemoIndex(PickleReader reader, long at)
    {
        var text = PickleText.Utf8(reader.ReadLine(_limits.MaxLine)).Trim();
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index)
            ? index
            : throw new PickleStopException(PickleProblemKind.Invalid, at, "a malformed memo index");
    }

    private static long CheckedLength(ulong length, long at) =>
        length > long.MaxValue ? throw new PickleStopException(PickleProblemKind.Invalid, at, "a length larger than any file") : (long)length;

    private StringValue ParseQuotedString(PickleReader reader, long at)
    {
        var line = reader.ReadLine(_limits.MaxLine);
        var end = line.Length;
        while (end > 0 && line[end - 1] is (byte)' ' or (byte)'\r' or (byte)'\t')
        {
            end--;
        }

        if (end < 2 || (line[0] != '\'' && line[0] != '"') || line[end - 1] != line[0])
        {
            throw new PickleStopException(PickleProblemKind.Invalid, at, "the STRING opcode argument must be quoted");
        }

        return Limited(PickleText.EscapeDecode(line, 1, end - 1), at);
    }

    private SequenceValue Sequence(SequenceKind kind, List<PickleValue> items)
    {
        var sequence = new SequenceValue(kind);
        items.ForEach(item => sequence.Add(item, _limits.MaxTrackedItems));
        return sequence;
    }

    private void SetItems(DictValue dict, List<PickleValue> items)
    {
        for (var i = 0; i + 1 < items.Count; i += 2)
        {
            dict.Set(items[i], items[i + 1], _limits.MaxTrackedItems);
        }
    }

    private void Push(PickleValue value) => _machine.Push(value, _limits, _at);

    private PickleValue Pop(long at)
    {
        if (_machine.Stack.Count == 0)
        {
            Semantic(at, "stack underflow");
            return PickleValue.Unknown;
        }

        return _machine.Pop();
    }

    private PickleValue Top(long at)
    {
        if (_machine.Stack.Count == 0)
        {
            Semantic(at, "stack underflow");
            return PickleValue.Unknown;
        }

        return _machine.Stack[_machine.Stack.Count - 1];
    }

    private List<PickleValue> PopMark(long at)
    {
        if (_machine.Marks.Count == 0)
        {
            Semantic(at, "no MARK to pop to");
            return [];
        }

        return _machine.PopMark();
    }

    private PickleValue MemoGet(long index, long at)
    {
        if (_machine.Memo.TryGetValue(index, out var value))
        {
            return value;
        }

        Semantic(at, FormattableString.Invariant($"memo entry {index} is read before it is written"));
        return PickleValue.Unknown;
    }

    private void MemoPut(long index, long at)
    {
        if (index < 0)
        {
            throw new PickleStopException(PickleProblemKind.Invalid, at, "a negative memo index");
        }

        var memo = _machine.Memo;
        if (memo.Count >= _limits.MaxMemo && !memo.ContainsKey(index))
        {
            throw new PickleStopException(PickleProblemKind.Limit, at, FormattableString.Invariant($"more than {_limits.MaxMemo} memo entries"));
        }

        memo[index] = Top(at);
    }

    /// <summary>A stream the real unpickler would reject at this point. Reading goes on (what follows is still reported),
    /// the first such problem of each pickle is recorded.</summary>
    private void Semantic(long at, string message)
    {
        if (!_machine.SemanticProblemSeen)
        {
            _machine.SemanticProblemSeen = true;
            AddProblem(PickleProblemKind.Invalid, at, message);
        }
    }

    private void AddProblem(PickleProblemKind kind, long at, string message) =>
        _problems.Add(new PickleProblem(kind, at, _nestedIn is null ? message : "in the pickle loaded by " + _nestedIn + ": " + message));

    /// <summary>The unpickler's stack, mark stack (saved outer levels, as Python's metastack) and memo.</summary>
    private sealed class Machine
    {
        private int _total;

        public List<PickleValue> Stack { get; private set; } = [];

        public List<List<PickleValue>> Marks { get; } = [];

        public Dictionary<long, PickleValue> Memo { get; } = new();

        public bool SemanticProblemSeen { get; set; }

        public void Push(PickleValue value, PickleLimits limits, long at)
        {
            if (++_total > limits.MaxStack)
            {
                throw new PickleStopException(PickleProblemKind.Limit, at, FormattableString.Invariant($"more than {limits.MaxStack} values on the stack"));
            }

            Stack.Add(value);
        }

        public PickleValue Pop()
        {
            var value = Stack[Stack.Count - 1];
            Stack.RemoveAt(Stack.Count - 1);
            _total--;
            return value;
        }

        public void PushMark(PickleLimits limits, long at)
        {
            if (++_total > limits.MaxStack)
            {
                throw new PickleStopException(PickleProblemKind.Limit, at, FormattableString.Invariant($"more than {limits.MaxStack} values and marks on the stack"));
            }

            Marks.Add(Stack);
            Stack = [];
        }

        public List<PickleValue> PopMark()
        {
            var items = Stack;
            Stack = Marks[Marks.Count - 1];
            Marks.RemoveAt(Marks.Count - 1);
            _total -= items.Count + 1;
            return items;
        }
    }
}
