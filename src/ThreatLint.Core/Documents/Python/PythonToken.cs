namespace ThreatLint.Documents.Python;

public enum PythonTokenKind
{
    /// <summary>An identifier or a keyword (<c>torch</c>, <c>def</c>, <c>True</c>).</summary>
    Name,

    Number,

    /// <summary>A string literal of any kind, prefix and quotes included; an f-string is one token.</summary>
    String,

    /// <summary>An operator or a delimiter: <c>(</c>, <c>.</c>, <c>=</c>, <c>==</c>, <c>**</c>, <c>:=</c>…</summary>
    Operator,

    /// <summary>The end of a logical line (not inside brackets, not after a <c>\</c> continuation).</summary>
    Newline,

    /// <summary>A <c>#</c> comment up to the end of its line.</summary>
    Comment,

    /// <summary>A character Python would reject here (<c>$</c>, <c>?</c>, a stray <c>\</c>).</summary>
    Error,
}

/// <summary>What the prefix and quotes of a string token say.</summary>
[Flags]
public enum PythonStringFlags
{
    None = 0,

    /// <summary><c>r"…"</c>: backslashes are kept.</summary>
    Raw = 1,

    /// <summary><c>b"…"</c>.</summary>
    Bytes = 2,

    /// <summary><c>f"…"</c>: the text holds <c>{expressions}</c> evaluated at run time.</summary>
    Formatted = 4,

    /// <summary><c>t"…"</c> (Python 3.14 template strings): like an f-string, not a plain value.</summary>
    Template = 8,

    /// <summary><c>"""…"""</c> or <c>'''…'''</c>.</summary>
    TripleQuoted = 16,

    /// <summary>The closing quote is missing (end of line for a single-quoted string, end of text otherwise).</summary>
    Unterminated = 32,
}

/// <summary>
/// One token of Python source. Positions are offsets in <see cref="PythonDocument.Text"/>; the document maps them to
/// the file (<see cref="PythonDocument.SpanOf(PythonToken)"/>).
/// </summary>
public readonly struct PythonToken : IEquatable<PythonToken>
{
    private readonly string _source;

    internal PythonToken(PythonTokenKind kind, string source, int offset, int length, int indent, PythonStringFlags flags)
    {
        Kind = kind;
        _source = source;
        Offset = offset;
        Length = length;
        Indent = indent;
        StringFlags = flags;
    }

    public PythonTokenKind Kind { get; }

    public int Offset { get; }

    public int Length { get; }

    public int End => Offset + Length;

    /// <summary>For the first token of a logical line, the white space before it on its line (its indentation); else -1.</summary>
    public int Indent { get; }

    /// <summary>For a <see cref="PythonTokenKind.String"/>, what its prefix and quotes say.</summary>
    public PythonStringFlags StringFlags { get; }

    /// <summary>The token as written.</summary>
    public string Text => _source is null ? string.Empty : _source.Substring(Offset, Length);

    public bool StartsLine => Indent >= 0;

    /// <summary>True for an f-string or a t-string: its value is only known at run time.</summary>
    public bool IsInterpolated => (StringFlags & (PythonStringFlags.Formatted | PythonStringFlags.Template)) != 0;

    /// <summary>True when this is the operator, delimiter or name <paramref name="text"/>.</summary>
    public bool Is(string text) =>
        Kind is PythonTokenKind.Operator or PythonTokenKind.Name && Length == text.Length && string.CompareOrdinal(_source, Offset, text, 0, Length) == 0;

    /// <summary>The value of a string token (escapes resolved, prefix and quotes removed); an f-string's text as written.</summary>
    public string StringValue => Kind == PythonTokenKind.String ? PythonStrings.Value(_source, Offset, Length, StringFlags) : string.Empty;

    public bool Equals(PythonToken other) => Kind == other.Kind && Offset == other.Offset && Length == other.Length && ReferenceEquals(_source, other._source);

    public override bool Equals(object? obj) => obj is PythonToken other && Equals(other);

    public override int GetHashCode() => (Offset * 397) ^ Length;

    public override string ToString() => Kind + " " + Text;

    public static bool operator ==(PythonToken left, PythonToken right) => left.Equals(right);

    public static bool operator !=(PythonToken left, PythonToken right) => !left.Equals(right);
}
