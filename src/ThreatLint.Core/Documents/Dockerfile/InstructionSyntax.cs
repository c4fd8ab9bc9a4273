using System.Globalization;
using System.Text;

namespace ThreatLint.Documents.Dockerfile;

/// <summary>The parts of one logical instruction line: keyword, flags, arguments, words, exec form.</summary>
internal sealed class InstructionSyntax
{
    // Most used first: the keyword of every instruction is looked up here.
    private static readonly string[] Keywords =
    [
        "RUN", "COPY", "ENV", "FROM", "ARG", "WORKDIR", "EXPOSE", "CMD", "USER", "LABEL", "ENTRYPOINT", "ADD",
        "HEALTHCHECK", "VOLUME", "SHELL", "STOPSIGNAL", "ONBUILD", "MAINTAINER",
    ];

    private static readonly HashSet<string> ExecFormKeywords =
        new(StringComparer.Ordinal) { "RUN", "CMD", "ENTRYPOINT", "SHELL", "ADD", "COPY", "VOLUME" };

    private InstructionSyntax(string text, string keyword, int keywordOffset, List<InstructionFlag> flags, int argumentsOffset, List<InstructionWord> words)
    {
        Text = text;
        Keyword = keyword;
        KeywordOffset = keywordOffset;
        Flags = flags;
        ArgumentsOffset = argumentsOffset;
        Arguments = text.Substring(argumentsOffset).TrimEnd();
        Words = words;
        ExecForm = ExecFormKeywords.Contains(keyword) && Arguments.StartsWith("[", StringComparison.Ordinal) ? JsonStringArray.TryParse(Arguments) : null;
    }

    public string Text { get; }

    public string Keyword { get; }

    public int KeywordOffset { get; }

    public List<InstructionFlag> Flags { get; }

    public int ArgumentsOffset { get; }

    public string Arguments { get; }

    public List<InstructionWord> Words { get; }

    public IReadOnlyList<string>? ExecForm { get; }

    public static InstructionSyntax Parse(string text, char escape)
    {
        var keywordOffset = SkipWhiteSpace(text, 0);
        var position = keywordOffset;
        while (position < text.Length && !char.IsWhiteSpace(text[position]))
        {
            position++;
        }

        var keyword = KnownKeyword(text, keywordOffset, position - keywordOffset) ?? text.Substring(keywordOffset, position - keywordOffset).ToUpperInvariant();
        var flags = new List<InstructionFlag>();
        var argumentsOffset = ReadFlags(text, position, flags);
        return new InstructionSyntax(text, keyword, keywordOffset, flags, argumentsOffset, SplitWords(text, argumentsOffset, escape));
    }

    /// <summary>The keyword of an instruction Docker knows, in upper case, without making a new string; null for any other word.</summary>
    private static string? KnownKeyword(string text, int start, int length)
    {
        foreach (var keyword in Keywords)
        {
            if (keyword.Length == length && string.Compare(text, start, keyword, 0, length, StringComparison.OrdinalIgnoreCase) == 0)
            {
                return keyword;
            }
        }

        return null;
    }

    /// <summary>
    /// The heredoc markers among the words (<c>&lt;&lt;EOF</c>, <c>&lt;&lt;-EOF</c>, <c>&lt;&lt;"EOF"</c>, <c>3&lt;&lt;EOF</c>), as BuildKit
    /// finds them: a whole word that starts with the marker; <c>cat&lt;&lt;EOF</c> and <c>&lt;&lt; EOF</c> are not heredocs.
    /// </summary>
    public IEnumerable<(string Delimiter, bool StripTabs, bool Quoted, int? FileDescriptor, int Offset)> HeredocMarkers(char escape)
    {
        foreach (var word in Words)
        {
            var text = word.Text;
            var i = 0;
            while (i < text.Length && text[i] is >= '0' and <= '9')
            {
                i++;
            }

            if (i + 2 > text.Length || text[i] != '<' || text[i + 1] != '<')
            {
                continue;
            }

            var digits = text.Substring(0, i);
            i += 2;
            var stripTabs = i < text.Length && text[i] == '-';
            var rest = text.Substring(stripTabs ? i + 1 : i);
            var delimiter = new StringBuilder(rest.Length);
            foreach (var c in rest)
            {
                if (c is not ('\'' or '"') && c != escape)
                {
                    delimiter.Append(c);
                }
            }

            if (delimiter.Length == 0 || rest.IndexOf('<') >= 0)
            {
                continue;
            }

            int? fileDescriptor = int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var fd) ? fd : null;
            yield return (delimiter.ToString(), stripTabs, delimiter.Length != rest.Length, fileDescriptor, word.Offset);
        }
    }

    /// <summary>Reads <c>--name[=value]</c> flags the way BuildKit does: quotes removed, <c>--</c> alone ends them.</summary>
    private static int ReadFlags(string text, int position, List<InstructionFlag> flags)
    {
        while (true)
        {
            var start = SkipWhiteSpace(text, position);
            if (start + 1 >= text.Length || text[start] != '-' || text[start + 1] != '-')
            {
                return start;
            }

            var word = new StringBuilder();
            var quote = '\0';
            var end = start;
            for (; end < text.Length && (quote != '\0' || !char.IsWhiteSpace(text[end])); end++)
            {
                var c = text[end];
                if (quote == '\0' && c is '\'' or '"')
                {
                    quote = c;
                }
                else if (c == quote)
                {
                    quote = '\0';
                }
                else if (c == '\\' && end + 1 < text.Length)
                {
                    word.Append(text[++end]);
                }
                else
                {
                    word.Append(c);
                }
            }

            if (word.Length == 2)
            {
                return SkipWhiteSpace(text, end);
            }

            var body = word.ToString(2, word.Length - 2);
            var equals = body.IndexOf('=');
            flags.Add(equals < 0
                ? new InstructionFlag(body, null, start, end - start)
                : new InstructionFlag(body.Substring(0, equals), body.Substring(equals + 1), start, end - start));
            position = end;
        }
    }

    private static List<InstructionWord> SplitWords(string text, int position, char escape)
    {
        var words = new List<InstructionWord>();
        while ((position = SkipWhiteSpace(text, position)) < text.Length)
        {
            var start = position;
            var quote = '\0';
            for (; position < text.Length && (quote != '\0' || !char.IsWhiteSpace(text[position])); position++)
            {
                var c = text[position];
                if (c == escape && quote != '\'')
                {
                    position++;
                }
                else if (quote == '\0' && c is '\'' or '"')
                {
                    quote = c;
                }
                else if (c == quote)
                {
                    quote = '\0';
                }
            }

            position = Math.Min(position, text.Length);
            words.Add(new InstructionWord(text.Substring(start, position - start), start));
        }

        return words;
    }

    private static int SkipWhiteSpace(string text, int position)
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }

        return position;
    }
}
