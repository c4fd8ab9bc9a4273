using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ThreatLint.Analyzers.Rules;
using ThreatLint.Catalog;
using ThreatLint.Findings;

namespace ThreatLint.Cli.CSharp;

/// <summary>
/// Runs the ThreatLint analyzers — the very ones the package gives the compiler — over one project's ad-hoc
/// compilation and turns their diagnostics into findings shaped like the engine's. An analyzer that throws costs
/// its findings for that project (a TL9001), never the scan.
/// </summary>
internal static class CSharpAnalysis
{
    /// <summary>
    /// Every analyzer (and suppressor) in ThreatLint.Analyzers, listed rather than found by reflection so the native
    /// (ahead-of-time compiled) tool keeps them; a test checks the list against the assembly, as the compiler finds them.
    /// </summary>
    internal static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers =
    [
        new AgentToolExcessiveAgencyAnalyzer(),
        new AiApiKeyHardcodedAnalyzer(),
        new InferenceEndpointAnalyzer(),
        new LlmOutputToDangerousSinkAnalyzer(),
        new LlmOutputTokensUnboundedAnalyzer(),
        new ModelLoadedFromUntrustedSourceAnalyzer(),
        new PromptLoggedAnalyzer(),
        new RagSearchWithoutAccessFilterAnalyzer(),
        new RawScoresReturnedAnalyzer(),
        new UnsafeDeserializationOfModelAnalyzer(),
        new UserInputInSystemPromptAnalyzer(),
        new Analyzers.BaselineSuppressor(),
    ];

    public static List<Finding> Run(string root, CSharpProject project, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        var (compilation, unreadable, _) = CompilationFactory.Create(project, cancellationToken);
        foreach (var (path, reason, atLimit) in unreadable)
        {
            findings.Add(Problem(atLimit ? Catalog.Rules.FileSkippedLimit : Catalog.Rules.FileUnreadable, path, reason));
        }

        var failures = new ConcurrentBag<(DiagnosticAnalyzer Analyzer, Exception Exception)>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]),
            onAnalyzerException: (exception, analyzer, _) => failures.Add((analyzer, exception)),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false);
        var diagnostics = compilation.WithAnalyzers(Analyzers, options).GetAnalyzerDiagnosticsAsync(cancellationToken).GetAwaiter().GetResult();

        foreach (var diagnostic in diagnostics)
        {
            if (!diagnostic.IsSuppressed && ToFinding(root, diagnostic) is { } finding)
            {
                findings.Add(finding);
            }
        }

        foreach (var (analyzer, exception) in failures.DistinctBy(f => f.Analyzer.GetType()))
        {
            var where = project.ProjectFile is { } file ? Relative(root, file) : project.Sources[0].RelativePath;
            findings.Add(Problem(Catalog.Rules.FileUnreadable, where, $"analyzer {analyzer.GetType().Name} failed ({exception.GetType().Name}: {exception.Message})"));
        }

        return findings;
    }

    private static Finding? ToFinding(string root, Diagnostic diagnostic)
    {
        if (Catalog.Rules.Find(diagnostic.Id) is not { } rule || !diagnostic.Location.IsInSource)
        {
            return null;
        }

        var span = diagnostic.Location.GetLineSpan();
        var path = Relative(root, span.Path);
        var message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        var tag = " " + rule.TaxonomyTag;
        if (rule.TaxonomyTag.Length > 0 && message.EndsWith(tag, StringComparison.Ordinal))
        {
            message = message[..^tag.Length];
        }

        var confidence = diagnostic.Properties.TryGetValue("confidence", out var text) && text is not null
            ? text switch
            {
                "low" => Confidence.Low,
                "medium" => Confidence.Medium,
                _ => Confidence.High,
            }
            : Confidence.High;
        return new Finding(
            rule,
            rule.DefaultSeverity,
            confidence,
            path,
            new SourceSpan(span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1, span.EndLinePosition.Line + 1, span.EndLinePosition.Character + 1),
            message,
            // The source text under the diagnostic, as the analyzer's baseline suppressor computes it: a baseline
            // written by the build or by the CLI matches the same C# findings.
            Fingerprints.ForSourceText(rule.Id, path, diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan)));
    }

    private static Finding Problem(RuleDescriptor rule, string path, string reason) =>
        new(rule, rule.DefaultSeverity, Confidence.High, path, SourceSpan.FileStart, rule.FormatMessage(reason), Fingerprints.Compute(rule.Id, path, rule.Id + reason));

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
}
