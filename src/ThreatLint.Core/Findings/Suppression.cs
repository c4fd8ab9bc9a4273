namespace ThreatLint.Findings;

/// <summary>How a finding was accepted.</summary>
public enum SuppressionKind
{
    /// <summary><c># threatlint-ignore TLxxxx: reason</c> on the finding's line or the line above.</summary>
    Inline,

    /// <summary><c># threatlint-ignore-file TLxxxx: reason</c> anywhere in the file.</summary>
    File,

    /// <summary>The Kubernetes annotation <c>threatlint.io/ignore</c> on the object holding the finding.</summary>
    Annotation,

    /// <summary>An <c>ignore</c> entry of <c>.threatlint.yml</c> (paths and rules).</summary>
    Configuration,

    /// <summary>An entry of the baseline file (<c>threatlint.baseline.json</c>).</summary>
    Baseline,
}

/// <summary>Why a finding is accepted: the mechanism and the justification its author wrote (may be empty).</summary>
public sealed record Suppression(SuppressionKind Kind, string Justification)
{
    /// <summary>The kind as written in reports: <c>inline</c>, <c>file</c>, <c>annotation</c>, <c>configuration</c>, <c>baseline</c>.</summary>
    public string KindText => Kind switch
    {
        SuppressionKind.Inline => "inline",
        SuppressionKind.File => "file",
        SuppressionKind.Annotation => "annotation",
        SuppressionKind.Configuration => "configuration",
        _ => "baseline",
    };

    /// <summary>Parses <see cref="KindText"/> back (the findings cache).</summary>
    public static SuppressionKind? ParseKind(string text) => text switch
    {
        "inline" => SuppressionKind.Inline,
        "file" => SuppressionKind.File,
        "annotation" => SuppressionKind.Annotation,
        "configuration" => SuppressionKind.Configuration,
        "baseline" => SuppressionKind.Baseline,
        _ => null,
    };
}
