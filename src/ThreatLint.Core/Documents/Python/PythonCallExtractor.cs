namespace ThreatLint.Documents.Python;

/// <summary>
/// Finds the calls and dict displays of a token range in one pass with an explicit bracket stack: a <c>(</c> right
/// after a dotted name (not after <c>def</c>/<c>class</c>, not after a keyword) opens a call, top-level commas split
/// its arguments, and <c>**</c> of a literal dict becomes keyword arguments. Linear in the tokens; mismatched
/// brackets are tolerated (a closer matches an opener at most <see cref="MaxMismatchSearch"/> frames down).
/// </summary>
internal sealed class PythonCallExtractor
{
    private const int MaxMismatchSearch = 8;

    private readonly PythonDocument _document;
    private readonly IReadOnlyList<PythonToken> _tokens;
    private readonly List<Frame> _stack = [];
    private readonly List<PythonCall> _calls;
    private readonly Dictionary<int, PythonCall> _callsByClose;
    private readonly Dictionary<int, PythonDict> _dictsByOpen;

    public PythonCallExtractor(PythonDocument document, List<PythonCall> calls, Dictionary<int, PythonCall> callsByClose, Dictionary<int, PythonDict> dictsByOpen)
    {
        _document = document;
        _tokens = document.Tokens;
        _calls = calls;
        _callsByClose = callsByClose;
        _dictsByOpen = dictsByOpen;
    }

    /// <summary>Extracts from the tokens <c>[first, end)</c>; brackets still open at the end are closed there.</summary>
    public void Extract(int first, int end)
    {
        _stack.Clear();
        for (var i = first; i < end; i++)
        {
            var token = _tokens[i];
            if (token.Kind != PythonTokenKind.Operator)
            {
                continue;
            }

            switch (token.Text)
            {
                case "(":
                    _stack.Add(new Frame('(', i, OpenCall(i), null));
                    break;
                case "[":
                    _stack.Add(new Frame('[', i, null, null));
                    break;
                case "{":
                    var dict = new PythonDict(i);
                    _dictsByOpen[i] = dict;
                    _stack.Add(new Frame('{', i, null, dict));
                    break;
                case ",":
                    if (_stack.Count > 0)
                    {
                        CloseItem(_stack[_stack.Count - 1], i);
                    }

                    break;
                case ":":
                    if (_stack.Count > 0 && _stack[_stack.Count - 1] is { Dict: not null, KeyEnd: < 0 } top)
                    {
                        top.KeyEnd = i;
                    }

                    break;
                case ")" or "]" or "}":
                    Close(token.Text[0] switch { ')' => '(', ']' => '[', _ => '{' }, i);
                    break;
            }
        }

        while (_stack.Count > 0)
        {
            Pop(end, closed: false);
        }
    }

    private PythonCall? OpenCall(int open)
    {
        var last = open - 1;
        if (last < 0 || _tokens[last].Kind != PythonTokenKind.Name || PythonSyntax.IsKeyword(_tokens[last].Text))
        {
            return null;
        }

        var start = last;
        while (start >= 2 && _tokens[start - 1].Is(".") && _tokens[start - 2].Kind == PythonTokenKind.Name && !PythonSyntax.IsKeyword(_tokens[start - 2].Text))
        {
            start -= 2;
        }

        if (start >= 1 && _tokens[start - 1].Kind == PythonTokenKind.Name && _tokens[start - 1].Text is "def" or "class")
        {
            return null;
        }

        var callee = string.Concat(Enumerable.Range(start, last - start + 1).Select(k => _tokens[k].Text));
        PythonCall? receiver = null;
        string qualified;
        if (start >= 1 && _tokens[start - 1].Is("."))
        {
            // A method of an expression: x[0].load(…), f(…).to(…).
            receiver = start >= 2 && _callsByClose.TryGetValue(start - 2, out var call) ? call : null;
            qualified = receiver is null ? "." + callee : receiver.QualifiedName + "()." + callee;
            callee = "." + callee;
            start--;
        }
        else
        {
            qualified = _document.ResolveName(callee, _tokens[start].Offset);
        }

        var result = new PythonCall(_document, callee, qualified, callee[0] == '.' ? start + 1 : start, last, open, receiver);
        _calls.Add(result);
        return result;
    }

