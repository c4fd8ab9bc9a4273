using ThreatLint.Findings;

namespace ThreatLint.Documents.EnvFile;

/// <summary>One <c>NAME=value</c> line; <see cref="Value"/> is unquoted, <see cref="ValueOffset"/> is where its text starts.</summary>
public sealed record EnvEntry(string Name, string Value, int Line, int NameColumn, int ValueOffset);

/// <summary>A <c>#</c> comment and where its text starts.</summary>
public sealed record EnvComment(string Text, int Line, int Offset);

/// <summary>
/// A dotenv file (<c>.env</c>, <c>.env.production</c>, <c>app.env</c>) as docker compose, python-dotenv and the shell
/// read it: <c>NAME=value</c> lines with an optional <c>export</c>, single or double quotes, inline <c>#</c> comments
/// after unquoted values, and comment lines. Lines that are none of these are ignored, as the loaders do.
/// </summary>
public sealed class EnvFileDocument
{
    private readonly TextLines _lines;

    private EnvFileDocument(string text, IReadOnlyList<EnvEntry> entries, IReadOnlyList<EnvComment> comments)
    {
        Text = text;
        Entries = entries;
        Comments = comments;
        _lines = new TextLines(text);
    }

    public string Text { get; }

    public IReadOnlyList<EnvEntry> Entries { get; }

    public IReadOnlyList<EnvComment> Comments { get; }

    public static EnvFileDocument Parse(string text)
    {
        var entries = new List<EnvEntry>();
        var comments = new List<EnvComment>();
        // Lines end as TextLines ends them (\r\n, \n, a lone \r), so entry lines and spans agree.
        var (start, line) = (0, 1);
        while (start <= text.Length)
        {
            var end = text.IndexOfAny(['\r', '\n'], start);
            end = end < 0 ? text.Length : end;
            ReadLine(text, start, end, line++, entries, comments);
            start = end + (end + 1 < text.Length && text[end] == '\r' && text[end + 1] == '\n' ? 2 : 1);
        }

        return new EnvFileDocument(text, entries, comments);
    }

    /// <summary>The span of <paramref name="length"/> characters at a text offset.</summary>
    public SourceSpan SpanOf(int offset, int length)
    {
        var (line, column) = _lines.PositionOf(offset);
        return SourceSpan.At(line, column, length);
    }

    private static void ReadLine(string text, int start, int end, int line, List<EnvEntry> entries, List<EnvComment> comments)
    {
        var i = SkipBlanks(text, start, end);
        if (i >= end)
        {
            return;
        }

        if (text[i] == '#')
        {
            comments.Add(new EnvComment(text.Substring(i + 1, end - i - 1), line, i + 1));
            return;
        }

        if (string.CompareOrdinal(text, i, "export ", 0, 7) == 0)
        {
            i = SkipBlanks(text, i + 7, end);
        }

        var nameStart = i;
        while (i < end && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '.' or '-'))
        {
            i++;
        }

        var name = text.Substring(nameStart, i - nameStart);
        i = SkipBlanks(text, i, end);
        if (name.Length == 0 || i >= end || text[i] is not ('=' or ':'))
        {
            return;
        }

        i = SkipBlanks(text, i + 1, end);
        var (value, valueOffset, commentOffset) = ReadValue(text, i, end);
        entries.Add(new EnvEntry(name, value, line, nameStart - start + 1, valueOffset));
        if (commentOffset >= 0)
        {
            comments.Add(new EnvComment(text.Substring(commentOffset, end - commentOffset), line, commentOffset));
        }
    }

    /// <summary>The value, where its text starts, and where an inline comment after it starts (-1 when none).</summary>
    private static (string Value, int Offset, int Comment) ReadValue(string text, int i, int end)
    {
        if (i < end && text[i] is '"' or '\'')
        {
            var close = text.IndexOf(text[i], i + 1, end - i - 1);
            close = close < 0 ? end : close;
            var hash = close < end ? text.IndexOf('#', close, end - close) : -1;
            return (text.Substring(i + 1, close - i - 1), i + 1, hash < 0 ? -1 : hash + 1);
        }

        // Unquoted: an inline comment starts at a '#' after whitespace.
        var stop = end;
        for (var k = i; k < end; k++)
        {
            if (text[k] == '#' && k > i && text[k - 1] is ' ' or '\t')
            {
                stop = k;
                break;
            }
        }

        return (text.Substring(i, stop - i).TrimEnd(), i, stop < end ? stop + 1 : -1);
    }

    private static int SkipBlanks(string text, int i, int end)
    {
        while (i < end && text[i] is ' ' or '\t')
        {
            i++;
        }

        return i;
    }
}
