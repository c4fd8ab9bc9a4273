using ThreatLint.Documents.Yaml;

namespace ThreatLint.Documents.Pipelines;

/// <summary>Argo Workflows (Workflow, WorkflowTemplate, ClusterWorkflowTemplate, CronWorkflow) and Kubeflow Pipelines v2 IR: containers, their scripts or argv, and input artifacts.</summary>
public sealed partial class PipelineFile
{
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
}
