namespace ThreatLint.Rules.SupplyChain;

/// <summary>What a model name, a revision or a download URL is, shared by the supply-chain rules.</summary>
internal static class ModelReferences
{
    /// <summary>Extensions of files that are models or datasets: what a download of one puts into the model's path.</summary>
    private static readonly string[] ArtifactExtensions =
    [
        ".pt", ".pth", ".bin", ".ckpt", ".safetensors", ".onnx", ".gguf", ".ggml", ".h5", ".hdf5", ".keras", ".pb",
        ".tflite", ".pkl", ".pickle", ".joblib", ".dill", ".npy", ".npz", ".mlmodel", ".mar", ".engine", ".plan",
        ".pdparams", ".params", ".model", ".msgpack", ".caffemodel", ".weights",
        ".parquet", ".arrow", ".csv", ".tsv", ".jsonl", ".tfrecord", ".tfrecords",
    ];

    /// <summary>
    /// Archives hold weights or data as often as they hold tools and libraries: one counts when its URL or name says
    /// what it holds (<see cref="ArchiveHints"/>).
    /// </summary>
    private static readonly string[] ArchiveExtensions = [".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".tar.zst", ".7z"];

    private static readonly string[] ArchiveHints =
        ["model", "weight", "checkpoint", "ckpt", "dataset", "data", "corpus", "embedding", "vocab", "tokenizer", "lora", "adapter"];

    /// <summary>First folders of a relative path that say "local output", not a Hub organisation.</summary>
    private static readonly HashSet<string> LocalFolders = new(StringComparer.OrdinalIgnoreCase)
    {
        "model", "models", "checkpoint", "checkpoints", "ckpt", "ckpts", "output", "outputs", "out", "saved_model",
        "saved_models", "artifacts", "artifact", "weights", "results", "runs", "tmp", "temp", "data", "cache",
        "local", "pretrained", "exported", "export", "build", "dist", "mnt", "opt", "srv", "workspace", "app",
    };

    /// <summary>True for a 40-hex commit: the only revision of a Hub or git repository that cannot move.</summary>
    public static bool IsCommit(string? value) =>
        value is { Length: 40 } && value.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f') or (>= 'A' and <= 'F'));

    /// <summary>
    /// How a model name reads: a Hub repository (<c>org/name</c>), a bare Hub name (<c>gpt2</c>, the legacy
    /// canonical models, which could also be a local folder), or a local path / URL / something else.
    /// </summary>
    public static HubName Classify(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value!.Trim() != value || value.Length > 200)
        {
            return HubName.NotHub;
        }

        if (value.StartsWith(".", StringComparison.Ordinal) || value.StartsWith("/", StringComparison.Ordinal) || value.StartsWith("~", StringComparison.Ordinal)
            || value.IndexOf('\\') >= 0 || value.IndexOf(':') >= 0 || value.IndexOf('$') >= 0 || value.IndexOf('{') >= 0)
        {
            return HubName.NotHub;
        }

        var parts = value.Split('/');
        if (parts.Length > 2 || parts.Any(p => p.Length == 0 || !p.All(IsNameCharacter)))
        {
            return HubName.NotHub;
        }

        if (parts.Length == 2)
        {
            return LocalFolders.Contains(parts[0]) ? HubName.NotHub : HubName.Repository;
        }

        // A bare name with an extension is a file, not a model; a bare "models" or "checkpoints" is a folder.
        return LocalFolders.Contains(value) || value.IndexOf('.') > 0 && ArtifactExtensions.Any(e => value.EndsWith(e, StringComparison.OrdinalIgnoreCase)) ? HubName.NotHub : HubName.BareName;
    }

    /// <summary>True when a URL or path names a model or dataset file, or a Hugging Face Hub file download.</summary>
    public static bool IsArtifact(string? urlOrPath)
    {
        if (string.IsNullOrEmpty(urlOrPath))
        {
            return false;
        }

        if (IsHubFileUrl(urlOrPath!))
        {
            return true;
        }

        var path = PathOf(urlOrPath!);
        return ArtifactExtensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase))
            || (ArchiveExtensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase))
                && ArchiveHints.Any(h => path.IndexOf(h, StringComparison.OrdinalIgnoreCase) >= 0));
    }

    /// <summary><c>https://huggingface.co/org/m/resolve/main/model.safetensors</c> and the hf.co short host.</summary>
    public static bool IsHubFileUrl(string url)
    {
        var host = HostOf(url);
        return host is "huggingface.co" or "hf.co" or "www.huggingface.co" && url.IndexOf("/resolve/", StringComparison.Ordinal) > 0;
    }

    public static bool IsPlainHttp(string? url) => url is not null && url.StartsWith("http://", StringComparison.OrdinalIgnoreCase);

    public static bool IsUrl(string? value) =>
        value is not null
        && (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || value.StartsWith("ftp://", StringComparison.OrdinalIgnoreCase));

    /// <summary>The host of a URL, lower case; empty when it has none.</summary>
    public static string HostOf(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return string.Empty;
        }

        var start = scheme + 3;
        var end = url.IndexOfAny(['/', '?', '#'], start);
        var authority = end < 0 ? url.Substring(start) : url.Substring(start, end - start);
        var at = authority.LastIndexOf('@');
        authority = at >= 0 ? authority.Substring(at + 1) : authority;
        var colon = authority.IndexOf(':');
        return (colon >= 0 ? authority.Substring(0, colon) : authority).ToLowerInvariant();
    }

    /// <summary>The last path segment of a URL or path, without query or fragment.</summary>
    public static string FileNameOf(string urlOrPath)
    {
        var path = PathOf(urlOrPath).TrimEnd('/', '\\');
        return path.Substring(path.LastIndexOfAny(['/', '\\']) + 1);
    }

    /// <summary>The path of a URL (or the path itself) without query and fragment.</summary>
    private static string PathOf(string urlOrPath)
    {
        var end = urlOrPath.IndexOfAny(['?', '#']);
        return end < 0 ? urlOrPath : urlOrPath.Substring(0, end);
    }

    private static bool IsNameCharacter(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_' or '.';
}

internal enum HubName
{
    /// <summary>A local path, a URL, a variable, or not a name at all.</summary>
    NotHub,

    /// <summary><c>org/name</c>.</summary>
    Repository,

    /// <summary><c>gpt2</c>, <c>bert-base-uncased</c>: a legacy Hub name, or maybe a folder in the working directory.</summary>
    BareName,
}
