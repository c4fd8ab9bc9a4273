using System.Collections.Concurrent;
using System.Diagnostics;
using ThreatLint.Catalog;
using ThreatLint.Discovery;
using ThreatLint.Documents.Artifacts;
using ThreatLint.Documents.Dockerfile;
using ThreatLint.Documents.EnvFile;
using ThreatLint.Documents.Pbtxt;
using ThreatLint.Documents.Properties;
using ThreatLint.Documents.Python;
using ThreatLint.Documents.Yaml;
using ThreatLint.Findings;
using ThreatLint.Policy;
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
    private static readonly IReadOnlyList<IYamlRule> YamlRules = RuleRegistry.For<IYamlRule>();
    private static readonly IReadOnlyList<IEnvFileRule> EnvFileRules = RuleRegistry.For<IEnvFileRule>();
    private static readonly IReadOnlyList<IPropertiesRule> PropertiesRules = RuleRegistry.For<IPropertiesRule>();
    private static readonly IReadOnlyList<IPbtxtRule> PbtxtRules = RuleRegistry.For<IPbtxtRule>();
    private static readonly IReadOnlyList<IRepositoryRule> RepositoryRules = RuleRegistry.For<IRepositoryRule>();

    public static ScanResult Scan(ScanOptions options, CancellationToken cancellationToken = default) =>
        Scan(options, FileDiscovery.Discover(options), cancellationToken);

    /// <summary>Scans files already discovered (the MSBuild host discovers first to decide whether to scan at all).</summary>
    public static ScanResult Scan(ScanOptions options, IReadOnlyList<DiscoveredFile> discovered, CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var files = options.FileFilter is { } filter ? discovered.Where(f => filter(f.RelativePath)).ToList() : discovered;
        var policy = new FindingPolicy(options.Root, options.Config, options.Baseline);
        var perFile = new ConcurrentBag<FileScan>();
        Parallel.ForEach(
            files,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxParallelism), CancellationToken = cancellationToken },
            file => perFile.Add(ScanFile(file, options, policy)));

        var repository = new Repository([.. perFile.Where(f => f.Document is not null).Select(f => f.Document!).OrderBy(d => d.Path, StringComparer.Ordinal)]);

        // Repository rules report into files scanned above: the same policy, with those files' directives, applies.
        var directives = perFile.ToDictionary(f => f.Directives.Path, f => f.Directives, StringComparer.Ordinal);
        var repositoryFindings = CheckRepository(repository, options)
            .GroupBy(f => f.Path, StringComparer.Ordinal)
            .SelectMany(g => policy.Apply(directives.TryGetValue(g.Key, out var d) ? d : policy.ReadDirectives(g.Key, null, null), g));
        // Another analyzer's findings (C# in the CLI) have no inline directives here: C# suppresses with #pragma.
        var external = options.External?.Invoke(cancellationToken) ?? new ExternalScan([], []);
        var externalFindings = external.Findings
            .GroupBy(f => f.Path, StringComparer.Ordinal)
            .SelectMany(g => policy.Apply(policy.ReadDirectives(g.Key, null, null), g));
        var fileFindings = perFile.SelectMany(f => f.Findings).Concat(repositoryFindings).Concat(externalFindings).ToList();
        var unused = perFile.SelectMany(f => policy.Unused(f.Directives));
        var sorted = Fingerprints.Disambiguate(Sort(fileFindings.Concat(unused)));
        var scanned = new HashSet<string>(files.Select(f => f.RelativePath).Concat(external.Paths), StringComparer.Ordinal);
        var governed = policy.ApplyToScan(sorted, scanned, options.FileFilter ?? (_ => true), wholeRepository: options.FileFilter is null);
        return new ScanResult(
            Path.GetFullPath(options.Root),
            Fingerprints.Disambiguate(Sort(governed)),
            new ScanStats(discovered.Count + external.Paths.Count, files.Count + external.Paths.Count, stopwatch.Elapsed)) { Repository = repository };
    }

    private static List<Finding> Sort(IEnumerable<Finding> findings) =>
        findings
            .Where(f => f.Rule.IsImplemented)
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ThenBy(f => f.Span.Line)
            .ThenBy(f => f.Span.Column)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ThenBy(f => f.Message, StringComparer.Ordinal)
            .ToList();

    /// <summary>What scanning one file gave: its findings (policy applied), its suppression directives, and the parsed
    /// document kept for the repository rules.</summary>
    private sealed record FileScan(List<Finding> Findings, FileDirectives Directives, ScannedDocument? Document);

    private static FileScan ScanFile(DiscoveredFile file, ScanOptions options, FindingPolicy policy)
    {
        var findings = new List<Finding>();
        var context = new RuleContext(file.RelativePath, findings, options.Config.Settings);
        object? kept = null; // for the repository rules and the threat model (and the YAML annotations that suppress)
        switch (file.Kind)
        {
            case DocumentKind.Dockerfile:
                if (ReadText(file, options, context) is { } dockerfile)
                {
                    var parsed = Run(context, () => DockerfileDocument.Parse(dockerfile), DockerfileRules, (rule, doc, ctx) => rule.Check(doc, ctx));
                    parsed?.ReleaseDerived();
                    kept = options.KeepDocumentsForThreatModel ? parsed : null;
                }

                break;
            case DocumentKind.Yaml:
                if (ReadText(file, options, context) is { } yaml)
                {
                    var parsed = Run(context, () => YamlFile.Parse(yaml), YamlRules, (rule, doc, ctx) => rule.Check(doc, ctx));
                    kept = parsed;

                    // A chart template that does not parse once its actions are masked is not YAML until rendered: not a problem to report.
                    if (parsed is { Problem: { } problem } && !(parsed.IsTemplate && !problem.IsLimit))
                    {
                        ReportScanProblem(context, problem.IsLimit ? Catalog.Rules.FileSkippedLimit : Catalog.Rules.FileUnreadable, problem.Message, problem.Span);
                    }
                }

                break;
            case DocumentKind.EnvFile:
                if (ReadText(file, options, context) is { } env)
                {
                    Run(context, () => EnvFileDocument.Parse(env), EnvFileRules, (rule, doc, ctx) => rule.Check(doc, ctx));
                }

                break;
            case DocumentKind.Properties:
                if (ReadText(file, options, context) is { } properties)
                {
                    var parsed = Run(context, () => PropertiesFile.Parse(properties), PropertiesRules, (rule, doc, ctx) => rule.Check(doc, ctx));
                    kept = parsed;
                    if (parsed is { IsTruncated: true })
                    {
                        ReportScanProblem(context, Catalog.Rules.FileSkippedLimit, FormattableString.Invariant($"only the first {PropertiesFile.MaxEntries} entries were scanned"));
                    }
                }

                break;
            case DocumentKind.Pbtxt:
                if (ReadText(file, options, context) is { } pbtxt)
                {
                    // Parsed here rather than in Run so that a syntax error is reported at its line.
                    PbtxtDocument? document = null;
                    try
                    {
                        document = PbtxtDocument.Parse(pbtxt);
                    }
                    catch (PbtxtParseException e)
                    {
                        ReportScanProblem(context, Catalog.Rules.FileUnreadable, "cannot parse the file: " + e.Message, e.Span);
                    }
                    catch (ScanLimitException e)
                    {
                        ReportScanProblem(context, Catalog.Rules.FileSkippedLimit, e.Message);
                    }

                    if (document is not null)
                    {
                        kept = Run(context, () => document, PbtxtRules, (rule, doc, ctx) => rule.Check(doc, ctx));
                    }
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
                    kept = options.KeepDocumentsForThreatModel ? document : null; // the threat model reads its calls (hub, LLM and vector-store clients)
                    if (document is { IsTruncated: true })
                    {
                        ReportScanProblem(context, Catalog.Rules.FileSkippedLimit, FormattableString.Invariant($"only the first {PythonDocument.MaxTokens} tokens were scanned"));
                    }
                }

                break;
        }

        var directives = policy.ReadDirectives(file.RelativePath, context.SourceText, kept);
        return new FileScan(policy.Apply(directives, findings), directives, kept is null ? null : new ScannedDocument(file.RelativePath, file.Kind, kept));
    }

    /// <summary>Runs the rules that look across files; their findings land in the files they name.</summary>
    private static List<Finding> CheckRepository(Repository repository, ScanOptions options)
    {
        var findings = new List<Finding>();
        var contexts = new Dictionary<string, RuleContext>(StringComparer.Ordinal);
        var context = new RepositoryContext(path => contexts.TryGetValue(path, out var c) ? c : contexts[path] = new RuleContext(path, findings, options.Config.Settings));
        foreach (var rule in RepositoryRules)
        {
            try
            {
                rule.Check(repository, context);
            }
            catch (Exception e) when (e is not OutOfMemoryException && repository.Documents.Count > 0)
            {
                var reason = e is ScanLimitException ? $"rule {rule.Descriptor.Id}: {e.Message}" : $"rule {rule.Descriptor.Id} failed ({e.GetType().Name}: {e.Message})";
                ReportScanProblem(context.For(repository.Documents[0].Path), e is ScanLimitException ? Catalog.Rules.FileSkippedLimit : Catalog.Rules.FileUnreadable, reason);
            }
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
            return context.SourceText = TextFiles.Decode(File.ReadAllBytes(file.FullPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ReportScanProblem(context, Catalog.Rules.FileUnreadable, "cannot read the file: " + e.Message);
            return null;
        }
    }

    /// <summary>Parses a document and runs the rules over it; the document, or default when it could not be parsed.</summary>
    private static TDocument? Run<TDocument, TRule>(
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
            return default;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            ReportScanProblem(context, Catalog.Rules.FileUnreadable, "cannot parse the file: " + e.Message);
            return default;
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

        return document;
    }

    private static void ReportScanProblem(RuleContext context, RuleDescriptor rule, string reason, SourceSpan? span = null) =>
        context.Report(rule, span ?? SourceSpan.FileStart, rule.Id + reason, [reason]);
}
