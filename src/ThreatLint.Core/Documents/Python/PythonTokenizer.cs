namespace ThreatLint.Documents.Python;

/// <summary>
/// Splits Python source into tokens the way CPython's tokenizer does for what the rules need: names, numbers,
/// strings of every kind (prefixes, triple quotes, raw, bytes, f-strings with nested expressions and nested strings
/// as one token), operators, comments, and logical line ends — <c>\</c> continuations and open brackets join lines.
/// INDENT/DEDENT are not produced; the first token of a logical line carries its indentation instead.
/// </summary>
/// <remarks>
/// Never throws, and reads every character once: unterminated strings end at the end of their line (single quotes)
/// or of the text (triple quotes), stray characters become <see cref="PythonTokenKind.Error"/> tokens, f-string
/// nesting deeper than <see cref="MaxStringNesting"/> is read as plain text, and at most <c>maxTokens</c> tokens are
/// produced (the caller learns that the text was cut short).
/// </remarks>
internal sealed class PythonTokenizer
{
    /// <summary>How deep strings may nest inside f-string expressions (<c>f"{f'{x}'}"</c> is 2).</summary>
    public const int MaxStringNesting = 16;

    private static readonly string[] ThreeCharOperators = ["**=", "//=", ">>=", "<<=", "..."];
    private static readonly string[] TwoCharOperators =
    [
        "**", "//", "==", "!=", "<=", ">=", "<<", ">>", "->", ":=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=",
    ];

    private readonly string _text;
    private readonly int _end;
    private readonly List<PythonToken> _tokens;
    private readonly List<PythonToken> _comments;
    private readonly int _maxTokens;
    private int _position;
    private int _depth;
    private int _lineStart;
    private bool _lineHasTokens;

    private PythonTokenizer(string text, int start, int end, List<PythonToken> tokens, List<PythonToken> comments, int maxTokens)
    {
        _text = text;
        _position = start;
        _lineStart = start;
        _end = end;
        _tokens = tokens;
        _comments = comments;
        _maxTokens = maxTokens;
    }

    /// <summary>
    /// Appends the tokens of <c>text[start..end)</c> to <paramref name="tokens"/> (comments to <paramref name="comments"/>).
    /// A logical line still open at <paramref name="end"/> gets its <see cref="PythonTokenKind.Newline"/>.
    /// </summary>
    /// <returns>False when <paramref name="maxTokens"/> cut the text short.</returns>
    public static bool Tokenize(string text, int start, int end, List<PythonToken> tokens, List<PythonToken> comments, int maxTokens)
    {
        var tokenizer = new PythonTokenizer(text, start, Math.Min(end, text.Length), tokens, comments, maxTokens);
        return tokenizer.Run();
    }

    private bool Run()
    {
        while (_position < _end)
        {
            if (_tokens.Count + _comments.Count >= _maxTokens)
            {
                return false;
            }

            var c = _text[_position];
            switch (c)
            {
                case ' ' or '\t' or '\f':
                    _position++;
                    break;
                case '\r' or '\n':
                    EndPhysicalLine();
                    break;
                case '#':
                    ReadComment();
                    break;
                case '\\':
                    ReadBackslash();
                    break;
                case '"' or '\'':
                    ReadString(_position, _position);
                    break;
                default:
                    if (IsIdentifierStart(c))
                    {
                        ReadNameOrPrefixedString();
                    }
                    else if (IsDigit(c) || (c == '.' && _position + 1 < _end && IsDigit(_text[_position + 1])))
                    {
                        ReadNumber();
                    }
                    else
                    {
                        ReadOperator();
                    }

                    break;
            }
        }

        if (_lineHasTokens)
        {
            Add(PythonTokenKind.Newline, _end, 0);
        }

        return true;
    }

    private void EndPhysicalLine()
    {
        var length = _text[_position] == '\r' && _position + 1 < _end && _text[_position + 1] == '\n' ? 2 : 1;
        if (_depth == 0 && _lineHasTokens)
        {
            Add(PythonTokenKind.Newline, _position, length);
            _lineHasTokens = false;
        }

        _position += length;
        _lineStart = _position;
    }

    private void ReadComment()
    {
        var start = _position;
        while (_position < _end && _text[_position] is not ('\r' or '\n'))
        {
            _position++;
        }

        _comments.Add(new PythonToken(PythonTokenKind.Comment, _text, start, _position - start, -1, PythonStringFlags.None));
    }

