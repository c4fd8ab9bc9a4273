using ThreatLint.Catalog;
using ThreatLint.Documents.Dockerfile;
using ThreatLint.Documents.Shell;
using ThreatLint.Findings;
using ThreatLint.Rules.Secrets;

namespace ThreatLint.Rules.ContainerImages;

/// <summary>
/// TL4005: a secret goes into the image — an ENV or ARG whose name says secret (<c>HF_TOKEN</c>, <c>DB_PASSWORD</c>)
/// has a literal value, a URL in ENV/ARG carries a password, or COPY/ADD brings in a credential file
/// (<c>kaggle.json</c>, <c>.netrc</c>, <c>id_rsa</c>, <c>.env</c>…).
/// </summary>
/// <remarks>
/// <para>
/// Decisions, by instruction:
/// </para>
/// <list type="bullet">
/// <item>ENV and ARG are judged in every stage: a literal is in the Dockerfile, the stage's history and build cache,
/// and CI logs. Confidence is high in the stages that ship (the final stage and the stages it is built FROM, whose
/// ENV it inherits) and medium elsewhere. A global ARG (before the first FROM) is high when a shipped stage
/// re-declares it, medium otherwise. <c>ARG NAME</c> with no default is a build argument supplied from outside and is
/// fine; so is a value that references another variable (<c>ENV HF_TOKEN=$HF_TOKEN</c> — the ARG it names is judged
/// on its own) and any placeholder by <see cref="SecretValues.IsPlaceholder"/>.</item>
/// <item>RUN is read through the shell model: a literal secret assigned to a secret-named variable
/// (<c>RUN DB_PASSWORD=… ./migrate.sh</c>, <c>export HF_TOKEN=…</c>) or a password in a URL
/// (<c>pip install --index-url https://user:…@host/simple</c>) is in the image history, which records every RUN
/// command line; confidence follows the stage as for ENV.</item>
/// <item>A value TL2010 recognises by its format (an <c>hf_…</c>, <c>sk-…</c> key) is left to TL2010, so one secret
/// gives one finding.</item>
/// <item>COPY/ADD of credential files (<see cref="CredentialFiles"/>) counts only in the stages that ship: a build
/// stage's files stay out of the image unless copied by path, which the file does not show. The source's name is
/// judged, globs included (<c>*.pem</c>); when no source is a credential file, a single source copied to a file
/// whose name is one (<c>/root/.kaggle/kaggle.json</c>, or a heredoc written to <c>/root/.netrc</c>) counts too.
/// <c>COPY . .</c> is not judged: what it brings in depends on .dockerignore.</item>
/// <item>Build secrets (<c>RUN --mount=type=secret</c>) never reach a layer and are the fix, not a finding.</item>
/// </list>
/// </remarks>
public sealed class SecretInImage : IDockerfileRule
{
    public RuleDescriptor Descriptor => Catalog.Rules.SecretInImage;

    public void Check(DockerfileDocument document, RuleContext context)
    {
        var shipped = new HashSet<BuildStage>();
        for (var stage = document.FinalStage; stage is not null && shipped.Add(stage); stage = stage.BaseStage)
        {
        }

        var redeclared = new HashSet<string>(
            shipped.SelectMany(s => s.Instructions).Where(i => i.Keyword == "ARG").SelectMany(i => i.NameValues).Where(p => p.RawValue is null).Select(p => p.Name),
            StringComparer.Ordinal);
        foreach (var instruction in document.Instructions.TakeWhile(i => i.Keyword != "FROM").Where(i => i.Keyword == "ARG"))
        {
            foreach (var pair in instruction.NameValues)
            {
                CheckVariable(context, instruction, pair, redeclared.Contains(pair.Name) ? Confidence.High : Confidence.Medium);
            }
        }

        foreach (var stage in document.Stages)
        {
            var ships = shipped.Contains(stage);
            foreach (var instruction in stage.Instructions)
            {
                if (instruction.Keyword is "ENV" or "ARG")
                {
                    foreach (var pair in instruction.NameValues)
                    {
                        CheckVariable(context, instruction, pair, ships ? Confidence.High : Confidence.Medium);
                    }
                }
                else if (instruction.Keyword == "RUN")
                {
                    CheckRun(context, instruction, ships ? Confidence.High : Confidence.Medium);
                }
                else if (ships && instruction.Keyword is "COPY" or "ADD")
                {
                    CheckFiles(context, instruction);
                }
            }
        }
    }

