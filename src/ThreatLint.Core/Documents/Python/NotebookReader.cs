using System.Globalization;
using System.Text;
using ThreatLint.Documents.Shell;

namespace ThreatLint.Documents.Python;

/// <summary>
/// Takes the code out of a Jupyter notebook (nbformat 4): the <c>source</c> of every <c>code</c> cell (a string or a
/// list of strings), every character mapped back to where the JSON writes it, so findings point into the
/// <c>.ipynb</c> file at the exact line and column of the source string (a JSON escape maps to its backslash).
/// IPython syntax is not Python: line magics (<c>%pip …</c>) are blanked, shell lines (<c>!cmd</c>,
/// <c>x = !cmd</c>, <c>%sx</c>, <c>%system</c>) and <c>%%bash</c>/<c>%%sh</c> cells become shell scripts, cells under
/// other cell magics (<c>%%writefile</c>, <c>%%html</c>…) are skipped, and <c>%%time</c>, <c>%%capture</c> and the
/// like keep their Python. Notebooks whose kernel language is not Python have no code.
/// </summary>
/// <remarks>
/// A small JSON reader of our own (the engine has no JSON document yet): strict about structure, bounded in depth,
/// values it does not need (outputs, images) are skipped without decoding.
/// </remarks>
internal static partial class NotebookReader
{
    public const int MaxDepth = 64;

    private static readonly HashSet<string> PythonCellMagics = new(StringComparer.Ordinal)
    {
        "time", "timeit", "capture", "prun", "python", "python3", "debug",
    };

    private static readonly HashSet<string> ShellCellMagics = new(StringComparer.Ordinal) { "bash", "sh", "script", "system" };

    public static NotebookCode Read(string json)
    {
        var root = new JsonReader(json).ReadDocument();
        var code = new MappedText();
        var cells = new List<(int Start, int End)>();
        var shell = new List<(ShellScript, int[])>();
        if (root.Kind != JsonKind.Object || !IsPython(json, root))
        {
            return new NotebookCode(string.Empty, [], [], []);
        }

        foreach (var cell in root.Member("cells")?.Items ?? [])
        {
            if (cell.Member("cell_type") is not { Kind: JsonKind.String } type || JsonReader.Decode(json, type).Value != "code")
            {
                continue;
            }

            var source = new MappedText();
            var sourceNode = cell.Member("source");
            List<JsonNode> parts = sourceNode is null ? [] : sourceNode.Kind == JsonKind.Array ? sourceNode.Items : [sourceNode];
            foreach (var part in parts.Where(p => p.Kind == JsonKind.String))
            {
                var (value, map) = JsonReader.Decode(json, part);
                source.Append(value, map);
            }

            var start = code.Length;
            AddCell(source, code, shell, sourceNode?.Start ?? 0);
            code.Append('\n', code.Length > 0 ? code.LastOffset : sourceNode?.Start ?? 0);
            cells.Add((start, code.Length));
        }

        return new NotebookCode(code.ToString(), code.Offsets(), cells, shell);
    }

    /// <summary>The notebook is Python unless its metadata names another language.</summary>
    private static bool IsPython(string json, JsonNode root)
    {
        var metadata = root.Member("metadata");
        var language = metadata?.Member("language_info")?.Member("name") ?? metadata?.Member("kernelspec")?.Member("language");
        return language is not { Kind: JsonKind.String }
            || JsonReader.Decode(json, language).Value.StartsWith("python", StringComparison.OrdinalIgnoreCase);
    }

