using Microsoft.Extensions.FileSystemGlobbing;
using ThreatLint.Catalog;
using ThreatLint.Configuration;
using ThreatLint.Discovery;
using ThreatLint.Documents.Yaml;
using ThreatLint.Findings;

namespace ThreatLint.Policy;

/// <summary>
/// What turns detector findings into reported ones: configured severity and <c>off</c>, inline and file comments,
/// Kubernetes annotations, configuration <c>ignore</c> entries, and the baseline — with TL9003 for malformed
/// directives and configuration and TL9004 for suppressions that match nothing. Hosts never apply policy themselves.
/// </summary>
internal sealed class FindingPolicy
{
    private readonly ThreatLintConfig _config;
    private readonly Baseline? _baseline;
    private readonly string _root;
    private readonly List<(IgnoreEntry Entry, Matcher Matcher)> _ignores;
    private readonly HashSet<IgnoreEntry> _usedIgnores = [];
    private readonly object _gate = new();

    public FindingPolicy(string root, ThreatLintConfig config, Baseline? baseline)
    {
        _root = Path.GetFullPath(root);
        _config = config;
        _baseline = baseline;
        _ignores = [.. config.Ignore.Select(e => (e, CreateMatcher(e.Paths)))];
    }

    /// <summary>Read, apply and report unused in one go, for a file whose findings are all known.</summary>
    /// <param name="path">The file, relative to the root.</param>
    /// <param name="text">The file's text when it is a text document (directives are read from it), else null.</param>
    /// <param name="findings">The detectors' findings for the file.</param>
    public List<Finding> ApplyToFile(string path, string? text, IReadOnlyList<Finding> findings)
    {
        var directives = ReadDirectives(path, text, null);
        var result = Apply(directives, findings);
        result.AddRange(Unused(directives));
        return result;
    }

    /// <summary>The suppression directives of a file: comments in its text, annotations of its Kubernetes objects.</summary>
    /// <param name="path">The file, relative to the root.</param>
    /// <param name="text">Its text, or null for a binary or unread file.</param>
    /// <param name="document">The parsed document when the scanner has one (a <see cref="YamlFile"/> spares a parse).</param>
    public FileDirectives ReadDirectives(string path, string? text, object? document)
    {
        var directives = new FileDirectives(path);
        if (text is null)
        {
            return directives;
        }

        var (comments, commentProblems) = SuppressionComments.Read(text);
        directives.Directives.AddRange(comments);
        AddProblems(directives.Problems, path, commentProblems);
        if (document is YamlFile yaml || (IsYaml(path) && text.IndexOf(KubernetesAnnotations.Annotation, StringComparison.Ordinal) >= 0 && (yaml = YamlFile.Parse(text)) is not null))
        {
            var (annotations, annotationProblems) = KubernetesAnnotations.Read(yaml);
            directives.Directives.AddRange(annotations);
            AddProblems(directives.Problems, path, annotationProblems);
        }

        return directives;
    }

    /// <summary>Applies severity, <c>off</c>, the file's directives and the configuration's <c>ignore</c> entries.</summary>
    public List<Finding> Apply(FileDirectives directives, IEnumerable<Finding> findings)
    {
        var result = new List<Finding>();
        foreach (var finding in findings)
        {
            if (Configure(finding) is not { } configured)
            {
                continue;
            }

            var directive = directives.Directives.FirstOrDefault(d => d.Kind != SuppressionKind.File && d.Covers(configured.RuleId, configured.Span.Line))
                ?? directives.Directives.FirstOrDefault(d => d.Kind == SuppressionKind.File && d.Covers(configured.RuleId, configured.Span.Line));
            if (directive is not null)
            {
                lock (directives.Used)
                {
                    directives.Used.Add((directive, configured.RuleId));
                }

                result.Add(configured with { Suppression = new Suppression(directive.Kind, directive.Justification) });
            }
            else if (IgnoredByConfiguration(directives.Path, configured.RuleId) is { } entry)
            {
                result.Add(configured with { Suppression = new Suppression(SuppressionKind.Configuration, entry.Reason) });
            }
            else
            {
                result.Add(configured);
            }
        }

        return result;
    }

