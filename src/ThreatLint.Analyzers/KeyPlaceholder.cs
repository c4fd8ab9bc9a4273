namespace ThreatLint.Analyzers;

/// <summary>
/// Tells a value that only stands in for a key (<c>"&lt;your-key&gt;"</c>, <c>"YOUR_API_KEY"</c>, <c>"${OPENAI_API_KEY}"</c>)
/// from one that may be real. Real keys are long random tokens: no spaces, no template syntax, no words, no runs.
/// </summary>
internal static class KeyPlaceholder
{
    private const int MinimumKeyLength = 8;

    private static readonly string[] Words =
    [
        "your", "changeme", "change-me", "change_me", "placeholder", "replace", "insert", "example", "sample",
        "dummy", "fake", "test", "redacted", "todo", "xxx", "***", "...",
    ];

    public static bool IsPlaceholder(string value)
    {
        value = value.Trim();
        if (value.Length < MinimumKeyLength)
        {
            return true;
        }

        foreach (var c in value)
        {
            // Whitespace: prose. Brackets, braces, $ and %: templates such as <key>, {{key}}, ${KEY}, %KEY%.
            if (char.IsWhiteSpace(c) || c is '<' or '>' or '{' or '}' or '$' or '%')
            {
                return true;
            }
        }

        foreach (var word in Words)
        {
            if (value.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return IsVariableName(value);
    }

    /// <summary>An environment variable's name (<c>OPENAI_API_KEY</c>) passed where its value belongs.</summary>
    private static bool IsVariableName(string value)
    {
        var hasUnderscore = false;
        foreach (var c in value)
        {
            if (c == '_')
            {
                hasUnderscore = true;
            }
            else if (c is not ((>= 'A' and <= 'Z') or (>= '0' and <= '9')))
            {
                return false;
            }
        }

        return hasUnderscore;
    }
}
