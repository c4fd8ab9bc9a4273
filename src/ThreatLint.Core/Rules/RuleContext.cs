using ThreatLint.Catalog;
using ThreatLint.Findings;

namespace ThreatLint.Rules;

/// <summary>What a rule sees while checking one document: where it is, and where findings go.</summary>
public sealed class RuleContext
{
    private readonly List<Finding> _findings;

    internal RuleContext(string path, List<Finding> findings, RuleSettings? settings = null)
    {
        Path = path;
        _findings = findings;
        Settings = settings ?? RuleSettings.Default;
    }

    /// <summary>The per-rule options of the configuration (trusted registries, extra pickle entries…).</summary>
    public RuleSettings Settings { get; }

    /// <summary>The decoded text of a text document, once the scanner has read it (inline suppressions are read from it).</summary>
    internal string? SourceText { get; set; }

    /// <summary>Path of the document relative to the scan root, with '/' separators.</summary>
    public string Path { get; }

    /// <summary>Reports a finding.</summary>
    /// <param name="rule">The descriptor of the rule that fires.</param>
    /// <param name="span">Where the evidence is.</param>
    /// <param name="evidence">What identifies this finding within the file independent of its line (e.g. the image
    /// reference); it feeds the fingerprint and must not be a secret's value.</param>
    /// <param name="messageArgs">Arguments for the rule's message format.</param>
    /// <param name="severity">Overrides the rule's default severity when the evidence is worse (or milder).</param>
    /// <param name="confidence">How sure the detector is.</param>
    public void Report(
        RuleDescriptor rule,
        SourceSpan span,
        string evidence,
        IReadOnlyList<object?> messageArgs,
        Severity? severity = null,
        Confidence confidence = Confidence.High)
    {
        var message = rule.FormatMessage([.. messageArgs]);
        _findings.Add(new Finding(
            rule,
            severity ?? rule.DefaultSeverity,
            confidence,
            Path,
            span,
            message,
            Fingerprints.Compute(rule.Id, Path, evidence)));
    }
}
