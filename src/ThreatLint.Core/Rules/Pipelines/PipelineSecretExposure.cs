using ThreatLint.Catalog;
using ThreatLint.Documents.Pipelines;
using ThreatLint.Documents.Shell;
using ThreatLint.Documents.Yaml;
using ThreatLint.Rules.Secrets;

namespace ThreatLint.Rules.Pipelines;

/// <summary>
/// TL3007: a pipeline gives its secrets away — a literal secret written in the pipeline file (readable by everyone
/// who can read the repository, forever in its history), a <c>${{ secrets.X }}</c> pasted into script text (it lands
/// in the generated script file and in the command lines of the processes that get it, and breaks out of quoting), or
/// a secret printed to the job log (<c>echo $HF_TOKEN</c>, <c>printenv</c> with secrets in the environment), where
/// log masking misses any transformed form of it.
/// </summary>
/// <remarks>
/// <para>
/// Literals: variables (<c>env:</c>, <c>variables:</c>, container <c>env</c>) and <c>with:</c>/<c>inputs:</c> values
/// whose name says secret (<see cref="SecretNames"/>) and whose value is not a placeholder or a reference
/// (<see cref="SecretValues"/>). AI-service keys recognised by their format are TL2010's and are not reported twice.
/// Values never appear in messages or fingerprints (a SHA-256 of the value is the evidence).
/// </para>
/// <para>
/// Printing: <c>echo</c>/<c>printf</c> to the log (no redirection, no pipe — <c>echo "$T" | docker login
/// --password-stdin</c> and <c>echo "T=$T" &gt;&gt; $GITHUB_ENV</c> are how secrets are handed on) of a variable
/// that the step's environment fills from a secret (<c>${{ secrets.X }}</c>, <c>$(X)</c> of a secret variable) or
/// whose name says secret; <c>::add-mask::</c> lines are not printing. <c>printenv</c> or <c>env</c> with no
/// arguments when the step's environment holds a secret.
/// </para>
/// </remarks>
public sealed class PipelineSecretExposure : IYamlRule
{
    public RuleDescriptor Descriptor => Catalog.Rules.PipelineSecretExposure;

    public void Check(YamlFile document, RuleContext context)
    {
        var pipeline = PipelineFile.Of(document, context.Path);
        if (!pipeline.IsPipeline)
        {
            return;
        }

        CheckLiterals(pipeline, context);
        CheckExpandedSecrets(pipeline, context);
        CheckPrinted(PipelineShell.Of(document, context.Path), context);
    }

    private void CheckLiterals(PipelineFile pipeline, RuleContext context)
    {
        var literals = pipeline.Variables.Select(v => (v.Name, Value: v.Scalar, Where: "variable " + v.Name))
            .Concat(pipeline.Steps.SelectMany(s => s.Inputs?.Entries ?? []).Where(e => e.KeyText is not null)
                .Select(e => (Name: e.KeyText!, Value: e.Value as YamlScalar, Where: "input " + e.KeyText)));
        var reported = new HashSet<YamlNode>();
        foreach (var (name, value, where) in literals)
        {
            if (value?.Text is not { } text || !reported.Add(value) || SecretNames.Describe(name) is not { } kind
                || SecretValues.IsPlaceholder(text) || text.IndexOf("${{", StringComparison.Ordinal) >= 0 || text.IndexOf("$(", StringComparison.Ordinal) >= 0
                || AiCredentialPatterns.ContainsCredential(text, name))
            {
                continue;
            }

            context.Report(Descriptor, value.Span, SecretValues.Evidence("literal", where, text), [where + " holds " + kind + " as a literal,", "so everyone who can read the repository, now or in its history, has it"]);
        }
    }

    private void CheckExpandedSecrets(PipelineFile pipeline, RuleContext context)
    {
        foreach (var step in pipeline.Steps.Where(s => s.GitHub is not null))
        {
            foreach (var script in step.Scripts)
            {
                foreach (var expression in GitHubExpression.Find(script.Value))
                {
                    if (expression.Contexts.FirstOrDefault(GitHubContexts.IsSecret) is { } secret)
                    {
                        context.Report(
                            Descriptor,
                            script.SpanOf(expression.Offset, expression.Length),
                            secret + " in " + step.Label,
                            ["${{ " + expression.Body + " }} in " + step.Label + " is pasted into the script text:", "it is written to the runner's script file and the command line of each process given it, where other steps and processes read it; pass it through env:"],
                            Severity.High);
                    }
                }
            }
        }
    }

    private void CheckPrinted(PipelineShell shell, RuleContext context)
    {
        foreach (var step in shell.Steps)
        {
            var secretVariables = new HashSet<string>(
                step.Step.Env.Where(v => v.Scalar?.Text is { } value && IsSecretReference(value)).Select(v => v.Name),
                StringComparer.Ordinal);
            foreach (var line in step.Lines)
            {
                var command = line.Command;
                if (command.PipesTo is not null || command.Redirections.Any(r => r.Operator is ">" or ">>" or "&>" or ">|"))
                {
                    continue;
                }

                if (command.Name is "echo" or "printf")
                {
                    foreach (var word in command.Arguments)
                    {
                        if (word.Raw.IndexOf("::add-mask::", StringComparison.Ordinal) >= 0)
                        {
                            break;
                        }

                        if (PrintedSecret(word, secretVariables) is { } name)
                        {
                            context.Report(Descriptor, line.SpanOf(word), "echo $" + name + " in " + step.Step.Label, [step.Step.Label + " prints $" + name + " to the job log:", "log masking misses any transformed form of it, and everyone who can read the logs reads it"]);
                            break;
                        }
                    }
                }
                else if (command.Name is "printenv" or "env" && command.Arguments.Count == 0 && secretVariables.Count > 0)
                {
                    context.Report(Descriptor, line.SpanAt(0), command.Name + " in " + step.Step.Label, [step.Step.Label + " prints its whole environment, with " + string.Join(", ", secretVariables.OrderBy(n => n, StringComparer.Ordinal).Take(3)) + ", to the job log:", "everyone who can read the logs reads them"]);
                }
            }
        }
    }

    /// <summary>A value that a CI system fills from its secret store: <c>${{ secrets.X }}</c>, Azure <c>$(X)</c> of a secret-looking name.</summary>
    private static bool IsSecretReference(string value) =>
        GitHubExpression.Find(value).Any(e => e.Contexts.Any(GitHubContexts.IsSecret))
        || (value.StartsWith("$(", StringComparison.Ordinal) && value.EndsWith(")", StringComparison.Ordinal) && SecretNames.LooksSecret(value.Substring(2, value.Length - 3)));

    /// <summary>The name of a secret variable a word expands (<c>$HF_TOKEN</c>, <c>${HF_TOKEN}</c>), or null.</summary>
    private static string? PrintedSecret(ShellWord word, HashSet<string> secretVariables)
    {
        var raw = word.Raw;
        for (var at = raw.IndexOf('$'); at >= 0 && at < raw.Length - 1; at = raw.IndexOf('$', at + 1))
        {
            var start = at + (raw[at + 1] == '{' ? 2 : 1);
            var end = start;
            while (end < raw.Length && (char.IsLetterOrDigit(raw[end]) || raw[end] == '_'))
            {
                end++;
            }

            var name = raw.Substring(start, end - start);
            if (name.Length > 0 && (secretVariables.Contains(name) || SecretNames.LooksSecret(name)))
            {
                return name;
            }
        }

        return null;
    }
}
