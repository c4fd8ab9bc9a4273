using ThreatLint.Catalog;
using ThreatLint.Documents.Dockerfile;
using ThreatLint.Documents.Shell;
using ThreatLint.Documents.Yaml;
using ThreatLint.Findings;

namespace ThreatLint.Rules.ContainerImages;

/// <summary>
/// TL4003: a RUN, CMD or ENTRYPOINT runs a script straight from the network — <c>curl … | sh</c> (any shell,
/// python, perl, ruby, node, php, PowerShell's iex), <c>bash &lt;(curl …)</c>, <c>source &lt;(curl …)</c>,
/// <c>sh -c "$(curl …)"</c>, <c>python3 -c "$(wget -qO- …)"</c>, <c>eval "$(curl …)"</c> — wherever it sits in the
/// script: in a chain, a subshell, a substitution, an if, a <c>bash -c</c> string or a heredoc.
/// </summary>
/// <remarks>
/// Decisions: the interpreter must run what it reads (<c>curl … | python3 -c 'import json…'</c> parses data and is
/// not reported). A download saved to a file and run later in the same script (<c>curl -o x.sh … &amp;&amp; sh x.sh</c>)
/// is reported with medium confidence unless a checksum or signature tool (sha256sum, shasum, gpg --verify, cosign,
/// minisign…) runs in between; files are matched by their base name.
/// </remarks>
public sealed partial class RemoteScriptExecution : IDockerfileRule, IYamlRule
{
    private static readonly HashSet<string> Verifiers = new(StringComparer.Ordinal)
    {
        "sha256sum", "sha512sum", "sha384sum", "sha224sum", "sha1sum", "shasum", "md5sum", "b2sum", "gpgv", "cosign",
        "minisign", "signify", "slsa-verifier", "sigstore",
    };

    public RuleDescriptor Descriptor => Catalog.Rules.RemoteScriptExecution;

    /// <summary>
    /// YAML: serving manifests (Kubernetes, KServe, compose… — in <c>RemoteScriptExecution.Serving.cs</c>) and pipeline files (workflows,
    /// CI, Kubeflow/Argo, DVC, MLflow — in <c>RemoteScriptExecution.Pipelines.cs</c>).
    /// </summary>
    public void Check(YamlFile document, RuleContext context)
    {
        CheckServing(document, context);
        CheckPipelines(document, context);
    }

    partial void CheckServing(YamlFile document, RuleContext context);

    partial void CheckPipelines(YamlFile document, RuleContext context);

    public void Check(DockerfileDocument document, RuleContext context)
    {
        foreach (var script in document.RunScriptsOf().Concat(document.CommandScriptsOf()))
        {
            CheckScript(script.Script, script.SpanOf, script.Instruction.Keyword + " ", context);
        }
    }

    /// <summary>
    /// One script, wherever it comes from (a RUN, a pipeline's <c>run:</c>): <paramref name="spanOf"/> maps a range of
    /// the script's text to the file, <paramref name="keyword"/> starts each message (<c>"RUN "</c>).
    /// </summary>
    private void CheckScript(ShellScript script, Func<int, int, SourceSpan> spanOf, string keyword, RuleContext context)
    {
        // A bash -c string is parsed twice (as a word and as a script): one finding per download.
        var reported = new HashSet<int>();
        foreach (var pipeline in script.Pipelines)
        {
            if (PipedToInterpreter(pipeline) is var (download, interpreter) && reported.Add(download.Offset))
            {
                var end = interpreter.NameWord!;
                context.Report(
                    Descriptor,
                    spanOf(download.Offset, end.Offset + end.Length - download.Offset),
                    VariableSettings.Evidence(download) + " | " + VariableSettings.Evidence(interpreter),
                    [keyword + download.Name + " … | " + Prefix(interpreter), UrlOf(download)]);
            }
        }

        foreach (var command in script.Commands)
        {
            if (SubstitutionRun(command) is var (download, substitution, shown) && reported.Add(download.Offset))
            {
                context.Report(
                    Descriptor,
                    spanOf(command.Offset, substitution.Offset + substitution.Length - command.Offset),
                    VariableSettings.Evidence(command),
                    [keyword + shown, UrlOf(download)]);
            }
        }

        foreach (var (download, run, file) in DownloadedThenRun(script))
        {
            var first = run.Words[0];
            context.Report(
                Descriptor,
                spanOf(first.Offset, Math.Max(first.Length, file.Offset + file.Length - first.Offset)),
                VariableSettings.Evidence(download) + " && " + VariableSettings.Evidence(run),
                [keyword + download.Name + " … && " + Prefix(run) + (file == run.NameWord ? string.Empty : " " + file.Text) + " (no checksum check in between)", UrlOf(download)],
                confidence: Confidence.Medium);
        }
    }

