using ThreatLint.Catalog;

namespace ThreatLint.Rules;

/// <summary>
/// A detector for one threat. A rule implements one <c>I…Rule</c> interface per document kind it
/// understands (e.g. <see cref="IDockerfileRule"/>), each a small method.
/// </summary>
public interface IRule
{
    RuleDescriptor Descriptor { get; }
}
