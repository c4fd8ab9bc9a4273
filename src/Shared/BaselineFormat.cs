using System.Globalization;
using System.Text;

namespace ThreatLint.Findings;

/// <summary>One accepted finding in a baseline file (a class, not a record: the analyzer has no IsExternalInit).</summary>
/// <param name="ruleId">The rule, for humans and for matching.</param>
/// <param name="path">The file, relative to the scan root, with '/' separators.</param>
/// <param name="fingerprint">The finding's fingerprint (line-independent).</param>
/// <param name="justification">Why it is accepted; may be empty.</param>
/// <param name="line">Where the entry starts in the baseline file (1-based), for TL9004 on stale entries.</param>
/// <param name="message">The finding's message, informative only.</param>
internal sealed class BaselineEntry(string ruleId, string path, string fingerprint, string justification, int line, string message = "")
{
    /// <summary>The finding's message when the entry was written, for people reading the file.</summary>
    public string Message { get; } = message;

    public string RuleId { get; } = ruleId;

    public string Path { get; } = path;

    public string Fingerprint { get; } = fingerprint;

    public string Justification { get; } = justification;

    public int Line { get; } = line;
}

/// <summary>
/// Reads <c>threatlint.baseline.json</c>. Shared as source by the engine and the analyzer's baseline suppressor, which
/// may ship no JSON library: a small strict JSON reader that keeps the line of every entry. Unknown members are
/// ignored (later versions may add some); a malformed file yields an error with its line, never an exception.
/// </summary>
internal static class BaselineFormat
{
    public const int Version = 1;

    /// <summary>Files larger than this are refused (a baseline of 100 000 findings is about 25 MB).</summary>
    public const int MaxChars = 64 * 1024 * 1024;

    /// <summary>Parses a baseline. On failure returns no entries and sets <paramref name="error"/> (with <paramref name="errorLine"/>).</summary>
    public static IReadOnlyList<BaselineEntry> Parse(string text, out string? error, out int errorLine)
    {
        error = null;
        errorLine = 0;
        if (text.Length > MaxChars)
        {
            error = "the baseline is larger than " + MaxChars.ToString(CultureInfo.InvariantCulture) + " characters";
            errorLine = 1;
            return [];
        }

        var reader = new Reader(text);
        try
        {
            var root = reader.ReadDocument();
            if (root.Value is not Dictionary<string, Node> members)
            {
                throw new FormatException("a baseline is a JSON object with \"version\" and \"entries\"", root.Line);
            }

            if (!members.TryGetValue("version", out var version) || version.Value is not double v || (int)v != Version)
            {
                throw new FormatException("unsupported baseline version; expected \"version\": " + Version.ToString(CultureInfo.InvariantCulture) + " (write it again with 'threatlint baseline')", version?.Line ?? root.Line);
            }

            if (!members.TryGetValue("entries", out var entries) || entries.Value is not List<Node> items)
            {
                throw new FormatException("missing \"entries\" array", root.Line);
            }

            var result = new List<BaselineEntry>(items.Count);
            foreach (var item in items)
            {
                if (item.Value is not Dictionary<string, Node> entry)
                {
                    throw new FormatException("each entry is an object with \"ruleId\", \"path\" and \"fingerprint\"", item.Line);
                }

                result.Add(new BaselineEntry(
                    Required(entry, "ruleId", item.Line),
                    Required(entry, "path", item.Line),
                    Required(entry, "fingerprint", item.Line),
                    entry.TryGetValue("justification", out var j) && j.Value is string justification ? justification : string.Empty,
                    item.Line,
                    entry.TryGetValue("message", out var m) && m.Value is string message ? message : string.Empty));
            }

            return result;
        }
        catch (FormatException e)
        {
            error = e.Message;
            errorLine = e.Line;
            return [];
        }
    }

    private static string Required(Dictionary<string, Node> entry, string name, int line) =>
        entry.TryGetValue(name, out var node) && node.Value is string { Length: > 0 } value
            ? value
            : throw new FormatException("entry has no \"" + name + "\" string", line);

    private sealed class FormatException(string message, int line) : Exception(message)
    {
        public int Line { get; } = line;
    }

    private sealed class Node(object? value, int line)
    {
        public object? Value { get; } = value;

