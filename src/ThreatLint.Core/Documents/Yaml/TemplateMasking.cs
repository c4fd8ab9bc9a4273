namespace ThreatLint.Documents.Yaml;

/// <summary>
/// Masks Helm/Go and Jinja template actions so that chart templates parse as YAML, keeping every offset: a line
/// that holds only actions (<c>{{- if .Values.x }}</c>, <c>{% for %}</c>) becomes blank, and an action inside a
/// value becomes a placeholder <c>${____}</c> of the same length, which rules read as "not a literal".
/// GitHub Actions expressions (<c>${{ … }}</c>) are YAML already and left alone.
/// </summary>
internal static class TemplateMasking
{
    /// <summary>The masked text, or null when the file has no template action.</summary>
    public static string? Mask(string text)
    {
        if (!HasAction(text))
        {
            return null;
        }

        var chars = text.ToCharArray();
        var lineStart = 0;
        while (lineStart < chars.Length)
        {
            var lineEnd = text.IndexOf('\n', lineStart);
            lineEnd = lineEnd < 0 ? chars.Length : lineEnd;
            MaskLine(text, chars, lineStart, lineEnd);
            lineStart = lineEnd + 1;
        }

        return new string(chars);
    }

    private static bool HasAction(string text)
    {
        for (var i = text.IndexOf('{'); i >= 0 && i + 1 < text.Length; i = text.IndexOf('{', i + 1))
        {
            if ((text[i + 1] == '{' && (i == 0 || text[i - 1] != '$')) || text[i + 1] == '%')
            {
                return true;
            }
        }

        return false;
    }

    private static void MaskLine(string text, char[] chars, int start, int end)
    {
        var onlyActions = true;
        var masked = false;
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            if (c is ' ' or '\t' or '\r')
            {
                continue;
            }

            var close = ActionEnd(text, i, end);
            if (close < 0)
            {
                onlyActions = false;
                continue;
            }

            masked = true;
            chars[i] = '$';
            chars[i + 1] = '{';
            for (var k = i + 2; k < close - 1; k++)
            {
                chars[k] = '_';
            }

            chars[close - 1] = '}';
            i = close - 1;
        }

        if (masked && onlyActions)
        {
            for (var i = start; i < end; i++)
            {
                if (chars[i] != '\r')
                {
                    chars[i] = ' ';
                }
            }
        }
    }

    /// <summary>The offset just past the action that starts at <paramref name="i"/> on this line, or -1.</summary>
    private static int ActionEnd(string text, int i, int end)
    {
        if (i + 1 >= end || text[i] != '{' || (text[i + 1] != '{' && text[i + 1] != '%' && text[i + 1] != '#') || (i > 0 && text[i - 1] == '$'))
        {
            return -1;
        }

        var closer = text[i + 1] switch
        {
            '{' => "}}",
            '%' => "%}",
            _ => "#}",
        };
        var close = text.IndexOf(closer, i + 2, end - i - 2, StringComparison.Ordinal);
        return close < 0 ? -1 : close + 2;
    }
}
