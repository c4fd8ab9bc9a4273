using ThreatLint.Catalog;
using ThreatLint.Documents.Dockerfile;
using ThreatLint.Documents.Shell;
using ThreatLint.Documents.Yaml;
using ThreatLint.Findings;
using ThreatLint.Rules.Secrets;

namespace ThreatLint.Rules.Serving;

/// <summary>
/// TL2010: a literal AI-service credential (OpenAI, Anthropic, Hugging Face, Replicate, Groq, Google, NVIDIA, W&amp;B,
/// Azure OpenAI, Cohere, AWS and GCP keys for model stores) is written in a file, recognised by the format of its
/// value (<see cref="AiCredentialPatterns"/>). The value never reaches a message or a fingerprint: the evidence is
/// the provider, where it is named and a SHA-256 of the value, so a rotated key is a new finding.
/// </summary>
/// <remarks>
/// Dockerfiles: every instruction's arguments (ENV, ARG and LABEL values; RUN, CMD and ENTRYPOINT through the shell
/// model, so a key is named by its command, flag or assignment; the words of the rest), heredoc bodies (scripts and
/// data alike, line by line), and comments — a key in a comment is as leaked as one in an instruction. A key is
/// reported once per instruction however many nested scripts (<c>sh -c</c>) hold it. A Dockerfile key is reported
/// here and not by TL4005.
/// </remarks>
public sealed partial class AiCredentialInConfig : IDockerfileRule, IYamlRule
{
    public RuleDescriptor Descriptor => Catalog.Rules.AiCredentialInConfig;

    /// <summary>
    /// YAML: serving manifests (Kubernetes, KServe, compose… — in <c>AiCredentialInConfig.Serving.cs</c>) and pipeline files (workflows,
    /// CI, Kubeflow/Argo, DVC, MLflow — in <c>AiCredentialInConfig.Pipelines.cs</c>).
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
        foreach (var instruction in document.Instructions)
        {
            if (instruction.NameValues.Count > 0)
            {
                CheckNameValues(context, instruction);
            }
            else if (instruction.Keyword is "RUN" or "CMD" or "ENTRYPOINT")
            {
                CheckScripts(context, instruction);
            }
            else
            {
                CheckWords(context, instruction);
            }

            foreach (var heredoc in instruction.Heredocs)
            {
                foreach (var line in heredoc.Lines)
                {
                    foreach (var match in AiCredentialPatterns.Find(line.Text, line.Text))
                    {
                        var name = NameBefore(line.Text, match.Start);
                        var where = instruction.Keyword + " <<" + heredoc.Delimiter + (name is null ? string.Empty : " " + name);
                        Report(context, SourceSpan.At(line.Line, line.Column + match.Start, match.Length), where, match, line.Text);
                    }
                }
            }
        }

