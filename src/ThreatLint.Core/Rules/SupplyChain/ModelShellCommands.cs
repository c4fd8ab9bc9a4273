using ThreatLint.Documents.Shell;

namespace ThreatLint.Rules.SupplyChain;

/// <summary>What the supply-chain rules look for on command lines (Dockerfile RUN/CMD/ENTRYPOINT, notebook shell lines).</summary>
internal static class ModelShellCommands
{
    /// <summary>Flags that name the model a server or tool loads: vLLM, TGI, SGLang, optimum-cli, transformers scripts.</summary>
    private static readonly string[] ModelFlags =
        ["--model", "--model-id", "--model_id", "--model-path", "--model_path", "--model-name-or-path", "--model_name_or_path"];

    private static readonly string[] RevisionFlags = ["--revision", "--model-revision", "--model_revision"];

    /// <summary>vLLM options that take no value.</summary>
    private static readonly string[] Switches =
    [
        "--trust-remote-code", "--enable-lora", "--enforce-eager", "--disable-log-requests", "--disable-log-stats",
        "--enable-prefix-caching", "--enable-chunked-prefill", "--enable-auto-tool-choice", "--disable-custom-all-reduce",
    ];

    private static readonly string[] HubDownloadFlagsWithValue =
        ["--revision", "--repo-type", "--local-dir", "--cache-dir", "--token", "--max-workers", "--local-dir-use-symlinks", "--include", "--exclude"];

    private static readonly string[] ChecksumTools = ["sha256sum", "sha512sum", "sha384sum", "sha224sum", "sha1sum", "md5sum", "b2sum", "shasum", "cksum"];

    /// <summary><c>huggingface-cli download org/model</c> or <c>hf download org/model</c> of a model repository.</summary>
    public static (int Repository, string? Revision, int RevisionIndex)? HubDownload(CommandLine line)
    {
        var at = line.IndexOfProgram("huggingface-cli", "download");
        at = at >= 0 ? at : line.IndexOfProgram("hf", "download");
        if (at < 0)
        {
            return null;
        }

        var repoType = line.Flag("--repo-type")?.Value;
        if (repoType is "dataset" or "space")
        {
            // Dataset pinning is TL3006's; a Space is an app, not a model.
            return null;
        }

        var repository = -1;
        for (var i = at + 2; i < line.Words.Count; i++)
        {
            var text = line.Words[i].Text;
            if (text.StartsWith("-", StringComparison.Ordinal))
            {
                i += Array.IndexOf(HubDownloadFlagsWithValue, text) >= 0 ? 1 : 0;
                continue;
            }

            repository = i;
            break;
        }

        if (repository < 0)
        {
            return null;
        }

        var revision = line.Flag("--revision");
        return (repository, revision?.Value, revision?.Index ?? -1);
    }

    /// <summary>The model a server or tool is told to load (<c>--model org/m</c>, <c>vllm serve org/m</c>) and its revision flag.</summary>
    public static IEnumerable<(int Model, string? Revision, int RevisionIndex)> ServedModels(CommandLine line)
    {
        var revision = line.Flag(RevisionFlags);
        var serve = line.IndexOfProgram("vllm", "serve");
        if (serve >= 0 && FirstOperand(line, serve + 2) is { } model)
        {
            yield return (model, revision?.Value, revision?.Index ?? -1);
        }

        for (var i = 0; i < line.Words.Count; i++)
        {
            var text = line.Words[i].Text;
            if (Array.IndexOf(ModelFlags, text) >= 0 && i + 1 < line.Words.Count)
            {
                yield return (i + 1, revision?.Value, revision?.Index ?? -1);
            }
            else if (StartsWithFlagAssignment(text, ModelFlags))
            {
                yield return (i, revision?.Value, revision?.Index ?? -1);
            }
        }
    }

    /// <summary>
    /// The first word from <paramref name="start"/> on that is not an option or an option's value. vLLM options take a
    /// value unless they are one of its common switches.
    /// </summary>
    private static int? FirstOperand(CommandLine line, int start)
    {
        for (var i = start; i < line.Words.Count; i++)
        {
            var text = line.Words[i].Text;
            if (!text.StartsWith("-", StringComparison.Ordinal))
            {
                return i;
            }

            if (text.IndexOf('=') < 0 && Array.IndexOf(Switches, text) < 0)
            {
                i++;
            }
        }

        return null;
    }

    /// <summary>The value a <c>--flag=value</c> or plain word holds.</summary>
    public static string ValueOf(ShellWord word)
    {
        var text = word.Text;
        var equals = text.StartsWith("--", StringComparison.Ordinal) ? text.IndexOf('=') : -1;
        return equals < 0 ? text : text.Substring(equals + 1);
    }