    /// <summary>TL9003 for the file's malformed directives and TL9004 for those that matched nothing, once every finding was applied.</summary>
    public List<Finding> Unused(FileDirectives directives)
    {
        var result = new List<Finding>(directives.Problems);
        foreach (var directive in directives.Directives)
        {
            foreach (var ruleId in directive.RuleIds.Where(id => !directives.Used.Contains((directive, id)) && ExpectsFindings(id)))
            {
                var what = directive.Kind switch
                {
                    SuppressionKind.File => "# " + SuppressionComments.FileDirective + " " + ruleId,
                    SuppressionKind.Annotation => KubernetesAnnotations.Annotation + " " + ruleId,
                    _ => "# " + SuppressionComments.LineDirective + " " + ruleId,
                };
                AddEngineFinding(result, Catalog.Rules.SuppressionUnused, directives.Path, new SourceSpan(directive.Line, directive.Column, directive.Line, directive.Column + directive.Length), what + " line " + directive.Line, what);
            }
        }

        return result;
    }

    /// <summary>
    /// Adds the configuration's problems and unused <c>ignore</c> entries, then applies the baseline to the sorted,
    /// disambiguated findings of the whole scan and reports stale entries.
    /// </summary>
    /// <param name="findings">All findings, sorted and disambiguated.</param>
    /// <param name="scannedPaths">Relative paths of the files this scan covered.</param>
    /// <param name="covers">Whether a relative path is this host's to report (the MSBuild ownership filter).</param>
    /// <param name="wholeRepository">False when the host scans only part of the files (entries may match elsewhere).</param>
    public List<Finding> ApplyToScan(IReadOnlyList<Finding> findings, ISet<string> scannedPaths, Func<string, bool> covers, bool wholeRepository)
    {
        var result = new List<Finding>(findings.Count + 4);
        var configPath = _config.FilePath is { } file ? Relative(file) : null;
        if (configPath is not null && covers(configPath))
        {
            foreach (var problem in _config.Problems)
            {
                AddEngineFinding(result, Catalog.Rules.ConfigInvalid, configPath, SourceSpan.At(problem.Line, problem.Column, 1), "config " + problem.Message, problem.Message);
            }

            if (wholeRepository)
            {
                foreach (var entry in _config.Ignore.Where(e => !_usedIgnores.Contains(e) && (e.Rules.Count == 0 || e.Rules.Any(ExpectsFindings))))
                {
                    var what = "ignore entry for " + string.Join(", ", entry.Paths);
                    AddEngineFinding(result, Catalog.Rules.SuppressionUnused, configPath, SourceSpan.At(entry.Line, entry.Column, 1), what, what);
                }
            }
        }

        if (_baseline is null)
        {
            result.AddRange(findings);
            return result;
        }

        var baselinePath = Relative(_baseline.FilePath);
        if (_baseline.Error is { } error)
        {
            if (covers(baselinePath))
            {
                AddEngineFinding(result, Catalog.Rules.ConfigInvalid, baselinePath, SourceSpan.At(_baseline.ErrorLine, 1, 1), "baseline " + error, error);
            }

            result.AddRange(findings);
            return result;
        }

        var entries = new Dictionary<string, BaselineEntry>(StringComparer.Ordinal);
        foreach (var entry in _baseline.Entries)
        {
            entries[entry.Fingerprint] = entry;
        }

        var matched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var finding in findings)
        {
            if (finding.Suppression is null
                && entries.TryGetValue(finding.Fingerprint, out var entry)
                && string.Equals(entry.RuleId, finding.RuleId, StringComparison.OrdinalIgnoreCase))
            {
                matched.Add(entry.Fingerprint);
                result.Add(finding with { Suppression = new Suppression(SuppressionKind.Baseline, entry.Justification) });
                continue;
            }

            if (finding.Suppression is not null && entries.ContainsKey(finding.Fingerprint))
            {
                matched.Add(finding.Fingerprint); // accepted twice (comment and baseline): the entry is not stale
            }

            result.Add(finding);
        }

