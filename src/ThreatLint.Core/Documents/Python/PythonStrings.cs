using System.Globalization;
using System.Text;

namespace ThreatLint.Documents.Python;

/// <summary>The value of a Python string literal as the interpreter would build it.</summary>
internal static class PythonStrings
{
    /// <summary>
    /// The content of the string token at <c>source[offset..offset+length)</c> without prefix and quotes, escapes
    /// resolved unless it is raw. An f-string's content is returned as written, <c>{…}</c> fields included.
    /// </summary>
    public static string Value(string source, int offset, int length, PythonStringFlags flags)
    {
        var end = offset + length;
        var quote = offset;
        while (quote < end && source[quote] is not ('"' or '\''))
        {
            quote++;
        }

        if (quote >= end)
        {
            return string.Empty;
        }

        var quotes = (flags & PythonStringFlags.TripleQuoted) != 0 ? 3 : 1;
        var start = Math.Min(quote + quotes, end);
        var stop = (flags & PythonStringFlags.Unterminated) != 0 ? end : Math.Max(start, end - quotes);
        if ((flags & (PythonStringFlags.Raw | PythonStringFlags.Formatted | PythonStringFlags.Template)) != 0 || source.IndexOf('\\', start, stop - start) < 0)
        {
            return source.Substring(start, stop - start);
        }

        return Unescape(source, start, stop, bytes: (flags & PythonStringFlags.Bytes) != 0);
    }

    private static string Unescape(string source, int start, int stop, bool bytes)
    {
        var sb = new StringBuilder(stop - start);
        for (var i = start; i < stop; i++)
        {
            var c = source[i];
            if (c != '\\' || i + 1 >= stop)
            {
                sb.Append(c);
                continue;
            }

            var next = source[++i];
            switch (next)
            {
                case '\n':
                    break;
                case '\r':
                    if (i + 1 < stop && source[i + 1] == '\n')
                    {
                        i++;
                    }

                    break;
                case '\\' or '\'' or '"':
                    sb.Append(next);
                    break;
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'v': sb.Append('\v'); break;
                case 'x':
                    i = AppendCode(sb, source, i + 1, stop, 2, 16, i - 1);
                    break;
                case 'u' when !bytes:
                    i = AppendCode(sb, source, i + 1, stop, 4, 16, i - 1);
                    break;
                case 'U' when !bytes:
                    i = AppendCode(sb, source, i + 1, stop, 8, 16, i - 1);
                    break;
                case >= '0' and <= '7':
                    i = AppendCode(sb, source, i, stop, 3, 8, i - 1);
                    break;
                default:
                    // Unknown escapes (and \N{…}) stay as written, as Python keeps them.
                    sb.Append('\\').Append(next);
                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>Appends the character of a numeric escape; returns the index of its last digit.</summary>
    private static int AppendCode(StringBuilder sb, string source, int first, int stop, int maxDigits, int radix, int backslash)
    {
        var value = 0;
        var count = 0;
        while (count < maxDigits && first + count < stop && Digit(source[first + count], radix) is { } digit)
        {
            value = (value * radix) + digit;
            count++;
        }

        if (count == 0 || (radix == 16 && count < maxDigits))
        {
            // A malformed escape: keep the text.
            sb.Append(source, backslash, first + count - backslash);
            return first + count - 1;
        }

        sb.Append(value <= 0xFFFF ? ((char)value).ToString() : value <= 0x10FFFF ? char.ConvertFromUtf32(value) : "\uFFFD");
        return first + count - 1;
    }

    private static int? Digit(char c, int radix)
    {
        var value = c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'a' and <= 'f' => c - 'a' + 10,
            >= 'A' and <= 'F' => c - 'A' + 10,
            _ => 99,
        };
        return value < radix ? value : null;
    }

    /// <summary>True for a 40-hex git commit (what the Hugging Face Hub and GitHub call a revision sha).</summary>
    public static bool IsCommitSha(string? value) =>
        value is { Length: 40 } && value.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f') or (>= 'A' and <= 'F'));

    public static string Quote(string value) => "\"" + value.Replace("\"", "\\\"") + "\"";

    internal static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