    /// <summary>
    /// <c>git clone https://huggingface.co/org/model [dir]</c> (not a dataset or a Space): the URL's index, the
    /// repository and the name of the folder it is cloned into.
    /// </summary>
    public static (int Url, string Repository, string Folder)? HubGitClone(CommandLine line)
    {
        var (subcommand, operands) = Git(line);
        if (subcommand != "clone")
        {
            return null;
        }

        foreach (var index in operands)
        {
            var url = line.Words[index].Text;
            var host = ModelReferences.HostOf(url);
            if (host is not ("huggingface.co" or "hf.co" or "www.huggingface.co"))
            {
                continue;
            }

            var path = url.Substring(url.IndexOf(host, StringComparison.OrdinalIgnoreCase) + host.Length).Trim('/');
            path = path.EndsWith(".git", StringComparison.OrdinalIgnoreCase) ? path.Substring(0, path.Length - 4) : path;
            if (path.StartsWith("datasets/", StringComparison.Ordinal) || path.StartsWith("spaces/", StringComparison.Ordinal) || path.Length == 0)
            {
                return null;
            }

            var target = operands.SkipWhile(i => i != index).Skip(1).Select(i => line.Words[i].Text).FirstOrDefault();
            return (index, path, LastSegment(target ?? path));
        }

        return null;
    }

    /// <summary>The folder a git command works in: its <c>-C</c> value, else null.</summary>
    public static string? GitFolder(CommandLine line)
    {
        var git = line.IndexOfProgram("git");
        return git >= 0 && git + 2 < line.Words.Count && line.Words[git + 1].Text == "-C" ? LastSegment(line.Words[git + 2].Text) : null;
    }

    /// <summary>The last segment of a path, without trailing slashes.</summary>
    public static string LastSegment(string path)
    {
        var trimmed = path.TrimEnd('/');
        return trimmed.Substring(trimmed.LastIndexOf('/') + 1);
    }

    /// <summary>True for <c>git clone --revision=&lt;commit&gt;</c>, <c>git checkout &lt;commit&gt;</c>, <c>git reset --hard &lt;commit&gt;</c> and the like.</summary>
    public static bool PinsGitCommit(CommandLine line)
    {
        var (subcommand, operands) = Git(line);
        if (subcommand == "clone")
        {
            return ModelReferences.IsCommit(line.Flag("--revision")?.Value);
        }

        return subcommand is "checkout" or "switch" or "reset" or "fetch" && operands.Any(i => ModelReferences.IsCommit(line.Words[i].Text));
    }

    /// <summary><c>ollama pull llama3</c> / <c>ollama run llama3</c>: the model's index.</summary>
    public static int? OllamaPull(CommandLine line)
    {
        var at = line.IndexOfProgram("ollama", "pull");
        at = at >= 0 ? at : line.IndexOfProgram("ollama", "run");
        return at >= 0 && at + 2 < line.Words.Count && !line.Words[at + 2].Text.StartsWith("-", StringComparison.Ordinal) ? at + 2 : null;
    }

    /// <summary>
    /// Words that turn remote code on: <c>--trust-remote-code</c> (vLLM, TGI, SGLang, lm-eval's
    /// <c>--trust_remote_code</c>), <c>--trust-remote-code=true</c>, and <c>trust_remote_code=True</c> inside a
    /// comma-separated list (<c>--model_args pretrained=org/m,trust_remote_code=True</c>).
    /// </summary>
    public static IEnumerable<int> TrustRemoteCode(CommandLine line)
    {
        for (var i = 0; i < line.Words.Count; i++)
        {
            var text = line.Words[i].Text;
            var flag = text.StartsWith("--trust-remote-code", StringComparison.Ordinal) || text.StartsWith("--trust_remote_code", StringComparison.Ordinal);
            if (flag && (text.Length == "--trust-remote-code".Length || (text[19] == '=' && IsTrue(text.Substring(20)))))
            {
                yield return i;
            }
            else if (!flag && text.IndexOf("trust_remote_code=", StringComparison.OrdinalIgnoreCase) >= 0
                && text.Split(',').Any(item => item.StartsWith("trust_remote_code=", StringComparison.OrdinalIgnoreCase) && IsTrue(item.Substring(18))))
            {
                yield return i;
            }
        }
    }