    private static void AddCell(MappedText source, MappedText code, List<(ShellScript, int[])> shell, int fallback)
    {
        var text = source.ToString();
        var lines = Lines(text);
        var firstLine = 0;
        if (lines.Count > 0 && text.Substring(lines[0].Start, lines[0].Length).TrimStart() is var head && head.StartsWith("%%", StringComparison.Ordinal))
        {
            var magic = head.Substring(2).Split([' ', '\t'], 2)[0].Trim();
            if (ShellCellMagics.Contains(magic))
            {
                var body = lines.Count > 1 ? lines[1].Start : text.Length;
                AddShell(shell, source, text, body, text.Length - body);
                return;
            }

            if (!PythonCellMagics.Contains(magic))
            {
                return;
            }

            code.Append('\n', source.OffsetAt(lines[0].Start, fallback));
            firstLine = 1;
        }

        for (var l = firstLine; l < lines.Count; l++)
        {
            var (start, length) = lines[l];
            var line = text.Substring(start, length);
            var trimmed = line.TrimStart();
            var indent = line.Length - trimmed.Length;
            var shellStart = ShellStart(trimmed);
            if (shellStart >= 0 || trimmed.StartsWith("%", StringComparison.Ordinal))
            {
                // A magic ending in '\' goes on over the next lines.
                var last = l;
                while (last + 1 < lines.Count && text.Substring(lines[last].Start, lines[last].Length).TrimEnd('\r').EndsWith("\\", StringComparison.Ordinal))
                {
                    last++;
                }

                if (shellStart >= 0)
                {
                    var from = start + indent + shellStart;
                    AddShell(shell, source, text, from, lines[last].Start + lines[last].Length - from);
                }

                for (var k = l; k <= last; k++)
                {
                    code.Append('\n', source.OffsetAt(lines[k].Start, fallback));
                }

                l = last;
                continue;
            }

            code.Append(source, start, length);
            code.Append('\n', source.OffsetAt(start + Math.Max(0, length - 1), fallback));
        }
    }

    /// <summary>Where the command of a shell line starts: after <c>!</c>, <c>!!</c>, <c>%sx</c>, <c>%system</c>, <c>x = !</c>; -1 when it is not one.</summary>
    private static int ShellStart(string line)
    {
        if (line.StartsWith("!!", StringComparison.Ordinal))
        {
            return 2;
        }

        if (line.StartsWith("!", StringComparison.Ordinal))
        {
            return 1;
        }

        foreach (var magic in new[] { "%sx ", "%system " })
        {
            if (line.StartsWith(magic, StringComparison.Ordinal))
            {
                return magic.Length;
            }
        }

        // files = !ls, a, b = !cmd
        var equals = line.IndexOf('=');
        if (equals > 0 && line.Substring(0, equals).All(c => char.IsLetterOrDigit(c) || c is '_' or ',' or ' ' or '\t' or '.'))
        {
            var bang = equals + 1;
            while (bang < line.Length && line[bang] is ' ' or '\t')
            {
                bang++;
            }

            if (bang < line.Length && line[bang] == '!' && (bang + 1 >= line.Length || line[bang + 1] != '='))
            {
                return bang + 1;
            }
        }

        return -1;
    }

    private static void AddShell(List<(ShellScript, int[])> shell, MappedText source, string sourceText, int start, int length)
    {
        if (length <= 0)
        {
            return;
        }

        var text = sourceText.Substring(start, length);
        if (text.Trim().Length == 0)
        {
            return;
        }

        var map = new int[length];
        for (var i = 0; i < length; i++)
        {
            map[i] = source.OffsetAt(start + i, 0);
        }

        shell.Add((ShellScript.Parse(text), map));
    }

