namespace ThreatLint.Findings;

/// <summary>
/// Stable finding identities: a hash of rule, path and normalized evidence, so a finding keeps its
/// fingerprint when lines move or whitespace changes. Repeats within one file get a <c>/n</c> suffix.
/// </summary>
public static class Fingerprints
{
    public static string Compute(string ruleId, string path, string evidence) => FingerprintHash.Compute(ruleId, path, evidence);

    /// <summary>Collapses runs of white space and trims, so reformatting keeps the fingerprint.</summary>
    public static string Normalize(string evidence) => FingerprintHash.Normalize(evidence);

    /// <summary>
    /// The fingerprint of a finding whose evidence is the source text it points at (C# analyzer findings): the
    /// analyzer's baseline suppressor computes the same value from the diagnostic's span.
    /// </summary>
    public static string ForSourceText(string ruleId, string path, string spanText) => FingerprintHash.Compute(ruleId, path, spanText);

    /// <summary>Gives repeated fingerprints within a result a deterministic <c>/2</c>, <c>/3</c>… suffix.</summary>
    public static IReadOnlyList<Finding> Disambiguate(IReadOnlyList<Finding> sorted)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<Finding>(sorted.Count);
        foreach (var finding in sorted)
        {
            seen.TryGetValue(finding.Fingerprint, out var count);
            seen[finding.Fingerprint] = ++count;
            result.Add(count == 1 ? finding : finding with { Fingerprint = finding.Fingerprint + "/" + count.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }

        return result;
    }
}
