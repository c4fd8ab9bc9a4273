using ThreatLint.Findings;

namespace ThreatLint.Documents.Python;

/// <summary>
/// Python source (a <c>.py</c> file, or the code cells of a notebook) tokenized, with its calls and their arguments,
/// its imports (so <c>np.load</c> is <c>numpy.load</c>), its simple assignments (so <c>MODEL_ID = "org/m"</c> then
/// <c>from_pretrained(MODEL_ID)</c> is known to load <c>org/m</c>) and the extent of its functions. Nothing is run or
/// imported. Parsing never throws and is linear in the text; at most <see cref="MaxTokens"/> tokens are read
/// (<see cref="IsTruncated"/> says when the text was longer).
/// </summary>
public sealed class PythonDocument
{
    public const int MaxTokens = 2_000_000;

    /// <summary>How many <c>A = B</c> steps a constant may go through.</summary>
    private const int MaxAliasSteps = 8;

    private readonly PythonSourceMap _map;
    private readonly List<PythonToken> _tokens = [];
    private readonly List<PythonToken> _comments = [];
    private readonly List<PythonCall> _calls = [];
    private readonly List<PythonImport> _imports = [];
    private readonly List<PythonAssignment> _assignments = [];
    private readonly List<PythonFunction> _functions = [];
    private readonly Dictionary<int, PythonCall> _callsByClose = [];
    private readonly Dictionary<int, PythonDict> _dictsByOpen = [];
    private readonly Dictionary<string, List<PythonImport>> _importsByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<PythonAssignment>> _assignmentsByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _constants = new(StringComparer.Ordinal);
    private readonly int[] _functionParents;

    private PythonDocument(string text, IReadOnlyList<(int Start, int End)> segments, PythonSourceMap map, IReadOnlyList<PythonShellCommand> shellCommands, bool isNotebook)
    {
        Text = text;
        _map = map;
        ShellCommands = shellCommands;
        IsNotebook = isNotebook;

        var tokenSegments = new List<(int First, int End)>();
        foreach (var (start, end) in segments)
        {
            var first = _tokens.Count;
            if (!PythonTokenizer.Tokenize(text, start, end, _tokens, _comments, MaxTokens))
            {
                IsTruncated = true;
            }

            tokenSegments.Add((first, _tokens.Count));
            if (IsTruncated)
            {
                break;
            }
        }

        foreach (var (first, end) in tokenSegments)
        {
            PythonSyntax.ReadStatements(_tokens, first, end, _imports, _assignments, _functions);
        }

        foreach (var import in _imports)
        {
            Group(_importsByName, import.BoundName, import);
        }

        foreach (var assignment in _assignments)
        {
            Group(_assignmentsByName, assignment.Name, assignment);
        }

        _functions.Sort((a, b) => a.Offset.CompareTo(b.Offset));
        _functionParents = FunctionParents(_functions);
        var extractor = new PythonCallExtractor(this, _calls, _callsByClose, _dictsByOpen);
        foreach (var (first, end) in tokenSegments)
        {
            extractor.Extract(first, end);
        }
    }

    /// <summary>The code read: the file's text, or for a notebook its code cells joined (magic lines blanked).</summary>
    public string Text { get; }

    /// <summary>True when the code comes from a Jupyter notebook's code cells.</summary>
    public bool IsNotebook { get; }

    /// <summary>Every token but comments, <see cref="PythonTokenKind.Newline"/> at the end of logical lines included.</summary>
    public IReadOnlyList<PythonToken> Tokens => _tokens;

    public IReadOnlyList<PythonToken> Comments => _comments;

    /// <summary>Every call, in the order of its callee (an outer call before the calls in its arguments).</summary>
    public IReadOnlyList<PythonCall> Calls => _calls;

    public IReadOnlyList<PythonImport> Imports => _imports;

    public IReadOnlyList<PythonAssignment> Assignments => _assignments;

    /// <summary>Every <c>def</c>, in text order.</summary>
    public IReadOnlyList<PythonFunction> Functions => _functions;

    /// <summary>Every dict display (<c>{…}</c>), in text order.</summary>
    public IEnumerable<PythonDict> Dicts => _dictsByOpen.Values.OrderBy(d => d.OpenToken);

    /// <summary>For a notebook, its shell lines (<c>!cmd</c>) and <c>%%bash</c> cells; empty for a <c>.py</c> file.</summary>
    public IReadOnlyList<PythonShellCommand> ShellCommands { get; }

    /// <summary>True when the text had more than <see cref="MaxTokens"/> tokens and the rest was not read.</summary>
    public bool IsTruncated { get; }

    /// <summary>Parses Python source.</summary>
    public static PythonDocument Parse(string text) =>
        new(text, [(0, text.Length)], PythonSourceMap.Identity(text), [], isNotebook: false);

    /// <summary>
    /// Parses a Jupyter notebook (<c>.ipynb</c>): its code cells are the code, each tokenized on its own (an
    /// unterminated string in one cell does not swallow the next) but sharing imports and constants as a kernel
    /// does. Throws <see cref="FormatException"/> when the JSON is malformed, <see cref="ScanLimitException"/> when it
    /// nests too deep.
    /// </summary>
    public static PythonDocument ParseNotebook(string json)
    {
        var notebook = NotebookReader.Read(json);
        var map = PythonSourceMap.Mapped(json, notebook.CodeToFile);
        var shell = notebook.ShellScripts.Select(s => new PythonShellCommand(s.Script, map.Remapped(s.ToFile))).ToList();
        return new PythonDocument(notebook.Code, notebook.Cells, map, shell, isNotebook: true);
    }

