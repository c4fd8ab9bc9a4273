using ThreatLint.Catalog;
using ThreatLint.Documents.Pbtxt;
using ThreatLint.Rules.Serving;

namespace ThreatLint.Rules.SupplyChain;

/// <summary>
/// TL1010 in Triton <c>config.pbtxt</c>: a parameter naming a Hub repository (<c>model</c>, <c>model_id</c>,
/// <c>huggingface_model</c>, <c>hf_model</c>) without a commit in a <c>revision</c> (<c>model_revision</c>,
/// <c>hf_revision</c>) parameter. Local paths and bare names are not Hub references here.
/// </summary>
public sealed partial class ThirdPartyModelUnpinned : IPbtxtRule
{
    private static readonly string[] PbtxtModelKeys = ["model", "model_id", "huggingface_model", "hf_model"];

    private static readonly string[] PbtxtRevisionKeys = ["revision", "model_revision", "hf_revision"];

    public void Check(PbtxtDocument document, RuleContext context)
    {
        var parameters = TritonParameters.Of(document).ToList();
        if (TritonParameters.Find(parameters, PbtxtModelKeys) is not { Value: { } model } parameter)
        {
            return;
        }

        var id = model.Text.Trim();
        if (ModelReferences.Classify(id) != HubName.Repository)
        {
            return;
        }

        var revision = TritonParameters.Find(parameters, PbtxtRevisionKeys)?.Value?.Text.Trim();
        if (ModelReferences.IsCommit(revision))
        {
            return;
        }

        var reason = string.IsNullOrEmpty(revision)
            ? "parameter " + parameter.Key + " without a revision parameter holding a 40-hex commit"
            : "revision " + revision + " is a branch or tag, not a commit";
        Report(context, model.SpanOf(model.Text.IndexOf(id, StringComparison.Ordinal), id.Length), "parameters " + parameter.Key + " " + id, id, reason, Confidence.High);
    }
}
