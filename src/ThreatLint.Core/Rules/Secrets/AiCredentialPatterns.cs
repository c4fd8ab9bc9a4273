namespace ThreatLint.Rules.Secrets;

/// <summary>
/// AI-service credentials recognised by the format of their value, wherever they appear. One table, read by TL2010
/// for every document kind and by TL4005 to leave those values to TL2010.
/// </summary>
/// <remarks>
/// <para>
/// Decisions (conservative: a format is listed only when a random string is very unlikely to take it):
/// </para>
/// <list type="table">
/// <listheader><term>provider</term><description>format</description></listheader>
/// <item><term>Anthropic</term><description><c>sk-ant-</c> + 32–200 of <c>[A-Za-z0-9_-]</c> (real keys: <c>sk-ant-api03-…</c>, ~100)</description></item>
/// <item><term>OpenAI</term><description><c>sk-proj-</c>, <c>sk-svcacct-</c>, <c>sk-admin-</c> + 32–200 of <c>[A-Za-z0-9_-]</c>; legacy <c>sk-</c> + 32–64 of <c>[A-Za-z0-9]</c> (real: 48)</description></item>
/// <item><term>Hugging Face</term><description><c>hf_</c> + 34–64 of <c>[A-Za-z0-9]</c> (real: 34 letters)</description></item>
/// <item><term>Replicate</term><description><c>r8_</c> + 32–64 of <c>[A-Za-z0-9]</c> (real: 37)</description></item>
/// <item><term>Groq</term><description><c>gsk_</c> + 40–64 of <c>[A-Za-z0-9]</c> (real: 52)</description></item>
/// <item><term>Google (Gemini, AI Studio)</term><description><c>AIza</c> + exactly 35 of <c>[A-Za-z0-9_-]</c></description></item>
/// <item><term>NVIDIA (NIM, NGC)</term><description><c>nvapi-</c> + 40–100 of <c>[A-Za-z0-9_-]</c></description></item>
/// <item><term>Weights &amp; Biases</term><description>exactly 40 hex, only where the name mentions WANDB (<c>WANDB_API_KEY=</c>, <c>wandb login</c>)</description></item>
/// <item><term>Azure OpenAI</term><description>exactly 32 hex, only where the name mentions OPENAI</description></item>
/// <item><term>Cohere</term><description>exactly 40 of <c>[A-Za-z0-9]</c>, only where the name mentions COHERE</description></item>
/// <item><term>AWS</term><description>secret access key: exactly 40 of <c>[A-Za-z0-9/+]</c>, only where the name mentions SECRET_ACCESS_KEY. The access key id (<c>AKIA…</c>) is an identifier and is not reported on its own.</description></item>
/// <item><term>Google Cloud</term><description>a service-account JSON <c>"private_key": "-----BEGIN PRIVATE KEY-----…</c> with a key body</description></item>
/// </list>
/// <para>
/// Patterns that need a name also need the name to say key, token or login, so that <c>AZURE_OPENAI_DEPLOYMENT_ID</c>
/// is not read as a key. Every match must stand alone (no key character right before or after it) and must not be
/// a placeholder by <see cref="SecretValues.IsPlaceholder"/>, nor have fewer distinct characters than a random
/// string of its length would.
/// </para>
/// </remarks>
public static class AiCredentialPatterns
{
    private const string Base62 = "A-Za-z0-9";
    private const string Base62Dash = "A-Za-z0-9_-";
    private const string Hex = "0-9a-fA-F";
    private const string Base64 = "A-Za-z0-9/+";

    private const string GcpPrivateKeyProvider = "a Google Cloud service-account private key";

    /// <summary>The table. More specific prefixes come first: <c>sk-ant-</c> before <c>sk-proj-</c> before <c>sk-</c>.</summary>
    public static IReadOnlyList<AiCredentialPattern> All { get; } =
    [
        new("an Anthropic API key", "sk-ant-", Base62Dash, 32, 200),
        new("an OpenAI API key", "sk-proj-", Base62Dash, 32, 200),
        new("an OpenAI service-account key", "sk-svcacct-", Base62Dash, 32, 200),
        new("an OpenAI admin key", "sk-admin-", Base62Dash, 32, 200),
        new("an OpenAI API key", "sk-", Base62, 32, 64),
        new("a Hugging Face token", "hf_", Base62, 34, 64),
        new("a Replicate API token", "r8_", Base62, 32, 64),
        new("a Groq API key", "gsk_", Base62, 40, 64),
        new("a Google API key", "AIza", Base62Dash, 35, 35),
        new("an NVIDIA API key", "nvapi-", Base62Dash, 40, 100),
        new("a Weights & Biases API key", string.Empty, Hex, 40, 40, "WANDB"),
        new("an Azure OpenAI key", string.Empty, Hex, 32, 32, "OPENAI"),
        new("a Cohere API key", string.Empty, Base62, 40, 40, "COHERE"),
        new("an AWS secret access key", string.Empty, Base64, 40, 40, "SECRETACCESSKEY"),
    ];

