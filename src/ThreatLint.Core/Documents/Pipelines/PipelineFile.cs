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
public sealed class PipelineFile
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

    // ── GitHub Actions ──────────────────────────────────────────────────────────────────────

    private void ReadGitHub(GitHubWorkflow workflow)
    {
        AddVariables(workflow.Env);
        foreach (var job in workflow.Jobs)
        {
            AddVariables(job.Node["env"]?.Entries ?? []);
            var group = workflow.IsAction ? "action" : "job " + job.Id;
            foreach (var image in job.Images)
            {
                _images.Add(new PipelineImage(image, group + " container"));
            }

            if (job.Uses is { Text: { } reusable } uses && !reusable.StartsWith("./", StringComparison.Ordinal))
            {
                _references.Add(Reference(uses, "reusable workflow"));
            }

            foreach (var step in job.Steps)
            {
                var stepEnv = step.Node["env"]?.Entries ?? [];
                AddVariables(stepEnv);
                var env = VariablesOf(job.Env.Concat(stepEnv));
                var label = workflow.IsAction ? "action " + step.Label : group + " " + step.Label;
                _steps.Add(new PipelineStep(Kind, group, label, step.Node)
                {
                    Scripts = step.Run is { Text: not null } run ? [run] : [],
                    ScriptKey = "run:",
                    Action = step.Uses,
                    Inputs = step.With,
                    Env = env,
                    GitHub = step,
                });
                if (step.Uses is { Text: { } action } uses2)
                {
                    if (action.StartsWith("docker://", StringComparison.Ordinal))
                    {
                        _images.Add(new PipelineImage(uses2, label));
                    }
                    else if (!action.StartsWith("./", StringComparison.Ordinal) && !action.StartsWith(".\\", StringComparison.Ordinal))
                    {
                        _references.Add(Reference(uses2, "action"));
                    }
                }
            }
        }
    }

    private static PipelineReference Reference(YamlScalar uses, string what)
    {
        var text = uses.Text!;
        var at = text.LastIndexOf('@');
        return new PipelineReference(uses, what, at < 0 ? text : text.Substring(0, at), at < 0 ? null : text.Substring(at + 1));
    }

    // ── Azure Pipelines ─────────────────────────────────────────────────────────────────────

    private static readonly string[] AzureScriptKeys = ["script", "bash", "pwsh", "powershell"];

    /// <summary>Task inputs that hold an inline script (Bash@3 script, AzureCLI@2 inlineScript, PythonScript@0 script…).</summary>
    private static readonly string[] AzureScriptInputs = ["script", "inlineScript", "inline"];

    private void ReadAzure(YamlFile file)
    {
        if (file.Roots.FirstOrDefault() is not YamlMapping root)
        {
            return;
        }

        var rootVariables = AzureVariables(root["variables"]);
        foreach (var repository in root["resources"]?["repositories"]?.Items ?? [])
        {
            var type = repository["type"]?.Text?.ToLowerInvariant();
            if (type is "github" or "bitbucket" or "githubenterprise" && repository["name"] is YamlScalar { Text: { } name } nameNode)
            {
                var reference = repository["ref"] as YamlScalar;
                _references.Add(new PipelineReference(reference ?? (YamlNode)nameNode, "template repository", name, reference?.Text));
            }
        }

        foreach (var container in root["resources"]?["containers"]?.Items ?? [])
        {
            if (container["image"] is YamlScalar { Text: not null } image)
            {
                _images.Add(new PipelineImage(image, "container resource " + (container["container"]?.Text ?? "?")));
            }
        }

        ReadAzureStages(root, "pipeline", rootVariables);
    }

    private void ReadAzureStages(YamlNode node, string group, List<PipelineVariable> inherited)
    {
        foreach (var stage in node["stages"]?.Items ?? [])
        {
            ReadAzureJobs(stage, stage["stage"]?.Text is { } name ? "stage " + name : group, [.. inherited, .. AzureVariables(stage["variables"])]);
        }

        ReadAzureJobs(node, group, inherited);
    }

    private void ReadAzureJobs(YamlNode node, string group, List<PipelineVariable> inherited)
    {
        foreach (var job in node["jobs"]?.Items ?? [])
        {
            var name = job["job"]?.Text ?? job["deployment"]?.Text;
            var jobGroup = name is null ? group : group + " job " + name;
            if ((job["container"] is YamlScalar c ? c : job["container"]?["image"] as YamlScalar) is { Text: { } image } containerNode && image.IndexOf(':') > 0)
            {
                _images.Add(new PipelineImage(containerNode, jobGroup + " container"));
            }

            var variables = inherited.Concat(AzureVariables(job["variables"])).ToList();
            ReadAzureSteps(job["steps"], jobGroup, variables);
            foreach (var strategy in new[] { "runOnce", "rolling", "canary" })
            {
                foreach (var phase in job["strategy"]?[strategy]?.Entries ?? [])
                {
                    ReadAzureSteps(phase.Value["steps"], jobGroup, variables);
                }
            }
        }

        ReadAzureSteps(node["steps"], group, inherited);
    }

    private void ReadAzureSteps(YamlNode? steps, string group, List<PipelineVariable> inherited)
    {
        var index = 0;
        foreach (var step in steps?.Items ?? [])
        {
            index++;
            var env = VariablesOf(step["env"]?.Entries ?? []);
            _variables.AddRange(env);
            var label = group + " " + (step["displayName"]?.Text is { Length: > 0 and <= 80 } display ? "step '" + display + "'" : "step " + index.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var scriptKey = AzureScriptKeys.FirstOrDefault(k => step[k] is YamlScalar);
            var task = step["task"] as YamlScalar;
            var scripts = new List<YamlScalar>();
            if (scriptKey is not null)
            {
                scripts.Add((YamlScalar)step[scriptKey]!);
            }
            else if (task is not null && step["inputs"] is { } inputs)
            {
                scripts.AddRange(AzureScriptInputs.Select(k => inputs[k]).OfType<YamlScalar>().Where(s => s.Text is not null));
            }

            if (step["template"] is YamlScalar template && template.Text?.IndexOf('@') > 0)
            {
                // template: x.yml@alias — the alias names a repository resource, reported there.
                continue;
            }

            _steps.Add(new PipelineStep(Kind, group, label, step)
            {
                Scripts = scripts,
                ScriptKey = (scriptKey ?? "script") + ":",
                Action = task,
                Inputs = step["inputs"],
                Env = [.. inherited, .. env],
            });
        }
    }

    private List<PipelineVariable> AzureVariables(YamlNode? variables)
    {
        var list = new List<PipelineVariable>();
        if (variables is YamlMapping map)
        {
            list.AddRange(VariablesOf(map.Entries));
        }
        else
        {
            foreach (var item in variables?.Items ?? [])
            {
                if (item.Entries.FirstOrDefault(e => e.KeyText == "name") is { Value: YamlScalar { Text: { } name } nameNode } && item["value"] is { } value)
                {
                    list.Add(new PipelineVariable(name, nameNode, value));
                }
            }
        }

        _variables.AddRange(list);
        return list;
    }

    // ── GitLab CI ───────────────────────────────────────────────────────────────────────────

    private static readonly HashSet<string> GitLabReserved = new(StringComparer.Ordinal)
    {
        "stages", "variables", "include", "default", "workflow", "image", "services", "before_script", "after_script", "cache", "pages_build",
    };

    private void ReadGitLab(YamlFile file)
    {
        if (file.Roots.FirstOrDefault() is not YamlMapping root)
        {
            return;
        }

        var globalVariables = VariablesOf(root["variables"]?.Entries ?? []);
        _variables.AddRange(globalVariables);
        ReadGitLabImages(root, "default");
        ReadGitLabImages(root["default"], "default");
        ReadGitLabIncludes(root["include"]);
        var defaultBefore = Scripts(root["default"]?["before_script"] ?? root["before_script"]);
        var defaultAfter = Scripts(root["default"]?["after_script"] ?? root["after_script"]);
        foreach (var entry in root.Entries)
        {
            if (entry.KeyText is not { } name || GitLabReserved.Contains(name) || entry.Value is not YamlMapping job
                || !(job.Has("script") || job.Has("extends") || job.Has("trigger") || job.Has("run")))
            {
                continue;
            }

            ReadGitLabImages(job, "job " + name);
            var variables = VariablesOf(job["variables"]?.Entries ?? []);
            _variables.AddRange(variables);
            var before = job.Has("before_script") ? Scripts(job["before_script"]) : defaultBefore;
            var after = job.Has("after_script") ? Scripts(job["after_script"]) : defaultAfter;
            _steps.Add(new PipelineStep(Kind, "job " + name, "job " + name, job)
            {
                Scripts = [.. before, .. Scripts(job["script"]), .. after],
                ScriptKey = "script:",
                Env = [.. globalVariables, .. variables],
            });
        }
    }

    private void ReadGitLabImages(YamlNode? node, string where)
    {
        if (node is null)
        {
            return;
        }

        if ((node["image"] is YamlScalar s ? s : node["image"]?["name"] as YamlScalar) is { Text: not null } image)
        {
            _images.Add(new PipelineImage(image, where + " image"));
        }

        foreach (var service in node["services"]?.Items ?? [])
        {
            if ((service is YamlScalar sv ? sv : service["name"] as YamlScalar) is { Text: not null } serviceImage)
            {
                _images.Add(new PipelineImage(serviceImage, where + " service"));
            }
        }
    }

    private void ReadGitLabIncludes(YamlNode? include)
    {
        var items = include is YamlSequence sequence ? sequence.Items : include is null ? [] : [include];
        foreach (var item in items)
        {
            if (item is YamlScalar { Text: { } text } scalar)
            {
                if (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
                {
                    _references.Add(new PipelineReference(scalar, "remote include", text, null));
                }
            }
            else if (item["remote"] is YamlScalar { Text: { } url } remote)
            {
                // GitLab 17.9+ checks a remote include against integrity: sha256-…, which pins it as well as a commit.
                _references.Add(new PipelineReference(remote, "remote include", url, item["integrity"]?.Text is { Length: > 0 } integrity ? integrity : null));
            }
            else if (item["project"] is YamlScalar { Text: { } project } projectNode)
            {
                var reference = item["ref"] as YamlScalar;
                _references.Add(new PipelineReference(reference ?? (YamlNode)projectNode, "project include", project, reference?.Text));
            }
            else if (item["component"] is YamlScalar { Text: { } component } componentNode)
            {
                var at = component.LastIndexOf('@');
                _references.Add(new PipelineReference(componentNode, "component", at < 0 ? component : component.Substring(0, at), at < 0 ? null : component.Substring(at + 1)));
            }
        }
    }

    // ── Argo Workflows and Kubeflow ─────────────────────────────────────────────────────────

    private void ReadArgo(YamlFile file)
    {
        foreach (var document in file.Roots)
        {
            if (document["apiVersion"]?.Text?.StartsWith("argoproj.io/", StringComparison.Ordinal) != true)
            {
                continue;
            }

            var spec = document["kind"]?.Text == "CronWorkflow" ? document["spec"]?["workflowSpec"] : document["spec"];
            foreach (var template in spec?["templates"]?.Items ?? [])
            {
                var name = "template " + (template["name"]?.Text ?? "?");
                foreach (var container in new[] { template["container"], template["script"] }.Concat(template["containerSet"]?["containers"]?.Items ?? []))
                {
                    if (container is YamlMapping)
                    {
                        AddContainer(container, name, container == template["script"] ? container["source"] as YamlScalar : null);
                    }
                }

                foreach (var artifact in template["inputs"]?["artifacts"]?.Items ?? [])
                {
                    var where = name + " input artifact " + (artifact["name"]?.Text ?? "?");
                    if (artifact["http"]?["url"] is YamlScalar { Text: { } url } urlNode)
                    {
                        _dataSources.Add(new PipelineDataSource(urlNode, DataSourceKind.HttpArtifact, url, null, HasChecksum: false, where));
                    }
                    else if (artifact["git"] is { } git && git["repo"] is YamlScalar { Text: { } repo } repoNode)
                    {
                        _dataSources.Add(new PipelineDataSource(git["revision"] ?? repoNode, DataSourceKind.GitArtifact, repo, git["revision"]?.Text, HasChecksum: false, where));
                    }
                }
            }
        }
    }

    private void ReadKubeflow(YamlFile file)
    {
        foreach (var document in file.Roots)
        {
            var spec = document["pipelineSpec"] ?? document;
            foreach (var executor in spec["deploymentSpec"]?["executors"]?.Entries ?? [])
            {
                if (executor.Value["container"] is YamlMapping container)
                {
                    AddContainer(container, "executor " + executor.KeyText, null);
                }
            }
        }
    }

    /// <summary>
    /// A container of an Argo template or Kubeflow executor: its image, its environment, and what it runs — an
    /// <c>sh -c</c> script (the argv item after <c>-c</c>, read as a script), a script template's <c>source</c> when
    /// a shell runs it, or else the argv itself.
    /// </summary>
    private void AddContainer(YamlNode container, string name, YamlScalar? source)
    {
        if (container["image"] is YamlScalar { Text: not null } image)
        {
            _images.Add(new PipelineImage(image, name));
        }

        var env = new List<PipelineVariable>();
        foreach (var item in container["env"]?.Items ?? [])
        {
            if (item.Entries.FirstOrDefault(e => e.KeyText == "name") is { Value: YamlScalar { Text: { } variable } nameNode })
            {
                env.Add(new PipelineVariable(variable, nameNode, item["value"] ?? item["valueFrom"] ?? nameNode));
            }
        }

        _variables.AddRange(env);
        var argv = Argv(container["command"]).Concat(Argv(container["args"])).ToList();
        var scripts = new List<YamlScalar>();
        var rest = new List<YamlScalar>();
        var shell = argv.Count > 0 && IsShell(argv[0].Text);
        for (var i = 0; i < argv.Count; i++)
        {
            // sh -c SCRIPT [name args…]; also sh -ec / -xc.
            if (shell && i > 0 && argv[i].Text is { Length: >= 2 } flag && flag[0] == '-' && flag.EndsWith("c", StringComparison.Ordinal) && i + 1 < argv.Count)
            {
                scripts.Add(argv[i + 1]);
                i = argv.Count;
            }
        }

        if (source is not null && (argv.Count == 0 || shell))
        {
            scripts.Add(source);
        }
        else if (scripts.Count == 0)
        {
            rest.AddRange(argv);
        }

        _steps.Add(new PipelineStep(Kind, name, name, container) { Scripts = scripts, ScriptKey = source is null ? "args:" : "source:", Argv = rest, Env = env });
    }

    private static bool IsShell(string? program) =>
        program is not null && program.Substring(program.LastIndexOf('/') + 1) is "sh" or "bash" or "dash" or "ash" or "zsh";

    private static IEnumerable<YamlScalar> Argv(YamlNode? node) =>
        node is YamlScalar { Text: not null } scalar ? [scalar] : node?.Items.OfType<YamlScalar>().Where(s => s.Text is not null) ?? [];

    // ── Azure ML jobs and components ───────────────────────────────────────────────────────

    private void ReadAzureMl(YamlFile file)
    {
        if (file.Roots.FirstOrDefault() is not YamlMapping root)
        {
            return;
        }

        AddAzureMlJob(root, "job");
        foreach (var job in root["jobs"]?.Entries ?? [])
        {
            AddAzureMlJob(job.Value, "job " + job.KeyText);
        }
    }

    private void AddAzureMlJob(YamlNode job, string name)
    {
        if (job["environment"]?["image"] is YamlScalar { Text: not null } image)
        {
            _images.Add(new PipelineImage(image, name + " environment"));
        }

        var env = VariablesOf(job["environment_variables"]?.Entries ?? []);
        _variables.AddRange(env);
        if (job["command"] is YamlScalar { Text: not null } command)
        {
            _steps.Add(new PipelineStep(Kind, name, name, job) { Scripts = [command], ScriptKey = "command:", Env = env });
        }
    }

    // ── DVC and MLflow ──────────────────────────────────────────────────────────────────────

    private void ReadDvcPipeline(YamlFile file)
    {
        foreach (var stage in file.Roots.FirstOrDefault()?["stages"]?.Entries ?? [])
        {
            var body = stage.Value["do"] ?? stage.Value;
            var name = "stage " + stage.KeyText;
            _steps.Add(new PipelineStep(Kind, name, name, body) { Scripts = [.. Scripts(body["cmd"])], ScriptKey = "cmd:" });
            foreach (var dependency in body["deps"]?.Items ?? [])
            {
                if ((dependency as YamlScalar ?? dependency.Entries.FirstOrDefault()?.Key as YamlScalar) is { Text: { } url } node && url.IndexOf("://", StringComparison.Ordinal) > 0)
                {
                    _dataSources.Add(new PipelineDataSource(node, DataSourceKind.DvcDependency, url, null, HasChecksum: false, name + " dependency"));
                }
            }
        }
    }

    private void ReadDvcFile(YamlFile file)
    {
        if (file.Roots.FirstOrDefault() is not YamlMapping root)
        {
            return;
        }

        foreach (var dependency in root["deps"]?.Items ?? [])
        {
            var checksum = dependency["md5"] is not null || dependency["etag"] is not null || dependency["checksum"] is not null || dependency["hash"] is not null;
            if (dependency["repo"] is { } repo && repo["url"] is YamlScalar { Text: { } url } urlNode)
            {
                var revision = repo["rev_lock"]?.Text ?? repo["rev"]?.Text;
                _dataSources.Add(new PipelineDataSource(repo["rev_lock"] ?? repo["rev"] ?? urlNode, DataSourceKind.DvcImport, url, revision, checksum, "dvc import of " + (dependency["path"]?.Text ?? "?")));
            }
            else if (dependency["path"] is YamlScalar { Text: { } path } pathNode && path.IndexOf("://", StringComparison.Ordinal) > 0)
            {
                _dataSources.Add(new PipelineDataSource(pathNode, DataSourceKind.DvcImportUrl, path, null, checksum, "dvc import-url"));
            }
        }
    }

    private void ReadMlProject(YamlFile file)
    {
        if (file.Roots.FirstOrDefault() is not YamlMapping root)
        {
            return;
        }

        if (root["docker_env"]?["image"] is YamlScalar { Text: not null } image)
        {
            _images.Add(new PipelineImage(image, "docker_env"));
        }

        var env = new List<PipelineVariable>();
        foreach (var item in root["docker_env"]?["environment"]?.Items ?? [])
        {
            if (item.Items.Count == 2 && item.Items[0] is YamlScalar { Text: { } name } nameNode)
            {
                env.Add(new PipelineVariable(name, nameNode, item.Items[1]));
            }
        }

        _variables.AddRange(env);
        foreach (var entry in root["entry_points"]?.Entries ?? [])
        {
            if (entry.Value["command"] is YamlScalar { Text: not null } command)
            {
                var name = "entry point " + entry.KeyText;
                _steps.Add(new PipelineStep(Kind, name, name, entry.Value) { Scripts = [command], ScriptKey = "command:", Env = env });
            }
        }
    }

    // ── helpers ─────────────────────────────────────────────────────────────────────────────

    /// <summary>Script scalars of a <c>script:</c>-like key: one string, or a list of strings.</summary>
    private static List<YamlScalar> Scripts(YamlNode? node) =>
        node is YamlScalar { Text: not null } scalar ? [scalar] : [.. node?.Items.OfType<YamlScalar>().Where(s => s.Text is not null) ?? []];

    private static List<PipelineVariable> VariablesOf(IEnumerable<YamlEntry> entries) =>
        [.. entries.Where(e => e.KeyText is not null).Select(e => new PipelineVariable(e.KeyText!, e.Key, e.Value))];

    private void AddVariables(IEnumerable<YamlEntry> entries) => _variables.AddRange(VariablesOf(entries));
}
