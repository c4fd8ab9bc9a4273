using System.Text;

namespace ThreatLint.Documents.Jinja;

/// <summary>How an attribute is reached in a Jinja expression.</summary>
public enum JinjaAccessKind
{
    /// <summary><c>x.name</c></summary>
    Dot,

    /// <summary><c>x['name']</c></summary>
    Subscript,

    /// <summary><c>x|attr('name')</c>; the name is null when it is computed.</summary>
    AttrFilter,

    /// <summary>A filter argument that names an attribute: <c>map(attribute='name')</c>, <c>selectattr('name')</c>, …</summary>
    FilterAttribute,

    /// <summary>A replacement field of a string literal formatted with <c>.format(…)</c>: <c>'{0.name}'.format(x)</c>.</summary>
    FormatField,
}

/// <summary>One attribute access inside a Jinja block.</summary>
/// <param name="Name">The attribute name, or null when computed at render time.</param>
/// <param name="Kind">How it is reached.</param>
/// <param name="Root">The identifier the access chain starts from, or null when it starts from a literal or a parenthesis.</param>
/// <param name="Chain">The expression text from the start of the chain up to and including this access.</param>
/// <param name="ChainOffset">Offset of the start of the chain in the template text: accesses along one chain share it.</param>
/// <param name="Offset">Offset of the access in the template text.</param>
public sealed record JinjaAccess(string? Name, JinjaAccessKind Kind, string? Root, string Chain, int ChainOffset, int Offset);

/// <summary>
/// A light reading of a Jinja template: the expression and statement blocks (<c>{{ }}</c>, <c>{% %}</c>) are
/// tokenized — literal text, comments and raw blocks are not — and every attribute access in them is listed with the
/// chain that leads to it. Not a Jinja parser: enough to tell <c>''.__class__.__mro__</c> from the word "class" in a
/// string. Linear in the template's length; at most <see cref="MaxAccesses"/> accesses are kept.
/// </summary>
public sealed class JinjaTemplate
{
    public const int MaxAccesses = 10_000;

    /// <summary>Filters whose string arguments are attribute names (Jinja's make_attrgetter).</summary>
    private static readonly HashSet<string> AttributeFilters = new(StringComparer.Ordinal)
    {
        "map", "selectattr", "rejectattr", "sort", "groupby", "sum", "unique", "min", "max", "dictsort",
    };

    private readonly List<JinjaAccess> _accesses = [];

    private JinjaTemplate(string text) => Text = text;

    public string Text { get; }

    public IReadOnlyList<JinjaAccess> Accesses => _accesses;

    /// <summary>Number of expression and statement blocks read.</summary>
    public int BlockCount { get; private set; }

    public static JinjaTemplate Parse(string text)
    {
        var template = new JinjaTemplate(text);
        template.ReadBlocks();
        return template;
    }

    private void ReadBlocks()
    {
        var i = 0;
        while (i < Text.Length - 1 && _accesses.Count < MaxAccesses)
        {
            var open = Text.IndexOf('{', i);
            if (open < 0 || open + 1 >= Text.Length)
            {
                return;
            }

            switch (Text[open + 1])
            {
                case '#':
                    var commentEnd = Text.IndexOf("#}", open + 2, StringComparison.Ordinal);
                    i = commentEnd < 0 ? Text.Length : commentEnd + 2;
                    break;
                case '{':
                    i = ReadBlock(open + 2, "}}");
                    break;
                case '%':
                    var afterStatement = ReadBlock(open + 2, "%}");
                    i = IsRawStatement(open + 2, afterStatement) ? SkipRaw(afterStatement) : afterStatement;
                    break;
                default:
                    i = open + 1;
                    break;
            }
        }
    }

    private bool IsRawStatement(int start, int end)
    {
        var body = Text.Substring(start, Math.Max(0, end - 2 - start)).Trim(' ', '\t', '\r', '\n', '-', '+');
        return body == "raw";
    }

