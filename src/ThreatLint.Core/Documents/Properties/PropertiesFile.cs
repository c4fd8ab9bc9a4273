using System.Globalization;
using System.Text;
using ThreatLint.Findings;

namespace ThreatLint.Documents.Properties;

/// <summary>One <c>key=value</c> entry with the positions of its key and of its value's first character.</summary>
public sealed record PropertyEntry(string Key, string Value, SourceSpan KeySpan, SourceSpan ValueSpan)
{
    public int Line => KeySpan.Line;
}

/// <summary>
/// A Java properties file (TorchServe's <c>config.properties</c> is one) read as <c>java.util.Properties.load</c>
/// reads it: <c>#</c> and <c>!</c> comments, <c>=</c>, <c>:</c> or white space between key and value, lines continued
/// by an odd number of trailing backslashes, and escapes (<c>\t</c>, <c>\n</c>, <c>\uXXXX</c>, <c>\=</c>…). Entries keep
/// their positions; the last of duplicate keys wins, as in Java.
/// </summary>
public sealed class PropertiesFile
{
    /// <summary>At most this many entries are read.</summary>
    public const int MaxEntries = 100_000;

    private PropertiesFile(IReadOnlyList<PropertyEntry> entries, bool isTruncated)
    {
        Entries = entries;
        IsTruncated = isTruncated;
    }

    /// <summary>Every entry in file order (duplicates included).</summary>
    public IReadOnlyList<PropertyEntry> Entries { get; }

    /// <summary>True when <see cref="MaxEntries"/> was reached.</summary>
    public bool IsTruncated { get; }

    /// <summary>The entry that is in effect for <paramref name="key"/> (the last one), or null.</summary>
    public PropertyEntry? Get(string key)
    {
        for (var i = Entries.Count - 1; i >= 0; i--)
        {
            if (Entries[i].Key == key)
            {
                return Entries[i];
            }
        }

        return null;
    }

    public static PropertiesFile Parse(string text)
    {
        var entries = new List<PropertyEntry>();
        var line = 1;
        var i = 0;
        while (i < text.Length)
        {
            if (entries.Count >= MaxEntries)
            {
                return new PropertiesFile(entries, isTruncated: true);
            }

            // Leading white space of a natural line.
            var lineStart = i;
            while (i < text.Length && text[i] is ' ' or '\t' or '\f')
            {
                i++;
            }

            if (i >= text.Length)
            {
                break;
            }

            if (text[i] is '\r' or '\n')
            {
                i = SkipNewline(text, i);
                line++;
                continue;
            }

            if (text[i] is '#' or '!')
            {
                while (i < text.Length && text[i] is not ('\r' or '\n'))
                {
                    i++;
                }

                continue;
            }

            var keyLine = line;
            var keyColumn = i - lineStart + 1;
            var key = new StringBuilder();
            var value = new StringBuilder();
            var inValue = false;
            var valueLine = line;
            var valueColumn = -1;
            var currentLineStart = lineStart;
            while (i < text.Length && text[i] is not ('\r' or '\n'))
            {
                var c = text[i];
                if (!inValue)
                {
                    if (c is '=' or ':' or ' ' or '\t' or '\f')
                    {
                        // Separator: white space, then at most one '=' or ':', then white space.
                        var separatorSeen = c is '=' or ':';
                        i++;
                        i = SkipBlanks(text, i);
                        if (!separatorSeen && i < text.Length && text[i] is '=' or ':')
                        {
                            i = SkipBlanks(text, i + 1);
                        }

                        inValue = true;
                        continue;
                    }
                }

                if (inValue && valueColumn < 0)
                {
                    valueLine = line;
                    valueColumn = i - currentLineStart + 1;
                }

                var target = inValue ? value : key;
                if (c == '\\')
                {
                    if (i + 1 >= text.Length)
                    {
                        i++;
                        break;
                    }

                    var next = text[i + 1];
                    if (next is '\r' or '\n')
                    {
                        // Continuation: the next line's leading white space is dropped.
                        i = SkipNewline(text, i + 1);
                        line++;
                        currentLineStart = i;
                        while (i < text.Length && text[i] is ' ' or '\t' or '\f')
                        {
                            i++;
                        }

                        continue;
                    }

                    i += 2;
                    switch (next)
                    {
                        case 't': target.Append('\t'); break;
                        case 'n': target.Append('\n'); break;
                        case 'r': target.Append('\r'); break;
                        case 'f': target.Append('\f'); break;
                        case 'u' when i + 4 <= text.Length && int.TryParse(text.Substring(i, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code):
                            target.Append((char)code);
                            i += 4;
                            break;
                        default: target.Append(next); break;
                    }

                    continue;
                }

                target.Append(c);
                i++;
            }

            var keyText = key.ToString();
            var valueSpan = valueColumn < 0
                ? SourceSpan.At(keyLine, keyColumn + keyText.Length, 0)
                : SourceSpan.At(valueLine, valueColumn, value.Length);
            entries.Add(new PropertyEntry(keyText, value.ToString(), SourceSpan.At(keyLine, keyColumn, keyText.Length), valueSpan));
        }

        return new PropertiesFile(entries, isTruncated: false);
    }

    private static int SkipBlanks(string text, int i)
    {
        while (i < text.Length && text[i] is ' ' or '\t' or '\f')
        {
            i++;
        }

        return i;
    }

    private static int SkipNewline(string text, int i) =>
        text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? i + 2 : i + 1;
}
