using ThreatLint.Catalog;
using ThreatLint.Findings;

namespace ThreatLint.ThreatModel;

/// <summary>What a component is. Decides its shape in diagrams and which controls apply to it.</summary>
public enum ComponentKind
{
    /// <summary>People or systems outside the repository that call it (internet users, internal staff).</summary>
    Client,

    /// <summary>A public entry point: Ingress, LoadBalancer Service, published port, ASP.NET Core endpoints.</summary>
    Endpoint,

    /// <summary>An application service that is not a model server (an API, a chatbot back end).</summary>
    Service,

    /// <summary>KServe, TorchServe, Triton, vLLM, TGI, Ray Serve, BentoML…</summary>
    ModelServer,

    /// <summary>A model file in the repository.</summary>
    ModelArtifact,

    /// <summary>Where models are stored and versioned: MLflow, object storage behind storageUri, DVC remotes.</summary>
    ModelRegistry,

    /// <summary>A public model hub (Hugging Face, PyTorch Hub, Ollama library).</summary>
    ModelHub,

    /// <summary>A training or data pipeline (Argo, Kubeflow, DVC, MLflow project).</summary>
    TrainingPipeline,

    /// <summary>Data a pipeline or service reads: buckets, URLs, datasets, document stores.</summary>
    DataSource,

    /// <summary>A feature store (Feast).</summary>
    FeatureStore,

    /// <summary>A container image built from a Dockerfile in the repository.</summary>
    ContainerImage,

    /// <summary>A registry the build pulls images from or pushes them to.</summary>
    ContainerRegistry,

    /// <summary>Code that calls an LLM (Semantic Kernel, Microsoft.Extensions.AI, OpenAI SDKs).</summary>
    LlmClient,

    /// <summary>The hosted LLM or embedding API the client calls.</summary>
    LlmService,

    /// <summary>A vector database or search index used for retrieval.</summary>
    VectorStore,

    /// <summary>A CI/CD system (GitHub Actions, Azure Pipelines, GitLab CI).</summary>
    CiSystem,

    /// <summary>Where secrets come from (Kubernetes Secrets, CI secrets, a key vault).</summary>
    SecretsStore,

    /// <summary>A sink that receives request or prediction payloads.</summary>
    LogSink,
}

/// <summary>Where a component runs. Flows between zones cross a trust boundary.</summary>
public enum TrustZone
{
    Internet,
    Serving,
    Training,
    Delivery,
    Registries,
    ThirdParty,
}

/// <summary>The data-flow-diagram role of a component (Threat Dragon's shapes).</summary>
public enum ComponentShape
{
    Actor,
    Process,
    Store,
}

/// <summary>Where in the repository a component is declared.</summary>
/// <param name="Path">Relative to the scan root, with '/' separators.</param>
/// <param name="Line">1-based; 0 when the component is the file as a whole.</param>
/// <param name="EndLine">Last line of the declaration (for a multi-document YAML file), else <paramref name="Line"/>.</param>
public sealed record ComponentLocation(string Path, int Line, int EndLine)
{
    public override string ToString() => Line > 0 ? Path + ":" + Line : Path;
}

/// <summary>One element of the system.</summary>
/// <param name="Id">Stable identifier made of the kind and name (<c>model-server-sentiment</c>).</param>
/// <param name="Detail">One short fact for the reader (the image, the storage URI scheme); never a secret.</param>
public sealed record Component(
    string Id,
    ComponentKind Kind,
    string Name,
    TrustZone Zone,
    IReadOnlyList<ComponentLocation> Locations,
    string? Detail)
{
    public ComponentShape Shape => Zone is TrustZone.Internet or TrustZone.ThirdParty ? ComponentShape.Actor : Kind switch
    {
        ComponentKind.Client or ComponentKind.ModelHub or ComponentKind.LlmService or ComponentKind.ContainerRegistry => ComponentShape.Actor,
        ComponentKind.ModelArtifact or ComponentKind.ModelRegistry or ComponentKind.DataSource or ComponentKind.FeatureStore
            or ComponentKind.VectorStore or ComponentKind.SecretsStore or ComponentKind.LogSink or ComponentKind.ContainerImage => ComponentShape.Store,
        _ => ComponentShape.Process,
    };

    /// <summary>Folders whose files belong to this component when none of its own declarations is in them.</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [];
}

