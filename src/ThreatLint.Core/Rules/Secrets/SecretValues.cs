using System.Security.Cryptography;
using System.Text;

namespace ThreatLint.Rules.Secrets;

/// <summary>
/// Tells a literal that may be a real secret from one that only stands in for it, and turns a secret into evidence
/// that identifies it without revealing it. Shared by every rule that judges secret values (TL2010, TL4005, and the
/// YAML and pipeline rules), so that "placeholder" means the same everywhere.
/// </summary>
/// <remarks>
/// Real secrets are long random tokens: no white space, no template syntax, no words such as "your" or "example",
/// no long runs of one character or of consecutive characters (<c>xxxxxxxx</c>, <c>12345678</c>). A value shorter
/// than <see cref="MinimumLength"/> is too weak to be worth reporting as a leak, and too likely to be a flag.
/// </remarks>
public static class SecretValues
{
    /// <summary>Shorter values are treated as placeholders.</summary>
    public const int MinimumLength = 8;

    private const int MaxRun = 6;

    /// <summary>Words that mark a value as an example. Compared case-insensitively, as substrings.</summary>
    private static readonly string[] PlaceholderWords =
    [
        "your", "changeme", "change-me", "change_me", "placeholder", "replace", "insert", "example", "sample", "dummy",
        "fake", "redacted", "todo", "xxx", "***", "...", "secret_here", "key_here", "token_here",
    ];

    /// <summary>Whole values that are not secrets whatever the name says.</summary>
    private static readonly HashSet<string> NonSecretValues = new(StringComparer.OrdinalIgnoreCase)
    {
        "none", "null", "nil", "undefined", "true", "false", "yes", "no", "on", "off", "disabled", "enabled", "unset",
        "password", "secret", "token", "changeit", "default", "empty", "notset", "not-set", "not_set", "test", "testing",
    };

    /// <summary>
    /// True when <paramref name="value"/> cannot be a real secret: empty or short, a reference (<c>$HF_TOKEN</c>,
    /// <c>${HF_TOKEN}</c>, <c>{{ secrets.X }}</c>, <c>%KEY%</c>, <c>&lt;YOUR_TOKEN&gt;</c>), prose, an example word, a
    /// variable name, a path, a boolean-like word, or a value with a long run of one character or of consecutive
    /// characters.
    /// </summary>
    public static bool IsPlaceholder(string? value)
    {
        value = value?.Trim().Trim('"', '\'') ?? string.Empty;
        if (value.Length < MinimumLength || NonSecretValues.Contains(value))
        {
            return true;
        }

        foreach (var c in value)
        {
            // White space: prose. Brackets, braces, $ and %: templates and references.
            if (char.IsWhiteSpace(c) || c is '<' or '>' or '{' or '}' or '$' or '%')
            {
                return true;
            }
        }

        foreach (var word in PlaceholderWords)
        {
            if (value.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return IsVariableName(value) || IsPath(value) || HasLongRun(value);
    }

    /// <summary>
    /// Evidence for a fingerprint: what the secret is and where it is named, plus a SHA-256 of the value, so that
    /// a rotated secret is a new finding while the value itself never reaches a fingerprint input.
    /// </summary>
    public static string Evidence(string what, string name, string value) => what + " " + name + " sha256:" + Hash(value);

    /// <summary>The first 16 hex digits of the value's SHA-256.</summary>
    public static string Hash(string value)
    {
        using var sha = SHA256.Create();
        var bytes = sha.ComputeHash(Encoding.UTF8.GetBytes(value));
        var builder = new StringBuilder(16);
        for (var i = 0; i < 8; i++)
        {
            builder.Append(bytes[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    /// <summary>
    /// Finds a password in the user-info of a URL (<c>https://user:password@host/…</c>), as private package indexes
    /// and tracking servers are often configured. Returns the password's range in <paramref name="text"/>, or null
    /// when there is none or it is a placeholder (<c>https://__token__:${PYPI_TOKEN}@…</c>).
    /// </summary>
    public static (int Start, int Length)? FindUrlPassword(string text)
    {
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme <= 0)
        {
            return null;
        }

        var authorityStart = scheme + 3;
        var authorityEnd = authorityStart;
        while (authorityEnd < text.Length && text[authorityEnd] is not ('/' or '?' or '#') && !char.IsWhiteSpace(text[authorityEnd]))
        {
            authorityEnd++;
        }

        var at = text.LastIndexOf('@', authorityEnd - 1, authorityEnd - authorityStart);
        if (at < 0)
        {
            return null;
        }

        var colon = text.IndexOf(':', authorityStart, at - authorityStart);
        if (colon < 0)
        {
            return null;
        }

        var password = text.Substring(colon + 1, at - colon - 1);
        return IsPlaceholder(Uri.UnescapeDataString(password)) ? null : (colon + 1, password.Length);
    }

    /// <summary>An environment variable's name (<c>HF_TOKEN</c>) written where its value belongs.</summary>
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

    /// <summary>A file path (<c>/run/secrets/hf_token</c>, <c>./keys/sa.json</c>, <c>~/.netrc</c>, <c>C:\keys</c>): where a secret is, not the secret.</summary>
    private static bool IsPath(string value) =>
        value.StartsWith("./", StringComparison.Ordinal)
        || value.StartsWith("../", StringComparison.Ordinal)
        || value.StartsWith("~/", StringComparison.Ordinal)
        || (value[0] == '/' && value.IndexOf('/', 1) > 0 && value.All(c => char.IsLetterOrDigit(c) || c is '/' or '.' or '_' or '-'))
        || (value.Length > 2 && char.IsLetter(value[0]) && value[1] == ':' && value[2] is '\\' or '/');

    /// <summary>
    /// A run of <see cref="MaxRun"/> equal characters (<c>xxxxxx</c>, <c>000000</c>) or of consecutive ones
    /// (<c>abcdef</c>, <c>123456</c>, <c>654321</c>): typed by a person, not drawn at random.
    /// </summary>
    private static bool HasLongRun(string value)
    {
        int same = 1, up = 1, down = 1;
        for (var i = 1; i < value.Length; i++)
        {
            var delta = char.ToLowerInvariant(value[i]) - char.ToLowerInvariant(value[i - 1]);
            same = delta == 0 ? same + 1 : 1;
            up = delta == 1 && char.IsLetterOrDigit(value[i]) ? up + 1 : 1;
            down = delta == -1 && char.IsLetterOrDigit(value[i]) ? down + 1 : 1;
            if (same >= MaxRun || up >= MaxRun || down >= MaxRun)
            {
                return true;
            }
        }

        return false;
    }
}
