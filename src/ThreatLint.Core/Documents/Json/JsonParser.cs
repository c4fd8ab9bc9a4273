using System.Globalization;
using System.Text;

namespace ThreatLint.Documents.Json;

/// <summary>Bounds of one parse. Hitting one throws <see cref="ScanLimitException"/>.</summary>
/// <param name="MaxDepth">Deepest nesting of arrays and objects.</param>
/// <param name="MaxValues">Most values (of any kind) in one document.</param>
public sealed record JsonLimits(int MaxDepth = 128, int MaxValues = 2_000_000)
{
    public static JsonLimits Default { get; } = new();
}

/// <summary>
/// A small strict JSON reader (RFC 8259) for the JSON that model files carry: safetensors headers, Keras
/// <c>config.json</c> and HDF5 <c>model_config</c> attributes. netstandard2.0 has no System.Text.Json and the engine
/// takes no package for it. Recursion depth and value count are bounded; malformed text throws
/// <see cref="InvalidDataException"/> naming the offset. Python's <c>NaN</c>/<c>Infinity</c>/<c>-Infinity</c> are
/// accepted as numbers because <c>json.dumps</c> writes them by default.
/// </summary>
public sealed class JsonParser
{
    private readonly string _text;
    private readonly JsonLimits _limits;
    private readonly StringBuilder _buffer = new();
    private int _pos;
    private int _values;

    private JsonParser(string text, JsonLimits limits)
    {
        _text = text;
        _limits = limits;
    }

    /// <summary>Parses one JSON value that makes up the whole text (surrounding white space allowed).</summary>
    public static JsonValue Parse(string text, JsonLimits? limits = null)
    {
        var parser = new JsonParser(text, limits ?? JsonLimits.Default);
        parser.SkipWhiteSpace();
        var value = parser.ParseValue(0);
        parser.SkipWhiteSpace();
        if (parser._pos < text.Length)
        {
            throw parser.Error("unexpected text after the JSON value");
        }

        return value;
    }

    /// <summary>
    /// Parses the value that starts at <paramref name="start"/> and returns where it ends, ignoring what follows: for
    /// JSON found inside other bytes (an HDF5 attribute).
    /// </summary>
    public static JsonValue ParsePrefix(string text, int start, out int end, JsonLimits? limits = null)
    {
        var parser = new JsonParser(text, limits ?? JsonLimits.Default) { _pos = start };
        var value = parser.ParseValue(0);
        end = parser._pos;
        return value;
    }

    private JsonValue ParseValue(int depth)
    {
        if (++_values > _limits.MaxValues)
        {
            throw new ScanLimitException(FormattableString.Invariant($"JSON has more than {_limits.MaxValues} values"));
        }

        if (_pos >= _text.Length)
        {
            throw Error("unexpected end of JSON");
        }

        var start = _pos;
        switch (_text[_pos])
        {
            case '{':
                return ParseObject(depth + 1);
            case '[':
                return ParseArray(depth + 1);
            case '"':
                return JsonValue.Scalar(JsonKind.String, start, ParseString());
            case 't':
                Expect("true");
                return JsonValue.Scalar(JsonKind.True, start);
            case 'f':
                Expect("false");
                return JsonValue.Scalar(JsonKind.False, start);
            case 'n':
                Expect("null");
                return JsonValue.Scalar(JsonKind.Null, start);
            case 'N':
                Expect("NaN");
                return JsonValue.Scalar(JsonKind.Number, start, "NaN");
            case 'I':
                Expect("Infinity");
                return JsonValue.Scalar(JsonKind.Number, start, "Infinity");
            case '-' when string.CompareOrdinal(_text, _pos, "-Infinity", 0, 9) == 0:
                _pos += 9;
                return JsonValue.Scalar(JsonKind.Number, start, "-Infinity");
            case '-' or (>= '0' and <= '9'):
                return JsonValue.Scalar(JsonKind.Number, start, ParseNumber());
            default:
                throw Error("unexpected " + Describe(_text[_pos]));
        }
    }

