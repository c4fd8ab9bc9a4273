using ThreatLint.Catalog;
using ThreatLint.Discovery;
using ThreatLint.Findings;
using ThreatLint.ThreatModel.Extractors;

namespace ThreatLint.ThreatModel;

/// <summary>
/// Builds the <see cref="SystemModel"/> of a scanned repository: extractors find components and flows in the parsed
/// documents, findings become threats on the component declared where they were found, controls are judged.
/// </summary>
public static class SystemModelBuilder
{
    // Order matters where one extractor refers to another's components (Dockerfiles and projects refer to model files;
    // CI and Compose to images; the feature store to the pipelines and servers that read it).
    private static readonly IComponentExtractor[] Extractors =
    [
        new ArtifactExtractor(),
        new DockerfileExtractor(),
        new ProjectExtractor(),
        new KubernetesExtractor(),
        new ComposeExtractor(),
        new PipelineExtractor(),
        new PythonExtractor(),
        new CiExtractor(),
        new FeatureStoreExtractor(),
    ];

    private static readonly HashSet<string> GenericDetails = new(StringComparer.Ordinal) { "Python job", "Python service", "notebook", "Compose service" };

    /// <summary>Discovers, scans and models the repository at <paramref name="root"/>.</summary>
    public static SystemModel Scan(string root)
    {
        var options = new ScanOptions(root) { KeepDocumentsForThreatModel = true };
        var projects = new List<string>();
        var files = FileDiscovery.Discover(options, projects);
        return Build(Scanner.Scan(options, files), files, projects);
    }

    /// <param name="result">The scan, run with <see cref="ScanOptions.KeepDocumentsForThreatModel"/> (its findings may
    /// include the C# analyzers' when the host ran them).</param>
    /// <param name="files">The files the scan discovered.</param>
    /// <param name="projectFiles">MSBuild project files found by discovery (absolute or relative to the root).</param>
    /// <param name="csharpAnalyzed">Whether <paramref name="result"/> holds the C# analyzers' findings (TL5xxx). When it does
    /// not (the MSBuild task: the compiler reports those), controls judged by C# rules say so instead of passing.</param>
    public static SystemModel Build(ScanResult result, IReadOnlyList<DiscoveredFile> files, IEnumerable<string> projectFiles, bool csharpAnalyzed = false)
    {
        var root = Path.GetFullPath(result.Root);
        var projects = projectFiles
            .Select(p => Path.IsPathRooted(p) ? GetRelativePath(root, p) : p.Replace('\\', '/'))
            .Where(p => !p.StartsWith("../", StringComparison.Ordinal))
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToList();
        var findings = result.Findings.Where(f => !f.Suppressed).ToList();
        var input = new ExtractionInput(root, result.Repository, files, projects, findings);
        var draft = new ModelDraft();
        var notes = new List<string>();
        foreach (var extractor in Extractors)
        {
            // A model is a report: an extractor that meets a document it did not expect costs its components, not the report.
            try
            {
                extractor.Extract(input, draft);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                notes.Add(extractor.GetType().Name.Replace("Extractor", string.Empty) + " components are missing: their extraction failed (" + e.GetType().Name + ").");
            }
        }

        LinkImagesToWorkloads(draft);
        var components = Finish(draft, out var flows);
        var (threats, unplaced) = Place(components, findings.Where(f => f.Rule.Family != RuleFamily.Scan).ToList());
        var title = Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        return new SystemModel(title, components, flows, threats, unplaced, Scorecard.Judge(components, flows, findings, csharpAnalyzed), findings) { Notes = notes };
    }