        foreach (var comment in document.Comments)
        {
            // The comment's text is trimmed, so the finding points at the '#': the line is what matters.
            CheckComment(context, comment.Text, _ => SourceSpan.At(comment.Line, comment.Column, 1));
        }
    }

    private void CheckNameValues(RuleContext context, DockerInstruction instruction)
    {
        foreach (var pair in instruction.NameValues)
        {
            if (pair.RawValue is not { Length: > 0 } raw)
            {
                continue;
            }

            var valueOffset = instruction.Text.IndexOf(raw, pair.Offset + pair.Name.Length, StringComparison.Ordinal);
            foreach (var match in AiCredentialPatterns.Find(raw, pair.Name))
            {
                var span = valueOffset < 0 ? instruction.Span : instruction.SpanOf(valueOffset + match.Start, match.Length);
                Report(context, span, instruction.Keyword + " " + pair.Name, match, raw);
            }
        }
    }

    /// <summary>
    /// The command lines of RUN, CMD and ENTRYPOINT (their heredoc bodies are read as text with the other heredocs).
    /// Deeper commands come first, so that a key inside <c>sh -c "…"</c> is named by the command that uses it.
    /// </summary>
    private void CheckScripts(RuleContext context, DockerInstruction instruction)
    {
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var script in instruction.ScriptsOf().Where(s => s.Source != RunScriptSource.Heredoc))
        {
            foreach (var command in script.Script.CommandsDeepestFirst)
            {
                foreach (var assignment in command.Assignments)
                {
                    CheckShellWord(context, script, assignment.Word, assignment.Name + "=", [], reported);
                }

                var words = command.Words;
                var first = Math.Max(0, command.NameIndex);
                for (var i = 0; i < words.Count; i++)
                {
                    if (words[i].Raw.Length < AiCredentialPatterns.MinLength)
                    {
                        continue;
                    }

                    // The program and the two words before this one are enough to name it; a long command stays linear.
                    var before = new List<string>(4);
                    if (i > first)
                    {
                        before.Add(words[first].Text);
                        if (i - first > 3)
                        {
                            before.Add("…");
                        }

                        for (var j = Math.Max(first + 1, i - 2); j < i; j++)
                        {
                            before.Add(words[j].Text);
                        }
                    }

                    var label = ShellAssignment.TryParse(words[i]) is { } assignment ? assignment.Name + "=" : null;
                    CheckShellWord(context, script, words[i], label, before, reported);
                }
            }
        }
    }

    /// <param name="before">The program and at most the two words before this one, with "…" for any gap between.</param>
    private void CheckShellWord(RuleContext context, RunScript script, ShellWord word, string? label, IReadOnlyList<string> before, HashSet<string> reported)
    {
        var raw = word.Raw;
        var near = before.Count <= 2 ? before : [before[before.Count - 2], before[before.Count - 1]];
        foreach (var match in AiCredentialPatterns.Find(raw, string.Join(" ", near) + " " + raw))
        {
            var value = raw.Substring(match.Start, match.Length);
            if (!reported.Add(value))
            {
                continue;
            }

            var inWord = label ?? Clean(raw.Substring(0, match.Start)).Trim();
            var shown = before.Select(w => w == "…" || IsShowable(w, allowUpper: w.StartsWith("-", StringComparison.Ordinal)) ? w : "…").ToList();
            if (inWord.Length > 0 && IsShowable(inWord, allowUpper: true))
            {
                shown.Add(inWord);
            }

            var where = (script.Instruction.Keyword + " " + string.Join(" ", shown)).Replace("… …", "…").TrimEnd(' ', '…');
            var span = word.Length == raw.Length ? script.SpanOf(word.Offset + match.Start, match.Length) : script.SpanOf(word);
            Report(context, span, where, match, raw);
        }
    }

    /// <summary>
    /// Shell and exec words. What the value belongs to is the label before it in the same word (<c>WANDB_API_KEY=</c>,
    /// <c>"Authorization: Bearer </c>), else the two words before it (<c>--token</c>, <c>wandb login</c>).
    /// </summary>
    private void CheckWords(RuleContext context, DockerInstruction instruction)
    {
        var words = instruction.Words;
        for (var i = 0; i < words.Count; i++)
        {
            var text = words[i].Text;
            if (text.Length < AiCredentialPatterns.MinLength)
            {
                continue;
            }

            var before = new List<string>(2);
            for (var j = Math.Max(0, i - 2); j < i; j++)
            {
                before.Add(Clean(words[j].Text));
            }

            foreach (var match in AiCredentialPatterns.Find(text, string.Join(" ", before) + " " + text))
            {
                var label = Clean(text.Substring(0, match.Start)).Trim();
                var where = label.Length > 0 && IsShowable(label, allowUpper: true)
                    ? instruction.Keyword + " … " + label
                    : instruction.Keyword + " … " + string.Join(" ", before.Select(w => IsShowable(w, allowUpper: w.StartsWith("-", StringComparison.Ordinal)) ? w : "…"));
                Report(context, instruction.SpanOf(words[i].Offset + match.Start, match.Length), where.TrimEnd(' ', '…'), match, text);
            }
        }
    }

    /// <summary>A key in a comment is as leaked as one in code: reported as "a comment", named by an assignment before it.</summary>
    private void CheckComment(RuleContext context, string text, Func<AiCredentialMatch, SourceSpan> spanOf)
    {
        foreach (var match in AiCredentialPatterns.Find(text, text))
        {
            var name = NameBefore(text, match.Start);
            Report(context, spanOf(match), "a comment" + (name is null ? string.Empty : " (" + name + ")"), match, text);
        }
    }

    private void Report(RuleContext context, SourceSpan span, string where, AiCredentialMatch match, string text)
    {
        var value = text.Substring(match.Start, match.Length);
        context.Report(Descriptor, span, SecretValues.Evidence(match.Provider, where, value), [where, match.Provider]);
    }

    /// <summary>
    /// The name assigned just before <paramref name="start"/>: <c>OPENAI_API_KEY=</c>, <c>api_key: </c>,
    /// <c>"private_key": "</c>; null when the text before it is not an assignment.
    /// </summary>
    internal static string? NameBefore(string text, int start)
    {
        var i = start - 1;
        while (i >= 0 && text[i] is ' ' or '\t' or '"' or '\'' or '\\')
        {
            i--;
        }

        if (i < 0 || text[i] is not ('=' or ':'))
        {
            return null;
        }

        i--;
        while (i >= 0 && text[i] is ' ' or '\t' or '"' or '\'' or '\\')
        {
            i--;
        }

        var end = i + 1;
        while (i >= 0 && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '-' or '.'))
        {
            i--;
        }

        return end - i - 1 > 0 ? text.Substring(i + 1, end - i - 1) : null;
    }

    /// <summary>
    /// A command, flag, path or label (<c>wandb</c>, <c>--api-key</c>, <c>./login.sh</c>, <c>Authorization: Bearer</c>)
    /// that can be shown in a message: few digits, no mixed-case run that could be another secret (upper case only
    /// where allowed). Anything else is shown as "…".
    /// </summary>
    private static bool IsShowable(string word, bool allowUpper) =>
        word.Length is > 0 and <= 40
        && word.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '/' or ':' or '=' or ' ' || (allowUpper && c is >= 'A' and <= 'Z'))
        && word.Count(char.IsDigit) <= 2;

    /// <summary>A word without the quotes, commas and brackets of the exec form.</summary>
    private static string Clean(string word) => word.Trim('"', '\'', ',', '[', ']');
}
