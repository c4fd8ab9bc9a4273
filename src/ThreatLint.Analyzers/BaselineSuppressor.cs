using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ThreatLint.Findings;

namespace ThreatLint.Analyzers;

/// <summary>
/// Suppresses TL5xxx diagnostics accepted in the ThreatLint baseline, the Roslyn-native way: the baseline reaches
/// the compiler as an additional file (the package's targets add it, marked with the <c>ThreatLintBaseline</c>
/// metadata; a file named <c>threatlint.baseline.json</c> is recognised too), and a suppressed diagnostic neither
/// shows in the IDE nor fails <c>WarningsAsErrors</c>. A diagnostic matches an entry of the same rule whose path is a
/// '/'-bounded suffix of the diagnostic's file and whose fingerprint is the hash of that path and the diagnostic's
/// source text — the evidence the engine uses for C# findings (<see cref="FingerprintHash"/>), so entries survive
/// moved lines and reformatting.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BaselineSuppressor : DiagnosticSuppressor
{
    public const string BaselineFileName = "threatlint.baseline.json";
    public const string MetadataKey = "build_metadata.AdditionalFiles.ThreatLintBaseline";

    private static readonly ImmutableDictionary<string, SuppressionDescriptor> ByRule = Catalog.Rules.All
        .Where(r => r.Family == Catalog.RuleFamily.CSharpCode)
        .ToImmutableDictionary(
            r => r.Id,
            r => new SuppressionDescriptor("TLB" + r.Id.Substring(2), r.Id, "Accepted in the ThreatLint baseline (threatlint.baseline.json)"),
            StringComparer.Ordinal);

    public override ImmutableArray<SuppressionDescriptor> SupportedSuppressions { get; } = ByRule.Values.OrderBy(d => d.Id, StringComparer.Ordinal).ToImmutableArray();

    public override void ReportSuppressions(SuppressionAnalysisContext context)
    {
        var entries = ReadEntries(context);
        if (entries.Count == 0)
        {
            return;
        }

        foreach (var diagnostic in context.ReportedDiagnostics)
        {
            if (!ByRule.TryGetValue(diagnostic.Id, out var descriptor)
                || !entries.TryGetValue(diagnostic.Id, out var candidates)
                || diagnostic.Location.SourceTree is not { } tree)
            {
                continue;
            }

            var filePath = tree.FilePath.Replace('\\', '/');
            var evidence = tree.GetText(context.CancellationToken).ToString(diagnostic.Location.SourceSpan);
            foreach (var entry in candidates)
            {
                if (IsSuffix(filePath, entry.Path)
                    && FingerprintHash.Compute(diagnostic.Id, entry.Path, evidence) == FingerprintHash.Base(entry.Fingerprint))
                {
                    context.ReportSuppression(Suppression.Create(descriptor, diagnostic));
                    break;
                }
            }
        }
    }

    private static Dictionary<string, List<BaselineEntry>> ReadEntries(SuppressionAnalysisContext context)
    {
        var byRule = new Dictionary<string, List<BaselineEntry>>(StringComparer.Ordinal);
        foreach (var file in context.Options.AdditionalFiles)
        {
            if (!IsBaseline(context, file) || file.GetText(context.CancellationToken) is not { } text)
            {
                continue;
            }

            // A malformed baseline suppresses nothing; the MSBuild task reports it as TL9003.
            foreach (var entry in BaselineFormat.Parse(text.ToString(), out _, out _))
            {
                if (!byRule.TryGetValue(entry.RuleId, out var list))
                {
                    byRule[entry.RuleId] = list = [];
                }

                list.Add(entry);
            }
        }

        return byRule;
    }

    private static bool IsBaseline(SuppressionAnalysisContext context, AdditionalText file) =>
        string.Equals(Path.GetFileName(file.Path), BaselineFileName, StringComparison.OrdinalIgnoreCase)
        || (context.Options.AnalyzerConfigOptionsProvider.GetOptions(file).TryGetValue(MetadataKey, out var flag)
            && string.Equals(flag, "true", StringComparison.OrdinalIgnoreCase));

    private static bool IsSuffix(string filePath, string relativePath) =>
        string.Equals(filePath, relativePath, StringComparison.OrdinalIgnoreCase)
        || (filePath.EndsWith(relativePath, StringComparison.OrdinalIgnoreCase)
            && filePath.Length > relativePath.Length
            && filePath[filePath.Length - relativePath.Length - 1] == '/');
}