    /// <summary>
    /// The credentials in <paramref name="text"/>, in order. <paramref name="context"/> is the name the text is the
    /// value of, or the words before it (<c>WANDB_API_KEY</c>, <c>wandb login</c>); patterns that need a name look there.
    /// </summary>
    public static IReadOnlyList<AiCredentialMatch> Find(string text, string context)
    {
        if (text.Length < MinLength)
        {
            return [];
        }

        List<AiCredentialMatch>? matches = null;
        string? normalizedContext = null;
        var mayNeedName = false;

        for (var i = 0; i < text.Length;)
        {
            if (i > 0 && IsKeyCharacter(text[i - 1]))
            {
                i++;
                continue;
            }

            if (FindGcpPrivateKey(text, i) is { } gcp)
            {
                (matches ??= []).Add(gcp);
                i = gcp.Start + gcp.Length;
                continue;
            }

            // Every pattern's prefix and alphabet are key characters, '/' or '+': a shorter run of those than the
            // shortest key holds no key, here or further in (most words of a file end here).
            var run = i;
            while (run < text.Length && (IsKeyCharacter(text[run]) || text[run] is '/' or '+'))
            {
                run++;
            }

            if (run - i < MinLength)
            {
                i = Math.Max(i + 1, run);
                continue;
            }

            if (normalizedContext is null)
            {
                normalizedContext = Normalize(context);
                mayNeedName = normalizedContext.IndexOf("KEY", StringComparison.Ordinal) >= 0
                    || normalizedContext.IndexOf("TOKEN", StringComparison.Ordinal) >= 0
                    || normalizedContext.IndexOf("LOGIN", StringComparison.Ordinal) >= 0;
            }

            var matched = false;
            foreach (var pattern in All)
            {
                if (pattern.NameHint is { } hint && !(mayNeedName && normalizedContext.IndexOf(hint, StringComparison.Ordinal) >= 0))
                {
                    continue;
                }

                var length = pattern.MatchLength(text, i);
                if (length > 0 && !SecretValues.IsPlaceholder(text.Substring(i, length)) && LooksRandom(text, i + pattern.Prefix.Length, length - pattern.Prefix.Length))
                {
                    (matches ??= []).Add(new AiCredentialMatch(pattern.Provider, i, length));
                    i += length;
                    matched = true;
                    break;
                }
            }

            if (!matched)
            {
                i++;
            }
        }

        return (IReadOnlyList<AiCredentialMatch>?)matches ?? [];
    }

    /// <summary>The shortest text that can hold a credential: callers skip shorter words before building a context.</summary>
    public static int MinLength { get; } = All.Min(p => p.Prefix.Length + p.MinBody);

    /// <summary>True when <paramref name="value"/> is, as a whole, a credential this table recognises.</summary>
    public static bool IsCredential(string value, string context)
    {
        var matches = Find(value, context);
        return matches.Count == 1 && matches[0].Start == 0 && matches[0].Length == value.Length;
    }

    /// <summary>True when the text holds any credential this table recognises.</summary>
    public static bool ContainsCredential(string value, string context) => Find(value, context).Count > 0;

    internal static bool IsKeyCharacter(char c) => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-';

