using ThreatLint.Documents.Artifacts;
using ThreatLint.Findings;
using ThreatLint.Rules;
using ThreatLint.Rules.ModelArtifacts;

namespace ThreatLint.Core.Tests.Rules.ModelArtifacts;

/// <summary>A temporary folder of model files written from bytes; the pickle rules run on them as the scanner runs
/// them (one <see cref="ModelArtifact"/> shared by the rules, findings into one list).</summary>
internal sealed class ModelFiles : IDisposable
{
    public static readonly IModelArtifactRule[] PickleRules = [new PickleCodeExecution(), new PickleUnknownImport(), new UnsafeModelFormat()];

    public ModelFiles() =>
        Root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "threatlint-pickles-" + Guid.NewGuid().ToString("N")[..12])).FullName;

    public string Root { get; }

    public string Write(string relativePath, byte[] content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    public IReadOnlyList<Finding> Scan(string relativePath, byte[] content, params IModelArtifactRule[] rules)
    {
        Write(relativePath, content);
        var findings = new List<Finding>();
        var context = new RuleContext(relativePath, findings);
        var artifact = ModelArtifact.Open(Path.Combine(Root, relativePath), relativePath);
        foreach (var rule in rules.Length == 0 ? PickleRules : rules)
        {
            rule.Check(artifact, context);
        }

        return findings;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

internal static class PickleFindingText
{
    /// <summary>Findings as <c>TL1001 posix.system at byte 17</c>: rule id and message without the fixed tail.</summary>
    public static IReadOnlyList<string> Summaries(this IEnumerable<Finding> findings) =>
        [.. findings.Select(f => f.RuleId + " " + Trim(f.Message))];

    private static string Trim(string message)
    {
        foreach (var cut in new[] { ": loading this file runs", ", which is on neither", ", a format that can", "; the file was" })
        {
            var at = message.IndexOf(cut, StringComparison.Ordinal);
            if (at >= 0)
            {
                message = message[..at];
            }
        }

        return message.Replace("Pickle stream imports ", string.Empty, StringComparison.Ordinal);
    }
}
