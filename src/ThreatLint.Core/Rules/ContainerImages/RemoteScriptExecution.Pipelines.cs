using ThreatLint.Documents.Yaml;
using ThreatLint.Rules.Pipelines;

namespace ThreatLint.Rules.ContainerImages;

/// <summary>TL4003 on pipeline files: the same script checks as for RUN, on every step's scripts (<c>run:</c>, <c>script:</c>, <c>cmd:</c>, <c>sh -c</c> args).</summary>
public sealed partial class RemoteScriptExecution
{
    partial void CheckPipelines(YamlFile document, RuleContext context)
    {
        foreach (var step in PipelineShell.Of(document, context.Path).Steps)
        {
            foreach (var script in step.Scripts)
            {
                CheckScript(script.Script, script.SpanOf, step.Step.Label + " " + step.Step.ScriptKey + " ", context);
            }
        }
    }
}