    /// <summary>A download whose output an interpreter further down the same pipeline runs.</summary>
    private static (ShellCommand Download, ShellCommand Interpreter)? PipedToInterpreter(ShellPipeline pipeline)
    {
        ShellCommand? download = null;
        foreach (var command in pipeline.Commands)
        {
            if (download is null)
            {
                download = DownloadToStdout(command);
            }
            else if (RunsStdin(command))
            {
                return (download, command);
            }
        }

        return null;
    }

    /// <summary><c>bash &lt;(curl …)</c>, <c>source &lt;(curl …)</c>, <c>sh -c "$(curl …)"</c>, <c>eval "$(curl …)"</c>.</summary>
    private static (ShellCommand Download, ShellSubstitution Substitution, string Shown)? SubstitutionRun(ShellCommand command)
    {
        var name = command.Name;
        if (IsInterpreter(name) || name is "source" or ".")
        {
            var file = command.IsShell ? command.Positionals(["-o", "-O", "--rcfile", "--init-file"]).FirstOrDefault() : command.Arguments.FirstOrDefault(w => !w.Text.StartsWith("-", StringComparison.Ordinal));
            if (file is not null && !command.HasFlag("-c") && FindDownload(file, ShellSubstitutionKind.ProcessInput) is var (download, substitution))
            {
                return (download, substitution, Prefix(command) + " <(" + download.Name + " …)");
            }
        }

        var (flag, script) = name switch
        {
            _ when command.IsShell => ("-c", command.ShellString),
            _ when PipCommand.IsPython(name) => ("-c", command.FindFlags("-c").FirstOrDefault()?.ValueWord),
            "perl" or "ruby" => ("-e", command.FindFlags("-e", "-E").FirstOrDefault()?.ValueWord),
            "node" or "nodejs" => ("-e", command.FindFlags("-e", "--eval").FirstOrDefault()?.ValueWord),
            "php" => ("-r", command.FindFlags("-r").FirstOrDefault()?.ValueWord),
            "eval" => (string.Empty, command.Arguments.FirstOrDefault(w => w.Substitutions.Count > 0)),
            _ => (string.Empty, null),
        };
        if (script is not null && FindDownload(script, ShellSubstitutionKind.Command) is var (fetched, inner))
        {
            var shownFlag = flag.Length == 0 ? string.Empty : " " + flag;
            return (fetched, inner, Prefix(command) + shownFlag + " \"$(" + fetched.Name + " …)\"");
        }

        return null;
    }

    private static (ShellCommand Download, ShellSubstitution Substitution)? FindDownload(ShellWord word, ShellSubstitutionKind kind)
    {
        foreach (var substitution in word.Substitutions.Where(s => s.Kind == kind))
        {
            if (substitution.Commands.Select(DownloadToStdout).FirstOrDefault(d => d is not null) is { } download)
            {
                return (download, substitution);
            }
        }

        return null;
    }

    /// <summary>
    /// Within one script, a download saved to a file and then run (<c>sh x.sh</c>, <c>./x.sh</c>, <c>. x.sh</c>) with no
    /// verification tool in between.
    /// </summary>
    private static IEnumerable<(ShellCommand Download, ShellCommand Run, ShellWord File)> DownloadedThenRun(ShellScript script)
    {
        var saved = new Dictionary<string, ShellCommand>(StringComparer.Ordinal);
        foreach (var command in script.Commands)
        {
            if (IsVerifier(command))
            {
                saved.Clear();
            }
            else if (SavedFile(command) is { Length: > 0 } file)
            {
                saved[BaseName(file)] = command;
            }
            else if (saved.Count > 0 && RunFile(command) is { } run && saved.TryGetValue(BaseName(run.Text), out var download))
            {
                saved.Remove(BaseName(run.Text));
                yield return (download, command, run);
            }
        }
    }

    /// <summary>The download among a pipeline element: the command itself, or one in a subshell or group.</summary>
    private static ShellCommand? DownloadToStdout(ShellCommand command)
    {
        if (command.Kind is ShellCommandKind.Subshell or ShellCommandKind.Group)
        {
            return command.Body.Select(DownloadToStdout).FirstOrDefault(d => d is not null);
        }

        switch (command.Name)
        {
            case "curl":
                var output = command.FlagValue("-o", "--output");
                return output == "-" || (output is null && !command.HasFlag("-O", "--remote-name", "--remote-name-all")) ? command : null;
            case "wget":
                return command.FlagValue("-O", "--output-document") == "-" ? command : null;
            default:
                return IsPowerShellDownload(command.Name) && !command.Arguments.Any(w => w.Text.Equals("-OutFile", StringComparison.OrdinalIgnoreCase)) ? command : null;
        }
    }

