using System.Text.RegularExpressions;
using ThreatLint.Catalog;
using ThreatLint.Discovery;
using ThreatLint.Findings;
using ThreatLint.ThreatModel;

namespace ThreatLint.Core.Tests.ThreatModel;

/// <summary>
/// The threat models of the bundled samples. C# is the analyzers' job, outside Core: the C# findings a sample's
/// expected-findings.txt lists (checked against the analyzers by their own sample tests) are added as the CLI adds
/// the analyzers' diagnostics, with the rule title as message, so the models hold what a full scan finds.
/// </summary>
internal static partial class SampleModels
{
    public static readonly string[] Samples = ["sentiment-api", "rag-chatbot", "mlops-platform"];

    private static readonly Dictionary<string, SystemModel> Cache = new(StringComparer.Ordinal);

    public static SystemModel Of(string sample)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(sample, out var model))
            {
                model = Build(sample);
                Cache.Add(sample, model);
            }

            return model;
        }
    }

    private static SystemModel Build(string sample)
    {
        var root = RepoPaths.Of("samples/" + sample);
        var options = new ScanOptions(root) { KeepDocumentsForThreatModel = true };
        var projects = new List<string>();
        var files = FileDiscovery.Discover(options, projects);
        var result = Scanner.Scan(options, files);
        var csharp = File.ReadAllLines(Path.Combine(root, "expected-findings.txt"))
            .Select(line => ExpectedLine().Match(line))
            .Where(m => m.Success && m.Groups["path"].Value.EndsWith(".cs", StringComparison.Ordinal))
            .Select(m => CSharpFinding(m.Groups["path"].Value, int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(m.Groups["col"].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups["rule"].Value));
        var all = result.Findings.Concat(csharp)
            .OrderBy(f => f.Path, StringComparer.Ordinal).ThenBy(f => f.Span.Line).ThenBy(f => f.Span.Column).ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ToList();
        return SystemModelBuilder.Build(result with { Findings = all }, files, projects, csharpAnalyzed: true);
    }

    private static Finding CSharpFinding(string path, int line, int column, string ruleId)
    {
        var rule = Catalog.Rules.Find(ruleId) ?? throw new InvalidOperationException("unknown rule " + ruleId);
        return new Finding(rule, rule.DefaultSeverity, Confidence.High, path, SourceSpan.At(line, column, 1), rule.Title, Fingerprints.Compute(rule.Id, path, rule.Title + line));
    }

    [GeneratedRegex(@"^(?<path>[^(]+)\((?<line>\d+),(?<col>\d+)\): warning (?<rule>TL\d{4})$")]
    private static partial Regex ExpectedLine();
}
