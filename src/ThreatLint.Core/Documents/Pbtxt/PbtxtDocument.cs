using System.Text;
using ThreatLint.Findings;

namespace ThreatLint.Documents.Pbtxt;

/// <summary>What a scalar token was written as.</summary>
public enum PbtxtScalarKind
{
    /// <summary>A quoted string (adjacent strings are joined, as protobuf does).</summary>
    String,

    /// <summary>A number (<c>8</c>, <c>-1</c>, <c>0.5</c>, <c>1e-3</c>, <c>0x10</c>).</summary>
    Number,

    /// <summary>A bare word: an enum value (<c>TYPE_FP32</c>, <c>KIND_GPU</c>) or <c>true</c>/<c>false</c>.</summary>
    Identifier,
}

/// <summary>A field value: a scalar or a nested message.</summary>
public abstract class PbtxtValue
{
    private protected PbtxtValue(SourceSpan span)
    {
        Span = span;
    }

    /// <summary>The whole value as written (quotes and braces included).</summary>
    public SourceSpan Span { get; }
}

/// <summary>A scalar value. <see cref="Text"/> is decoded (escapes resolved, adjacent strings joined).</summary>
public sealed class PbtxtScalar : PbtxtValue
{
    private readonly bool _verbatim;

    internal PbtxtScalar(string text, PbtxtScalarKind kind, SourceSpan span, bool verbatim)
        : base(span)
    {
        Text = text;
        Kind = kind;
        _verbatim = verbatim;
    }

    public string Text { get; }

    public PbtxtScalarKind Kind { get; }

    /// <summary>
    /// The span of <paramref name="length"/> decoded characters from <paramref name="offset"/>; the whole value when the
    /// written form is not the decoded text between one pair of quotes (escapes, joined strings).
    /// </summary>
    public SourceSpan SpanOf(int offset, int length) =>
        _verbatim && Kind == PbtxtScalarKind.String && Span.Line == Span.EndLine
            ? SourceSpan.At(Span.Line, Span.Column + 1 + offset, length)
            : Span;
}

/// <summary>A message: its fields in file order. A list (<c>name: [a, b]</c>) is read as the field repeated, as protobuf does.</summary>
public sealed class PbtxtMessage : PbtxtValue
{
    internal PbtxtMessage(IReadOnlyList<PbtxtField> fields, SourceSpan span)
        : base(span)
    {
        Fields = fields;
    }

    public IReadOnlyList<PbtxtField> Fields { get; }

    /// <summary>Every value of the field <paramref name="name"/> (a repeated field has several).</summary>
    public IEnumerable<PbtxtValue> All(string name) => Fields.Where(f => f.Name == name).Select(f => f.Value);

    /// <summary>The scalar value of the field <paramref name="name"/> (the last one, as protobuf merges), or null.</summary>
    public PbtxtScalar? Scalar(string name) => All(name).OfType<PbtxtScalar>().LastOrDefault();

    /// <summary>The messages in the field <paramref name="name"/>.</summary>
    public IEnumerable<PbtxtMessage> Messages(string name) => All(name).OfType<PbtxtMessage>();
}

/// <summary>One <c>name: value</c> (or <c>name { … }</c>) with the position of its name.</summary>
public sealed record PbtxtField(string Name, SourceSpan NameSpan, PbtxtValue Value);

/// <summary>
/// A protobuf text-format document (Triton's <c>config.pbtxt</c>): fields, nested messages in <c>{}</c> or <c>&lt;&gt;</c>,
/// lists in <c>[]</c>, quoted strings with C escapes, numbers and bare words, <c>#</c> comments, optional <c>,</c>/<c>;</c>
/// separators. No schema is known: values stay as written. Bounded: nesting deeper than <see cref="MaxDepth"/> or more
/// than <see cref="MaxFields"/> fields throws <see cref="ScanLimitException"/>; malformed text throws
/// <see cref="PbtxtParseException"/> with its position.
/// </summary>
public sealed class PbtxtDocument
{
    public const int MaxDepth = 64;

    public const int MaxFields = 1_000_000;

    private readonly string _text;
    private int _pos;
    private int _line = 1;
    private int _lineStart;
    private int _fields;

    private PbtxtDocument(string text)
    {
        _text = text;
        Root = null!;
    }

    /// <summary>The top-level message.</summary>
    public PbtxtMessage Root { get; private set; }

    /// <summary>Every message in the document, the root first, depth first.</summary>
    public IEnumerable<PbtxtMessage> Messages()
    {
        var stack = new Stack<PbtxtMessage>();
        stack.Push(Root);
        while (stack.Count > 0)
        {
            var message = stack.Pop();
            yield return message;
            for (var i = message.Fields.Count - 1; i >= 0; i--)
            {
                if (message.Fields[i].Value is PbtxtMessage child)
                {
                    stack.Push(child);
                }
            }
        }
    }

