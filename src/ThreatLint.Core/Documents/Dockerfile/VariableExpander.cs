using System.Text;

namespace ThreatLint.Documents.Dockerfile;

/// <summary>
/// Docker's word processing for the instructions it expands: <c>$VAR</c>, <c>${VAR}</c>, the <c>-</c>, <c>+</c> and
/// <c>?</c> modifiers (with or without <c>:</c>), single and double quotes, and the escape character. Linear in the
/// input; nesting such as <c>${A:-${B}}</c> is followed to a bounded depth.
/// </summary>
internal sealed class VariableExpander
{
    private const int MaxNesting = 16;

    private readonly string _text;
    private readonly char _escape;
    private readonly Func<string, string?> _lookup;
    private int _position;

    private VariableExpander(string text, char escape, Func<string, string?> lookup)
    {
        _text = text;
        _escape = escape;
        _lookup = lookup;
    }

    /// <param name="lookup">Returns a variable's static value, or null when it has none.</param>
    public static ExpandedText Expand(string text, char escape, Func<string, string?> lookup)
    {
        if (text.IndexOf('$') < 0 && text.IndexOf('\'') < 0 && text.IndexOf('"') < 0 && text.IndexOf(escape) < 0)
        {
            return ExpandedText.Literal(text);
        }

        var output = new Output();
        new VariableExpander(text, escape, lookup).ReadWord(output, insideBraces: false, depth: 0);
        return output.ToExpandedText();
    }

    private void ReadWord(Output output, bool insideBraces, int depth)
    {
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (insideBraces && c == '}')
            {
                return;
            }

            if (c == _escape && _position + 1 < _text.Length)
            {
                output.Append(_text[_position + 1]);
                _position += 2;
            }
            else if (c == '\'')
            {
                var end = _text.IndexOf('\'', _position + 1);
                end = end < 0 ? _text.Length : end;
                output.Append(_text.Substring(_position + 1, end - _position - 1));
                _position = Math.Min(end + 1, _text.Length);
            }
            else if (c == '"')
            {
                _position++;
                ReadDoubleQuoted(output, depth);
            }
            else if (c == '$')
            {
                ReadVariable(output, depth);
            }
            else
            {
                output.Append(c);
                _position++;
            }
        }
    }

    private void ReadDoubleQuoted(Output output, int depth)
    {
        while (_position < _text.Length && _text[_position] != '"')
        {
            var c = _text[_position];
            var next = _position + 1 < _text.Length ? _text[_position + 1] : '\0';
            if (c == _escape && (next is '"' or '$' || next == _escape))
            {
                output.Append(_text[_position + 1]);
                _position += 2;
            }
            else if (c == '$')
            {
                ReadVariable(output, depth);
            }
            else
            {
                output.Append(c);
                _position++;
            }
        }

        _position = Math.Min(_position + 1, _text.Length);
    }

    private void ReadVariable(Output output, int depth)
    {
        var start = _position++;
        if (_position < _text.Length && _text[_position] == '{')
        {
            _position++;
            ReadBraced(output, start, depth);
            return;
        }

        var name = ReadName();
        if (name.Length == 0)
        {
            output.Append('$');
            return;
        }

        Substitute(output, name, start);
    }

    private void ReadBraced(Output output, int start, int depth)
    {
        var name = ReadName();
        if (name.Length == 0 || _position >= _text.Length)
        {
            // "${" with no name, or no closing brace: Docker rejects it; keep it as written and unresolved.
            SkipToClosingBrace();
            output.AppendUnresolved(_text.Substring(start, _position - start), name.Length == 0 ? "$" : name);
            return;
        }

        if (_text[_position] == '}')
        {
            _position++;
            Substitute(output, name, start);
            return;
        }

        var colon = _text[_position] == ':';
        var modifier = colon && _position + 1 < _text.Length ? _text[_position + 1] : _text[_position];
        if (modifier is not ('-' or '+' or '?') || depth >= MaxNesting)
        {
            // Pattern operators (#, %, /) and over-deep nesting are not evaluated statically.
            SkipToClosingBrace();
            output.AppendUnresolved(_text.Substring(start, _position - start), name);
            return;
        }

        _position += colon ? 2 : 1;
        var word = new Output();
        ReadWord(word, insideBraces: true, depth + 1);
        _position = Math.Min(_position + 1, _text.Length);
        var whole = _text.Substring(start, _position - start);

        var value = _lookup(name);
        var set = value is not null && (!colon || value.Length > 0);
        switch (modifier)
        {
            case '-' when set:
                output.Append(value!);
                break;
            case '-':
                // A declared but unset variable (a build argument with no default) takes the written default.
                output.Append(word);
                break;
            case '+' when value is null:
            case '?' when !set:
                output.AppendUnresolved(whole, name);
                break;
            case '+':
                output.Append(set ? word : new Output());
                break;
            default:
                output.Append(value!);
                break;
        }
    }

    private string ReadName()
    {
        var start = _position;
        while (_position < _text.Length && (_text[_position] is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' || (_position > start && _text[_position] is >= '0' and <= '9')))
        {
            _position++;
        }

        return _text.Substring(start, _position - start);
    }

    private void SkipToClosingBrace()
    {
        var open = 1;
        while (_position < _text.Length)
        {
            var c = _text[_position++];
            if (c == '{')
            {
                open++;
            }
            else if (c == '}' && --open == 0)
            {
                return;
            }
        }
    }

    private void Substitute(Output output, string name, int start)
    {
        if (_lookup(name) is { } value)
        {
            output.Append(value);
        }
        else
        {
            output.AppendUnresolved(_text.Substring(start, _position - start), name);
        }
    }

    private sealed class Output
    {
        private readonly StringBuilder _text = new();
        private readonly List<string> _names = [];
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        private readonly List<(int Start, int Length)> _holes = [];

        public void Append(char c) => _text.Append(c);

        public void Append(string s) => _text.Append(s);

        public void Append(Output other)
        {
            foreach (var (start, length) in other._holes)
            {
                _holes.Add((_text.Length + start, length));
            }

            foreach (var name in other._names)
            {
                AddName(name);
            }

            _text.Append(other._text);
        }

        public void AppendUnresolved(string asWritten, string name)
        {
            _holes.Add((_text.Length, asWritten.Length));
            AddName(name);
            _text.Append(asWritten);
        }

        public ExpandedText ToExpandedText() => new(_text.ToString(), _names, _holes);

        private void AddName(string name)
        {
            if (_seen.Add(name))
            {
                _names.Add(name);
            }
        }
    }
}
