using ThreatLint.Findings;

namespace ThreatLint.Documents.Python;

/// <summary>
/// A call as written: <c>AM.from_pretrained("org/model", revision=REV, **{"trust_remote_code": True})</c>. The
/// callee is the dotted name before the parenthesis; <see cref="QualifiedName"/> is that name with its first part
/// resolved through the imports (<c>transformers.AutoModel.from_pretrained</c>).
/// </summary>
public sealed class PythonCall
{
    private readonly List<PythonArgument> _arguments = [];

    internal PythonCall(PythonDocument document, string callee, string qualifiedName, int firstToken, int lastToken, int openToken, PythonCall? receiver)
    {
        Document = document;
        Callee = callee;
        QualifiedName = qualifiedName;
        FirstToken = firstToken;
        LastCalleeToken = lastToken;
        OpenToken = openToken;
        Receiver = receiver;
    }

    public PythonDocument Document { get; }

    /// <summary>The dotted callee as written, without white space (<c>np.load</c>); it starts with <c>.</c> when the
    /// call is a method of an expression that is not a name (<c>x[0].load</c> is <c>.load</c>).</summary>
    public string Callee { get; }

    /// <summary>
    /// The callee with its first name resolved through the imports in effect (<c>np.load</c> after
    /// <c>import numpy as np</c> is <c>numpy.load</c>); as written when no import binds it. A method of a call's
    /// result is named after that call: <c>requests.get(url).json()</c> is <c>requests.get().json</c>.
    /// </summary>
    public string QualifiedName { get; }

    /// <summary>The last part of the callee (<c>from_pretrained</c>).</summary>
    public string Name => Callee.Substring(Callee.LastIndexOf('.') + 1);

    /// <summary>For <c>a(…).b(…)</c>, the call <c>a(…)</c> whose result <c>b</c> belongs to; else null.</summary>
    public PythonCall? Receiver { get; }

    public IReadOnlyList<PythonArgument> Arguments => _arguments;

    /// <summary>The positional arguments (not <c>*args</c>), in order.</summary>
    public IEnumerable<PythonArgument> Positional => _arguments.Where(a => a.Kind == PythonArgumentKind.Positional);

    /// <summary>
    /// True when a <c>**kwargs</c> argument is not a dict literal: any keyword may be hidden in it.
    /// </summary>
    public bool HasOpaqueKeywords => _arguments.Any(a => a.Kind == PythonArgumentKind.DoubleStar && !a.IsExpanded);

    /// <summary>True when a <c>*args</c> argument may supply positional arguments.</summary>
    public bool HasStarArguments => _arguments.Any(a => a.Kind == PythonArgumentKind.Star);

    /// <summary>Index of the first token of the callee in <see cref="PythonDocument.Tokens"/>.</summary>
    public int FirstToken { get; }

    /// <summary>Index of the last token of the callee.</summary>
    public int LastCalleeToken { get; }

    /// <summary>Index of the <c>(</c>.</summary>
    public int OpenToken { get; }

    /// <summary>Index of the matching <c>)</c>, or -1 when the call is not closed.</summary>
    public int CloseToken { get; internal set; } = -1;

    /// <summary>Offset of the callee in <see cref="PythonDocument.Text"/>.</summary>
    public int Offset => Document.Tokens[FirstToken].Offset;

    /// <summary>Offset just after the call (its <c>)</c>), or the end of the callee when it is not closed.</summary>
    public int End => CloseToken >= 0 ? Document.Tokens[CloseToken].End : Document.Tokens[OpenToken].End;

    /// <summary>Where the callee is written.</summary>
    public SourceSpan Span => Document.SpanOf(Offset, Document.Tokens[LastCalleeToken].End - Offset);

    /// <summary>The <paramref name="index"/>th positional argument, or null.</summary>
    public PythonArgument? PositionalAt(int index) => Positional.Skip(index).FirstOrDefault();

    /// <summary>
    /// The keyword argument <paramref name="name"/>, also when it comes from <c>**{"name": …}</c> or
    /// <c>**dict(name=…)</c>; the last one wins, as in Python. Null when absent.
    /// </summary>
    public PythonArgument? Keyword(string name) => _arguments.LastOrDefault(a => a.Keyword == name);

    /// <summary>The argument given by keyword <paramref name="name"/>, else the positional one at <paramref name="index"/>.</summary>
    public PythonArgument? Argument(string name, int index) => Keyword(name) ?? (index >= 0 ? PositionalAt(index) : null);

    internal void Add(PythonArgument argument) => _arguments.Add(argument);

    public override string ToString() => Callee + "(" + string.Join(", ", _arguments.Where(a => a.FromUnpacking is null)) + ")";
}