    private int SkipRaw(int from)
    {
        var index = from;
        while ((index = Text.IndexOf("{%", index, StringComparison.Ordinal)) >= 0)
        {
            var close = Text.IndexOf("%}", index + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                break;
            }

            if (Text.Substring(index + 2, close - index - 2).Trim(' ', '\t', '\r', '\n', '-', '+') == "endraw")
            {
                return close + 2;
            }

            index = close + 2;
        }

        return Text.Length;
    }

    /// <summary>Tokenizes one block from <paramref name="start"/> to its closing delimiter; returns the offset after it.</summary>
    private int ReadBlock(int start, string close)
    {
        BlockCount++;
        var tokens = new List<Token>();
        var i = start;
        while (i < Text.Length)
        {
            var c = Text[i];
            if (c == close[0] && i + 1 < Text.Length && Text[i + 1] == close[1])
            {
                Analyze(tokens);
                return i + 2;
            }

            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '\'' or '"')
            {
                var (value, end) = ReadString(i);
                tokens.Add(new Token(TokenKind.String, value, i, end));
                i = end;
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var end = i + 1;
                while (end < Text.Length && (char.IsLetterOrDigit(Text[end]) || Text[end] == '_'))
                {
                    end++;
                }

                tokens.Add(new Token(TokenKind.Name, Text.Substring(i, end - i), i, end));
                i = end;
            }
            else if (char.IsDigit(c))
            {
                var end = i + 1;
                while (end < Text.Length && (char.IsLetterOrDigit(Text[end]) || Text[end] is '_' or '.'))
                {
                    end++;
                }

                tokens.Add(new Token(TokenKind.Number, Text.Substring(i, end - i), i, end));
                i = end;
            }
            else
            {
                tokens.Add(new Token(TokenKind.Operator, c.ToString(), i, i + 1));
                i++;
            }
        }