    /// <summary>Whether <paramref name="text"/> is one of <paramref name="flags"/> followed by <c>=</c> (<c>--model=org/m</c>), without allocating.</summary>
    private static bool StartsWithFlagAssignment(string text, string[] flags)
    {
        foreach (var flag in flags)
        {
            if (text.Length > flag.Length && text[flag.Length] == '=' && string.CompareOrdinal(text, 0, flag, 0, flag.Length) == 0)
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsTrue(string value) =>
        value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1" || value.Equals("yes", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The URLs a <c>curl</c> or <c>wget</c> command downloads to a file that is a model or dataset (by the URL's or
    /// the output's extension, or a Hub <c>/resolve/</c> URL), with the file's name. Scripts piped to a shell are
    /// TL4003's and are skipped.
    /// </summary>
    public static IEnumerable<(int Url, string FileName)> ArtifactDownloads(CommandLine line)
    {
        var command = line.Command;
        var name = command.Name;
        if (name is not ("curl" or "wget") || command.PipesTo is { } reader && (reader.IsShell || reader.Name.StartsWith("python", StringComparison.Ordinal)))
        {
            yield break;
        }

        // Flags whose value is a URL or a file that is not what is downloaded.
        var skipNext = name == "curl"
            ? new[] { "-x", "--proxy", "--preproxy", "-e", "--referer", "-H", "--header", "-d", "--data", "--data-binary", "--data-raw", "-F", "--form", "-o", "--output", "-w", "-u", "--user", "-A", "--cacert", "-K", "--config" }
            : ["-e", "--execute", "--referer", "-O", "--output-document", "-P", "--directory-prefix", "--header", "-i", "--input-file", "-o", "--output-file", "-a", "--user", "--password"];
        // The output as written: a Windows path keeps its backslashes (the shell model resolves them as escapes).
        var outputFlag = name == "curl" ? command.FindFlags("-o", "--output").FirstOrDefault() : command.FindFlags("-O", "--output-document").FirstOrDefault();
        var output = outputFlag?.ValueWord is { } valueWord && valueWord.Raw.IndexOf('\\') >= 0 ? valueWord.Raw.Trim('"', '\'') : outputFlag?.Value;
        var start = line.Words.ToList().IndexOf(command.Words[command.NameIndex]);
        for (var i = start + 1; i < line.Words.Count; i++)
        {
            var text = line.Words[i].Text;
            if (Array.IndexOf(skipNext, text) >= 0)
            {
                i++;
                continue;
            }

            var url = text.StartsWith("--url=", StringComparison.Ordinal) ? text.Substring(6) : text;
            if (!ModelReferences.IsUrl(url))
            {
                continue;
            }

            var file = output is { Length: > 0 } o && o != "-" ? o : ModelReferences.FileNameOf(url);
            if (ModelReferences.IsArtifact(url) || ModelReferences.IsArtifact(file))
            {
                yield return (i, ModelReferences.FileNameOf(file));
            }
        }
    }

    /// <summary>
    /// A command that checks a download: a checksum tool run with <c>-c</c>/<c>--check</c> or whose output is compared
    /// (inside a command substitution), <c>gpg --verify</c>, <c>gpgv</c>, <c>cosign verify-blob</c>, <c>minisign -V</c>.
    /// </summary>
    public static bool Verifies(ShellCommand command)
    {
        var name = command.Name;
        if (Array.IndexOf(ChecksumTools, name) >= 0)
        {
            return command.HasFlag("-c", "--check") || command.Nesting == ShellNesting.Substitution || command.Parent?.Nesting == ShellNesting.Substitution
                || (command.PipedFrom is not null && command.Pipeline.Commands[0].Nesting == ShellNesting.Substitution);
        }

        return name switch
        {
            "gpg" => command.HasFlag("--verify"),
            "gpgv" => true,
            "cosign" => command.Arguments.FirstOrDefault()?.Text is "verify-blob" or "verify-blob-attestation",
            "minisign" => command.HasFlag("-V"),
            "openssl" => command.HasFlag("-verify"),
            _ => false,
        };
    }

    /// <summary>The operands of a line that runs no git: shared, never modified (most lines are not git).</summary>
    private static readonly List<int> NoOperands = [];

    /// <summary>The git subcommand of a line and the indexes of its operands (global and subcommand options skipped).</summary>
    private static (string? Subcommand, List<int> Operands) Git(CommandLine line)
    {
        var git = line.IndexOfProgram("git");
        if (git < 0)
        {
            return (null, NoOperands);
        }

        var operands = new List<int>();

        string? subcommand = null;
        for (var i = git + 1; i < line.Words.Count; i++)
        {
            var text = line.Words[i].Text;
            if (text.StartsWith("-", StringComparison.Ordinal))
            {
                // Options that take the next word: git -C dir, -c k=v; clone -b/--branch, --depth, -o, --reference…
                i += text is "-C" or "-c" or "-b" or "--branch" or "--depth" or "-o" or "--origin" or "--reference" or "--separate-git-dir" or "-j" or "--jobs" or "--revision" or "--filter" or "--config" ? 1 : 0;
                continue;
            }

            if (subcommand is null)
            {
                subcommand = text;
            }
            else
            {
                operands.Add(i);
            }
        }

        return (subcommand, operands);
    }
}
