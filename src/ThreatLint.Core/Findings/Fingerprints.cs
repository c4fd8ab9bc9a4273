using System.Security.Cryptography;
using System.Text;

namespace ThreatLint.Findings;

/// <summary>
/// Stable finding identities: a hash of rule, path and normalized evidence, so a finding keeps its
/// fingerprint when lines move or whitespace changes. Repeats within one file get a <c>/n</c> suffix.
/// </summary>
public static class Fingerprints
{
    // One hasher per thread: creating one per finding costs more than the hash (files are scanned in parallel).
    [ThreadStatic]
    private static SHA256? _sha;

    public static string Compute(string ruleId, string path, string evidence)
    {
        var normalized = Normalize(evidence);
        var sha = _sha ??= SHA256.Create();
        var bytes = sha.ComputeHash(Encoding.UTF8.GetBytes(ruleId + "\n" + path + "\n" + normalized));
        var sb = new StringBuilder(32);
        for (var i = 0; i < 16; i++)
        {
            sb.Append(bytes[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    /// <summary>Collapses runs of white space and trims, so reformatting keeps the fingerprint.</summary>
    public static string Normalize(string evidence)
    {
        var sb = new StringBuilder(evidence.Length);
        var pendingSpace = false;
        foreach (var c in evidence)
        {
            if (char.IsWhiteSpace(c) || c == '\\')
            {
                pendingSpace = sb.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

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