    /// <summary>A <c>\</c> before a line break joins the lines; anywhere else it is an error.</summary>
    private void ReadBackslash()
    {
        var next = _position + 1;
        if (next < _end && _text[next] is '\r' or '\n')
        {
            _position = next + (_text[next] == '\r' && next + 1 < _end && _text[next + 1] == '\n' ? 2 : 1);
            _lineStart = _position;
            return;
        }

        if (next >= _end)
        {
            _position = next;
            return;
        }

        Add(PythonTokenKind.Error, _position, 1);
        _position++;
    }

    private void ReadNameOrPrefixedString()
    {
        var start = _position;
        _position = SkipIdentifier(_text, _position, _end);
        if (_position < _end && _text[_position] is '"' or '\'' && PrefixFlags(start, _position) is not null)
        {
            ReadString(start, _position);
            return;
        }

        Add(PythonTokenKind.Name, start, _position - start);
    }

    private void ReadNumber()
    {
        var start = _position;
        var hex = _text[_position] == '0' && _position + 1 < _end && _text[_position + 1] is 'x' or 'X';
        while (_position < _end)
        {
            var c = _text[_position];
            if (IsDigit(c) || c is '_' or '.' || (c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z')))
            {
                _position++;
            }
            else if (c is '+' or '-' && !hex && _text[_position - 1] is 'e' or 'E')
            {
                _position++;
            }
            else
            {
                break;
            }
        }

        Add(PythonTokenKind.Number, start, _position - start);
    }

    private void ReadOperator()
    {
        var start = _position;
        var length = Match(ThreeCharOperators, 3) ?? Match(TwoCharOperators, 2) ?? 1;
        var c = _text[start];
        var kind = length > 1 || IsOperatorCharacter(c) ? PythonTokenKind.Operator : PythonTokenKind.Error;
        if (length == 1)
        {
            if (c is '(' or '[' or '{')
            {
                _depth++;
            }
            else if (c is ')' or ']' or '}')
            {
                _depth = Math.Max(0, _depth - 1);
            }
        }

        _position += length;
        Add(kind, start, length);
    }

    private int? Match(string[] operators, int length)
    {
        if (_position + length > _end)
        {
            return null;
        }

        foreach (var op in operators)
        {
            if (string.CompareOrdinal(_text, _position, op, 0, length) == 0)
            {
                return length;
            }
        }

        return null;
    }

    /// <summary>Reads a string whose prefix starts at <paramref name="start"/> and whose quote is at <paramref name="quote"/>.</summary>
    private void ReadString(int start, int quote)
    {
        var flags = PrefixFlags(start, quote) ?? PythonStringFlags.None;
        var end = ScanString(_text, quote, _end, flags, 0, out var scanned);
        _position = end;
        Add(PythonTokenKind.String, start, end - start, scanned);
    }

    /// <summary>
    /// Scans a string from its opening quote; returns the offset after it (after the closing quote, or where an
    /// unterminated string stops) and its flags with <see cref="PythonStringFlags.TripleQuoted"/> and
    /// <see cref="PythonStringFlags.Unterminated"/> set as they apply.
    /// </summary>
    internal static int ScanString(string text, int quoteAt, int end, PythonStringFlags flags, int nesting, out PythonStringFlags result)
    {
        var quote = text[quoteAt];
        var triple = quoteAt + 2 < end && text[quoteAt + 1] == quote && text[quoteAt + 2] == quote;
        result = flags | (triple ? PythonStringFlags.TripleQuoted : PythonStringFlags.None);
        var interpolated = (flags & (PythonStringFlags.Formatted | PythonStringFlags.Template)) != 0;
        var i = quoteAt + (triple ? 3 : 1);
        while (i < end)
        {
            var c = text[i];
            if (c == '\\')
            {
                // Even in a raw string a backslash keeps the next character (a quote) from ending the string.
                i += i + 2 < end && text[i + 1] == '\r' && text[i + 2] == '\n' ? 3 : 2;
                continue;
            }

            if (c == quote)
            {
                if (!triple)
                {
                    return i + 1;
                }

                if (i + 2 < end && text[i + 1] == quote && text[i + 2] == quote)
                {
                    return i + 3;
                }

                i++;
                continue;
            }

            if (c is '\r' or '\n' && !triple)
            {
                result |= PythonStringFlags.Unterminated;
                return i;
            }

            if (interpolated && c == '{')
            {
                if (i + 1 < end && text[i + 1] == '{')
                {
                    i += 2;
                    continue;
                }

                i = ScanReplacementField(text, i + 1, end, quote, triple, nesting);
                continue;
            }

            i++;
        }

        result |= PythonStringFlags.Unterminated;
        return Math.Min(i, end);
    }

    /// <summary>
    /// Scans an f-string replacement field after its <c>{</c>: the expression (with brackets and nested strings, as
    /// Python 3.12 allows), a conversion, and a format spec with nested fields. Returns the offset after the closing
    /// <c>}</c>, or the line break or outer quote where a malformed field stops (the string scan then sees it).
    /// </summary>
    private static int ScanReplacementField(string text, int i, int end, char outerQuote, bool outerTriple, int nesting)
    {
        var depth = 0;
        while (i < end)
        {
            var c = text[i];
            if (c is '\r' or '\n' && !outerTriple)
            {
                return i;
            }

            if (c is '"' or '\'')
            {
                if (nesting + 1 >= MaxStringNesting)
                {
                    // Too deep to follow: let the outer string end at its own quote.
                    if (c == outerQuote)
                    {
                        return i;
                    }

                    i++;
                    continue;
                }

                i = ScanString(text, i, end, PythonStringFlags.None, nesting + 1, out _);
                continue;
            }

            if (IsIdentifierStart(c))
            {
                var nameStart = i;
                i = SkipIdentifier(text, i, end);
                if (i < end && text[i] is '"' or '\'' && PrefixFlagsOf(text, nameStart, i) is { } prefix && nesting + 1 < MaxStringNesting)
                {
                    i = ScanString(text, i, end, prefix, nesting + 1, out _);
                }

                continue;
            }

            switch (c)
            {
                case '(' or '[' or '{':
                    depth++;
                    break;
                case ')' or ']':
                    depth = Math.Max(0, depth - 1);
                    break;
                case '}':
                    if (depth == 0)
                    {
                        return i + 1;
                    }

                    depth--;
                    break;
                case ':' when depth == 0:
                    return ScanFormatSpec(text, i + 1, end, outerQuote, outerTriple, nesting);
            }

            i++;
        }

        return i;
    }

    /// <summary>The format spec of a replacement field: literal text with nested fields, up to the closing <c>}</c>.</summary>
    private static int ScanFormatSpec(string text, int i, int end, char outerQuote, bool outerTriple, int nesting)
    {
        while (i < end)
        {
            var c = text[i];
            if ((c is '\r' or '\n' && !outerTriple) || c == outerQuote)
            {
                return i;
            }

            if (c == '}')
            {
                return i + 1;
            }

            if (c == '{' && nesting + 1 < MaxStringNesting)
            {
                i = ScanReplacementField(text, i + 1, end, outerQuote, outerTriple, nesting + 1);
                continue;
            }

            i++;
        }

        return i;
    }

    private PythonStringFlags? PrefixFlags(int start, int quote) => PrefixFlagsOf(_text, start, quote);

    /// <summary>The flags of a string prefix (<c>rb</c>, <c>F</c>, <c>u</c>…), or null when the letters are not one.</summary>
    private static PythonStringFlags? PrefixFlagsOf(string text, int start, int quote)
    {
        if (quote - start > 2)
        {
            return null;
        }

        var flags = PythonStringFlags.None;
        var u = false;
        for (var i = start; i < quote; i++)
        {
            var flag = char.ToLowerInvariant(text[i]) switch
            {
                'r' => PythonStringFlags.Raw,
                'b' => PythonStringFlags.Bytes,
                'f' => PythonStringFlags.Formatted,
                't' => PythonStringFlags.Template,
                'u' => PythonStringFlags.None,
                _ => (PythonStringFlags?)null,
            };
            if (flag is not { } value || (flags & value) != 0)
            {
                return null;
            }

            u |= char.ToLowerInvariant(text[i]) == 'u';
            flags |= value;
        }

        var kinds = flags & (PythonStringFlags.Bytes | PythonStringFlags.Formatted | PythonStringFlags.Template);
        var valid = (u && quote - start == 1) || (!u && kinds is PythonStringFlags.None or PythonStringFlags.Bytes or PythonStringFlags.Formatted or PythonStringFlags.Template);
        return valid ? flags : null;
    }

    private void Add(PythonTokenKind kind, int offset, int length, PythonStringFlags flags = PythonStringFlags.None)
    {
        var indent = -1;
        if (kind != PythonTokenKind.Newline && !_lineHasTokens)
        {
            indent = offset - _lineStart;
            _lineHasTokens = true;
        }

        _tokens.Add(new PythonToken(kind, _text, offset, length, indent, flags));
    }

    private static int SkipIdentifier(string text, int i, int end)
    {
        while (i < end && IsIdentifierPart(text[i]))
        {
            i++;
        }

        return i;
    }

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static bool IsIdentifierStart(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' || (c > 127 && char.IsLetter(c));

    private static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || IsDigit(c) || (c > 127 && char.IsLetterOrDigit(c));

    private static bool IsOperatorCharacter(char c) => "()[]{},:.;@=+-*/%&|^~<>!".IndexOf(c) >= 0;
}
