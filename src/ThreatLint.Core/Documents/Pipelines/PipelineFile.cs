using ThreatLint.Documents.Yaml;

namespace ThreatLint.Documents.Pipelines;

/// <summary>Data a pipeline declares it pulls from outside (a DVC import, an Argo input artifact, an external DVC dependency).</summary>
/// <param name="Node">Where the source is written.</param>
/// <param name="Url">The URL or repository.</param>
/// <param name="Revision">The git revision it is pinned to (<c>rev_lock</c>, <c>revision</c>), or null.</param>
/// <param name="HasChecksum">True when the file records what it expects (md5, etag, checksum).</param>
/// <param name="Where">What declares it, for messages.</param>
public sealed record PipelineDataSource(YamlNode Node, DataSourceKind Kind, string Url, string? Revision, bool HasChecksum, string Where);

/// <summary>How a pipeline declares a data source.</summary>
public enum DataSourceKind
{
    /// <summary>A <c>.dvc</c> file written by <c>dvc import-url</c>.</summary>
    DvcImportUrl,

    /// <summary>A <c>.dvc</c> file written by <c>dvc import</c> (a path in another git repository).</summary>
    DvcImport,

    /// <summary>An external (URL) dependency of a <c>dvc.yaml</c> stage; its checksum lives in <c>dvc.lock</c>.</summary>
    DvcDependency,

    /// <summary>An Argo input artifact fetched over http(s).</summary>
    HttpArtifact,

    /// <summary>An Argo input artifact cloned from git.</summary>
    GitArtifact,
}

/// <summary>
/// The pipeline view of a YAML file: which system it belongs to (by its path and its keys) and its steps, images,
/// external references and declared data sources in one shape, so a rule reads every CI system the same way.
/// Files that are no pipeline have <see cref="PipelineKind.None"/> and nothing else.
/// </summary>
public sealed partial class PipelineFile
{
    private static readonly PipelineFile NotAPipeline = new(PipelineKind.None, null);

    private readonly List<PipelineStep> _steps = [];
    private readonly List<PipelineImage> _images = [];
    private readonly List<PipelineReference> _references = [];
    private readonly List<PipelineDataSource> _dataSources = [];
    private readonly List<PipelineVariable> _variables = [];

    private PipelineFile(PipelineKind kind, GitHubWorkflow? gitHub)
    {
        Kind = kind;
        GitHub = gitHub;
    }

    public PipelineKind Kind { get; }

    public bool IsPipeline => Kind != PipelineKind.None;

    /// <summary>The workflow, for GitHub workflows and composite actions.</summary>
    public GitHubWorkflow? GitHub { get; }

    public IReadOnlyList<PipelineStep> Steps => _steps;

    public IReadOnlyList<PipelineImage> Images => _images;

    public IReadOnlyList<PipelineReference> References => _references;

    public IReadOnlyList<PipelineDataSource> DataSources => _dataSources;

    /// <summary>Every variable declared anywhere in the file (workflow, job, step, container env), in text order.</summary>
    public IReadOnlyList<PipelineVariable> Variables => _variables;

    /// <summary>The pipeline view of a file, built once per file (<see cref="YamlFile.View{T}"/>).</summary>
    public static PipelineFile Of(YamlFile file, string path) => file.View(f => Build(f, path));

