using System.Globalization;
using System.Text;

namespace ThreatLint.Documents.Shell;

/// <summary>The lexer half of <see cref="ShellParser"/>: tokens, words, quotes, substitutions and heredoc bodies.</summary>
internal sealed partial class ShellParser
{
    // ── Tokens ──────────────────────────────────────────────────────────────────────────────

    private Token Peek()
    {
        if (_peeked is { } token)
        {
            return token;
        }

        if (_output.Commands.Count >= MaxCommands)
        {
            _output.IsTruncated = true;
            _pos = _limit;
        }

        _peeked = Lex();
        return _peeked.Value;
    }

    private Token Next()
    {
        var token = Peek();
        _peeked = null;
        _pos = token.End;
        _consumed++;
        if (token.Kind is TokenKind.Word or TokenKind.Operator)
        {
            _lastEnd = token.End;
        }

        return token;
    }

    private Token Lex()
    {
        var i = SkipBlanks(_pos);
        if (i >= _limit)
        {
            return new Token(TokenKind.End, string.Empty, null, _limit, _limit, null);
        }

        var c = _text[i];
        if (c == '\n')
        {
            return new Token(TokenKind.Newline, string.Empty, null, i, ReadHeredocBodies(i + 1), null);
        }

        var digits = i;
        while (digits < _limit && digits - i < 9 && _text[digits] is >= '0' and <= '9')
        {
            digits++;
        }

        if (digits > i && digits < _limit && _text[digits] is '<' or '>' && !IsAt(digits + 1, "("))
        {
            var op = Operator(digits)!;
            return new Token(TokenKind.Operator, op, null, i, digits + op.Length, int.Parse(_text.Substring(i, digits - i), CultureInfo.InvariantCulture));
        }

        if (Operator(i) is { } @operator)
        {
            return new Token(TokenKind.Operator, @operator, null, i, i + @operator.Length, null);
        }

        var (word, end) = ReadWord(i);
        return new Token(TokenKind.Word, string.Empty, word, i, end, null);
    }