public enum PythonArgumentKind
{
    Positional,

    /// <summary><c>name=value</c>, or an entry of a literal <c>**{…}</c> / <c>**dict(…)</c>.</summary>
    Keyword,

    /// <summary><c>*args</c>.</summary>
    Star,

    /// <summary><c>**kwargs</c>.</summary>
    DoubleStar,
}

/// <summary>One argument of a call.</summary>
public sealed class PythonArgument
{
    internal PythonArgument(PythonArgumentKind kind, string? keyword, int keywordToken, PythonExpression value, PythonArgument? fromUnpacking)
    {
        Kind = kind;
        Keyword = keyword;
        KeywordToken = keywordToken;
        Value = value;
        FromUnpacking = fromUnpacking;
    }

    public PythonArgumentKind Kind { get; }

    /// <summary>The keyword (<c>revision</c>) of a keyword argument, else null.</summary>
    public string? Keyword { get; }

    /// <summary>Index of the token that names the keyword (the string key of a <c>**{…}</c> entry), or -1.</summary>
    public int KeywordToken { get; }

    /// <summary>The value (for <c>*x</c> and <c>**x</c>, <c>x</c>).</summary>
    public PythonExpression Value { get; }

    /// <summary>For a keyword taken from a literal <c>**{…}</c> or <c>**dict(…)</c>, that <c>**</c> argument.</summary>
    public PythonArgument? FromUnpacking { get; }

    /// <summary>For a <c>**</c> argument, true when its entries were read as keywords (a literal dict).</summary>
    public bool IsExpanded { get; internal set; }

    /// <summary>Where the argument is written: from its keyword (or <c>*</c>) to the end of its value.</summary>
    public SourceSpan Span
    {
        get
        {
            var document = Value.Document;
            var start = KeywordToken >= 0 ? document.Tokens[KeywordToken].Offset : Value.Offset;
            if (Kind is PythonArgumentKind.Star or PythonArgumentKind.DoubleStar)
            {
                start = document.Tokens[Value.FirstToken - 1].Offset;
            }

            return document.SpanOf(start, Value.Offset + Value.Length - start);
        }
    }

    /// <summary>Where the keyword is written, or the value's span for a positional argument.</summary>
    public SourceSpan KeywordSpan => KeywordToken >= 0 ? Value.Document.SpanOf(Value.Document.Tokens[KeywordToken]) : Value.Span;

    /// <summary>The literal value, or null when the value is not a single literal.</summary>
    public PythonLiteral? Literal => Value.Literal;

    public override string ToString() => Kind switch
    {
        PythonArgumentKind.Keyword => Keyword + "=" + Value.Text,
        PythonArgumentKind.Star => "*" + Value.Text,
        PythonArgumentKind.DoubleStar => "**" + Value.Text,
        _ => Value.Text,
    };
}

public enum PythonLiteralKind
{
    String,
    Number,
    True,
    False,
    None,
}

/// <summary>A literal: a string (adjacent plain strings joined, as Python does), a number, True, False or None.</summary>
/// <param name="Kind">Which kind.</param>
/// <param name="Value">A string's value, a number as written, or the keyword.</param>
public sealed record PythonLiteral(PythonLiteralKind Kind, string Value)
{
    public bool IsTrue => Kind == PythonLiteralKind.True;

    public bool IsFalse => Kind == PythonLiteralKind.False;

    public bool IsNone => Kind == PythonLiteralKind.None;

    public bool IsString => Kind == PythonLiteralKind.String;
}

/// <summary>A run of tokens that is an argument, a dict key or a dict value.</summary>
public sealed class PythonExpression
{
    private PythonLiteral? _literal;
    private bool _literalDone;

    internal PythonExpression(PythonDocument document, int firstToken, int tokenCount)
    {
        Document = document;
        FirstToken = firstToken;
        TokenCount = tokenCount;
    }

    public PythonDocument Document { get; }

    /// <summary>Index of the first token in <see cref="PythonDocument.Tokens"/>.</summary>
    public int FirstToken { get; }

    public int TokenCount { get; }

    public IEnumerable<PythonToken> Tokens
    {
        get
        {
            for (var i = 0; i < TokenCount; i++)
            {
                yield return Document.Tokens[FirstToken + i];
            }
        }
    }

    /// <summary>Offset in <see cref="PythonDocument.Text"/>.</summary>
    public int Offset => TokenCount == 0 ? Document.Tokens[Math.Max(0, FirstToken - 1)].End : Document.Tokens[FirstToken].Offset;

    public int Length => TokenCount == 0 ? 0 : Document.Tokens[FirstToken + TokenCount - 1].End - Offset;

    /// <summary>The expression as written (comments and line breaks inside it included).</summary>
    public string Text => Document.Text.Substring(Offset, Length);