    private void Close(char opener, int closer)
    {
        for (var depth = 1; depth <= Math.Min(MaxMismatchSearch, _stack.Count); depth++)
        {
            if (_stack[_stack.Count - depth].Kind == opener)
            {
                for (var k = 1; k <= depth; k++)
                {
                    Pop(closer, closed: k == depth);
                }

                return;
            }
        }
    }

    /// <summary>
    /// Ends the innermost frame at token <paramref name="closer"/>: its closing bracket when <paramref name="closed"/>,
    /// else where an unclosed frame stops (a mismatched closer, or the end of the range).
    /// </summary>
    private void Pop(int closer, bool closed)
    {
        var frame = _stack[_stack.Count - 1];
        _stack.RemoveAt(_stack.Count - 1);
        CloseItem(frame, closer);
        if (frame.Call is { } call && closed)
        {
            call.CloseToken = closer;
            _callsByClose[closer] = call;
        }

        if (frame.Dict is { } dict && closed)
        {
            dict.CloseToken = closer;
        }
    }

    /// <summary>Ends the argument or entry that runs up to <paramref name="end"/> (a comma or the closer).</summary>
    private void CloseItem(Frame frame, int end)
    {
        var start = frame.ItemStart;
        frame.ItemStart = end + 1;
        var keyEnd = frame.KeyEnd;
        frame.KeyEnd = -1;
        if (end <= start)
        {
            return;
        }

        if (frame.Call is { } call)
        {
            AddArgument(call, start, end);
        }
        else if (frame.Dict is { } dict)
        {
            if (keyEnd > start && keyEnd < end)
            {
                dict.Add(new PythonDictEntry(Expression(start, keyEnd), Expression(keyEnd + 1, end)));
            }
            else
            {
                dict.Add(new PythonDictEntry(null, Expression(start, end)));
            }
        }
    }

    private void AddArgument(PythonCall call, int start, int end)
    {
        var first = _tokens[start];
        if (first.Is("*") || first.Is("**"))
        {
            var kind = first.Is("*") ? PythonArgumentKind.Star : PythonArgumentKind.DoubleStar;
            var argument = new PythonArgument(kind, null, -1, Expression(start + 1, end), null);
            call.Add(argument);
            if (kind == PythonArgumentKind.DoubleStar)
            {
                Expand(call, argument);
            }

            return;
        }

        if (end - start >= 2 && first.Kind == PythonTokenKind.Name && _tokens[start + 1].Is("="))
        {
            call.Add(new PythonArgument(PythonArgumentKind.Keyword, first.Text, start, Expression(start + 2, end), null));
            return;
        }

        call.Add(new PythonArgument(PythonArgumentKind.Positional, null, -1, Expression(start, end), null));
    }

    /// <summary><c>**{"k": v}</c> and <c>**dict(k=v)</c> supply keyword arguments the rules must see.</summary>
    private static void Expand(PythonCall call, PythonArgument unpacking)
    {
        if (unpacking.Value.Dict is { } dict && dict.Entries.All(e => e.Key?.Literal is { IsString: true }))
        {
            unpacking.IsExpanded = true;
            foreach (var entry in dict.Entries)
            {
                call.Add(new PythonArgument(PythonArgumentKind.Keyword, entry.Key!.Literal!.Value, entry.Key.FirstToken, entry.Value, unpacking));
            }
        }
        else if (unpacking.Value.Call is { Callee: "dict" } inner && inner.Arguments.All(a => a.Kind == PythonArgumentKind.Keyword))
        {
            unpacking.IsExpanded = true;
            foreach (var argument in inner.Arguments)
            {
                call.Add(new PythonArgument(PythonArgumentKind.Keyword, argument.Keyword, argument.KeywordToken, argument.Value, unpacking));
            }
        }
    }

    private PythonExpression Expression(int start, int end) => new(_document, start, Math.Max(0, end - start));

    private sealed class Frame(char kind, int open, PythonCall? call, PythonDict? dict)
    {
        public char Kind { get; } = kind;

        public PythonCall? Call { get; } = call;

        public PythonDict? Dict { get; } = dict;

        public int ItemStart { get; set; } = open + 1;

        /// <summary>For a dict, the <c>:</c> of the entry being read, or -1.</summary>
        public int KeyEnd { get; set; } = -1;
    }
}
