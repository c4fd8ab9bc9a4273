using ThreatLint.Documents.Pbtxt;

namespace ThreatLint.Rules;

/// <summary>A rule that checks protobuf text-format files (Triton's <c>config.pbtxt</c>).</summary>
public interface IPbtxtRule : IRule
{
    void Check(PbtxtDocument document, RuleContext context);
}