    /// <summary>The operator at <paramref name="i"/>, or null (also for <c>&lt;(</c> and <c>&gt;(</c>, which start words).</summary>
    private string? Operator(int i)
    {
        var candidates = _text[i] switch
        {
            '&' => AmpersandOperators,
            '|' => PipeOperators,
            ';' => SemicolonOperators,
            '(' => OpenOperator,
            ')' => CloseOperator,
            '<' when !IsAt(i + 1, "(") => InputOperators,
            '>' when !IsAt(i + 1, "(") => OutputOperators,
            _ => [],
        };
        foreach (var candidate in candidates)
        {
            if (IsAt(i, candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private bool IsAt(int i, string value) =>
        i + value.Length <= _limit && string.CompareOrdinal(_text, i, value, 0, value.Length) == 0;

    private int SkipBlanks(int i)
    {
        while (i < _limit)
        {
            var c = _text[i];
            if (c is ' ' or '\t' or '\r' or '\f' or '\v')
            {
                i++;
            }
            else if (c == '\\' && IsAt(i + 1, "\n"))
            {
                i += 2;
            }
            else if (c == '\\' && IsAt(i + 1, "\r\n"))
            {
                i += 3;
            }
            else if (c == '#')
            {
                while (i < _limit && _text[i] != '\n')
                {
                    i++;
                }
            }
            else
            {
                break;
            }
        }

        return i;
    }

    /// <summary>After a newline, the bodies of the heredocs started on the line just ended.</summary>
    private int ReadHeredocBodies(int position)
    {
        foreach (var heredoc in _pending)
        {
            var bodyStart = position;
            var bodyEnd = _limit;
            while (position < _limit)
            {
                var lineStart = position;
                var newline = _text.IndexOf('\n', position, _limit - position);
                var lineEnd = newline < 0 ? _limit : newline;
                position = newline < 0 ? _limit : newline + 1;
                var start = lineStart;
                while (heredoc.StripTabs && start < lineEnd && _text[start] == '\t')
                {
                    start++;
                }

                var end = lineEnd > start && _text[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
                if (end - start == heredoc.Delimiter.Length && string.CompareOrdinal(_text, start, heredoc.Delimiter, 0, end - start) == 0)
                {
                    bodyEnd = lineStart;
                    break;
                }
            }

            var redirection = heredoc.Command.Redirections[heredoc.Index];
            heredoc.Command.ReplaceRedirection(heredoc.Index, redirection with
            {
                HeredocBody = _text.Substring(bodyStart, bodyEnd - bodyStart),
                HeredocBodyOffset = _source.RootOffset(bodyStart),
                BodySource = _source,
                BodyStart = bodyStart,
            });
        }

        _pending.Clear();
        return position;
    }

    // ── Words ───────────────────────────────────────────────────────────────────────────────

    private (ShellWord Word, int End) ReadWord(int start)
    {
        var word = RentWordBuilder(start);
        var i = start;
        while (i < _limit)
        {
            var c = _text[i];
            if (c is ' ' or '\t' or '\r' or '\f' or '\v' or '\n' or '|' or '&' or ';' or ')')
            {
                break;
            }

            if (c is '<' or '>')
            {
                if (i == start && IsAt(i + 1, "("))
                {
                    i = ReadSubstitution(word, i, i + 2, c == '<' ? ShellSubstitutionKind.ProcessInput : ShellSubstitutionKind.ProcessOutput);
                    continue;
                }

                break;
            }

            if (c == '(')
            {
                // An array assignment, a=(x y), keeps its parentheses; any other ( ends the word.
                if (i > start && _text[i - 1] == '=' && ShellAssignment.TryParse(Provisional(start, i)) is not null)
                {
                    i = AppendRaw(word, i, SkipBalanced(i, '(', ')'));
                    continue;
                }

                break;
            }

            switch (c)
            {
                case '\\' when IsAt(i + 1, "\n"):
                    i += 2;
                    break;
                case '\\' when i + 1 < _limit:
                    word.IsQuoted = true;
                    Append(word, _text[i + 1], i + 1);
                    i += 2;
                    break;
                case '\'':
                    word.IsQuoted = true;
                    i = ReadSingleQuoted(word, i + 1);
                    break;
                case '"':
                    word.IsQuoted = true;
                    i = ReadDoubleQuoted(word, i + 1);
                    break;
                case '$':
                    i = ReadDollar(word, i, inDoubleQuotes: false);
                    break;
                case '`':
                    i = ReadBacktick(word, i);
                    break;
                default:
                    Append(word, c, i);
                    i++;
                    break;
            }
        }

        var (offset, length) = _source.RootRange(start, i);
        var raw = _text.Substring(start, i - start);
        // Most words are written as they are meant (no quotes, escapes or line continuations): one string for both.
        var text = word.IsVerbatim && word.Text.Length == raw.Length ? raw : word.Text.ToString();
        var result = new ShellWord(text, raw, offset, length, word.IsQuoted, word.HasExpansion, word.Substitutions ?? [], _source, start);
        _freeWordBuilders.Push(word);
        return (result, i);
    }

    /// <summary>A cleared builder for a word starting at <paramref name="start"/>; words nest (substitutions), so builders are pooled.</summary>
    private WordBuilder RentWordBuilder(int start)
    {
        var word = _freeWordBuilders.Count > 0 ? _freeWordBuilders.Pop() : new WordBuilder();
        word.Text.Clear();
        word.IsQuoted = false;
        word.HasExpansion = false;
        word.Substitutions = null;
        word.Start = start;
        word.IsVerbatim = true;
        return word;
    }

    /// <summary>A word made only to test whether the text so far spells an assignment.</summary>
    private ShellWord Provisional(int start, int end) =>
        new(string.Empty, _text.Substring(start, end - start), 0, 0, false, false, [], _source, start);

    private int ReadSingleQuoted(WordBuilder word, int i)
    {
        for (; i < _limit && _text[i] != '\''; i++)
        {
            Append(word, _text[i], i);
        }

        return Math.Min(i + 1, _limit);
    }

    private int ReadDoubleQuoted(WordBuilder word, int i)
    {
        while (i < _limit && _text[i] != '"')
        {
            var c = _text[i];
            if (c == '\\' && i + 1 < _limit && _text[i + 1] is '$' or '`' or '"' or '\\' or '\n')
            {
                if (_text[i + 1] != '\n')
                {
                    Append(word, _text[i + 1], i + 1);
                }

                i += 2;
            }
            else if (c == '$')
            {
                i = ReadDollar(word, i, inDoubleQuotes: true);
            }
            else if (c == '`')
            {
                i = ReadBacktick(word, i);
            }
            else
            {
                Append(word, c, i);
                i++;
            }
        }

        return Math.Min(i + 1, _limit);
    }

    private int ReadDollar(WordBuilder word, int i, bool inDoubleQuotes)
    {
        var next = i + 1 < _limit ? _text[i + 1] : '\0';
        switch (next)
        {
            case '(' when IsAt(i + 2, "("):
                word.HasExpansion = true;
                return AppendRaw(word, i, SkipBalanced(i + 1, '(', ')'));
            case '(':
                return ReadSubstitution(word, i, i + 2, ShellSubstitutionKind.Command);
            case '{':
                word.HasExpansion = true;
                return AppendRaw(word, i, SkipBalanced(i + 1, '{', '}'));
            case '\'' when !inDoubleQuotes:
                word.IsQuoted = true;
                return ReadAnsiC(word, i + 2);
            case '"' when !inDoubleQuotes:
                word.IsQuoted = true;
                return ReadDoubleQuoted(word, i + 2);
        }

        var end = i + 1;
        if (next is '@' or '*' or '#' or '?' or '$' or '!' or '-' or (>= '0' and <= '9'))
        {
            end++;
        }
        else
        {
            while (end < _limit && (_text[end] == '_' || char.IsLetter(_text[end]) || (end > i + 1 && char.IsDigit(_text[end]))))
            {
                end++;
            }
        }

        word.HasExpansion |= end > i + 1;
        return AppendRaw(word, i, end);
    }

    /// <summary><c>$'…'</c>: the common C escapes are resolved; others stay as written.</summary>
    private int ReadAnsiC(WordBuilder word, int i)
    {
        while (i < _limit && _text[i] != '\'')
        {
            if (_text[i] != '\\' || i + 1 >= _limit)
            {
                Append(word, _text[i], i);
                i++;
                continue;
            }

            var escape = _text[i + 1];
            var (value, length) = escape switch
            {
                'n' => ('\n', 2),
                't' => ('\t', 2),
                'r' => ('\r', 2),
                'a' => ('\a', 2),
                'b' => ('\b', 2),
                'f' => ('\f', 2),
                'v' => ('\v', 2),
                'e' or 'E' => ('\u001b', 2),
                '\\' or '\'' or '"' or '?' => (escape, 2),
                'x' => Numeric(i + 2, 2, 16, 2),
                'u' => Numeric(i + 2, 4, 16, 2),
                >= '0' and <= '7' => Numeric(i + 1, 3, 8, 1),
                _ => ('\\', 1),
            };
            Append(word, value, i);
            i += length;
        }

        return Math.Min(i + 1, _limit);
    }

    /// <summary>Up to <paramref name="maxDigits"/> digits in base <paramref name="radix"/> at <paramref name="i"/>.</summary>
    private (char Value, int Length) Numeric(int i, int maxDigits, int radix, int prefixLength)
    {
        var value = 0;
        var count = 0;
        while (count < maxDigits && i + count < _limit && HexValue(_text[i + count]) is var digit && digit >= 0 && digit < radix)
        {
            value = (value * radix) + digit;
            count++;
        }

        return count == 0 ? ('\\', 1) : ((char)value, prefixLength + count);
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private int ReadBacktick(WordBuilder word, int start)
    {
        var close = start + 1;
        while (close < _limit && _text[close] != '`')
        {
            close += _text[close] == '\\' ? 2 : 1;
        }

        close = Math.Min(close, _limit);
        var end = Math.Min(close + 1, _limit);
        if (_record is not null || _depth >= MaxDepth)
        {
            _output.IsTruncated |= _record is null;
            return AppendRaw(word, start, end);
        }

        var limit = _limit;
        _limit = close;
        var commands = ParseInside(start + 1);
        _limit = limit;
        return AddSubstitution(word, ShellSubstitutionKind.Command, start, end, commands);
    }

    /// <summary><c>$(…)</c>, <c>&lt;(…)</c> or <c>&gt;(…)</c> starting at <paramref name="start"/>, its commands at <paramref name="inner"/>.</summary>
    private int ReadSubstitution(WordBuilder word, int start, int inner, ShellSubstitutionKind kind)
    {
        if (_record is not null || _depth >= MaxDepth)
        {
            _output.IsTruncated |= _record is null;
            word.HasExpansion = true;
            return AppendRaw(word, start, SkipBalanced(inner - 1, '(', ')'));
        }

        var commands = ParseInside(inner, ")");
        var close = Peek();
        if (close.Operator == ")" || close.Kind == TokenKind.End)
        {
            Next();
        }

        _peeked = null;
        return AddSubstitution(word, kind, start, _pos, commands);
    }

    /// <summary>Parses a nested list from <paramref name="start"/> with its own stops, leaving the position after it.</summary>
    private List<ShellCommand> ParseInside(int start, params string[] stops)
    {
        var savedStops = _stops;
        var lastEnd = _lastEnd;
        _stops = new Dictionary<string, int>(StringComparer.Ordinal);
        _pos = start;
        _peeked = null;
        var commands = ParseNested(stops);
        if (stops.Length == 0)
        {
            _peeked = null;
        }

        _stops = savedStops;
        _lastEnd = lastEnd;
        return commands;
    }

    private int AddSubstitution(WordBuilder word, ShellSubstitutionKind kind, int start, int end, List<ShellCommand> commands)
    {
        var (offset, length) = _source.RootRange(start, end);
        (word.Substitutions ??= []).Add(new ShellSubstitution(kind, offset, length, commands));
        word.HasExpansion = true;
        return AppendRaw(word, start, end);
    }

    /// <summary>
    /// The index after the bracket that closes the one at <paramref name="open"/>, or the limit. Quotes, nested
    /// substitutions and backticks are followed with an explicit stack: linear, whatever the nesting.
    /// </summary>
    private int SkipBalanced(int open, char opening, char closing)
    {
        var stack = new Stack<char>();
        for (var i = open; i < _limit; i++)
        {
            var c = _text[i];
            var top = stack.Count == 0 ? '\0' : stack.Peek();
            if (c == '\\')
            {
                i++;
            }
            else if (top is '"' or '`')
            {
                if (c == top)
                {
                    stack.Pop();
                }
                else if (top == '"' && c == '$' && IsAt(i + 1, "("))
                {
                    stack.Push('(');
                    i++;
                }
                else if (top == '"' && c == '`')
                {
                    stack.Push('`');
                }
            }
            else if (c == '\'' && opening == '(')
            {
                var quote = _text.IndexOf('\'', i + 1, _limit - i - 1);
                i = quote < 0 ? _limit : quote;
            }
            else if (c is '"' or '`')
            {
                stack.Push(c);
            }
            else if (c == opening || (c == '(' && opening != '('))
            {
                stack.Push(c);
            }
            else if (c == closing || (c == ')' && closing != ')' && top == '('))
            {
                stack.Pop();
                if (stack.Count == 0)
                {
                    return i + 1;
                }
            }
        }

        return _limit;
    }

    private int AppendRaw(WordBuilder word, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            Append(word, _text[i], i);
        }

        return end;
    }

    private void Append(WordBuilder word, char c, int index)
    {
        // Verbatim while every character is the next one of the text, unchanged.
        word.IsVerbatim &= index == word.Start + word.Text.Length && _text[index] == c;
        word.Text.Append(c);
        _record?.Add(index);
    }

    private sealed class WordBuilder
    {
        public StringBuilder Text { get; } = new();

        public bool IsQuoted { get; set; }

        public bool HasExpansion { get; set; }

        public List<ShellSubstitution>? Substitutions { get; set; }

        /// <summary>Where the word starts in the text.</summary>
        public int Start { get; set; }

        /// <summary>True while <see cref="Text"/> is exactly the text from <see cref="Start"/> on.</summary>
        public bool IsVerbatim { get; set; }
    }

    private readonly record struct Token(TokenKind Kind, string Operator, ShellWord? Word, int Start, int End, int? FileDescriptor);

    private sealed record PendingHeredoc(ShellCommand Command, int Index, string Delimiter, bool StripTabs);
}
