using System.Globalization;

namespace ThreatLint.Catalog;

/// <summary>A failing and a passing file for a rule's docs page; tests run both through the engine.</summary>
/// <param name="FileName">Name the example is scanned under (e.g. <c>Dockerfile</c>, <c>Program.cs</c>).</param>
/// <param name="Failing">Content on which the rule fires.</param>
/// <param name="Passing">The same content fixed; the rule stays silent.</param>
public sealed record RuleExample(string FileName, string Failing, string Passing);

/// <summary>Everything ThreatLint knows about one rule. Instances live in <see cref="Rules"/> only.</summary>
public sealed class RuleDescriptor
{
    public RuleDescriptor(
        string id,
        string slug,
        string title,
        string messageFormat,
        Severity severity,
        string[] atlas,
        string[] owasp,
        Stride stride,
        string? mitigation,
        string description,
        string remediation,
        RuleStatus status = RuleStatus.Planned,
        RuleExample? example = null)
    {
        Id = id;
        Slug = slug;
        Title = title;
        MessageFormat = messageFormat;
        DefaultSeverity = severity;
        Atlas = atlas;
        Owasp = owasp;
        Stride = stride;
        Mitigation = mitigation;
        Description = description;
        Remediation = remediation;
        Status = status;
        Example = example;
    }

    /// <summary>Stable id, e.g. <c>TL4001</c>.</summary>
    public string Id { get; }

    /// <summary>Human name, e.g. <c>image-runs-as-root</c>.</summary>
    public string Slug { get; }

    public string Title { get; }

    /// <summary>Composite format string; the arguments are the concrete evidence, never a secret's value.</summary>
    public string MessageFormat { get; }

    public Severity DefaultSeverity { get; }

    /// <summary>MITRE ATLAS technique ids (<see cref="AtlasTechnique"/>).</summary>
    public IReadOnlyList<string> Atlas { get; }

    /// <summary>OWASP Top 10 for LLM Applications 2025 ids (<see cref="OwaspLlm"/>).</summary>
    public IReadOnlyList<string> Owasp { get; }

    public Stride Stride { get; }

    /// <summary>The ATLAS mitigation the remediation points to (<see cref="AtlasMitigation"/>).</summary>
    public string? Mitigation { get; }

    /// <summary>What the rule fires on, in a sentence or two.</summary>
    public string Description { get; }

    /// <summary>What to do about a finding.</summary>
    public string Remediation { get; }

    public RuleStatus Status { get; }

    public RuleExample? Example { get; }

    public bool IsImplemented => Status == RuleStatus.Implemented;

    public RuleFamily Family => (RuleFamily)(Id[2] - '0');

    /// <summary>The rule's documentation page.</summary>
    public string HelpUri => Rules.HelpBaseUri + Id + ".md";

    /// <summary>The message with its evidence filled in.</summary>
    public string FormatMessage(params object?[] args) =>
        args.Length == 0 ? MessageFormat : string.Format(CultureInfo.InvariantCulture, MessageFormat, args);

    /// <summary>The taxonomy tag appended to diagnostics: <c>[ATLAS AML.T0049; OWASP LLM03]</c>.</summary>
    public string TaxonomyTag
    {
        get
        {
            var parts = new List<string>(2);
            if (Atlas.Count > 0) parts.Add("ATLAS " + string.Join(", ", Atlas));
            if (Owasp.Count > 0) parts.Add("OWASP " + string.Join(", ", Owasp));
            return parts.Count == 0 ? string.Empty : "[" + string.Join("; ", parts) + "]";
        }
    }

    public override string ToString() => Id + " " + Slug;
}
