namespace ThreatLint.Catalog;

/// <summary>The one place where severities, confidences and STRIDE letters become text and back.</summary>
public static class SeverityText
{
    public static string ToText(this Severity severity) => severity switch
    {
        Severity.Critical => "critical",
        Severity.High => "high",
        Severity.Medium => "medium",
        _ => "low",
    };

    public static string ToText(this Confidence confidence) => confidence switch
    {
        Confidence.High => "high",
        Confidence.Medium => "medium",
        _ => "low",
    };

    /// <summary>Parses <c>critical|high|medium|low</c> (any case).</summary>
    public static bool TryParse(string? text, out Severity severity)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case "CRITICAL": severity = Severity.Critical; return true;
            case "HIGH": severity = Severity.High; return true;
            case "MEDIUM": severity = Severity.Medium; return true;
            case "LOW": severity = Severity.Low; return true;
            default: severity = default; return false;
        }
    }

    /// <summary>Parses a fail-on threshold: a severity, or <c>none</c>/empty for no gate (null).</summary>
    public static bool TryParseThreshold(string? text, out Severity? threshold)
    {
        threshold = null;
        if (string.IsNullOrWhiteSpace(text) || string.Equals(text!.Trim(), "none", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (TryParse(text, out var severity))
        {
            threshold = severity;
            return true;
        }

        return false;
    }

    /// <summary>The STRIDE letters of a set, in S T R I D E order (e.g. "T, E").</summary>
    public static IReadOnlyList<string> Letters(this Stride stride)
    {
        var letters = new List<string>();
        if ((stride & Stride.Spoofing) != 0) letters.Add("S");
        if ((stride & Stride.Tampering) != 0) letters.Add("T");
        if ((stride & Stride.Repudiation) != 0) letters.Add("R");
        if ((stride & Stride.InformationDisclosure) != 0) letters.Add("I");
        if ((stride & Stride.DenialOfService) != 0) letters.Add("D");
        if ((stride & Stride.ElevationOfPrivilege) != 0) letters.Add("E");
        return letters;
    }
}
