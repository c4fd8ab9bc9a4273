using ThreatLint.Documents.EnvFile;

namespace ThreatLint.Rules;

/// <summary>A rule that checks dotenv files (<c>.env</c>, <c>.env.production</c>, <c>app.env</c>).</summary>
public interface IEnvFileRule : IRule
{
    void Check(EnvFileDocument document, RuleContext context);
}