    /// <summary>
    /// Parses Python code that another document holds (a Dockerfile's <c>python -c '…'</c> or <c>python3 &lt;&lt;EOF</c>);
    /// <paramref name="spanOf"/> maps ranges of the code to that document's file.
    /// </summary>
    public static PythonDocument ParseEmbedded(string code, Func<int, int, SourceSpan> spanOf) =>
        new(code, [(0, code.Length)], PythonSourceMap.Embedded(spanOf), [], isNotebook: false);

    /// <summary>The file span of a range of <see cref="Text"/>.</summary>
    public SourceSpan SpanOf(int offset, int length) => _map.SpanOf(offset, length);

    public SourceSpan SpanOf(PythonToken token) => SpanOf(token.Offset, token.Length);

    /// <summary>
    /// A dotted name with its first part resolved through the import that binds it at <paramref name="offset"/>
    /// (the last one before it, else the first one after it, as a function body sees module imports); as written
    /// when nothing imports it.
    /// </summary>
    public string ResolveName(string dotted, int offset)
    {
        var dot = dotted.IndexOf('.');
        var head = dot < 0 ? dotted : dotted.Substring(0, dot);
        if (!_importsByName.TryGetValue(head, out var imports))
        {
            return dotted;
        }

        // The imports of a name are in text order: the last one before the offset, else the first.
        int low = 0, high = imports.Count - 1, found = 0;
        while (low <= high)
        {
            var mid = (low + high) / 2;
            if (imports[mid].Offset < offset)
            {
                found = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        var import = imports[found];
        return dot < 0 ? import.Target : import.Target + dotted.Substring(dot);
    }

    /// <summary>
    /// The value of a name bound only to string literals, all equal (<c>MODEL_ID = "org/m"</c>, also through
    /// <c>A = B</c>); null when any assignment to it is something else, or when there is none.
    /// </summary>
    /// <remarks>Function parameters, loop variables and <c>with … as</c> names are not assignments here.</remarks>
    public string? ConstantValue(string name) => ConstantValue(name, MaxAliasSteps);

    /// <summary>The string an expression stands for: a string literal, or a name with a <see cref="ConstantValue(string)"/>.</summary>
    public string? ResolveString(PythonExpression? expression)
    {
        if (expression is null)
        {
            return null;
        }

        if (expression.Literal is { IsString: true } literal)
        {
            return literal.Value;
        }

        return expression.TokenCount == 1 && expression.DottedName is { } name ? ConstantValue(name) : null;
    }

    /// <summary>The innermost function whose body holds <paramref name="offset"/>, or null at module level.</summary>
    public PythonFunction? EnclosingFunction(int offset)
    {
        // The last def that starts at or before the offset, then out through the defs that contain it.
        int low = 0, high = _functions.Count - 1, index = -1;
        while (low <= high)
        {
            var mid = (low + high) / 2;
            if (_functions[mid].Offset <= offset)
            {
                index = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        while (index >= 0 && offset >= _functions[index].End)
        {
            index = _functionParents[index];
        }

        return index < 0 ? null : _functions[index];
    }

    internal PythonDict? DictAt(int openToken) => _dictsByOpen.TryGetValue(openToken, out var dict) ? dict : null;

    internal PythonCall? CallClosedAt(int closeToken) => _callsByClose.TryGetValue(closeToken, out var call) ? call : null;

    private string? ConstantValue(string name, int steps)
    {
        if (_constants.TryGetValue(name, out var known))
        {
            return known;
        }

        // A name met again on the way (A = B, B = A) or too far down has no value; each name is worked out once.
        _constants[name] = null;
        if (steps <= 0 || !_assignmentsByName.TryGetValue(name, out var assignments))
        {
            return null;
        }

        string? value = null;
        foreach (var assignment in assignments)
        {
            var next = assignment.StringValue ?? (assignment.AliasOf is { } alias ? ConstantValue(alias, steps - 1) : null);
            if (next is null || (value is not null && value != next))
            {
                return null;
            }

            value = next;
        }

        return _constants[name] = value;
    }

    /// <summary>For each def (in text order), the index of the def whose body holds it, or -1.</summary>
    private static int[] FunctionParents(List<PythonFunction> functions)
    {
        var parents = new int[functions.Count];
        var open = new Stack<int>();
        for (var i = 0; i < functions.Count; i++)
        {
            while (open.Count > 0 && functions[i].Offset >= functions[open.Peek()].End)
            {
                open.Pop();
            }

            parents[i] = open.Count > 0 ? open.Peek() : -1;
            open.Push(i);
        }

        return parents;
    }

    private static void Group<T>(Dictionary<string, List<T>> groups, string key, T item)
    {
        if (!groups.TryGetValue(key, out var list))
        {
            groups[key] = list = [];
        }

        list.Add(item);
    }
}
