using ThreatLint.Catalog;
using ThreatLint.Findings;

namespace ThreatLint.Core.Tests.Rules.Serving;

/// <summary>Scans a few files as one repository (the way repository rules see them) and hands back the findings.</summary>
internal static class ServingScan
{
    public static IReadOnlyList<Finding> Run(params (string Path, string Text)[] files)
    {
        var root = Path.Combine(Path.GetTempPath(), "threatlint-serving-" + Guid.NewGuid().ToString("N"));
        try
        {
            foreach (var (path, text) in files)
            {
                var full = Path.Combine(root, path);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllText(full, text);
            }

            return Scanner.Scan(new ScanOptions(root)).Findings;
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    /// <summary>The findings of one rule as <c>path@line</c>.</summary>
    public static IReadOnlyList<string> Of(this IEnumerable<Finding> findings, string ruleId) =>
        [.. findings.Where(f => f.RuleId == ruleId).Select(f => f.Path + "@" + f.Span.Line)];

    /// <summary>The catalog example of a rule, failing and passing, each scanned alone.</summary>
    public static (IReadOnlyList<Finding> Failing, IReadOnlyList<Finding> Passing) Example(RuleDescriptor rule)
    {
        var example = rule.Example!;
        return (Run((example.FileName, example.Failing)), Run((example.FileName, example.Passing)));
    }
}
