using System.Text;

namespace ThreatLint.Documents.Artifacts;

/// <summary>
/// The header of a NumPy .npy file: <c>\x93NUMPY</c>, version, header length, then a Python dict literal such as
/// <c>{'descr': '|O', 'fortran_order': False, 'shape': (3,), }</c>. Only the question that matters here is answered:
/// does the array hold Python objects, in which case a pickle follows the header.
/// </summary>
internal sealed class NpyHeader
{
    /// <summary>NumPy itself refuses headers over 10,000 bytes by default; this is generous and still bounded.</summary>
    private const int MaxHeaderBytes = 1024 * 1024;

    private NpyHeader(long dataOffset, string descr, bool hasObjects)
    {
        DataOffset = dataOffset;
        Descr = descr;
        HasObjects = hasObjects;
    }

    /// <summary>Where the array data (or the pickle) starts.</summary>
    public long DataOffset { get; }

    /// <summary>The <c>descr</c> value as written.</summary>
    public string Descr { get; }

    /// <summary>The dtype is <c>O</c> or a structured dtype with an <c>O</c> field: the data is a pickle.</summary>
    public bool HasObjects { get; }

    /// <summary>Reads the header from the stream's current position (the stream is left after the header).</summary>
    public static NpyHeader Read(Stream stream)
    {
        var prefix = ReadExactly(stream, 10);
        if (prefix[0] != 0x93 || Encoding.ASCII.GetString(prefix, 1, 5) != "NUMPY")
        {
            throw new InvalidDataException("not a NumPy .npy file (no \\x93NUMPY magic)");
        }

        int headerLength;
        long dataOffset;
        if (prefix[6] == 1)
        {
            headerLength = prefix[8] | (prefix[9] << 8);
            dataOffset = 10;
        }
        else if (prefix[6] is 2 or 3)
        {
            var more = ReadExactly(stream, 2);
            var length = (uint)(prefix[8] | (prefix[9] << 8) | (more[0] << 16) | (more[1] << 24));
            if (length > MaxHeaderBytes)
            {
                throw new ScanLimitException(FormattableString.Invariant($"the .npy header declares {length} bytes, more than the {MaxHeaderBytes} read"));
            }

            headerLength = (int)length;
            dataOffset = 12;
        }
        else
        {
            throw new InvalidDataException(FormattableString.Invariant($"unknown .npy format version {prefix[6]}.{prefix[7]}"));
        }

        var header = ReadExactly(stream, headerLength);
        var text = prefix[6] == 3 ? Encoding.UTF8.GetString(header) : Latin1(header);
        var descr = DescrValue(text) ?? throw new InvalidDataException("the .npy header has no 'descr' key");
        return new NpyHeader(dataOffset + headerLength, descr, QuotedStrings(descr).Any(IsObjectTypeCode));
    }

    /// <summary>The literal after <c>'descr':</c>: a quoted string or a bracketed list of field tuples.</summary>
    private static string? DescrValue(string header)
    {
        var key = header.IndexOf("'descr'", StringComparison.Ordinal);
        if (key < 0)
        {
            key = header.IndexOf("\"descr\"", StringComparison.Ordinal);
        }

        if (key < 0)
        {
            return null;
        }

        var i = header.IndexOf(':', key + 7);
        if (i < 0)
        {
            return null;
        }

        i++;
        while (i < header.Length && char.IsWhiteSpace(header[i]))
        {
            i++;
        }

        if (i >= header.Length)
        {
            return null;
        }

        var start = i;
        var depth = 0;
        char? quote = null;
        for (; i < header.Length; i++)
        {
            var c = header[i];
            if (quote is { } q)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == q)
                {
                    quote = null;
                    if (depth == 0)
                    {
                        return header.Substring(start, i - start + 1);
                    }
                }

                continue;
            }

            switch (c)
            {
                case '\'' or '"':
                    quote = c;
                    break;
                case '[' or '(':
                    depth++;
                    break;
                case ']' or ')':
                    if (--depth == 0)
                    {
                        return header.Substring(start, i - start + 1);
                    }

                    break;
                case ',' or '}' when depth == 0:
                    return header.Substring(start, i - start).Trim();
            }
        }

        return null;
    }

    private static IEnumerable<string> QuotedStrings(string literal)
    {
        for (var i = 0; i < literal.Length; i++)
        {
            if (literal[i] is not ('\'' or '"'))
            {
                continue;
            }

            var quote = literal[i];
            var end = literal.IndexOf(quote, i + 1);
            if (end < 0)
            {
                yield break;
            }

            yield return literal.Substring(i + 1, end - i - 1);
            i = end;
        }
    }

    /// <summary>A dtype string whose kind is O: <c>|O</c>, <c>O8</c>, <c>&lt;O</c>.</summary>
    private static bool IsObjectTypeCode(string code)
    {
        var kind = code.TrimStart('<', '>', '|', '=');
        return kind.Length > 0 && kind[0] == 'O' && kind.Skip(1).All(char.IsDigit);
    }

    private static byte[] ReadExactly(Stream stream, int count)
    {
        var buffer = new byte[count];
        var read = 0;
        while (read < count)
        {
            var n = stream.Read(buffer, read, count - read);
            if (n == 0)
            {
                throw new InvalidDataException("the .npy header is truncated");
            }

            read += n;
        }

        return buffer;
    }

    private static string Latin1(byte[] bytes)
    {
        var chars = new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[i] = (char)bytes[i];
        }

        return new string(chars);
    }
}