    /// <summary>Lines as (start, length), without their <c>\n</c>.</summary>
    private static List<(int Start, int Length)> Lines(string text)
    {
        var lines = new List<(int, int)>();
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || text[i] == '\n')
            {
                if (i < text.Length || i > start)
                {
                    lines.Add((start, i - start));
                }

                start = i + 1;
            }
        }

        return lines;
    }

    /// <summary>Text built piece by piece, each character remembering its offset in the file.</summary>
    private sealed class MappedText
    {
        private readonly StringBuilder _text = new();
        private readonly List<int> _offsets = [];

        public int Length => _text.Length;

        public int LastOffset => _offsets.Count == 0 ? 0 : _offsets[_offsets.Count - 1];

        public void Append(string value, int[] offsets)
        {
            _text.Append(value);
            _offsets.AddRange(offsets);
        }

        public void Append(char c, int offset)
        {
            _text.Append(c);
            _offsets.Add(offset);
        }

        public void Append(MappedText other, int start, int length)
        {
            for (var i = start; i < start + length; i++)
            {
                _text.Append(other._text[i]);
                _offsets.Add(other._offsets[i]);
            }
        }

        public int OffsetAt(int index, int fallback) =>
            _offsets.Count == 0 ? fallback : _offsets[Math.Max(0, Math.Min(index, _offsets.Count - 1))];

        public int[] Offsets() => [.. _offsets];

        public override string ToString() => _text.ToString();
    }
}

/// <summary>What a notebook holds for the Python model.</summary>
/// <param name="Code">The code cells, each ended by a line break.</param>
/// <param name="CodeToFile">The file offset of each character of <paramref name="Code"/>.</param>
/// <param name="Cells">Where each code cell is in <paramref name="Code"/>.</param>
/// <param name="ShellScripts">Shell lines and shell cells, each with the file offset of every character.</param>
internal sealed record NotebookCode(string Code, int[] CodeToFile, IReadOnlyList<(int Start, int End)> Cells, IReadOnlyList<(ShellScript Script, int[] ToFile)> ShellScripts);

/// <summary>The notebook's JSON: a strict, depth-bounded reader that keeps positions and decodes strings only on demand.</summary>
internal static partial class NotebookReader
{
    private enum JsonKind
    {
        Object,
        Array,
        String,
        Number,
        Literal,
    }

    /// <summary>A JSON value: where it is written, and for objects and arrays their members and items.</summary>
    private sealed class JsonNode(JsonKind kind, int start)
    {
        public JsonKind Kind { get; } = kind;

        /// <summary>Offset of the value's first character (a string's opening quote).</summary>
        public int Start { get; } = start;

        public List<(string Key, JsonNode Value)> Members { get; } = [];

        public List<JsonNode> Items { get; } = [];

        /// <summary>The last member named <paramref name="key"/> of an object, or null.</summary>
        public JsonNode? Member(string key) => Members.LastOrDefault(m => m.Key == key).Value;
    }

    /// <summary>A strict, depth-bounded JSON reader that keeps positions and decodes strings only on demand.</summary>
    private sealed class JsonReader(string text)
    {
        private int _position;

        public JsonNode ReadDocument()
        {
            var value = ReadValue(0);
            SkipWhiteSpace();
            if (_position < text.Length)
            {
                throw Error("unexpected text after the end of the JSON value");
            }

            return value;
        }

