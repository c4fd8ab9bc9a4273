using ThreatLint.Documents.Yaml;

namespace ThreatLint.Documents.Pipelines;

/// <summary>The CI or training-pipeline system a file belongs to.</summary>
public enum PipelineKind
{
    None,
    GitHubWorkflow,
    GitHubAction,
    AzurePipelines,
    GitLabCi,
    ArgoWorkflow,
    KubeflowPipeline,
    AzureMlJob,
    DvcPipeline,
    DvcFile,
    MlProject,
}

/// <summary>A variable a step runs with: <c>env:</c> entries, Azure/GitLab <c>variables</c>, a container's <c>env</c> list.</summary>
/// <param name="Name">The variable's name as written.</param>
/// <param name="NameNode">Where the name is written.</param>
/// <param name="Value">The value node (a scalar, or a mapping such as <c>valueFrom</c> / <c>{value: …}</c>).</param>
public sealed record PipelineVariable(string Name, YamlNode NameNode, YamlNode Value)
{
    /// <summary>The literal value, when the value is a scalar (or a GitLab <c>{value: …}</c> mapping).</summary>
    public YamlScalar? Scalar => Value as YamlScalar ?? Value["value"] as YamlScalar;
}

/// <summary>
/// One unit of work of a pipeline, whatever the system: a GitHub step, an Azure Pipelines step, a GitLab job, an
/// Argo/Kubeflow container, a DVC stage, an MLflow entry point. It holds the shell scripts it runs (each a YAML scalar,
/// so findings point into them), or the argv a container runs, the action or task it calls, its inputs and its
/// environment, and the job or stage it belongs to.
/// </summary>
public sealed class PipelineStep
{
    public PipelineStep(PipelineKind kind, string group, string label, YamlNode node)
    {
        Kind = kind;
        Group = group;
        Label = label;
        Node = node;
    }

    public PipelineKind Kind { get; }

    /// <summary>The job, stage or template the step belongs to (<c>train</c>, <c>stage Build</c>).</summary>
    public string Group { get; }

    /// <summary>How messages name the step: <c>job train step 'Upload model'</c>.</summary>
    public string Label { get; }

    public YamlNode Node { get; }

    /// <summary>The shell scripts the step runs, in order (<c>run:</c>, <c>script:</c> items, a stage's <c>cmd</c>, an <c>sh -c</c> string).</summary>
    public IReadOnlyList<YamlScalar> Scripts { get; init; } = [];

    /// <summary>What introduces the scripts in the file (<c>run:</c>, <c>script:</c>, <c>cmd:</c>…), for messages.</summary>
    public string ScriptKey { get; init; } = "run:";

    /// <summary>A container's command and arguments when no shell reads them.</summary>
    public IReadOnlyList<YamlScalar> Argv { get; init; } = [];

    /// <summary>The action (<c>uses:</c>) or task (<c>task: Docker@2</c>) the step calls, or null.</summary>
    public YamlScalar? Action { get; init; }

    /// <summary>The action's or task's inputs (<c>with:</c>, <c>inputs:</c>), or null.</summary>
    public YamlNode? Inputs { get; init; }

    /// <summary>The variables the step runs with, outermost first (a later one overrides an earlier one of the same name).</summary>
    public IReadOnlyList<PipelineVariable> Env { get; init; } = [];

    /// <summary>The GitHub step this is, for GitHub workflows and composite actions.</summary>
    public GitHubStep? GitHub { get; init; }

    /// <summary>The action or task name without its version (<c>actions/checkout</c>, <c>docker</c>), lower case; null when none.</summary>
    public string? ActionName =>
        Action?.Text is { } text ? (text.IndexOf('@') is var at and >= 0 ? text.Substring(0, at) : text).ToLowerInvariant() : null;

    /// <summary>The scalar input <paramref name="name"/> of the action or task, or null.</summary>
    public YamlScalar? Input(string name) => Inputs?[name] as YamlScalar;
}

/// <summary>Something a pipeline pulls in from outside the repository by name and ref: an action, a reusable workflow,
/// a template repository, an include.</summary>
/// <param name="Node">Where the reference is written (the finding's location).</param>
/// <param name="What">What kind of dependency it is (<c>action</c>, <c>reusable workflow</c>, <c>template repository</c>, <c>include</c>).</param>
/// <param name="Name">The dependency as shown (<c>actions/checkout</c>, <c>org/templates</c>).</param>
/// <param name="Ref">The ref it is pinned by, or null when none is given (the default branch).</param>
public sealed record PipelineReference(YamlNode Node, string What, string Name, string? Ref);

/// <summary>A container image a step or job runs in.</summary>
/// <param name="Where">What runs in it, for messages (<c>job train container</c>, <c>template preprocess</c>).</param>
public sealed record PipelineImage(YamlScalar Node, string Where);
