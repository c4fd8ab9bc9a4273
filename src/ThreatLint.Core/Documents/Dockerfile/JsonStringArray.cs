using System.Globalization;
using System.Text;

namespace ThreatLint.Documents.Dockerfile;

/// <summary>The exec form of an instruction: a JSON array of strings, <c>["python", "-m", "server"]</c>.</summary>
internal static class JsonStringArray
{
    /// <summary>The strings, or null when the text is not exactly one JSON array of strings.</summary>
    public static IReadOnlyList<string>? TryParse(string text)
    {
        var position = SkipWhiteSpace(text, 0);
        if (position >= text.Length || text[position] != '[')
        {
            return null;
        }

        var items = new List<string>();
        position = SkipWhiteSpace(text, position + 1);
        if (position < text.Length && text[position] == ']')
        {
            return SkipWhiteSpace(text, position + 1) == text.Length ? items : null;
        }

        while (true)
        {
            if (ReadString(text, ref position) is not { } item)
            {
                return null;
            }

            items.Add(item);
            position = SkipWhiteSpace(text, position);
            if (position >= text.Length)
            {
                return null;
            }

            if (text[position] == ']')
            {
                return SkipWhiteSpace(text, position + 1) == text.Length ? items : null;
            }

            if (text[position] != ',')
            {
                return null;
            }

            position = SkipWhiteSpace(text, position + 1);
        }
    }

    private static string? ReadString(string text, ref int position)
    {
        if (position >= text.Length || text[position] != '"')
        {
            return null;
        }

        var builder = new StringBuilder();
        for (position++; position < text.Length; position++)
        {
            var c = text[position];
            if (c == '"')
            {
                position++;
                return builder.ToString();
            }

            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }

            if (++position >= text.Length)
            {
                return null;
            }

            switch (text[position])
            {
                case '"' or '\\' or '/':
                    builder.Append(text[position]);
                    break;
                case 'b':
                    builder.Append('\b');
                    break;
                case 'f':
                    builder.Append('\f');
                    break;
                case 'n':
                    builder.Append('\n');
                    break;
                case 'r':
                    builder.Append('\r');
                    break;
                case 't':
                    builder.Append('\t');
                    break;
                case 'u' when position + 4 < text.Length
                    && ushort.TryParse(text.Substring(position + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                    builder.Append((char)code);
                    position += 4;
                    break;
                default:
                    return null;
            }
        }

        return null;
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
