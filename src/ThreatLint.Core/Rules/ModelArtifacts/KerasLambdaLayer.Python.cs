using ThreatLint.Catalog;
using ThreatLint.Documents.Python;

namespace ThreatLint.Rules.ModelArtifacts;

/// <summary>
/// TL1005 in Python: Keras <c>load_model(…, safe_mode=False)</c> (<c>keras.models</c>, <c>keras.saving</c>,
/// <c>tf.keras</c>, <c>tf_keras</c>, resolved through the imports) turns off the check that refuses Lambda layers, so
/// whatever Lambda layer the loaded file carries runs. The same call is also TL1013's (a code-executing loader).
/// </summary>
public sealed partial class KerasLambdaLayer : IPythonRule
{
    public void Check(PythonDocument document, RuleContext context)
    {
        foreach (var call in document.Calls)
        {
            if (call.Name != "load_model" || !call.QualifiedName.Split('.').Any(p => p is "keras" or "tf_keras")
                || call.Keyword("safe_mode") is not { Literal.IsFalse: true } safeMode)
            {
                continue;
            }

            var path = document.ResolveString(call.Argument("filepath", 0)?.Value);
            var what = (path is null ? "A model" : path) + " loaded by " + call.Callee + "(safe_mode=False)";
            context.Report(Descriptor, safeMode.KeywordSpan, what, [what, "whatever Lambda layer it carries"]);
        }
    }
}
