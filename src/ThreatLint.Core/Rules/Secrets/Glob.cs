namespace ThreatLint.Rules.Secrets;

/// <summary>
/// Matches one path segment against a Dockerfile/shell glob: <c>*</c>, <c>?</c> and classes (<c>[ab]</c>,
/// <c>[a-z]</c>, <c>[!a]</c>, <c>[^a]</c>), case-insensitively. Greedy with one backtrack point, so linear in practice.
/// </summary>
internal static class Glob
{
    public static bool IsMatch(string pattern, string name)
    {
        int p = 0, n = 0, starP = -1, starN = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                starP = p++;
                starN = n;
            }
            else if (p < pattern.Length && MatchOne(pattern, ref p, name[n]))
            {
                n++;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                n = ++starN;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <summary>Matches one character at <paramref name="p"/>; on success moves past the pattern element.</summary>
    private static bool MatchOne(string pattern, ref int p, char c)
    {
        if (pattern[p] == '?')
        {
            p++;
            return true;
        }

        if (pattern[p] == '[' && pattern.IndexOf(']', p + 2) is var close and > 0)
        {
            var i = p + 1;
            var negate = pattern[i] is '!' or '^';
            if (negate)
            {
                i++;
            }

            var found = false;
            for (; i < close; i++)
            {
                if (i + 2 < close && pattern[i + 1] == '-')
                {
                    found |= InRange(c, pattern[i], pattern[i + 2]);
                    i += 2;
                }
                else
                {
                    found |= char.ToLowerInvariant(pattern[i]) == char.ToLowerInvariant(c);
                }
            }

            if (found == negate)
            {
                return false;
            }

            p = close + 1;
            return true;
        }

        if (char.ToLowerInvariant(pattern[p]) != char.ToLowerInvariant(c))
        {
            return false;
        }

        p++;
        return true;
    }

    private static bool InRange(char c, char low, char high) =>
        (c >= low && c <= high) || (char.ToLowerInvariant(c) >= char.ToLowerInvariant(low) && char.ToLowerInvariant(c) <= char.ToLowerInvariant(high));
}