    /// <summary><c>"private_key": "-----BEGIN PRIVATE KEY-----\n…</c>, quotes possibly escaped; the match is the key from BEGIN on.</summary>
    private static AiCredentialMatch? FindGcpPrivateKey(string text, int i)
    {
        const string Field = "private_key";
        if (string.CompareOrdinal(text, i, Field, 0, Field.Length) != 0 || i == 0 || text[i - 1] != '"')
        {
            return null;
        }

        var position = i + Field.Length;
        position = Skip(text, position, c => c is '"' or '\\' or ' ' or '\t');
        if (position >= text.Length || text[position] != ':')
        {
            return null;
        }

        position = Skip(text, position + 1, c => c is '"' or '\\' or ' ' or '\t');
        const string Begin = "-----BEGIN";
        if (string.CompareOrdinal(text, position, Begin, 0, Begin.Length) != 0)
        {
            return null;
        }

        var end = text.IndexOf('"', position);
        end = end < 0 ? text.Length : end;
        if (end > position && text[end - 1] == '\\')
        {
            end--;
        }

        var key = text.Substring(position, end - position);
        var body = key.Replace("\\n", string.Empty).Replace("-----BEGIN PRIVATE KEY-----", string.Empty).Replace("-----END PRIVATE KEY-----", string.Empty);
        return body.Count(c => char.IsLetterOrDigit(c) || c is '+' or '/') >= 64 && !SecretValues.IsPlaceholder(body) && LooksRandom(body, 0, body.Length)
            ? new AiCredentialMatch(GcpPrivateKeyProvider, position, end - position)
            : null;
    }

    private static int Skip(string text, int position, Func<char, bool> skip)
    {
        while (position < text.Length && skip(text[position]))
        {
            position++;
        }

        return position;
    }

    /// <summary>Random keys use much of their alphabet: at least 10 distinct characters (8 for hex).</summary>
    private static bool LooksRandom(string text, int start, int length)
    {
        var distinct = new HashSet<char>();
        for (var i = start; i < start + length; i++)
        {
            distinct.Add(text[i]);
        }

        var hexOnly = distinct.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f') or (>= 'A' and <= 'F'));
        return distinct.Count >= (hexOnly ? 8 : 10);
    }

    /// <summary>Upper case letters and digits only: <c>wandb_api_key</c>, <c>WANDB-API-KEY</c> and <c>wandbApiKey</c> all read WANDBAPIKEY.</summary>
    private static string Normalize(string context)
    {
        var builder = new System.Text.StringBuilder(context.Length);
        foreach (var c in context)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToUpperInvariant(c));
            }
        }

        return builder.ToString();
    }
}

/// <summary>One row of <see cref="AiCredentialPatterns.All"/>.</summary>
/// <param name="Provider">What the credential is, for messages: "an OpenAI API key".</param>
/// <param name="Prefix">The literal start of the key, case-sensitive; empty for keys recognised by alphabet and length beside a name.</param>
/// <param name="Alphabet">The characters of the body, as ranges (<c>A-Za-z0-9_-</c>; a trailing <c>-</c> is literal).</param>
/// <param name="MinBody">Fewest body characters.</param>
/// <param name="MaxBody">Most body characters.</param>
/// <param name="NameHint">When set, the key is recognised only where the name (upper case, letters and digits only) contains this.</param>
public sealed record AiCredentialPattern(string Provider, string Prefix, string Alphabet, int MinBody, int MaxBody, string? NameHint = null)
{
    /// <summary>The length of the key that starts at <paramref name="start"/>, or 0 when there is none.</summary>
    internal int MatchLength(string text, int start)
    {
        if (string.CompareOrdinal(text, start, Prefix, 0, Prefix.Length) != 0)
        {
            return 0;
        }

        var position = start + Prefix.Length;
        var limit = Math.Min(text.Length, position + MaxBody + 1);
        while (position < limit && InAlphabet(text[position]))
        {
            position++;
        }

        var body = position - start - Prefix.Length;
        var standsAlone = position == text.Length || !(AiCredentialPatterns.IsKeyCharacter(text[position]) || InAlphabet(text[position]));
        return body >= MinBody && body <= MaxBody && standsAlone ? position - start : 0;
    }

    private bool InAlphabet(char c)
    {
        for (var i = 0; i < Alphabet.Length; i++)
        {
            if (i + 2 < Alphabet.Length && Alphabet[i + 1] == '-')
            {
                if (c >= Alphabet[i] && c <= Alphabet[i + 2])
                {
                    return true;
                }

                i += 2;
            }
            else if (c == Alphabet[i])
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>A credential found in a text.</summary>
/// <param name="Provider">What it is: "an OpenAI API key".</param>
/// <param name="Start">Offset in the text.</param>
/// <param name="Length">Length in the text.</param>
public readonly record struct AiCredentialMatch(string Provider, int Start, int Length);
