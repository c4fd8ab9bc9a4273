namespace ThreatLint.Documents.Yaml;

/// <summary>
/// Maps each character of a scalar's value back to its offset in the file: one to one in literal blocks and
/// single-line scalars; where the loader folded lines, decoded escapes or doubled quotes, the nearest source character.
/// </summary>
internal static class ScalarSourceMap
{
    public static int[] Build(YamlScalar scalar)
    {
        // The masked text: a scalar's value holds the placeholders, not the template actions they stand for.
        var text = scalar.Source.ParsedText;
        var value = scalar.Value;
        var map = new int[value.Length + 1];
        var end = Math.Min(scalar.EndOffset, text.Length);
        var block = scalar.Style is YamlScalarStyle.Literal or YamlScalarStyle.Folded;
        var j = scalar.Offset;
        var indent = 0;
        if (block)
        {
            // Skip the header line (`|`, `>-`, `|2 # comment`), then find the block's indentation.
            while (j < end && text[j] != '\n')
            {
                j++;
            }

            j = Math.Min(j + 1, end);
            indent = BlockIndent(text, j, end);
            j = SkipIndent(text, j, end, indent);
        }
        else if (scalar.Style is YamlScalarStyle.SingleQuoted or YamlScalarStyle.DoubleQuoted)
        {
            j++;
        }

        var i = 0;
        while (i < value.Length)
        {
            map[i] = Math.Min(j, Math.Max(end - 1, scalar.Offset));
            if (j >= end)
            {
                i++;
                continue;
            }

            var c = text[j];
            if (c == value[i])
            {
                i++;
                j++;
                if (block && c == '\n')
                {
                    j = SkipIndent(text, j, end, indent);
                }
            }
            else if (c == '\r')
            {
                j++;
            }
            else if (c == '\n')
            {
                // A folded line break: the value has a space (or nothing) where the file breaks the line.
                j = block ? SkipIndent(text, j + 1, end, indent) : SkipWhitespace(text, j + 1, end);
                if (value[i] is ' ' or '\n')
                {
                    i++;
                }
            }
            else if (c == '\\' && scalar.Style == YamlScalarStyle.DoubleQuoted)
            {
                j += EscapeLength(text, j, end);
                i++;
            }
            else if (c == '\'' && scalar.Style == YamlScalarStyle.SingleQuoted && j + 1 < end && text[j + 1] == '\'')
            {
                j += 2;
                i++;
            }
            else
            {
                j++;
            }
        }

        map[value.Length] = Math.Min(j, end);
        return map;
    }

    private static int BlockIndent(string text, int start, int end)
    {
        var j = start;
        while (j < end)
        {
            var k = j;
            while (k < end && text[k] == ' ')
            {
                k++;
            }

            if (k < end && text[k] is not '\n' and not '\r')
            {
                return k - j;
            }

            j = k + 1;
            while (j < end && text[j - 1] != '\n')
            {
                j++;
            }
        }

        return 0;
    }

    private static int SkipIndent(string text, int j, int end, int indent)
    {
        for (var n = 0; n < indent && j < end && text[j] == ' '; n++)
        {
            j++;
        }

        return j;
    }

    private static int SkipWhitespace(string text, int j, int end)
    {
        while (j < end && text[j] is ' ' or '\t')
        {
            j++;
        }

        return j;
    }

    private static int EscapeLength(string text, int j, int end)
    {
        var length = j + 1 < end ? text[j + 1] switch
        {
            'x' => 4,
            'u' => 6,
            'U' => 10,
            _ => 2,
        }
        : 1;
        return Math.Min(length, end - j);
    }
}
