using System.Security.Cryptography;
using System.Text;

namespace ThreatLint.Findings;

/// <summary>
/// The fingerprint algorithm, as source shared by the engine and the analyzer (which may ship no dependency and
/// cannot reference the engine): SHA-256 over rule id, path and whitespace-normalized evidence, first 16 bytes in hex.
/// Changing it orphans every baseline: bump the baseline version when it changes.
/// </summary>
internal static class FingerprintHash
{
    // One hasher per thread: creating one per finding costs more than the hash (files are scanned in parallel).
    [ThreadStatic]
    private static SHA256? _sha;

    private const string HexDigits = "0123456789abcdef";

    public static string Compute(string ruleId, string path, string evidence)
    {
        var normalized = Normalize(evidence);
        var sha = _sha ??= SHA256.Create();
        var bytes = sha.ComputeHash(Encoding.UTF8.GetBytes(ruleId + "\n" + path + "\n" + normalized));
        var hex = new char[32];
        for (var i = 0; i < 16; i++)
        {
            hex[2 * i] = HexDigits[bytes[i] >> 4];
            hex[(2 * i) + 1] = HexDigits[bytes[i] & 0xF];
        }

        return new string(hex);
    }

    /// <summary>Collapses runs of white space (and line continuations) and trims, so reformatting keeps the fingerprint.</summary>
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

    /// <summary>The fingerprint without the <c>/n</c> suffix that tells repeats within one file apart.</summary>
    public static string Base(string fingerprint)
    {
        var slash = fingerprint.IndexOf('/');
        return slash < 0 ? fingerprint : fingerprint.Substring(0, slash);
    }
}