    private void CheckVariable(RuleContext context, DockerInstruction instruction, NameValue pair, Confidence confidence)
    {
        if (pair.RawValue is not { } raw || AiCredentialPatterns.ContainsCredential(raw, pair.Name))
        {
            return;
        }

        var value = pair.Value is { IsResolved: true } expanded ? expanded.Value : raw;
        var shown = instruction.Keyword + " " + pair.Name;
        if (SecretNames.Describe(pair.Name) is { } what && raw.IndexOf('$') < 0 && !SecretValues.IsPlaceholder(value))
        {
            context.Report(Descriptor, SpanOf(instruction, pair), SecretValues.Evidence(what, shown, value), [shown, what], confidence: confidence);
        }
        else if (raw.IndexOf("://", StringComparison.Ordinal) >= 0 && SecretValues.FindUrlPassword(value) is { } password)
        {
            var secret = value.Substring(password.Start, password.Length);
            context.Report(Descriptor, SpanOf(instruction, pair), SecretValues.Evidence("url password", shown, secret), [shown, "a password in the URL's user-info"], confidence: confidence);
        }
    }

    /// <summary>Deeper commands first, and each secret once: a URL inside <c>sh -c "…"</c> is in the outer word too.</summary>
    private void CheckRun(RuleContext context, DockerInstruction instruction, Confidence confidence)
    {
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var script in instruction.ScriptsOf())
        {
            foreach (var command in script.Script.CommandsDeepestFirst)
            {
                var assignments = command.Assignments.Concat(command.Words.Select(ShellAssignment.TryParse).OfType<ShellAssignment>());
                foreach (var assignment in assignments)
                {
                    var raw = assignment.Word.Raw;
                    if (AiCredentialPatterns.ContainsCredential(raw, raw) || assignment.Word.HasExpansion)
                    {
                        continue;
                    }

                    var shown = "RUN " + assignment.Name + "=";
                    if (SecretNames.Describe(assignment.Name) is { } what && !SecretValues.IsPlaceholder(assignment.Value) && reported.Add(assignment.Value))
                    {
                        context.Report(Descriptor, script.SpanOf(assignment.Word), SecretValues.Evidence(what, shown, assignment.Value), [shown, what], confidence: confidence);
                    }
                }

                foreach (var word in command.Words)
                {
                    if (word.Text.IndexOf("://", StringComparison.Ordinal) > 0 && !word.HasExpansion && SecretValues.FindUrlPassword(word.Text) is { } password
                        && !AiCredentialPatterns.ContainsCredential(word.Raw, word.Raw))
                    {
                        var shown = "RUN " + (command.Name.Length > 0 ? command.Name : "…");
                        var secret = word.Text.Substring(password.Start, password.Length);
                        if (!reported.Add(secret))
                        {
                            continue;
                        }

                        context.Report(Descriptor, script.SpanOf(word), SecretValues.Evidence("url password", shown, secret), [shown, "a password in a URL's user-info"], confidence: confidence);
                    }
                }
            }
        }
    }

    private void CheckFiles(RuleContext context, DockerInstruction instruction)
    {
        var sources = CopySources.Sources(instruction).ToList();
        var reported = false;
        foreach (var source in sources)
        {
            if (IsRemote(source.Value) || CredentialFiles.Match(source.Value) is not { } file)
            {
                continue;
            }

            var shown = instruction.Keyword + " " + source.Written;
            context.Report(Descriptor, source.Span, instruction.Keyword + " " + source.Value, [shown, file.ToString()], confidence: file.Confidence);
            reported = true;
        }

        var single = sources.Count == 1 || (sources.Count == 0 && instruction.Heredocs.Count > 0);
        if (reported || !single || CopySources.Destination(instruction) is not { } destination)
        {
            return;
        }

        if (!destination.Value.EndsWith("/", StringComparison.Ordinal) && CredentialFiles.Match(destination.Value) is { IsFolder: false } target)
        {
            var shown = instruction.Keyword + " to " + destination.Written;
            context.Report(Descriptor, destination.Span, instruction.Keyword + " to " + destination.Value, [shown, target.ToString()], confidence: target.Confidence);
        }
    }

    private static bool IsRemote(string source) =>
        source.IndexOf("://", StringComparison.Ordinal) >= 0 || source.StartsWith("git@", StringComparison.OrdinalIgnoreCase);

    /// <summary>From the name to the end of the value as written.</summary>
    private static SourceSpan SpanOf(DockerInstruction instruction, NameValue pair)
    {
        var valueStart = pair.RawValue is null ? -1 : instruction.Text.IndexOf(pair.RawValue, pair.Offset + pair.Name.Length, StringComparison.Ordinal);
        var end = valueStart < 0 ? pair.Offset + pair.Name.Length : valueStart + pair.RawValue!.Length;
        return instruction.SpanOf(pair.Offset, end - pair.Offset);
    }
}
