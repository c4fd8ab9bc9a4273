using ThreatLint.Documents.Yaml;
using ThreatLint.Rules.Pipelines;

namespace ThreatLint.Rules.SupplyChain;

/// <summary>
/// TL1010 on pipeline files: the Dockerfile shell checks (<c>huggingface-cli download</c> without a commit revision,
/// <c>git clone</c> of a Hub model with no checkout of a commit, <c>--model org/x</c> without <c>--revision</c>,
/// <c>ollama pull</c> of a tag) on each step's scripts and argv. A step is what a RUN is for Dockerfiles: a checkout
/// in a later step of the same job does not pin the clone of an earlier one.
/// </summary>
public sealed partial class ThirdPartyModelUnpinned
{
    partial void CheckPipelines(YamlFile document, RuleContext context)
    {
        foreach (var step in PipelineShell.Of(document, context.Path).Steps)
        {
            CheckShell([.. step.Lines], context);
        }
    }
}
