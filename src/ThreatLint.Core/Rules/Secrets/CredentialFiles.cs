using ThreatLint.Catalog;

namespace ThreatLint.Rules.Secrets;

/// <summary>
/// Files and folders that hold credentials, recognised by name: what COPY/ADD must not put into an image, and what
/// later rules (pipeline artifacts, model archives) must not ship either.
/// </summary>
/// <remarks>
/// Decisions: <c>.env.example</c>, <c>.env.sample</c>, <c>.env.template</c>, <c>.env.dist</c> and
/// <c>.env.defaults</c> are templates, not credentials. A <c>.pem</c> whose name says certificate (<c>ca</c>,
/// <c>cert</c>, <c>chain</c>, <c>bundle</c>, <c>pub</c>, <c>root</c>) is a public certificate and is left alone; any
/// other <c>.pem</c> is reported with medium confidence (it may hold only certificates), high when its name says key.
/// <c>.npmrc</c> and <c>credentials.json</c> are medium: they often, not always, hold a token. A glob such as
/// <c>*.pem</c> or <c>.env*</c> counts when it matches a credential name and none of a few ordinary names
/// (<c>app.py</c>, <c>model.bin</c>…): <c>*</c> alone is not a credential file.
/// </remarks>
public static class CredentialFiles
{
    private static readonly Dictionary<string, (string What, Confidence Confidence)> FileNames = new(StringComparer.OrdinalIgnoreCase)
    {
        [".env"] = ("an environment file", Confidence.High),
        ["id_rsa"] = ("an SSH private key", Confidence.High),
        ["id_dsa"] = ("an SSH private key", Confidence.High),
        ["id_ecdsa"] = ("an SSH private key", Confidence.High),
        ["id_ed25519"] = ("an SSH private key", Confidence.High),
        ["id_ecdsa_sk"] = ("an SSH private key", Confidence.High),
        ["id_ed25519_sk"] = ("an SSH private key", Confidence.High),
        [".netrc"] = ("a netrc login file (W&B and Hugging Face keep keys here)", Confidence.High),
        ["_netrc"] = ("a netrc login file", Confidence.High),
        ["kaggle.json"] = ("a Kaggle API key", Confidence.High),
        ["credentials"] = ("a cloud credentials file", Confidence.High),
        [".git-credentials"] = ("a git credential store", Confidence.High),
        [".pypirc"] = ("PyPI upload credentials", Confidence.High),
        [".npmrc"] = ("an npm config that usually holds an auth token", Confidence.Medium),
        [".pgpass"] = ("a PostgreSQL password file", Confidence.High),
        [".s3cfg"] = ("an s3cmd config with S3 keys", Confidence.High),
        [".dockercfg"] = ("Docker registry credentials", Confidence.High),
        ["application_default_credentials.json"] = ("Google Cloud application-default credentials", Confidence.High),
        ["credentials.json"] = ("a credentials file", Confidence.Medium),
    };

    /// <summary>Name prefixes of JSON key files.</summary>
    private static readonly (string Prefix, string What)[] JsonKeyPrefixes =
    [
        ("service-account", "a Google Cloud service-account key"),
        ("service_account", "a Google Cloud service-account key"),
        ("gcp-key", "a Google Cloud service-account key"),
        ("gcp_key", "a Google Cloud service-account key"),
    ];

