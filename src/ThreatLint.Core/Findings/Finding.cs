using ThreatLint.Catalog;

namespace ThreatLint.Findings;

/// <summary>One thing ThreatLint found.</summary>
/// <param name="Rule">The rule that fired.</param>
/// <param name="Severity">Effective severity (the detector may raise the default; configuration may override).</param>
/// <param name="Confidence">How sure the detector is.</param>
/// <param name="Path">Path relative to the scan root, with '/' separators.</param>
/// <param name="Span">Where, 1-based.</param>
/// <param name="Message">The message with its evidence; never a secret's value.</param>
/// <param name="Fingerprint">Stable identity (rule + path + normalized evidence), independent of the line number.</param>
public sealed record Finding(
    RuleDescriptor Rule,
    Severity Severity,
    Confidence Confidence,
    string Path,
    SourceSpan Span,
    string Message,
    string Fingerprint)
{
    public string RuleId => Rule.Id;

    /// <summary>Why the finding is accepted (inline comment, file comment, annotation, configuration, baseline), or null.
    /// A suppressed finding is still reported — as a message, never failing a gate.</summary>
    public Suppression? Suppression { get; init; }

    public bool Suppressed => Suppression is not null;
}