    private JsonValue ParseObject(int depth)
    {
        CheckDepth(depth);
        var start = _pos++;
        var members = new List<JsonMember>();
        SkipWhiteSpace();
        if (Peek() == '}')
        {
            _pos++;
            return JsonValue.Object(start, members);
        }

        while (true)
        {
            SkipWhiteSpace();
            if (Peek() != '"')
            {
                throw Error("expected a member name");
            }

            var name = ParseString();
            SkipWhiteSpace();
            if (Peek() != ':')
            {
                throw Error("expected ':' after member name");
            }

            _pos++;
            SkipWhiteSpace();
            members.Add(new JsonMember(name, ParseValue(depth)));
            SkipWhiteSpace();
            switch (Peek())
            {
                case ',':
                    _pos++;
                    continue;
                case '}':
                    _pos++;
                    return JsonValue.Object(start, members);
                default:
                    throw Error("expected ',' or '}' in object");
            }
        }
    }

    private JsonValue ParseArray(int depth)
    {
        CheckDepth(depth);
        var start = _pos++;
        var items = new List<JsonValue>();
        SkipWhiteSpace();
        if (Peek() == ']')
        {
            _pos++;
            return JsonValue.Array(start, items);
        }

        while (true)
        {
            SkipWhiteSpace();
            items.Add(ParseValue(depth));
            SkipWhiteSpace();
            switch (Peek())
            {
                case ',':
                    _pos++;
                    continue;
                case ']':
                    _pos++;
                    return JsonValue.Array(start, items);
                default:
                    throw Error("expected ',' or ']' in array");
            }
        }
    }

    private string ParseString()
    {
        _pos++; // opening quote
        _buffer.Clear();
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw Error("unterminated string");
            }

            var c = _text[_pos++];
            if (c == '"')
            {
                return _buffer.ToString();
            }

            if (c < ' ')
            {
                _pos--;
                throw Error("control character in string");
            }

            if (c != '\\')
            {
                _buffer.Append(c);
                continue;
            }

            if (_pos >= _text.Length)
            {
                throw Error("unterminated escape");
            }

            var escape = _text[_pos++];
            switch (escape)
            {
                case '"' or '\\' or '/':
                    _buffer.Append(escape);
                    break;
                case 'b':
                    _buffer.Append('\b');
                    break;
                case 'f':
                    _buffer.Append('\f');
                    break;
                case 'n':
                    _buffer.Append('\n');
                    break;
                case 'r':
                    _buffer.Append('\r');
                    break;
                case 't':
                    _buffer.Append('\t');
                    break;
                case 'u' when _pos + 4 <= _text.Length
                    && int.TryParse(_text.Substring(_pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                    _buffer.Append((char)code);
                    _pos += 4;
                    break;
                default:
                    _pos--;
                    throw Error("invalid escape \\" + escape);
            }
        }
    }

    private string ParseNumber()
    {
        var start = _pos;
        if (Peek() == '-')
        {
            _pos++;
        }

        if (Peek() == '0')
        {
            _pos++;
        }
        else if (!SkipDigits())
        {
            throw Error("invalid number");
        }

        if (Peek() == '.')
        {
            _pos++;
            if (!SkipDigits())
            {
                throw Error("invalid number");
            }
        }

        if (Peek() is 'e' or 'E')
        {
            _pos++;
            if (Peek() is '+' or '-')
            {
                _pos++;
            }

            if (!SkipDigits())
            {
                throw Error("invalid number");
            }
        }

        return _text.Substring(start, _pos - start);
    }

    private bool SkipDigits()
    {
        var start = _pos;
        while (_pos < _text.Length && _text[_pos] is >= '0' and <= '9')
        {
            _pos++;
        }

        return _pos > start;
    }

    private void Expect(string literal)
    {
        if (string.CompareOrdinal(_text, _pos, literal, 0, literal.Length) != 0)
        {
            throw Error("unexpected " + Describe(_text[_pos]));
        }

        _pos += literal.Length;
    }

    private void SkipWhiteSpace()
    {
        while (_pos < _text.Length && _text[_pos] is ' ' or '\t' or '\n' or '\r')
        {
            _pos++;
        }
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private void CheckDepth(int depth)
    {
        if (depth > _limits.MaxDepth)
        {
            throw new ScanLimitException(FormattableString.Invariant($"JSON nests deeper than {_limits.MaxDepth} levels"));
        }
    }

    private static string Describe(char c) =>
        c < ' ' || c > '~' ? FormattableString.Invariant($"character U+{(int)c:X4}") : "'" + c + "'";

    private InvalidDataException Error(string what) =>
        new(FormattableString.Invariant($"invalid JSON at offset {_pos}: {what}"));
}
