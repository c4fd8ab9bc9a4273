using System.Text;

namespace ThreatLint.ThreatModel;

/// <summary>
/// The mutable model the extractors fill in: components keyed by kind and name (a component met in two files is one
/// component with two locations), flows, aliases (two views of one running thing) and entry-point candidates.
/// </summary>
internal sealed class ModelDraft
{
    private readonly Dictionary<string, DraftComponent> _components = new(StringComparer.Ordinal);
    private readonly List<Flow> _flows = [];
    private readonly HashSet<Flow> _flowSet = [];
    private readonly Dictionary<string, string> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _aliases = new(StringComparer.Ordinal);
    private readonly List<(string Id, string Label)> _entryPoints = [];
    private readonly List<(string Id, string Image)> _runs = [];
    private readonly List<(string ImageId, string Path)> _imageFiles = [];
    private readonly Dictionary<string, string> _artifactAt = new(StringComparer.Ordinal);

    internal sealed class DraftComponent(string id, ComponentKind kind, string name, TrustZone zone)
    {
        public string Id { get; } = id;

        public ComponentKind Kind { get; set; } = kind;

        public string Name { get; set; } = name;

        public TrustZone Zone { get; set; } = zone;

        public SortedSet<ComponentLocation> Locations { get; } = new(LocationOrder.Instance);

        public string? Detail { get; set; }

        /// <summary>Findings in files under this folder belong here when no component is declared in the file itself.</summary>
        public string? Scope { get; set; }
    }

    public IEnumerable<DraftComponent> Components => _components.Values;

    public IReadOnlyList<Flow> Flows => _flows;

    public IReadOnlyList<(string Id, string Label)> EntryPoints => _entryPoints;

    /// <summary>Which component runs which container image (workloads, pipeline steps, Compose services).</summary>
    public IReadOnlyList<(string Id, string Image)> Runs => _runs;

    /// <summary>Source files a Dockerfile copies into its image by name.</summary>
    public IReadOnlyList<(string ImageId, string Path)> ImageFiles => _imageFiles;

    public void RunsImage(string id, string image)
    {
        if (!_runs.Contains((id, image)))
        {
            _runs.Add((id, image));
        }
    }

    public void ImageFile(string imageId, string path) => _imageFiles.Add((imageId, path));

    /// <summary>The component of any kind with this exact name, so one bucket named twice stays one component.</summary>
    public string? FindByName(string name) => _byName.TryGetValue(name, out var id) ? id : null;

    /// <summary>Adds a component, or a location to the component of that kind and name.</summary>
    public string Add(ComponentKind kind, string name, TrustZone zone, string? path = null, int line = 0, int endLine = 0, string? detail = null)
    {
        var id = Slug(KindSlug(kind) + "-" + name);
        if (!_components.TryGetValue(id, out var component))
        {
            component = new DraftComponent(id, kind, name, zone);
            _components.Add(id, component);
            if (!_byName.ContainsKey(name))
            {
                _byName.Add(name, id);
            }
        }

        if (path is not null)
        {
            component.Locations.Add(new ComponentLocation(path, line, Math.Max(line, endLine)));
            if (kind == ComponentKind.ModelArtifact && !_artifactAt.ContainsKey(path))
            {
                _artifactAt.Add(path, id);
            }
        }

        component.Detail ??= detail;
        return id;
    }

    /// <summary>The model-artifact component that holds the file at <paramref name="path"/>.</summary>
    public string ArtifactAt(string path) => _artifactAt[path];

    public DraftComponent Get(string id) => _components[Resolve(id)];

    public bool Contains(string id) => _components.ContainsKey(id);

    public void Flow(string from, string to, string label)
    {
        var flow = new Flow(from, to, label);
        if (from != to && _flowSet.Add(flow))
        {
            _flows.Add(flow);
        }
    }

    /// <summary>Declares that <paramref name="alias"/> is the same running thing as <paramref name="target"/>.</summary>
    public void Alias(string alias, string target)
    {
        var (a, t) = (Resolve(alias), Resolve(target));
        if (a != t)
        {
            _aliases[a] = t;
        }
    }

    public string Resolve(string id)
    {
        var steps = 0;
        while (_aliases.TryGetValue(id, out var next) && steps++ < 64)
        {
            id = next;
        }

        return id;
    }

    /// <summary>A component that callers reach directly unless something in front of it (an Ingress) is found.</summary>
    public void EntryPoint(string id, string label) => _entryPoints.Add((id, label));

    // Shared components that many extractors point at.
    public string Users() => Add(ComponentKind.Client, "Users", TrustZone.Internet);

    public static string Slug(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                sb.Append(c);
            }
            else if (sb.Length > 0 && sb[sb.Length - 1] != '-')
            {
                sb.Append('-');
            }
        }

        return sb.ToString().TrimEnd('-');
    }

    private static string KindSlug(ComponentKind kind) => Slug(kind switch
    {
        ComponentKind.ModelServer => "model-server",
        ComponentKind.ModelArtifact => "model",
        ComponentKind.ModelRegistry => "registry",
        ComponentKind.ModelHub => "hub",
        ComponentKind.TrainingPipeline => "pipeline",
        ComponentKind.DataSource => "data",
        ComponentKind.FeatureStore => "features",
        ComponentKind.ContainerImage => "image",
        ComponentKind.ContainerRegistry => "image-registry",
        ComponentKind.LlmClient => "llm-client",
        ComponentKind.LlmService => "llm",
        ComponentKind.VectorStore => "vectors",
        ComponentKind.CiSystem => "ci",
        ComponentKind.SecretsStore => "secrets",
        ComponentKind.LogSink => "logs",
        _ => kind.ToString(),
    });

    private sealed class LocationOrder : IComparer<ComponentLocation>
    {
        public static readonly LocationOrder Instance = new();

        public int Compare(ComponentLocation? x, ComponentLocation? y)
        {
            var byPath = string.CompareOrdinal(x!.Path, y!.Path);
            return byPath != 0 ? byPath : x.Line.CompareTo(y.Line);
        }
    }
}