    /// <summary>Paths whose last two segments make a credential file whatever the name alone says.</summary>
    private static readonly Dictionary<string, string> QualifiedNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["huggingface/token"] = "a Hugging Face token file",
        [".docker/config.json"] = "Docker registry credentials",
    };

    private static readonly Dictionary<string, string> Folders = new(StringComparer.OrdinalIgnoreCase)
    {
        [".ssh"] = "SSH keys",
        [".aws"] = "AWS credentials",
        [".kaggle"] = "a Kaggle API key",
        [".gnupg"] = "GnuPG private keys",
        [".docker"] = "Docker registry credentials",
        ["gcloud"] = "Google Cloud credentials",
    };

    private static readonly string[] EnvTemplates = [".example", ".sample", ".template", ".dist", ".defaults", ".tmpl", ".tpl"];

    /// <summary>Parts of a .pem name that say certificate: <c>ca.pem</c>, <c>rootCA.pem</c>, <c>fullchain.pem</c>, <c>cert.pem</c>.</summary>
    private static readonly string[] CertificateParts = ["cert", "chain", "bundle", "root", "trust", "public"];

    /// <summary>Names a glob is tried against: one per kind of credential file.</summary>
    private static readonly string[] CredentialSamples =
    [
        ".env", ".env.production", "id_rsa", "id_ed25519", ".netrc", "kaggle.json", "credentials", ".git-credentials",
        ".pypirc", ".npmrc", "tls.key", "server.pem", "client.p12", "client.pfx", "service-account.json", "gcp-key.json",
    ];

    /// <summary>Names a credential glob must not match.</summary>
    private static readonly string[] OrdinarySamples = ["app.py", "model.bin", "README.md", "requirements.txt", "config.json", "data", "Dockerfile", "main"];

    /// <summary>
    /// What the file or folder at <paramref name="path"/> holds when it is a credential file, e.g.
    /// ("kaggle.json", "a Kaggle API key", High); null otherwise. <paramref name="path"/> is as written in COPY or a
    /// manifest: relative or absolute, <c>/</c> or <c>\</c>, perhaps a glob, perhaps ending in <c>/</c> for a folder.
    /// </summary>
    public static CredentialFile? Match(string path)
    {
        var trimmed = path.Trim().TrimEnd('/', '\\');
        var slash = trimmed.LastIndexOfAny(['/', '\\']);
        var name = trimmed.Substring(slash + 1);
        if (name.Length == 0 || name is "." or "..")
        {
            return null;
        }

        if (slash > 0)
        {
            var parentStart = trimmed.LastIndexOfAny(['/', '\\'], slash - 1) + 1;
            var parent = trimmed.Substring(parentStart, slash - parentStart);
            if (QualifiedNames.TryGetValue(parent + "/" + name, out var qualified))
            {
                return new CredentialFile(name, qualified, Confidence.High);
            }
        }

        if (name.IndexOfAny(['*', '?', '[']) >= 0)
        {
            return MatchGlob(name);
        }

        if (Folders.TryGetValue(name, out var folder))
        {
            return new CredentialFile(name, folder, Confidence.High, IsFolder: true);
        }

        return MatchName(name);
    }

    private static CredentialFile? MatchName(string name)
    {
        if (FileNames.TryGetValue(name, out var known))
        {
            return new CredentialFile(name, known.What, known.Confidence);
        }

        if (name.StartsWith(".env.", StringComparison.OrdinalIgnoreCase))
        {
            return EnvTemplates.Any(t => name.EndsWith(t, StringComparison.OrdinalIgnoreCase)) ? null : new CredentialFile(name, "an environment file", Confidence.High);
        }

        var extension = Path.GetExtension(name).ToLowerInvariant();
        var stem = Path.GetFileNameWithoutExtension(name);
        switch (extension)
        {
            case ".key":
                return new CredentialFile(name, "a private key", Confidence.High);
            case ".p12" or ".pfx":
                return new CredentialFile(name, "a PKCS#12 keystore with a private key", Confidence.High);
            case ".pem":
                var words = stem.ToLowerInvariant().Split(['-', '_', '.'], StringSplitOptions.RemoveEmptyEntries);
                if (words.Any(w => w is "key" or "private" or "priv" || w.EndsWith("key", StringComparison.Ordinal)))
                {
                    return new CredentialFile(name, "a PEM private key", Confidence.High);
                }

                return words.Any(w => w is "ca" or "pub" || w.EndsWith("ca", StringComparison.Ordinal) || CertificateParts.Any(p => w.IndexOf(p, StringComparison.Ordinal) >= 0))
                    ? null
                    : new CredentialFile(name, "a PEM file that may hold a private key", Confidence.Medium);
            case ".json":
                foreach (var (prefix, what) in JsonKeyPrefixes)
                {
                    if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                    {
                        return new CredentialFile(name, what, Confidence.High);
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static CredentialFile? MatchGlob(string glob)
    {
        if (OrdinarySamples.Any(sample => Glob.IsMatch(glob, sample)))
        {
            return null;
        }

        foreach (var sample in CredentialSamples)
        {
            if (Glob.IsMatch(glob, sample) && MatchName(sample) is { } file)
            {
                return file with { Name = glob };
            }
        }

        return null;
    }
}

/// <summary>A credential file recognised by name.</summary>
/// <param name="Name">The file or folder name as written (a glob stays a glob).</param>
/// <param name="What">What it holds: "a Kaggle API key".</param>
/// <param name="Confidence">How sure the name makes us.</param>
/// <param name="IsFolder">True for a folder of credentials (<c>.aws</c>, <c>.ssh</c>).</param>
public sealed record CredentialFile(string Name, string What, Confidence Confidence, bool IsFolder = false)
{
    /// <summary>For messages: "the credential file kaggle.json (a Kaggle API key)".</summary>
    public override string ToString() => (IsFolder ? "the credential folder " : "the credential file ") + Name + " (" + What + ")";
}
