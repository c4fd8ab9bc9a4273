using ThreatLint.Documents.Yaml;
using ThreatLint.Rules.Pipelines;

namespace ThreatLint.Rules.SupplyChain;

/// <summary>
/// TL1011 on pipeline files (GitHub, Azure, GitLab, Argo/Kubeflow, Azure ML, DVC, MLflow): the flag on any command of
/// a step's scripts or a container's argv, and <c>TRUST_REMOTE_CODE</c> / <c>HF_DATASETS_TRUST_REMOTE_CODE</c> set
/// to true in any environment block.
/// </summary>
public sealed partial class TrustRemoteCode
{
    partial void CheckPipelines(YamlFile document, RuleContext context)
    {
        var shell = PipelineShell.Of(document, context.Path);
        if (!shell.Pipeline.IsPipeline)
        {
            return;
        }

        CheckShell(shell.Lines, context);
        foreach (var variable in shell.Pipeline.Variables)
        {
            if (Variables.Contains(variable.Name) && variable.Scalar?.Text is { } value && ModelShellCommands.IsTrue(value))
            {
                var what = "env " + variable.Name + "=" + value;
                context.Report(Descriptor, variable.NameNode.Span, what, [what]);
            }
        }
    }
}
