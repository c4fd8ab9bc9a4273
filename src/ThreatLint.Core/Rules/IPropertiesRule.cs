using ThreatLint.Documents.Properties;

namespace ThreatLint.Rules;

/// <summary>A rule that checks Java properties files (TorchServe's <c>config.properties</c>).</summary>
public interface IPropertiesRule : IRule
{
    void Check(PropertiesFile document, RuleContext context);
}