/// <summary>Data moving from one component to another.</summary>
public sealed record Flow(string From, string To, string Label);

/// <summary>A trust boundary: two zones that at least one flow crosses.</summary>
public sealed record Boundary(TrustZone Inside, TrustZone Outside, IReadOnlyList<Flow> Crossings)
{
    public string Name => SystemModel.ZoneName(Inside) + " ↔ " + SystemModel.ZoneName(Outside);
}

/// <summary>
/// One threat: a rule that fired on a component, with every finding that realises it there.
/// </summary>
/// <param name="AttackVector">How an attacker uses it, in one sentence.</param>
/// <param name="Fix">The concrete fix (the rule's remediation).</param>
public sealed record Threat(
    string ComponentId,
    RuleDescriptor Rule,
    IReadOnlyList<Finding> Findings,
    string AttackVector,
    string Fix)
{
    public Severity Severity => Findings.Max(f => f.Severity);

    public IReadOnlyList<string> Stride => [.. Rule.Stride.Letters()];
}

/// <summary>The outcome of one scorecard control.</summary>
public enum ControlStatus
{
    Pass,
    Fail,
    NotApplicable,

    /// <summary>The control applies, but none of the rules that would judge it is implemented yet.</summary>
    NotChecked,
}

/// <summary>One line of the scorecard: a default control, its status and the evidence for it.</summary>
public sealed record ControlResult(string Name, ControlStatus Status, string Evidence, IReadOnlyList<string> RuleIds);

/// <summary>The system a repository describes: components, flows, trust boundaries, threats and the scorecard.</summary>
public sealed class SystemModel
{
    private readonly Dictionary<string, Component> _byId;
    private readonly ILookup<string, Threat> _threatsByComponent;

    internal SystemModel(
        string title,
        IReadOnlyList<Component> components,
        IReadOnlyList<Flow> flows,
        IReadOnlyList<Threat> threats,
        IReadOnlyList<Finding> unplaced,
        IReadOnlyList<ControlResult> scorecard,
        IReadOnlyList<Finding> findings)
    {
        Title = title;
        Components = components;
        _byId = components.ToDictionary(c => c.Id, StringComparer.Ordinal);
        _threatsByComponent = threats.ToLookup(t => t.ComponentId, StringComparer.Ordinal);
        Flows = flows;
        Threats = threats;
        Unplaced = unplaced;
        Scorecard = scorecard;
        Findings = findings;
        Boundaries = [.. flows
            .Select(f => (Flow: f, From: Find(f.From)!.Zone, To: Find(f.To)!.Zone))
            .Where(x => x.From != x.To)
            .GroupBy(x => x.From < x.To ? (x.From, x.To) : (x.To, x.From))
            .OrderBy(g => g.Key.Item1).ThenBy(g => g.Key.Item2)
            .Select(g => new Boundary(g.Key.Item1, g.Key.Item2, [.. g.Select(x => x.Flow)]))];
    }

    /// <summary>The repository's folder name.</summary>
    public string Title { get; }

    /// <summary>Components by zone, then kind, then name.</summary>
    public IReadOnlyList<Component> Components { get; }

    public IReadOnlyList<Flow> Flows { get; }

    public IReadOnlyList<Boundary> Boundaries { get; }

    /// <summary>Threats by component order, then severity (highest first), then rule id.</summary>
    public IReadOnlyList<Threat> Threats { get; }

    /// <summary>Findings in files that no component was recognised in.</summary>
    public IReadOnlyList<Finding> Unplaced { get; }

    public IReadOnlyList<ControlResult> Scorecard { get; }

    /// <summary>What the model may be missing (an extractor that failed), for the reader.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Every unsuppressed finding the model was built from.</summary>
    public IReadOnlyList<Finding> Findings { get; }

    public Component? Find(string id) => _byId.TryGetValue(id, out var component) ? component : null;

    public IEnumerable<Threat> ThreatsOf(Component component) => _threatsByComponent[component.Id];

    public static string ZoneName(TrustZone zone) => zone switch
    {
        TrustZone.Internet => "Internet",
        TrustZone.Serving => "Serving runtime",
        TrustZone.Training => "Training and data",
        TrustZone.Delivery => "CI/CD",
        TrustZone.Registries => "Registries and artifacts",
        _ => "Third parties",
    };
}