    public static PbtxtDocument Parse(string text)
    {
        var document = new PbtxtDocument(text);
        document.Root = document.ParseMessage(closer: null, depth: 0, SourceSpan.FileStart);
        return document;
    }

    private PbtxtMessage ParseMessage(char? closer, int depth, SourceSpan open)
    {
        if (depth > MaxDepth)
        {
            throw new ScanLimitException(FormattableString.Invariant($"protobuf text nests deeper than {MaxDepth} levels"));
        }

        var fields = new List<PbtxtField>();
        while (true)
        {
            SkipTrivia();
            if (_pos >= _text.Length)
            {
                if (closer is not null)
                {
                    throw Error(FormattableString.Invariant($"'{closer}' expected to close the message opened at line {open.Line}"));
                }

                return new PbtxtMessage(fields, new SourceSpan(1, 1, _line, _pos - _lineStart + 1));
            }

            var c = _text[_pos];
            if (closer is not null && c == closer)
            {
                var end = Here(1);
                _pos++;
                return new PbtxtMessage(fields, new SourceSpan(open.Line, open.Column, end.EndLine, end.EndColumn));
            }

            ParseField(fields, depth);
            SkipTrivia();
            if (_pos < _text.Length && _text[_pos] is ',' or ';')
            {
                _pos++;
            }
        }
    }

    private void ParseField(List<PbtxtField> fields, int depth)
    {
        var nameStart = Here(0);
        string name;
        if (_text[_pos] == '[')
        {
            // An extension or Any type URL: [foo.bar] or [type.googleapis.com/x.Y].
            var close = _text.IndexOf(']', _pos);
            var newline = _text.IndexOfAny(['\r', '\n'], _pos);
            if (close < 0 || (newline >= 0 && newline < close))
            {
                throw Error("']' expected after an extension name");
            }

            name = _text.Substring(_pos, close + 1 - _pos);
            _pos = close + 1;
        }
        else if (IsIdentifierStart(_text[_pos]))
        {
            name = ReadWord();
        }
        else
        {
            throw Error("field name expected, found '" + _text[_pos] + "'");
        }

        var nameSpan = SourceSpan.At(nameStart.Line, nameStart.Column, name.Length);
        SkipTrivia();
        var colon = false;
        if (_pos < _text.Length && _text[_pos] == ':')
        {
            colon = true;
            _pos++;
            SkipTrivia();
        }

        if (_pos >= _text.Length)
        {
            throw Error("value expected for field '" + name + "'");
        }

        if (_text[_pos] == '[')
        {
            var open = Here(1);
            _pos++;
            SkipTrivia();
            if (_pos < _text.Length && _text[_pos] == ']')
            {
                _pos++;
                return;
            }

            while (true)
            {
                Add(fields, new PbtxtField(name, nameSpan, ParseValue(name, depth, allowScalar: true)));
                SkipTrivia();
                if (_pos >= _text.Length)
                {
                    throw Error(FormattableString.Invariant($"']' expected to close the list opened at line {open.Line}"));
                }

                if (_text[_pos] == ',')
                {
                    _pos++;
                    continue;
                }

                if (_text[_pos] == ']')
                {
                    _pos++;
                    return;
                }

                throw Error("',' or ']' expected in the list of '" + name + "'");
            }
        }

        Add(fields, new PbtxtField(name, nameSpan, ParseValue(name, depth, allowScalar: colon)));
    }

    private PbtxtValue ParseValue(string name, int depth, bool allowScalar)
    {
        SkipTrivia();
        if (_pos >= _text.Length)
        {
            throw Error("value expected for field '" + name + "'");
        }

        var c = _text[_pos];
        if (c is '{' or '<')
        {
            var open = Here(1);
            _pos++;
            return ParseMessage(c == '{' ? '}' : '>', depth + 1, open);
        }

        if (!allowScalar)
        {
            throw Error("':' or '{' expected after field name '" + name + "'");
        }

        var start = Here(0);
        if (c is '"' or '\'')
        {
            var text = new StringBuilder();
            var pieces = 0;
            var verbatim = true;
            var end = start;
            while (_pos < _text.Length && _text[_pos] is '"' or '\'')
            {
                pieces++;
                verbatim &= ReadString(text);
                end = Here(0);
                SkipTrivia();
            }

            // Trivia after the last piece was skipped; the span ends at that piece's closing quote.
            return new PbtxtScalar(text.ToString(), PbtxtScalarKind.String, new SourceSpan(start.Line, start.Column, end.Line, end.Column), verbatim && pieces == 1);
        }

        if (c == '-' || c == '+' || c == '.' || char.IsDigit(c) || IsIdentifierStart(c))
        {
            var from = _pos;
            if (c is '-' or '+')
            {
                _pos++;
                SkipTrivia(); // protobuf allows "- 1"
            }

            // An exponent's sign belongs to a number (1e-3), not to a word that happens to end in 'e'.
            var digits = _pos;
            var numeric = _pos < _text.Length && (char.IsDigit(_text[_pos]) || _text[_pos] == '.');
            while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '.'
                || (numeric && _text[_pos] is '+' or '-' && _pos > digits && _text[_pos - 1] is 'e' or 'E')))
            {
                _pos++;
            }