    /// <summary>The file a download writes, or null when it writes to standard output or is no download.</summary>
    private static string? SavedFile(ShellCommand command)
    {
        switch (command.Name)
        {
            case "curl":
                var output = command.FlagValue("-o", "--output");
                return output is not null ? (output == "-" ? null : output)
                    : command.HasFlag("-O", "--remote-name") ? UrlFileName(RawUrl(command)) : null;
            case "wget":
                var document = command.FlagValue("-O", "--output-document");
                return document is not null ? (document == "-" ? null : document) : UrlFileName(RawUrl(command));
            default:
                if (!IsPowerShellDownload(command.Name))
                {
                    return null;
                }

                var arguments = command.Arguments;
                for (var i = 0; i + 1 < arguments.Count; i++)
                {
                    if (arguments[i].Text.Equals("-OutFile", StringComparison.OrdinalIgnoreCase))
                    {
                        return arguments[i + 1].Text;
                    }
                }

                return null;
        }
    }

    /// <summary>The script file a command runs: <c>sh x.sh</c>, <c>python3 x.py</c>, <c>. x.sh</c>, <c>./x.sh</c>.</summary>
    private static ShellWord? RunFile(ShellCommand command)
    {
        var name = command.Name;
        if (name is "source" or ".")
        {
            return command.Arguments.FirstOrDefault();
        }

        if (IsInterpreter(name))
        {
            return command.HasFlag("-c", "-e", "-E", "-m", "-r", "--eval") ? null : command.Positionals(["-o", "-O", "--rcfile", "--init-file", "-W", "-X"]).FirstOrDefault();
        }

        return command.NameWord is { } word && word.Text.IndexOfAny(['/', '\\']) >= 0 ? word : null;
    }

    private static bool IsVerifier(ShellCommand command) => command.Name switch
    {
        "gpg" or "gpg2" => command.HasFlag("--verify"),
        "openssl" => command.Arguments.FirstOrDefault()?.Text is "dgst" or "sha256" or "sha512",
        var name => Verifiers.Contains(name),
    };

    /// <summary>An interpreter that runs the script it reads on standard input.</summary>
    private static bool RunsStdin(ShellCommand command)
    {
        var name = command.Name;
        if (command.IsShell)
        {
            return command.ReadsScriptFromStdin || command.Positionals(["-o", "-O"]).FirstOrDefault()?.Text == "/dev/stdin";
        }

        if (name is "iex" || name.Equals("Invoke-Expression", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!IsInterpreter(name) || command.HasFlag("-c", "-m", "-e", "-E", "-p", "-r", "--eval", "--print"))
        {
            return false;
        }

        var first = command.Positionals(["-W", "-X", "-I"]).FirstOrDefault()?.Text;
        return first is null or "-" or "/dev/stdin";
    }

    private static bool IsInterpreter(string name) =>
        name is "sh" or "bash" or "dash" or "zsh" or "ash" or "ksh" or "mksh" or "perl" or "ruby" or "node" or "nodejs" or "php"
        || PipCommand.IsPython(name);

    private static bool IsPowerShellDownload(string name) =>
        name.Equals("iwr", StringComparison.OrdinalIgnoreCase) || name.Equals("irm", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Invoke-WebRequest", StringComparison.OrdinalIgnoreCase) || name.Equals("Invoke-RestMethod", StringComparison.OrdinalIgnoreCase);

    /// <summary>The words up to the program: <c>sudo -E bash</c>.</summary>
    private static string Prefix(ShellCommand command) =>
        string.Join(" ", command.Words.Take(Math.Max(command.NameIndex, 0) + 1).Select(w => w.Text));

    /// <summary>The URL a download fetches (user-info masked), or its first operand.</summary>
    private static string UrlOf(ShellCommand download) =>
        VariableSettings.ShownUrl(RawUrl(download) ?? download.Positionals().FirstOrDefault()?.Text ?? "an unknown URL");

    private static string? RawUrl(ShellCommand download) =>
        download.Arguments.FirstOrDefault(w => w.Text.IndexOf("://", StringComparison.Ordinal) > 0)?.Text;

    private static string? UrlFileName(string? url)
    {
        if (url is null)
        {
            return null;
        }

        var end = url.IndexOfAny(['?', '#']);
        var path = end < 0 ? url : url.Substring(0, end);
        var name = BaseName(path.TrimEnd('/'));
        return name.Length == 0 || name.IndexOf(':') >= 0 ? null : name;
    }

    private static string BaseName(string path) => path.Substring(path.LastIndexOfAny(['/', '\\']) + 1);
}
