using ThreatLint.Documents.Yaml;

namespace ThreatLint.Rules;

/// <summary>
/// A rule that checks YAML files (manifests, workflows, pipelines, compose files, values files). Each rule asks the
/// file for the typed views it understands (<see cref="YamlFile.View{T}"/>), which are built once per file.
/// </summary>
public interface IYamlRule : IRule
{
    void Check(YamlFile document, RuleContext context);
}
