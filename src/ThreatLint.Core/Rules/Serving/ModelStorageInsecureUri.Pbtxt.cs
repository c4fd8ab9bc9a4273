using ThreatLint.Documents.Pbtxt;

namespace ThreatLint.Rules.Serving;

/// <summary>
/// TL2009 in Triton <c>config.pbtxt</c>: the Python backend's <c>EXECUTION_ENV_PATH</c> (a conda-pack archive whose
/// interpreter and packages run the model) fetched over plain http.
/// </summary>
public sealed partial class ModelStorageInsecureUri : IPbtxtRule
{
    public void Check(PbtxtDocument document, RuleContext context)
    {
        foreach (var parameter in TritonParameters.Of(document))
        {
            if (parameter.Key == "EXECUTION_ENV_PATH" && parameter.Value is { } value)
            {
                Check(context, value.Span, "parameters EXECUTION_ENV_PATH", value.Text.Trim());
            }
        }
    }
}