        /// <summary>The value of a string node, and the file offset of each of its characters.</summary>
        public static (string Value, int[] Offsets) Decode(string text, JsonNode node)
        {
            var sb = new StringBuilder();
            var offsets = new List<int>();
            var i = node.Start + 1;
            while (i < text.Length && text[i] != '"')
            {
                if (text[i] != '\\' || i + 1 >= text.Length)
                {
                    sb.Append(text[i]);
                    offsets.Add(i);
                    i++;
                    continue;
                }

                var escape = text[i + 1];
                char value;
                var length = 2;
                switch (escape)
                {
                    case 'n': value = '\n'; break;
                    case 't': value = '\t'; break;
                    case 'r': value = '\r'; break;
                    case 'b': value = '\b'; break;
                    case 'f': value = '\f'; break;
                    case 'u' when i + 6 <= text.Length && int.TryParse(text.Substring(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                        value = (char)code;
                        length = 6;
                        break;
                    default: value = escape; break;
                }

                sb.Append(value);
                offsets.Add(i);
                i += length;
            }

            return (sb.ToString(), [.. offsets]);
        }

        private JsonNode ReadValue(int depth)
        {
            if (depth > NotebookReader.MaxDepth)
            {
                throw new ScanLimitException($"the notebook's JSON nests deeper than {NotebookReader.MaxDepth} levels");
            }

            SkipWhiteSpace();
            if (_position >= text.Length)
            {
                throw Error("unexpected end of the file");
            }

            var c = text[_position];
            switch (c)
            {
                case '{':
                    return ReadObject(depth);
                case '[':
                    return ReadArray(depth);
                case '"':
                    var node = new JsonNode(JsonKind.String, _position);
                    SkipString();
                    return node;
                case 't':
                    return ReadLiteral("true");
                case 'f':
                    return ReadLiteral("false");
                case 'n':
                    return ReadLiteral("null");
                default:
                    if (c == '-' || (c >= '0' && c <= '9'))
                    {
                        var number = new JsonNode(JsonKind.Number, _position);
                        while (_position < text.Length && (char.IsDigit(text[_position]) || text[_position] is '-' or '+' or '.' or 'e' or 'E'))
                        {
                            _position++;
                        }

                        return number;
                    }

                    throw Error("unexpected character '" + c + "'");
            }
        }

        private JsonNode ReadObject(int depth)
        {
            var node = new JsonNode(JsonKind.Object, _position);
            _position++;
            SkipWhiteSpace();
            if (Peek() == '}')
            {
                _position++;
                return node;
            }

            while (true)
            {
                SkipWhiteSpace();
                if (Peek() != '"')
                {
                    throw Error("expected a member name");
                }

                var keyNode = new JsonNode(JsonKind.String, _position);
                SkipString();
                SkipWhiteSpace();
                Expect(':');
                var value = ReadValue(depth + 1);
                node.Members.Add((Decode(text, keyNode).Value, value));
                SkipWhiteSpace();
                if (Peek() == ',')
                {
                    _position++;
                    continue;
                }

                Expect('}');
                return node;
            }
        }

        private JsonNode ReadArray(int depth)
        {
            var node = new JsonNode(JsonKind.Array, _position);
            _position++;
            SkipWhiteSpace();
            if (Peek() == ']')
            {
                _position++;
                return node;
            }

            while (true)
            {
                node.Items.Add(ReadValue(depth + 1));
                SkipWhiteSpace();
                if (Peek() == ',')
                {
                    _position++;
                    continue;
                }

                Expect(']');
                return node;
            }
        }

        private JsonNode ReadLiteral(string literal)
        {
            if (string.CompareOrdinal(text, _position, literal, 0, literal.Length) != 0)
            {
                throw Error("unexpected character '" + text[_position] + "'");
            }

            var node = new JsonNode(JsonKind.Literal, _position);
            _position += literal.Length;
            return node;
        }

        private void SkipString()
        {
            var start = _position;
            _position++;
            while (_position < text.Length)
            {
                var c = text[_position];
                if (c == '"')
                {
                    _position++;
                    return;
                }

                _position += c == '\\' ? 2 : 1;
            }

            _position = start;
            throw Error("unterminated string");
        }

        private void SkipWhiteSpace()
        {
            while (_position < text.Length && text[_position] is ' ' or '\t' or '\r' or '\n')
            {
                _position++;
            }
        }

        private char Peek() => _position < text.Length ? text[_position] : '\0';

        private void Expect(char c)
        {
            if (Peek() != c)
            {
                throw Error("expected '" + c + "'");
            }

            _position++;
        }

        private FormatException Error(string what)
        {
            var line = 1;
            var lineStart = 0;
            for (var i = 0; i < Math.Min(_position, text.Length); i++)
            {
                if (text[i] == '\n')
                {
                    line++;
                    lineStart = i + 1;
                }
            }

            return new FormatException(FormattableString.Invariant($"invalid notebook JSON at line {line}, column {_position - lineStart + 1}: {what}"));
        }
    }
}
