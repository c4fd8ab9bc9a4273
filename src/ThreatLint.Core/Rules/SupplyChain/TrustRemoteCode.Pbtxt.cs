using ThreatLint.Documents.Pbtxt;
using ThreatLint.Rules.Serving;

namespace ThreatLint.Rules.SupplyChain;

/// <summary>
/// TL1011 in Triton <c>config.pbtxt</c>: a parameter <c>trust_remote_code</c> set to true (Python-backend models pass
/// their parameters to <c>from_pretrained</c>; the vLLM and TensorRT-LLM backends read it as the engine argument).
/// </summary>
public sealed partial class TrustRemoteCode : IPbtxtRule
{
    public void Check(PbtxtDocument document, RuleContext context)
    {
        foreach (var parameter in TritonParameters.Of(document))
        {
            if (parameter.Key.Equals("trust_remote_code", StringComparison.OrdinalIgnoreCase)
                && parameter.Value is { } value && ModelShellCommands.IsTrue(value.Text.Trim()))
            {
                var what = "parameters " + parameter.Key + ": " + value.Text.Trim();
                context.Report(Descriptor, parameter.KeyScalar.Span, what, [what]);
            }
        }
    }
}