    /// <summary>The system a file belongs to, by its path and (for Azure, Argo, Kubeflow and Azure ML) its keys.</summary>
    public static PipelineKind KindOf(YamlFile file, string path)
    {
        var normalized = path.Replace('\\', '/');
        var name = normalized.Substring(normalized.LastIndexOf('/') + 1);
        var lower = name.ToLowerInvariant();
        var root = file.Roots.FirstOrDefault() as YamlMapping;
        var yaml = lower.EndsWith(".yml", StringComparison.Ordinal) || lower.EndsWith(".yaml", StringComparison.Ordinal);
        if (name == "MLproject" || lower is "mlproject.yaml" or "mlproject.yml")
        {
            return PipelineKind.MlProject;
        }

        if (lower.EndsWith(".dvc", StringComparison.Ordinal))
        {
            return PipelineKind.DvcFile;
        }

        if (lower is "dvc.yaml" or "dvc.yml")
        {
            return PipelineKind.DvcPipeline;
        }

        if (!yaml || root is null)
        {
            return PipelineKind.None;
        }

        if (normalized.IndexOf(".github/workflows/", StringComparison.Ordinal) >= 0)
        {
            return PipelineKind.GitHubWorkflow;
        }

        if (lower is "action.yml" or "action.yaml" && root["runs"] is YamlMapping)
        {
            return PipelineKind.GitHubAction;
        }

        if (lower.EndsWith(".gitlab-ci.yml", StringComparison.Ordinal) || lower.EndsWith(".gitlab-ci.yaml", StringComparison.Ordinal))
        {
            return PipelineKind.GitLabCi;
        }

        foreach (var document in file.Roots)
        {
            if (document["apiVersion"]?.Text is { } api && api.StartsWith("argoproj.io/", StringComparison.Ordinal)
                && document["kind"]?.Text is "Workflow" or "WorkflowTemplate" or "ClusterWorkflowTemplate" or "CronWorkflow")
            {
                return PipelineKind.ArgoWorkflow;
            }
        }

        if (root["deploymentSpec"] is YamlMapping || root["pipelineSpec"]?["deploymentSpec"] is YamlMapping)
        {
            return PipelineKind.KubeflowPipeline;
        }

        if (root["$schema"]?.Text is { } schema && schema.IndexOf("azureml", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return PipelineKind.AzureMlJob;
        }

        if (lower.StartsWith("azure-pipelines", StringComparison.Ordinal) || normalized.IndexOf(".azure-pipelines/", StringComparison.Ordinal) >= 0
            || normalized.IndexOf(".azuredevops/", StringComparison.Ordinal) >= 0 || LooksLikeAzurePipeline(root))
        {
            return PipelineKind.AzurePipelines;
        }

        return PipelineKind.None;
    }

    /// <summary>Azure Pipelines YAML named otherwise (templates, <c>ci/build.yml</c>): stages of <c>stage:</c>, jobs of <c>job:</c>, or steps of <c>task:</c>/<c>script:</c>.</summary>
    private static bool LooksLikeAzurePipeline(YamlMapping root) =>
        root["apiVersion"] is null
        && (root["stages"]?.Items.Any(i => i["stage"] is not null || i["template"] is not null) == true
            || root["jobs"]?.Items.Any(i => i["job"] is not null || i["deployment"] is not null) == true
            || root["steps"]?.Items.Any(i => i["task"] is not null || i["script"] is not null || i["bash"] is not null || i["pwsh"] is not null || i["checkout"] is not null) == true);

    private static PipelineFile Build(YamlFile file, string path)
    {
        var kind = KindOf(file, path);
        if (kind == PipelineKind.None)
        {
            return NotAPipeline;
        }

        var gitHub = kind is PipelineKind.GitHubWorkflow or PipelineKind.GitHubAction ? GitHubWorkflow.From(file) : null;
        var pipeline = new PipelineFile(kind, gitHub);
        switch (kind)
        {
            case PipelineKind.GitHubWorkflow or PipelineKind.GitHubAction when gitHub is not null:
                pipeline.ReadGitHub(gitHub);
                break;
            case PipelineKind.AzurePipelines:
                pipeline.ReadAzure(file);
                break;
            case PipelineKind.GitLabCi:
                pipeline.ReadGitLab(file);
                break;
            case PipelineKind.ArgoWorkflow:
                pipeline.ReadArgo(file);
                break;
            case PipelineKind.KubeflowPipeline:
                pipeline.ReadKubeflow(file);
                break;
            case PipelineKind.AzureMlJob:
                pipeline.ReadAzureMl(file);
                break;
            case PipelineKind.DvcPipeline:
                pipeline.ReadDvcPipeline(file);
                break;
            case PipelineKind.DvcFile:
                pipeline.ReadDvcFile(file);
                break;
            case PipelineKind.MlProject:
                pipeline.ReadMlProject(file);
                break;
        }

        return pipeline;
    }

    /// <summary>Script scalars of a <c>script:</c>-like key: one string, or a list of strings.</summary>
    private static List<YamlScalar> Scripts(YamlNode? node) =>
        node is YamlScalar { Text: not null } scalar ? [scalar] : [.. node?.Items.OfType<YamlScalar>().Where(s => s.Text is not null) ?? []];

    private static List<PipelineVariable> VariablesOf(IEnumerable<YamlEntry> entries) =>
        [.. entries.Where(e => e.KeyText is not null).Select(e => new PipelineVariable(e.KeyText!, e.Key, e.Value))];

    private void AddVariables(IEnumerable<YamlEntry> entries) => _variables.AddRange(VariablesOf(entries));
}
