using System.Collections.Concurrent;

namespace ThreatLint.Rules.Secrets;

/// <summary>
/// Recognises the names of variables and keys that hold secrets (<c>HF_TOKEN</c>, <c>DB_PASSWORD</c>,
/// <c>openaiApiKey</c>) and says what they hold, for messages such as "ENV HF_TOKEN bakes a Hugging Face token…".
/// Shared by the Dockerfile, YAML and pipeline rules.
/// </summary>
/// <remarks>
/// A name is split into words at <c>_</c>, <c>-</c>, <c>.</c> and lower-to-upper case changes, and judged by its
/// last words. Decisions: a name whose last word says it holds something other than the secret is not secret —
/// <c>HF_TOKEN_PATH</c>, <c>OAUTH_TOKEN_URL</c>, <c>DB_PASSWORD_FILE</c> (Docker's <c>_FILE</c> convention),
/// <c>SECRET_NAME</c>, <c>PASSWORD_MIN_LENGTH</c>. <c>AWS_ACCESS_KEY_ID</c> (and any <c>*_KEY_ID</c>) is an
/// identifier, like a user name: it is not secret on its own, and what makes it dangerous is the secret access key
/// beside it, which is reported. Plural <c>TOKENS</c> (<c>MAX_NEW_TOKENS</c>) and words that merely contain
/// "token" (<c>TOKENIZER</c>) are not secrets.
/// </remarks>
public static class SecretNames
{
    /// <summary>Well-known AI/ML service variables, by their normalized name (words upper case, joined by <c>_</c>).</summary>
    private static readonly Dictionary<string, string> KnownNames = new(StringComparer.Ordinal)
    {
        ["HF_TOKEN"] = "a Hugging Face token",
        ["HF_API_TOKEN"] = "a Hugging Face token",
        ["HUGGING_FACE_HUB_TOKEN"] = "a Hugging Face token",
        ["HUGGINGFACE_HUB_TOKEN"] = "a Hugging Face token",
        ["HUGGINGFACE_TOKEN"] = "a Hugging Face token",
        ["HUGGINGFACEHUB_API_TOKEN"] = "a Hugging Face token",
        ["OPENAI_API_KEY"] = "an OpenAI API key",
        ["AZURE_OPENAI_API_KEY"] = "an Azure OpenAI key",
        ["AZURE_OPENAI_KEY"] = "an Azure OpenAI key",
        ["ANTHROPIC_API_KEY"] = "an Anthropic API key",
        ["WANDB_API_KEY"] = "a Weights & Biases API key",
        ["AWS_SECRET_ACCESS_KEY"] = "an AWS secret access key",
        ["AWS_SESSION_TOKEN"] = "an AWS session token",
        ["REPLICATE_API_TOKEN"] = "a Replicate API token",
        ["GROQ_API_KEY"] = "a Groq API key",
        ["COHERE_API_KEY"] = "a Cohere API key",
        ["CO_API_KEY"] = "a Cohere API key",
        ["MISTRAL_API_KEY"] = "a Mistral API key",
        ["GOOGLE_API_KEY"] = "a Google API key",
        ["GEMINI_API_KEY"] = "a Gemini API key",
        ["KAGGLE_KEY"] = "a Kaggle API key",
        ["NGC_API_KEY"] = "an NVIDIA NGC API key",
        ["NVIDIA_API_KEY"] = "an NVIDIA API key",
        ["COMET_API_KEY"] = "a Comet API key",
        ["NEPTUNE_API_TOKEN"] = "a Neptune API token",
        ["MLFLOW_TRACKING_PASSWORD"] = "an MLflow tracking password",
        ["MLFLOW_TRACKING_TOKEN"] = "an MLflow tracking token",
        ["LANGCHAIN_API_KEY"] = "a LangSmith API key",
        ["LANGSMITH_API_KEY"] = "a LangSmith API key",
        ["PINECONE_API_KEY"] = "a Pinecone API key",
        ["AZURE_STORAGE_KEY"] = "an Azure Storage account key",
        ["AZURE_STORAGE_ACCOUNT_KEY"] = "an Azure Storage account key",
    };