        Analyze(tokens); // unterminated block: what is there is still read
        return Text.Length;
    }

    private (string Value, int End) ReadString(int start)
    {
        var quote = Text[start];
        var value = new StringBuilder();
        var i = start + 1;
        while (i < Text.Length && Text[i] != quote)
        {
            if (Text[i] == '\\' && i + 1 < Text.Length)
            {
                value.Append(Unescape(Text[i + 1]));
                i += 2;
                continue;
            }

            value.Append(Text[i++]);
        }

        return (value.ToString(), Math.Min(i + 1, Text.Length));
    }

    private static char Unescape(char c) => c switch
    {
        'n' => '\n',
        't' => '\t',
        'r' => '\r',
        _ => c,
    };

    /// <summary>Finds attribute accesses in one block's tokens, tracking where each access chain starts.</summary>
    private void Analyze(List<Token> tokens)
    {
        var chainStart = 0;
        var afterOperand = false;
        var opens = new Stack<(int ChainStart, int Open, bool Postfix)>();
        for (var t = 0; t < tokens.Count && _accesses.Count < MaxAccesses; t++)
        {
            var token = tokens[t];
            switch (token.Kind)
            {
                case TokenKind.Name or TokenKind.String or TokenKind.Number:
                    if (!(t > 0 && tokens[t - 1].Is(".")))
                    {
                        chainStart = t;
                    }

                    afterOperand = true;
                    break;
                case TokenKind.Operator when token.Is("."):
                    if (t + 1 < tokens.Count && tokens[t + 1].Kind == TokenKind.Name)
                    {
                        Add(tokens[t + 1].Text, JinjaAccessKind.Dot, tokens, chainStart, t + 1);
                        if (tokens[t + 1].Text is "format" or "format_map" && t > 0 && chainStart == t - 1 && tokens[t - 1].Kind == TokenKind.String)
                        {
                            AddFormatFields(tokens[t - 1], tokens, chainStart, t + 1);
                        }
                    }

                    afterOperand = false;
                    break;
                case TokenKind.Operator when token.Is("[") || token.Is("("):
                    if (token.Is("[") && afterOperand && t + 2 < tokens.Count && tokens[t + 1].Kind == TokenKind.String && tokens[t + 2].Is("]"))
                    {
                        Add(tokens[t + 1].Text, JinjaAccessKind.Subscript, tokens, chainStart, t + 2);
                    }

                    opens.Push((chainStart, t, afterOperand));
                    afterOperand = false;
                    break;
                case TokenKind.Operator when token.Is("]") || token.Is(")"):
                    if (opens.Count > 0)
                    {
                        var (savedStart, open, postfix) = opens.Pop();
                        chainStart = postfix ? savedStart : open;
                    }

                    afterOperand = true;
                    break;
                case TokenKind.Operator when token.Is("|"):
                    ReadFilter(tokens, t, chainStart);
                    afterOperand = false;
                    break;
                default:
                    afterOperand = false;
                    break;
            }
        }
    }

    /// <summary>A filter after <c>|</c>: <c>attr(…)</c> and the filters that take attribute names.</summary>
    private void ReadFilter(List<Token> tokens, int pipe, int chainStart)
    {
        if (pipe + 1 >= tokens.Count || tokens[pipe + 1].Kind != TokenKind.Name)
        {
            return;
        }

        var filter = tokens[pipe + 1].Text;
        var hasArguments = pipe + 2 < tokens.Count && tokens[pipe + 2].Is("(");
        if (filter == "attr" && hasArguments)
        {
            var computed = !(pipe + 4 < tokens.Count && tokens[pipe + 3].Kind == TokenKind.String && tokens[pipe + 4].Is(")"));
            Add(computed ? null : tokens[pipe + 3].Text, JinjaAccessKind.AttrFilter, tokens, chainStart, Math.Min(tokens.Count - 1, pipe + 4));
            return;
        }

        if (!AttributeFilters.Contains(filter) || !hasArguments)
        {
            return;
        }

        var depth = 0;
        for (var t = pipe + 2; t < tokens.Count; t++)
        {
            if (tokens[t].Is("("))
            {
                depth++;
            }
            else if (tokens[t].Is(")") && --depth == 0)
            {
                return;
            }
            else if (depth == 1 && tokens[t].Kind == TokenKind.String)
            {
                foreach (var segment in tokens[t].Text.Split('.'))
                {
                    Add(segment, JinjaAccessKind.FilterAttribute, tokens, chainStart, t);
                }
            }
        }
    }

    /// <summary>Replacement fields of a str.format literal: <c>{0.__class__}</c>, <c>{x[__globals__]}</c>.</summary>
    private void AddFormatFields(Token literal, List<Token> tokens, int chainStart, int last)
    {
        var text = literal.Text;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '{')
            {
                continue;
            }

            var end = text.IndexOf('}', i + 1);
            if (end < 0)
            {
                return;
            }

            var field = text.Substring(i + 1, end - i - 1);
            var colon = field.IndexOfAny([':', '!']);
            if (colon >= 0)
            {
                field = field.Substring(0, colon);
            }

            foreach (var part in field.Split('.', '[', ']').Skip(1))
            {
                if (part.Length > 0)
                {
                    Add(part, JinjaAccessKind.FormatField, tokens, chainStart, last);
                }
            }

            i = end;
        }
    }

    private void Add(string? name, JinjaAccessKind kind, List<Token> tokens, int chainStart, int last)
    {
        if (_accesses.Count >= MaxAccesses)
        {
            return;
        }

        var first = tokens[chainStart];
        var chain = Text.Substring(first.Start, tokens[last].End - first.Start);
        var root = first.Kind == TokenKind.Name ? first.Text : null;
        _accesses.Add(new JinjaAccess(name, kind, root, chain, first.Start, tokens[last].Start));
    }

    private enum TokenKind
    {
        Name,
        String,
        Number,
        Operator,
    }

    private readonly record struct Token(TokenKind Kind, string Text, int Start, int End)
    {
        public bool Is(string op) => Kind == TokenKind.Operator && Text == op;
    }
}
