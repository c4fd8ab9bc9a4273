using ThreatLint.Documents.Python;

namespace ThreatLint.Rules;

/// <summary>A rule that checks Python source: <c>.py</c> files and the code cells (and shell lines) of notebooks.</summary>
public interface IPythonRule : IRule
{
    void Check(PythonDocument document, RuleContext context);
}