    /// <summary>
    /// A workload whose image is named after a Dockerfile's image runs that image. The application project that
    /// Dockerfile builds, and a Compose service built from it, are the same running thing as the workload (or, with
    /// no workload, as the project), so they become one component. Two workloads are never merged.
    /// </summary>
    private static void LinkImagesToWorkloads(ModelDraft draft)
    {
        var runs = draft.Runs.Select(r => (r.Id, Name: KnownImages.ShortName(r.Image))).ToList();
        var projectsByScope = draft.Components
            .Where(c => c.Kind == ComponentKind.Service && c.Scope is not null && c.Locations.All(l => l.Line == 0))
            .ToLookup(c => c.Scope!, StringComparer.Ordinal);
        var runsFrom = draft.Flows.Where(f => f.Label == "runs").ToLookup(f => f.From, StringComparer.Ordinal);
        var scripts = draft.Components.Where(c => c.Kind == ComponentKind.TrainingPipeline && c.Locations.Count == 1 && c.Locations.All(l => l.Line == 0))
            .ToDictionary(c => c.Locations.First().Path, StringComparer.Ordinal);
        var filesByImage = draft.ImageFiles.ToLookup(f => f.ImageId, f => f.Path, StringComparer.Ordinal);
        foreach (var image in draft.Components.Where(c => c.Kind == ComponentKind.ContainerImage).ToList())
        {
            var owner = image.Name.Substring(0, image.Name.Length - " image".Length);
            var runners = runs
                .Where(r => r.Name == owner || r.Name.EndsWith("-" + owner, StringComparison.Ordinal))
                .Select(r => draft.Get(r.Id))
                .Distinct()
                .ToList();
            var workloads = runners.Where(r => r.Detail?.StartsWith("Compose", StringComparison.Ordinal) != true).ToList();
            foreach (var runner in workloads)
            {
                draft.Flow(image.Id, runner.Id, "runs");
            }

            var projects = projectsByScope[image.Scope ?? string.Empty].ToList();
            var composed = runsFrom[image.Id].Select(f => draft.Get(f.To)).Where(c => c.Detail?.StartsWith("Compose", StringComparison.Ordinal) == true).ToList();
            var canonical = workloads.FirstOrDefault() ?? projects.FirstOrDefault();
            if (canonical is null)
            {
                continue;
            }

            foreach (var same in projects.Concat(composed).Where(c => c.Id != canonical.Id))
            {
                draft.Alias(same.Id, canonical.Id);
            }

            // Scripts the Dockerfile copies in by name are the code of what runs the image.
            foreach (var copied in filesByImage[image.Id])
            {
                foreach (var script in scripts.Where(x => x.Key == copied || x.Key.StartsWith(copied + "/", StringComparison.Ordinal)).Select(x => x.Value))
                {
                    if (script.Id != canonical.Id)
                    {
                        draft.Alias(script.Id, canonical.Id);
                    }
                }
            }
        }
    }