        public int Line { get; } = line;
    }

    private sealed class Reader(string text)
    {
        private const int MaxDepth = 16;
        private int _pos;
        private int _line = 1;

        public Node ReadDocument()
        {
            var value = ReadValue(0);
            SkipSpace();
            return _pos == text.Length ? value : throw Error("unexpected text after the JSON value");
        }

        private Node ReadValue(int depth)
        {
            if (depth > MaxDepth)
            {
                throw Error("nested too deeply");
            }

            SkipSpace();
            if (_pos >= text.Length)
            {
                throw Error("unexpected end of file");
            }

            var line = _line;
            switch (text[_pos])
            {
                case '{':
                    return new Node(ReadObject(depth), line);
                case '[':
                    return new Node(ReadArray(depth), line);
                case '"':
                    return new Node(ReadString(), line);
                case 't':
                    Expect("true");
                    return new Node(true, line);
                case 'f':
                    Expect("false");
                    return new Node(false, line);
                case 'n':
                    Expect("null");
                    return new Node(null, line);
                default:
                    return new Node(ReadNumber(), line);
            }
        }

        private Dictionary<string, Node> ReadObject(int depth)
        {
            var members = new Dictionary<string, Node>(StringComparer.Ordinal);
            _pos++;
            SkipSpace();
            if (Peek() == '}')
            {
                _pos++;
                return members;
            }

            while (true)
            {
                SkipSpace();
                if (Peek() != '"')
                {
                    throw Error("expected a member name in double quotes");
                }

                var name = ReadString();
                SkipSpace();
                if (Peek() != ':')
                {
                    throw Error("expected ':' after \"" + name + "\"");
                }

                _pos++;
                members[name] = ReadValue(depth + 1);
                SkipSpace();
                var c = Peek();
                _pos++;
                if (c == '}')
                {
                    return members;
                }

                if (c != ',')
                {
                    _pos--;
                    throw Error("expected ',' or '}'");
                }
            }
        }

        private List<Node> ReadArray(int depth)
        {
            var items = new List<Node>();
            _pos++;
            SkipSpace();
            if (Peek() == ']')
            {
                _pos++;
                return items;
            }

            while (true)
            {
                items.Add(ReadValue(depth + 1));
                SkipSpace();
                var c = Peek();
                _pos++;
                if (c == ']')
                {
                    return items;
                }

                if (c != ',')
                {
                    _pos--;
                    throw Error("expected ',' or ']'");
                }
            }
        }

        private string ReadString()
        {
            var sb = new StringBuilder();
            _pos++;
            while (_pos < text.Length)
            {
                var c = text[_pos++];
                if (c == '"')
                {
                    return sb.ToString();
                }

                if (c == '\n' || c < 0x20)
                {
                    throw Error("unterminated string");
                }

                if (c != '\\')
                {
                    sb.Append(c);
                    continue;
                }

                if (_pos >= text.Length)
                {
                    break;
                }

                var e = text[_pos++];
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u' when _pos + 4 <= text.Length
                        && int.TryParse(text.Substring(_pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code):
                        sb.Append((char)code);
                        _pos += 4;
                        break;
                    default:
                        throw Error("invalid escape in string");
                }
            }

            throw Error("unterminated string");
        }

        private double ReadNumber()
        {
            var start = _pos;
            while (_pos < text.Length && (char.IsDigit(text[_pos]) || text[_pos] is '-' or '+' or '.' or 'e' or 'E'))
            {
                _pos++;
            }

            return _pos > start && double.TryParse(text.Substring(start, _pos - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw Error("expected a JSON value");
        }

        private void Expect(string word)
        {
            if (string.CompareOrdinal(text, _pos, word, 0, word.Length) != 0)
            {
                throw Error("expected a JSON value");
            }

            _pos += word.Length;
        }

        private char Peek() => _pos < text.Length ? text[_pos] : '\0';

        private void SkipSpace()
        {
            while (_pos < text.Length && text[_pos] is ' ' or '\t' or '\r' or '\n' or '\uFEFF')
            {
                if (text[_pos] == '\n')
                {
                    _line++;
                }

                _pos++;
            }
        }

        private FormatException Error(string message) => new(message, _line);
    }
}
