using ThreatLint.Documents.Pbtxt;
using ThreatLint.Rules.Secrets;

namespace ThreatLint.Rules.Serving;

/// <summary>
/// Triton <c>config.pbtxt</c> (and any protobuf text file): parameter values named by their key, and every other string
/// value named by its field. A key in a committed model repository ships with every copy of it.
/// </summary>
public sealed partial class AiCredentialInConfig : IPbtxtRule
{
    public void Check(PbtxtDocument document, RuleContext context)
    {
        var parameterValues = new HashSet<PbtxtScalar>();
        foreach (var parameter in TritonParameters.Of(document))
        {
            parameterValues.Add(parameter.KeyScalar);
            if (parameter.Value is { } value)
            {
                parameterValues.Add(value);
                CheckValue(value, parameter.Key, "parameters " + parameter.Key, context);
            }
        }

        foreach (var message in document.Messages())
        {
            foreach (var field in message.Fields)
            {
                if (field.Value is PbtxtScalar { Kind: PbtxtScalarKind.String } scalar && !parameterValues.Contains(scalar))
                {
                    CheckValue(scalar, field.Name, field.Name, context);
                }
            }
        }
    }

    private void CheckValue(PbtxtScalar value, string name, string where, RuleContext context)
    {
        foreach (var match in AiCredentialPatterns.Find(value.Text, name))
        {
            Report(context, value.SpanOf(match.Start, match.Length), where, match, value.Text);
        }
    }
}