        if (covers(baselinePath))
        {
            foreach (var entry in _baseline.Entries.Where(e => !matched.Contains(e.Fingerprint) && IsCovered(e.Path, scannedPaths, covers) && ExpectsFindings(e.RuleId)))
            {
                var what = $"baseline entry {entry.RuleId} {entry.Path} ({entry.Fingerprint})";
                AddEngineFinding(result, Catalog.Rules.SuppressionUnused, baselinePath, SourceSpan.At(entry.Line, 1, 1), what, what);
            }
        }

        return result;
    }

    /// <summary>The finding with its effective severity, or null when its rule is off.</summary>
    private Finding? Configure(Finding finding)
    {
        if (_config.IsOff(finding.RuleId))
        {
            return null;
        }

        var severity = _config.EffectiveSeverity(finding.RuleId, finding.Severity);
        return severity == finding.Severity ? finding : finding with { Severity = severity };
    }

    private IgnoreEntry? IgnoredByConfiguration(string path, string ruleId)
    {
        foreach (var (entry, matcher) in _ignores)
        {
            if ((entry.Rules.Count == 0 || entry.Rules.Contains(ruleId, StringComparer.Ordinal)) && matcher.Match(path).HasMatches)
            {
                lock (_gate)
                {
                    _usedIgnores.Add(entry);
                }

                return entry;
            }
        }

        return null;
    }

    /// <summary>A suppression for a rule that cannot fire here (planned, or switched off) is not reported as unused.</summary>
    private bool ExpectsFindings(string ruleId) =>
        Catalog.Rules.Find(ruleId) is { IsImplemented: true } && !_config.IsOff(ruleId);

    /// <summary>Stale means: the entry's file was scanned, or is gone and would be this host's to scan.</summary>
    private bool IsCovered(string path, ISet<string> scannedPaths, Func<string, bool> covers) =>
        scannedPaths.Contains(path) || (!File.Exists(Path.Combine(_root, path.Replace('/', Path.DirectorySeparatorChar))) && covers(path));

    private void AddEngineFinding(List<Finding> result, RuleDescriptor rule, string path, SourceSpan span, string evidence, string message)
    {
        if (_config.IsOff(rule.Id))
        {
            return;
        }

        result.Add(new Finding(rule, _config.EffectiveSeverity(rule.Id, rule.DefaultSeverity), Confidence.High, path, span, rule.FormatMessage(message), Fingerprints.Compute(rule.Id, path, evidence)));
    }

    private void AddProblems(List<Finding> result, string path, IReadOnlyList<DirectiveProblem> problems)
    {
        foreach (var problem in problems)
        {
            AddEngineFinding(result, Catalog.Rules.ConfigInvalid, path, new SourceSpan(problem.Line, problem.Column, problem.Line, problem.Column + problem.Length), "directive " + problem.Message, problem.Message);
        }
    }

    private string Relative(string fullPath)
    {
        var relative = PathUtility.GetRelativePath(_root, fullPath);
        return relative.Replace('\\', '/');
    }

    private static bool IsYaml(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    private static Matcher CreateMatcher(IEnumerable<string> globs)
    {
        var matcher = new Matcher(StringComparison.OrdinalIgnoreCase);
        foreach (var glob in globs)
        {
            matcher.AddInclude(glob);
        }

        return matcher;
    }
}

/// <summary>The suppression directives of one file, and which of them matched a finding so far.</summary>
internal sealed class FileDirectives(string path)
{
    public string Path { get; } = path;

    public List<SuppressionDirective> Directives { get; } = [];

    /// <summary>TL9003 findings for malformed directives.</summary>
    public List<Finding> Problems { get; } = [];

    public HashSet<(SuppressionDirective Directive, string RuleId)> Used { get; } = [];
}
