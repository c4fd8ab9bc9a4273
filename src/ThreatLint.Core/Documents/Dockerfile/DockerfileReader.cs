using System.Text;

namespace ThreatLint.Documents.Dockerfile;

/// <summary>
/// The lexical half of the parser, following BuildKit: parser directives at the top, comment and blank lines,
/// line continuations with the escape character (comment and blank lines inside a continued instruction are
/// skipped), and heredoc bodies after RUN, COPY and ADD. One pass over the lines; never throws.
/// </summary>
internal sealed class DockerfileReader
{
    private static readonly HashSet<string> KnownDirectives = new(StringComparer.Ordinal) { "syntax", "escape", "check" };
    private static readonly HashSet<string> HeredocKeywords = new(StringComparer.Ordinal) { "RUN", "COPY", "ADD" };

    private readonly string[] _lines;
    private readonly StringBuilder _text = new();
    private readonly DiagnosticList _diagnostics;
    private int _next;

    public DockerfileReader(string text, DiagnosticList diagnostics)
    {
        _lines = SplitLines(text);
        _diagnostics = diagnostics;
        ReadDirectives();
    }

    public char Escape { get; private set; } = '\\';

    public List<ParserDirective> Directives { get; } = [];

    public List<DockerfileComment> Comments { get; } = [];

    public int LineCount => _lines.Length;

    public IEnumerable<LogicalInstruction> ReadInstructions()
    {
        while (_next < _lines.Length)
        {
            var line = _lines[_next];
            var indent = Indent(line);
            if (indent == line.Length)
            {
                _next++;
            }
            else if (line[indent] == '#')
            {
                AddComment(line, indent);
            }
            else if (ReadInstruction(indent) is { } instruction)
            {
                yield return instruction;
            }
        }
    }

    private void ReadDirectives()
    {
        while (_next < _lines.Length && TryParseDirective(_lines[_next], out var name, out var value) && KnownDirectives.Contains(name))
        {
            var line = ++_next;
            if (Directives.Any(d => d.Name == name))
            {
                _diagnostics.Add(line, "only one " + name + " parser directive can be used; this one is ignored");
                continue;
            }

            Directives.Add(new ParserDirective(name, value, line));
            if (name == "escape")
            {
                if (value is "\\" or "`")
                {
                    Escape = value[0];
                }
                else
                {
                    _diagnostics.Add(line, "invalid escape character '" + value + "': only \\ and ` are allowed");
                }
            }
        }
    }

    private LogicalInstruction? ReadInstruction(int indent)
    {
        var text = _text.Clear();
        var segments = new List<(int Offset, int Line, int Column)>();
        var endLine = _next + 1;
        var first = _lines[_next];
        var continued = Append(_lines[_next++], indent, endLine, text, segments);
        while (continued && _next < _lines.Length)
        {
            var line = _lines[_next];
            var lineIndent = Indent(line);
            if (lineIndent == line.Length)
            {
                _next++;
            }
            else if (line[lineIndent] == '#')
            {
                AddComment(line, lineIndent);
            }
            else
            {
                endLine = _next + 1;
                continued = Append(line, 0, endLine, text, segments);
                _next++;
            }
        }

        // A one-line instruction (most are) is its line: no copy when it is not indented.
        var logical = segments.Count == 1 && text.Length == first.Length - indent ? first.Substring(indent) : text.ToString();
        var syntax = InstructionSyntax.Parse(logical, Escape);
        if (syntax.Keyword.Length == 0)
        {
            return null;
        }

        var heredocs = HeredocKeywords.Contains(syntax.Keyword) && syntax.ExecForm is null ? ReadHeredocs(syntax, ref endLine) : [];
        return new LogicalInstruction(syntax, new LineMap(segments, text.Length), endLine, heredocs);
    }

    /// <summary>Appends a physical line's text; true when it ends with the escape character (then dropped with the white space after it).</summary>
    private bool Append(string line, int from, int lineNumber, StringBuilder text, List<(int Offset, int Line, int Column)> segments)
    {
        var end = line.Length;
        while (end > from && line[end - 1] is ' ' or '\t')
        {
            end--;
        }

        var continued = end > from && line[end - 1] == Escape;
        end = continued ? end - 1 : line.Length;
        segments.Add((text.Length, lineNumber, from + 1));
        text.Append(line, from, end - from);
        return continued;
    }

    private List<Heredoc> ReadHeredocs(InstructionSyntax syntax, ref int endLine)
    {
        var heredocs = new List<Heredoc>();
        foreach (var (delimiter, stripTabs, quoted, fileDescriptor, offset) in syntax.HeredocMarkers(Escape))
        {
            var body = new List<HeredocLine>();
            var terminated = false;
            while (_next < _lines.Length && !terminated)
            {
                var line = _lines[_next++];
                var tabs = 0;
                while (stripTabs && tabs < line.Length && line[tabs] == '\t')
                {
                    tabs++;
                }

                terminated = line.Length - tabs == delimiter.Length && string.CompareOrdinal(line, tabs, delimiter, 0, delimiter.Length) == 0;
                if (!terminated)
                {
                    body.Add(new HeredocLine(_next, tabs + 1, line.Substring(tabs)));
                }

                endLine = _next;
            }

            if (!terminated)
            {
                _diagnostics.Add(endLine, "heredoc <<" + delimiter + " is not terminated: the rest of the file is its body");
            }

            heredocs.Add(new Heredoc(delimiter, stripTabs, quoted, fileDescriptor, offset, body, terminated, endLine));
        }

        return heredocs;
    }

    private void AddComment(string line, int indent)
    {
        Comments.Add(new DockerfileComment(_next + 1, indent + 1, line.Substring(indent + 1).Trim()));
        _next++;
    }

    /// <summary>BuildKit's directive syntax: <c># name = value</c>, the name a letter followed by letters and digits.</summary>
    private static bool TryParseDirective(string line, out string name, out string value)
    {
        name = value = string.Empty;
        var i = Indent(line);
        if (i >= line.Length || line[i] != '#')
        {
            return false;
        }

        i = SkipBlanks(line, i + 1);
        var start = i;
        while (i < line.Length && (char.IsLetter(line[i]) || (i > start && char.IsDigit(line[i]))) && line[i] < 128)
        {
            i++;
        }

        name = line.Substring(start, i - start).ToLowerInvariant();
        i = SkipBlanks(line, i);
        if (name.Length == 0 || i >= line.Length || line[i] != '=')
        {
            return false;
        }

        value = line.Substring(i + 1).Trim();
        return value.Length > 0;
    }

    private static int Indent(string line) => SkipBlanks(line, 0);

    private static int SkipBlanks(string line, int i)
    {
        while (i < line.Length && char.IsWhiteSpace(line[i]))
        {
            i++;
        }

        return i;
    }

    private static string[] SplitLines(string text)
    {
        var start = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var lines = new List<string>();
        while (start <= text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                if (start < text.Length)
                {
                    lines.Add(TrimCarriageReturn(text.Substring(start)));
                }

                break;
            }

            lines.Add(TrimCarriageReturn(text.Substring(start, end - start)));
            start = end + 1;
        }

        return [.. lines];
    }

    private static string TrimCarriageReturn(string line) => line.Length > 0 && line[line.Length - 1] == '\r' ? line.Substring(0, line.Length - 1) : line;
}
