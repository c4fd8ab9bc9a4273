using ThreatLint.Documents.Dockerfile;

namespace ThreatLint.Rules;

/// <summary>A rule that checks Dockerfiles.</summary>
public interface IDockerfileRule : IRule
{
    void Check(DockerfileDocument document, RuleContext context);
}