    /// <summary>Last words that say the variable holds something about the secret, not the secret.</summary>
    private static readonly HashSet<string> QualifierWords = new(StringComparer.Ordinal)
    {
        "FILE", "PATH", "DIR", "URL", "URI", "ENDPOINT", "HOST", "PORT", "ID", "NAME", "TYPE", "LENGTH", "LEN", "SIZE",
        "HEADER", "PREFIX", "ENV", "VAR", "REF", "ARN", "REGION", "TTL", "EXPIRY", "EXPIRATION", "EXPIRES", "ENABLED",
        "REQUIRED", "MODE", "POLICY", "ALGORITHM", "FORMAT", "LOCATION", "COUNT", "LIMIT", "MIN", "MAX", "TIMEOUT",
        "SECONDS", "HASH", "VERSION", "SCOPE", "SCOPES", "ISSUER", "AUDIENCE", "FIELD", "MOUNT", "LOCK",
    };

    /// <summary>Single last words that name a secret, with what it is.</summary>
    private static readonly Dictionary<string, string> SecretWords = new(StringComparer.Ordinal)
    {
        ["TOKEN"] = "a token",
        ["SECRET"] = "a secret",
        ["PASSWORD"] = "a password",
        ["PASSWD"] = "a password",
        ["PASS"] = "a password",
        ["PASSPHRASE"] = "a passphrase",
        ["APIKEY"] = "an API key",
        ["CREDENTIALS"] = "credentials",
        ["CREDENTIAL"] = "a credential",
    };

    /// <summary>Words before a last <c>KEY</c> that make it a secret key, with what it is.</summary>
    private static readonly Dictionary<string, string> KeyKinds = new(StringComparer.Ordinal)
    {
        ["API"] = "an API key",
        ["ACCESS"] = "an access key",
        ["PRIVATE"] = "a private key",
        ["SECRET"] = "a secret key",
        ["AUTH"] = "an auth key",
        ["MASTER"] = "a master key",
        ["ACCOUNT"] = "an account key",
        ["SIGNING"] = "a signing key",
        ["ENCRYPTION"] = "an encryption key",
        ["SUBSCRIPTION"] = "a subscription key",
    };

    /// <summary>True when the name looks like it holds a secret.</summary>
    public static bool LooksSecret(string name) => Describe(name) is not null;

    // Names repeat across a repository (every image sets PATH, PYTHONUNBUFFERED, MODEL_ID…) and several rules ask about
    // each: the answers are kept, for names of a usual length and up to a bound, so a hostile repository cannot grow it.
    private const int MaxRememberedNames = 16_384;
    private const int MaxRememberedNameLength = 128;
    private static readonly ConcurrentDictionary<string, string?> Remembered = new(StringComparer.Ordinal);
    private static readonly Func<string, string?> DescribeNew = Compute;

    /// <summary>What a secret-looking name holds ("a Hugging Face token", "a password"), or null when the name does not look secret.</summary>
    public static string? Describe(string name)
    {
        if (Remembered.TryGetValue(name, out var described))
        {
            return described;
        }

        return name.Length <= MaxRememberedNameLength && Remembered.Count < MaxRememberedNames ? Remembered.GetOrAdd(name, DescribeNew) : Compute(name);
    }

    private static string? Compute(string name)
    {
        var words = Words(name);
        if (words.Count == 0)
        {
            return null;
        }

        if (KnownNames.TryGetValue(string.Join("_", words), out var known))
        {
            return known;
        }

        var last = words[words.Count - 1];
        if (QualifierWords.Contains(last))
        {
            return null;
        }

        if (SecretWords.TryGetValue(last, out var what))
        {
            return what;
        }

        if (last == "KEY" && words.Count > 1 && KeyKinds.TryGetValue(words[words.Count - 2], out var kind))
        {
            return kind;
        }

        // *_ACCESS_KEY* and *PASSWORD* anywhere (MINIO_ACCESS_KEY_VALUE, DBPASSWORD), unless qualified above.
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i].IndexOf("PASSWORD", StringComparison.Ordinal) >= 0)
            {
                return "a password";
            }

            if (words[i] == "ACCESS" && i + 1 < words.Count && words[i + 1] == "KEY")
            {
                return "an access key";
            }
        }

        return null;
    }

    /// <summary>The name's words, upper case: <c>hfToken</c>, <c>hf-token</c> and <c>HF_TOKEN</c> all give HF, TOKEN.</summary>
    private static List<string> Words(string name)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!char.IsLetterOrDigit(c))
            {
                Flush();
                continue;
            }

            if (char.IsUpper(c) && i > 0 && char.IsLower(name[i - 1]))
            {
                Flush();
            }

            current.Append(char.ToUpperInvariant(c));
        }

        Flush();
        return words;

        void Flush()
        {
            if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }
    }
}