    private static List<Component> Finish(ModelDraft draft, out List<Flow> flows)
    {
        var users = draft.Users(); // kept only if something is reached from outside
        var merged = new Dictionary<string, (ModelDraft.DraftComponent Target, List<ModelDraft.DraftComponent> Parts)>(StringComparer.Ordinal);
        foreach (var component in draft.Components)
        {
            var target = draft.Get(component.Id);
            if (!merged.TryGetValue(target.Id, out var entry))
            {
                entry = (target, []);
                merged.Add(target.Id, entry);
            }

            entry.Parts.Add(component);
        }

        var resolvedFlows = draft.Flows
            .Select(f => new Flow(draft.Resolve(f.From), draft.Resolve(f.To), f.Label))
            .Where(f => f.From != f.To)
            .ToList();

        // Entry points nothing routes to are reached directly.
        var reached = new HashSet<string>(
            resolvedFlows.Where(f => draft.Get(f.From).Kind is ComponentKind.Endpoint or ComponentKind.Client).Select(f => f.To),
            StringComparer.Ordinal);
        foreach (var (id, label) in draft.EntryPoints)
        {
            var target = draft.Resolve(id);
            if (reached.Add(target))
            {
                resolvedFlows.Add(new Flow(users, target, label));
            }
        }

        var components = merged.Values
            .Select(m =>
            {
                var locations = m.Parts.SelectMany(p => p.Locations).Distinct().OrderBy(l => l.Path, StringComparer.Ordinal).ThenBy(l => l.Line).ToList();
                // A merged part's detail is kept when it says something the target's does not ("ASP.NET Core, LLM client").
                var details = m.Parts.Select(p => p.Detail).OfType<string>().Distinct()
                    .Where(d => m.Parts.Count == 1 || d == m.Target.Detail || !GenericDetails.Contains(d))
                    .ToList();
                return new Component(m.Target.Id, m.Target.Kind, m.Target.Name, m.Target.Zone, locations, details.Count == 0 ? null : string.Join("; ", details))
                {
                    Scopes = [.. m.Parts.Select(p => p.Scope).OfType<string>().Distinct()],
                };
            })
            .Where(c => c.Kind != ComponentKind.Client || resolvedFlows.Any(f => f.From == c.Id))
            .OrderBy(c => c.Zone).ThenBy(c => c.Kind).ThenBy(c => c.Name, StringComparer.Ordinal)
            .ToList();

        var ids = new HashSet<string>(components.Select(c => c.Id), StringComparer.Ordinal);
        var order = components.Select((c, i) => (c.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        flows = [.. resolvedFlows
            .Where(f => ids.Contains(f.From) && ids.Contains(f.To))
            .GroupBy(f => (f.From, f.To))
            .Select(g => new Flow(g.Key.From, g.Key.To, MergeLabels(g.Select(f => f.Label))))
            .OrderBy(f => order[f.From]).ThenBy(f => order[f.To]).ThenBy(f => f.Label, StringComparer.Ordinal)];
        return components;
    }

    /// <summary>One flow per pair of components: a label that another one contains says nothing more.</summary>
    private static string MergeLabels(IEnumerable<string> labels)
    {
        var distinct = labels.Distinct(StringComparer.Ordinal).ToList();
        var kept = distinct.Where(l => !distinct.Any(o => o != l && o.Contains(l))).OrderBy(l => l, StringComparer.Ordinal);
        return string.Join(", ", kept);
    }

    /// <summary>
    /// A finding belongs to the component declared in its file (the declaration whose lines hold it, else the nearest
    /// one above), else to the component whose folder holds the file (a project for its C# files).
    /// </summary>
    private static (List<Threat> Threats, List<Finding> Unplaced) Place(List<Component> components, List<Finding> findings)
    {
        var placed = new List<(string ComponentId, Finding Finding)>();
        var unplaced = new List<Finding>();
        var byPath = components
            .SelectMany(c => c.Locations.Select(l => (Component: c, Location: l)))
            .ToLookup(x => x.Location.Path, StringComparer.Ordinal);
        foreach (var finding in findings)
        {
            var inFile = byPath[finding.Path].ToList();
            var line = finding.Span.Line;
            var owner = inFile.Where(x => x.Location.Line <= line && line <= x.Location.EndLine).Select(x => x.Component).FirstOrDefault()
                ?? inFile.Where(x => x.Location.Line <= line).OrderByDescending(x => x.Location.Line).Select(x => x.Component).FirstOrDefault()
                ?? inFile.Select(x => x.Component).FirstOrDefault()
                ?? components
                    .SelectMany(c => c.Scopes.Where(s => finding.Path.StartsWith(s, StringComparison.Ordinal)).Select(s => (Component: c, Scope: s)))
                    .OrderByDescending(x => x.Scope.Length)
                    .ThenBy(x => x.Component.Kind == ComponentKind.ContainerImage ? 1 : 0)
                    .Select(x => x.Component)
                    .FirstOrDefault();
            if (owner is null)
            {
                unplaced.Add(finding);
            }
            else
            {
                placed.Add((owner.Id, finding));
            }
        }

        var order = components.Select((c, i) => (c.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var threats = placed
            .GroupBy(p => (p.ComponentId, p.Finding.Rule))
            .Select(g => new Threat(
                g.Key.ComponentId,
                g.Key.Rule,
                [.. g.Select(p => p.Finding).OrderBy(f => f.Path, StringComparer.Ordinal).ThenBy(f => f.Span.Line).ThenBy(f => f.Span.Column)],
                AttackVectors.For(g.Key.Rule),
                g.Key.Rule.Remediation))
            .OrderBy(t => order[t.ComponentId])
            .ThenByDescending(t => t.Severity)
            .ThenBy(t => t.Rule.Id, StringComparer.Ordinal)
            .ToList();
        return (threats, unplaced);
    }

    private static string GetRelativePath(string root, string path)
    {
        var full = Path.GetFullPath(path);
        var prefix = root.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? root : root + Path.DirectorySeparatorChar;
        return full.StartsWith(prefix, StringComparison.Ordinal) ? full.Substring(prefix.Length).Replace('\\', '/') : "../" + Path.GetFileName(full);
    }
}
