using System.Text;

namespace ThreatLint.Documents.Pickle;

/// <summary>The text decodings of pickle opcodes: protocol 0 reprs and raw-unicode-escape lines, Latin-1 bytes.</summary>
internal static class PickleText
{
    private static readonly Encoding Utf8Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Python's <c>codecs.escape_decode</c>, read as Latin-1.</summary>
    public static string EscapeDecode(byte[] bytes, int start, int end)
    {
        var sb = new StringBuilder(end - start);
        for (var i = start; i < end; i++)
        {
            var c = (char)bytes[i];
            if (c != '\\' || i + 1 >= end)
            {
                sb.Append(c);
                continue;
            }

            var e = (char)bytes[++i];
            switch (e)
            {
                case '\n':
                    break;
                case 'a':
                    sb.Append('\a');
                    break;
                case 'b':
                    sb.Append('\b');
                    break;
                case 'f':
                    sb.Append('\f');
                    break;
                case 'n':
                    sb.Append('\n');
                    break;
                case 'r':
                    sb.Append('\r');
                    break;
                case 't':
                    sb.Append('\t');
                    break;
                case 'v':
                    sb.Append('\v');
                    break;
                case 'x' when i + 2 < end && IsHex(bytes[i + 1]) && IsHex(bytes[i + 2]):
                    sb.Append((char)((Hex(bytes[i + 1]) << 4) | Hex(bytes[i + 2])));
                    i += 2;
                    break;
                case >= '0' and <= '7':
                    var octal = e - '0';
                    for (var k = 0; k < 2 && i + 1 < end && bytes[i + 1] is >= (byte)'0' and <= (byte)'7'; k++)
                    {
                        octal = (octal * 8) + (bytes[++i] - '0');
                    }

                    sb.Append((char)(octal & 0xFF));
                    break;
                case '\\' or '\'' or '"':
                    sb.Append(e);
                    break;
                default:
                    sb.Append('\\').Append(e);
                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>Python's <c>raw_unicode_escape</c>: only \uXXXX and \UXXXXXXXX after an odd run of backslashes.</summary>
    public static string RawUnicodeEscape(byte[] bytes)
    {
        var sb = new StringBuilder(bytes.Length);
        var backslashes = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            var c = (char)bytes[i];
            if (backslashes % 2 == 1 && (c == 'u' || c == 'U'))
            {
                var width = c == 'u' ? 4 : 8;
                if (i + width < bytes.Length && Enumerable.Range(1, width).All(k => IsHex(bytes[i + k])))
                {
                    var code = 0;
                    for (var k = 1; k <= width; k++)
                    {
                        code = (code << 4) | Hex(bytes[i + k]);
                    }

                    sb.Length--;
                    sb.Append(code is >= 0 and <= 0x10FFFF ? char.ConvertFromUtf32(code is >= 0xD800 and <= 0xDFFF ? 0xFFFD : code) : "\uFFFD");
                    i += width;
                    backslashes = 0;
                    continue;
                }
            }

            backslashes = c == '\\' ? backslashes + 1 : 0;
            sb.Append(c);
        }

        return sb.ToString();
    }

    private static bool IsHex(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';

    private static int Hex(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;

    public static string Utf8(byte[] bytes) => Utf8Encoding.GetString(bytes);

    public static string Latin1(byte[] bytes)
    {
        var chars = new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[i] = (char)bytes[i];
        }

        return new string(chars);
    }

    public static byte[] Latin1Bytes(string text)
    {
        var bytes = new byte[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            bytes[i] = text[i] <= 0xFF ? (byte)text[i] : (byte)'?';
        }

        return bytes;
    }
}
