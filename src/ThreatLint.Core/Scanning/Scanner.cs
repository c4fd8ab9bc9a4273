using System.Collections.Concurrent;
using System.Diagnostics;
using ThreatLint.Catalog;
using ThreatLint.Discovery;
using ThreatLint.Documents.Artifacts;
using ThreatLint.Documents.Dockerfile;
using ThreatLint.Documents.Python;
using ThreatLint.Findings;
using ThreatLint.Rules;

namespace ThreatLint;

/// <summary>
/// The engine: discovers files, parses each into its document model, runs the rules for that kind, and
/// returns the findings in a deterministic order. Files are scanned in parallel; a failure in one file
/// or one rule becomes a TL9001 finding for that file and the scan goes on.
/// </summary>
public static class Scanner
{
    // The rules per document kind, taken from the registry once rather than filtered again for every file.
    private static readonly IReadOnlyList<IDockerfileRule> DockerfileRules = RuleRegistry.For<IDockerfileRule>();
    private static readonly IReadOnlyList<IModelArtifactRule> ModelArtifactRules = RuleRegistry.For<IModelArtifactRule>();
    private static readonly IReadOnlyList<IPythonRule> PythonRules = RuleRegistry.For<IPythonRule>();

    public static ScanResult Scan(ScanOptions options, CancellationToken cancellationToken = default) =>
        Scan(options, FileDiscovery.Discover(options), cancellationToken);

    /// <summary>Scans files already discovered (the MSBuild host discovers first to decide whether to scan at all).</summary>
    public static ScanResult Scan(ScanOptions options, IReadOnlyList<DiscoveredFile> discovered, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var files = options.FileFilter is { } filter ? discovered.Where(f => filter(f.RelativePath)).ToList() : discovered;
        var perFile = new ConcurrentBag<List<Finding>>();
        Parallel.ForEach(
            files,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxParallelism), CancellationToken = cancellationToken },
            file => perFile.Add(ScanFile(file, options)));

        var sorted = perFile.SelectMany(f => f)
            .Where(f => f.Rule.IsImplemented)
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ThenBy(f => f.Span.Line)
            .ThenBy(f => f.Span.Column)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ThenBy(f => f.Message, StringComparer.Ordinal)
            .ToList();
        return new ScanResult(
            Path.GetFullPath(options.Root),
            Fingerprints.Disambiguate(sorted),
            new ScanStats(discovered.Count, files.Count, stopwatch.Elapsed));
    }

    private static List<Finding> ScanFile(DiscoveredFile file, ScanOptions options)
    {
        var findings = new List<Finding>();
        var context = new RuleContext(file.RelativePath, findings);
        switch (file.Kind)
        {
            case DocumentKind.Dockerfile:
                if (ReadText(file, options, context) is { } dockerfile)
                {
                    Run(context, () => DockerfileDocument.Parse(dockerfile), DockerfileRules, (rule, doc, ctx) => rule.Check(doc, ctx));
                }

                break;
            case DocumentKind.ModelArtifact:
                // Model files are never read whole: each view reads only the bytes it needs, within its bounds.
                Run(context, () => ModelArtifact.Open(file.FullPath, file.RelativePath), ModelArtifactRules, (rule, doc, ctx) => rule.Check(doc, ctx));
                break;
            case DocumentKind.PythonSource or DocumentKind.Notebook:
                if (ReadText(file, options, context) is { } python)
                {
                    PythonDocument? document = null;
                    Func<PythonDocument> parse = file.Kind == DocumentKind.Notebook
                        ? () => document = PythonDocument.ParseNotebook(python)
                        : () => document = PythonDocument.Parse(python);
                    Run(context, parse, PythonRules, (rule, doc, ctx) => rule.Check(doc, ctx));
                    if (document is { IsTruncated: true })
                    {
                        ReportScanProblem(context, Catalog.Rules.FileSkippedLimit, FormattableString.Invariant($"only the first {PythonDocument.MaxTokens} tokens were scanned"));
                    }
                }

                break;
        }

        return findings;
    }

    /// <summary>The decoded text of a text document, or null (and TL9001/TL9002) when it cannot be had.</summary>
    private static string? ReadText(DiscoveredFile file, ScanOptions options, RuleContext context)
    {
        if (file.Length > options.MaxTextFileBytes)
        {
            ReportScanProblem(context, Catalog.Rules.FileSkippedLimit, FormattableString.Invariant($"{file.Length} bytes is over the {options.MaxTextFileBytes}-byte limit for text files"));
            return null;
        }

        try
        {
            return TextFiles.Decode(File.ReadAllBytes(file.FullPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ReportScanProblem(context, Catalog.Rules.FileUnreadable, "cannot read the file: " + e.Message);
            return null;
        }
    }

    private static void Run<TDocument, TRule>(
        RuleContext context,
        Func<TDocument> parse,
        IReadOnlyList<TRule> rules,
        Action<TRule, TDocument, RuleContext> check)
        where TRule : IRule
    {
        TDocument document;
        try
        {
            document = parse();
        }
        catch (ScanLimitException e)
        {
            ReportScanProblem(context, Catalog.Rules.FileSkippedLimit, e.Message);
            return;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            ReportScanProblem(context, Catalog.Rules.FileUnreadable, "cannot parse the file: " + e.Message);
            return;
        }

        foreach (var rule in rules)
        {
            try
            {
                check(rule, document, context);
            }
            catch (ScanLimitException e)
            {
                ReportScanProblem(context, Catalog.Rules.FileSkippedLimit, $"rule {rule.Descriptor.Id}: {e.Message}");
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                ReportScanProblem(context, Catalog.Rules.FileUnreadable, $"rule {rule.Descriptor.Id} failed ({e.GetType().Name}: {e.Message})");
            }
        }
    }

    private static void ReportScanProblem(RuleContext context, RuleDescriptor rule, string reason) =>
        context.Report(rule, SourceSpan.FileStart, rule.Id + reason, [reason]);
}