    public SourceSpan Span => Document.SpanOf(Offset, Length);

    /// <summary>The literal, when the expression is one (<c>"a" "b"</c>, <c>-1</c>, <c>True</c>); else null.</summary>
    public PythonLiteral? Literal
    {
        get
        {
            if (!_literalDone)
            {
                _literal = ReadLiteral();
                _literalDone = true;
            }

            return _literal;
        }
    }

    /// <summary>True for a single f-string (or t-string), whose value is only known at run time.</summary>
    public bool IsInterpolatedString => TokenCount > 0 && Tokens.All(t => t.Kind == PythonTokenKind.String) && Tokens.Any(t => t.IsInterpolated);

    /// <summary>The dotted name the expression is (<c>MODEL_ID</c>, <c>args.model</c>), or null.</summary>
    public string? DottedName
    {
        get
        {
            if (TokenCount == 0 || TokenCount % 2 == 0)
            {
                return null;
            }

            for (var i = 0; i < TokenCount; i++)
            {
                var token = Document.Tokens[FirstToken + i];
                var ok = i % 2 == 0 ? token.Kind == PythonTokenKind.Name && !PythonSyntax.IsKeyword(token.Text) : token.Is(".");
                if (!ok)
                {
                    return null;
                }
            }

            return string.Concat(Tokens.Select(t => t.Text));
        }
    }

    /// <summary>The literal dict this expression is (<c>{"revision": SHA}</c>), or null.</summary>
    public PythonDict? Dict => TokenCount >= 2 && Document.Tokens[FirstToken].Is("{") ? Document.DictAt(FirstToken) is { } dict && dict.CloseToken == FirstToken + TokenCount - 1 ? dict : null : null;

    /// <summary>The call this expression is (<c>dict(a=1)</c>, <c>os.getenv("X")</c>), or null.</summary>
    public PythonCall? Call
    {
        get
        {
            if (TokenCount < 3 || !Document.Tokens[FirstToken + TokenCount - 1].Is(")"))
            {
                return null;
            }

            return Document.CallClosedAt(FirstToken + TokenCount - 1) is { } call && call.FirstToken == FirstToken ? call : null;
        }
    }

    private PythonLiteral? ReadLiteral()
    {
        if (TokenCount == 0)
        {
            return null;
        }

        var first = Document.Tokens[FirstToken];
        if (first.Kind == PythonTokenKind.String)
        {
            // Stops at the first token that is not a plain string: an argument that only starts with one costs little.
            var value = new System.Text.StringBuilder();
            foreach (var token in Tokens)
            {
                if (token.Kind != PythonTokenKind.String || token.IsInterpolated)
                {
                    return null;
                }

                value.Append(token.StringValue);
            }

            return new PythonLiteral(PythonLiteralKind.String, value.ToString());
        }

        if (TokenCount == 1)
        {
            return first.Kind switch
            {
                PythonTokenKind.Number => new PythonLiteral(PythonLiteralKind.Number, first.Text),
                PythonTokenKind.Name when first.Text == "True" => new PythonLiteral(PythonLiteralKind.True, "True"),
                PythonTokenKind.Name when first.Text == "False" => new PythonLiteral(PythonLiteralKind.False, "False"),
                PythonTokenKind.Name when first.Text == "None" => new PythonLiteral(PythonLiteralKind.None, "None"),
                _ => null,
            };
        }

        return TokenCount == 2 && first.Is("-") && Document.Tokens[FirstToken + 1].Kind == PythonTokenKind.Number
            ? new PythonLiteral(PythonLiteralKind.Number, "-" + Document.Tokens[FirstToken + 1].Text)
            : null;
    }

    public override string ToString() => Text;
}

/// <summary>A dict display <c>{key: value, …}</c> (a set or a comprehension has entries without keys).</summary>
public sealed class PythonDict
{
    private readonly List<PythonDictEntry> _entries = [];

    internal PythonDict(int openToken) => OpenToken = openToken;

    public int OpenToken { get; }

    public int CloseToken { get; internal set; } = -1;

    public IReadOnlyList<PythonDictEntry> Entries => _entries;

    /// <summary>The value of the entry whose key is the string <paramref name="key"/>, or null.</summary>
    public PythonExpression? ValueOf(string key) =>
        _entries.LastOrDefault(e => e.Key?.Literal is { IsString: true } literal && literal.Value == key)?.Value;

    internal void Add(PythonDictEntry entry) => _entries.Add(entry);
}

/// <summary>An entry of a dict display; <see cref="Key"/> is null for <c>**other</c> and set items.</summary>
public sealed record PythonDictEntry(PythonExpression? Key, PythonExpression Value);