            // "- 1" reads as "-1".
            var word = c is '-' or '+' ? c + _text.Substring(digits, _pos - digits) : _text.Substring(from, _pos - from);
            if (word is "-" or "+")
            {
                throw Error("number expected after '" + word + "'");
            }

            var kind = IsIdentifierStart(c) ? PbtxtScalarKind.Identifier : PbtxtScalarKind.Number;
            return new PbtxtScalar(word, kind, new SourceSpan(start.Line, start.Column, _line, _pos - _lineStart + 1), verbatim: true);
        }

        throw Error("value expected for field '" + name + "', found '" + c + "'");
    }

    /// <summary>Reads one quoted string into <paramref name="into"/>; false when it held escapes.</summary>
    private bool ReadString(StringBuilder into)
    {
        var quote = _text[_pos];
        _pos++;
        var verbatim = true;
        while (true)
        {
            if (_pos >= _text.Length || _text[_pos] is '\r' or '\n')
            {
                throw Error("unterminated string");
            }

            var c = _text[_pos];
            if (c == quote)
            {
                _pos++;
                return verbatim;
            }

            if (c != '\\')
            {
                into.Append(c);
                _pos++;
                continue;
            }

            verbatim = false;
            if (_pos + 1 >= _text.Length)
            {
                throw Error("unterminated string");
            }

            var e = _text[_pos + 1];
            _pos += 2;
            switch (e)
            {
                case 'n': into.Append('\n'); break;
                case 't': into.Append('\t'); break;
                case 'r': into.Append('\r'); break;
                case 'a': into.Append('\a'); break;
                case 'b': into.Append('\b'); break;
                case 'f': into.Append('\f'); break;
                case 'v': into.Append('\v'); break;
                case '\\' or '\'' or '"' or '?': into.Append(e); break;
                case 'x' or 'X':
                    into.Append((char)ReadDigits(16, 2, "\\x"));
                    break;
                case 'u':
                    into.Append((char)ReadDigits(16, 4, "\\u", exact: true));
                    break;
                case >= '0' and <= '7':
                    _pos--;
                    into.Append((char)ReadDigits(8, 3, "\\"));
                    break;
                default:
                    _pos -= 2;
                    throw Error("unknown escape '\\" + e + "'");
            }
        }
    }

    private int ReadDigits(int radix, int max, string escape, bool exact = false)
    {
        var value = 0;
        var count = 0;
        while (count < max && _pos < _text.Length && DigitOf(_text[_pos], radix) is var d && d >= 0)
        {
            value = (value * radix) + d;
            _pos++;
            count++;
        }

        if (count == 0 || (exact && count != max))
        {
            throw Error("malformed '" + escape + "' escape");
        }

        return value;
    }

    private static int DigitOf(char c, int radix)
    {
        var d = c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'a' and <= 'f' => c - 'a' + 10,
            >= 'A' and <= 'F' => c - 'A' + 10,
            _ => -1,
        };
        return d < radix ? d : -1;
    }

    private void Add(List<PbtxtField> fields, PbtxtField field)
    {
        if (++_fields > MaxFields)
        {
            throw new ScanLimitException(FormattableString.Invariant($"protobuf text has more than {MaxFields} fields"));
        }

        fields.Add(field);
    }

    private string ReadWord()
    {
        var from = _pos;
        while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
        {
            _pos++;
        }

        return _text.Substring(from, _pos - from);
    }

    private static bool IsIdentifierStart(char c) => c == '_' || (c < 128 && char.IsLetter(c));

    /// <summary>Skips white space and <c>#</c> comments, counting lines.</summary>
    private void SkipTrivia()
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c == '\n')
            {
                _pos++;
                _line++;
                _lineStart = _pos;
            }
            else if (c is ' ' or '\t' or '\r' or '\f' or '\v' or '\uFEFF')
            {
                _pos++;
            }
            else if (c == '#')
            {
                while (_pos < _text.Length && _text[_pos] != '\n')
                {
                    _pos++;
                }
            }
            else
            {
                return;
            }
        }
    }

    private SourceSpan Here(int length) => SourceSpan.At(_line, _pos - _lineStart + 1, length);

    private PbtxtParseException Error(string message)
    {
        var span = Here(1);
        return new PbtxtParseException(
            message + FormattableString.Invariant($" (line {span.Line}, column {span.Column})"), span);
    }
}

/// <summary>Malformed protobuf text, with where it went wrong.</summary>
public sealed class PbtxtParseException : FormatException
{
    public PbtxtParseException(string message, SourceSpan span)
        : base(message)
    {
        Span = span;
    }

    public PbtxtParseException()
    {
    }

    public PbtxtParseException(string message)
        : base(message)
    {
    }

    public PbtxtParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SourceSpan Span { get; } = SourceSpan.FileStart;
}
