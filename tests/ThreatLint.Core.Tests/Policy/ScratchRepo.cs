using ThreatLint.Findings;

namespace ThreatLint.Core.Tests.Policy;

/// <summary>A throwaway repository (with a .git folder) to scan with its configuration and baseline.</summary>
internal sealed class ScratchRepo : IDisposable
{
    public ScratchRepo()
    {
        Root = Path.Combine(Path.GetTempPath(), "threatlint-policy-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path.Combine(Root, ".git"));
    }

    public string Root { get; }

    public string Write(string relativePath, string content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content.ReplaceLineEndings("\n"));
        return path;
    }

    public string Write(string relativePath, byte[] content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    public ScanResult Scan(string? config = null, string? baseline = null) =>
        Scanner.Scan(ScanOptions.Create(Root, config, baseline) with { MaxParallelism = 1 });

    /// <summary>Findings as <c>path(line,col) TLxxxx [kind]</c>, for readable assertions.</summary>
    public static List<string> Lines(ScanResult result) =>
        [.. result.Findings.Select(f => $"{f.Path}({f.Span.Line},{f.Span.Column}) {f.RuleId}" + (f.Suppression is { } s ? " [" + s.KindText + "]" : string.Empty))];

    public static List<string> Active(ScanResult result) =>
        [.. result.Findings.Where(f => !f.Suppressed).Select(f => $"{f.Path}({f.Span.Line},{f.Span.Column}) {f.RuleId}")];

    public static Finding Single(ScanResult result, string ruleId) => result.Findings.Single(f => f.RuleId == ruleId);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
