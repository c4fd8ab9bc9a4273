using ThreatLint.Documents.Shell;
using ThreatLint.Documents.Yaml;

namespace ThreatLint.ThreatModel.Extractors;

/// <summary>
/// Training pipelines: Argo Workflows (and Kubeflow Pipelines compiled to Argo), Kubeflow Pipelines v2 IR, DVC stages
/// and imports, MLflow projects. Storage URIs in step arguments become data sources (read) or registries (written,
/// when the flag names a model or an output).
/// </summary>
internal sealed class PipelineExtractor : IComponentExtractor
{
    private static readonly string[] ArgoKinds = ["Workflow", "WorkflowTemplate", "ClusterWorkflowTemplate", "CronWorkflow"];

    public void Extract(ExtractionInput input, ModelDraft draft)
    {
        foreach (var (path, file) in input.Repository.YamlFiles)
        {
            var fileName = path.Substring(path.LastIndexOf('/') + 1);
            foreach (var document in file.Documents)
            {
                if (document.Root is not { } root)
                {
                    continue;
                }

                var (line, endLine) = (document.StartLine, document.EndLine);
                if (root["apiVersion"]?.Text is { } api && api.StartsWith("argoproj.io", StringComparison.Ordinal) && ArgoKinds.Contains(root["kind"]?.Text ?? string.Empty, StringComparer.Ordinal))
                {
                    var metadata = root["metadata"];
                    var name = metadata?["name"]?.Text ?? metadata?["generateName"]?.Text?.TrimEnd('-') ?? fileName;
                    var kubeflow = (metadata?["annotations"]?.Entries ?? []).Any(e => e.KeyText?.StartsWith("pipelines.kubeflow.org", StringComparison.Ordinal) == true);
                    var id = draft.Add(ComponentKind.TrainingPipeline, name, TrustZone.Training, path, line, endLine, kubeflow ? "Kubeflow Pipelines on Argo" : "Argo " + root["kind"]!.Text);
                    Steps(draft, id, root);
                }
                else if (root["pipelineInfo"] is { } info && root["deploymentSpec"] is not null)
                {
                    var id = draft.Add(ComponentKind.TrainingPipeline, info["name"]?.Text ?? fileName, TrustZone.Training, path, line, endLine, "Kubeflow Pipelines");
                    Steps(draft, id, root);
                }
                else if (fileName == "dvc.yaml" && root["stages"] is { } stages)
                {
                    var id = draft.Add(ComponentKind.TrainingPipeline, "DVC pipeline", TrustZone.Training, path, line, endLine, stages.Entries.Count + " stages");
                    foreach (var stage in stages.Entries)
                    {
                        foreach (var dep in stage.Value["deps"]?.Items ?? [])
                        {
                            Uri(draft, id, dep.Text, output: false);
                        }
                    }
                }
                else if (fileName.EndsWith(".dvc", StringComparison.Ordinal) && root["deps"] is { } deps)
                {
                    foreach (var dep in deps.Items)
                    {
                        if (dep["path"]?.Text is { } source && Uris.IsUri(source))
                        {
                            var pipeline = draft.Add(ComponentKind.TrainingPipeline, "DVC pipeline", TrustZone.Training, path, line, endLine);
                            draft.Flow(Storage.Data(draft, source), pipeline, "imported data");
                        }
                    }
                }
                else if (fileName == "MLproject" && root["entry_points"] is not null)
                {
                    var id = draft.Add(ComponentKind.TrainingPipeline, "MLflow project " + (root["name"]?.Text ?? string.Empty), TrustZone.Training, path, line, endLine);
                    draft.Flow(id, draft.Add(ComponentKind.ModelRegistry, "MLflow", TrustZone.Registries), "runs and models");
                }
            }
        }
    }

    private static void Steps(ModelDraft draft, string id, YamlNode root)
    {
        foreach (var node in YamlFile.Walk(root))
        {
            if (node is YamlMapping map)
            {
                if (map["image"]?.Text is { } image)
                {
                    draft.RunsImage(id, image);
                }

                var previous = string.Empty;
                foreach (var arg in (map["args"]?.Items ?? []).Concat(map["command"]?.Items ?? []))
                {
                    var text = arg.Text ?? string.Empty;
                    var eq = text.IndexOf('=');
                    if (text.StartsWith("--", StringComparison.Ordinal) && eq > 0)
                    {
                        Uri(draft, id, text.Substring(eq + 1), IsOutput(text.Substring(0, eq)));
                    }
                    else if (text.IndexOf(' ') > 0)
                    {
                        Downloads(draft, id, text);
                    }
                    else
                    {
                        Uri(draft, id, text, IsOutput(previous));
                    }

                    previous = text;
                }

                foreach (var env in map["env"]?.Items ?? [])
                {
                    var variable = env["name"]?.Text ?? string.Empty;
                    if (variable == "MLFLOW_TRACKING_URI")
                    {
                        draft.Flow(id, draft.Add(ComponentKind.ModelRegistry, "MLflow", TrustZone.Registries), "trained model");
                    }
                    else if (env["value"]?.Text is { } value)
                    {
                        Uri(draft, id, value, IsOutput(variable));
                    }

                    if (env["valueFrom"]?["secretKeyRef"] is not null)
                    {
                        draft.Flow(draft.Add(ComponentKind.SecretsStore, "Kubernetes Secrets", TrustZone.Serving), id, "credentials");
                    }
                }
            }
        }
    }

    /// <summary>Data a step script fetches (<c>curl</c>, <c>wget</c> of a URL), read through the shell model.</summary>
    private static void Downloads(ModelDraft draft, string id, string script)
    {
        foreach (var command in ShellScript.Parse(script).Commands.Where(c => c.Name is "curl" or "wget"))
        {
            foreach (var url in command.Arguments.Select(a => a.Text).Where(a => a.StartsWith("http://", StringComparison.Ordinal) || a.StartsWith("https://", StringComparison.Ordinal)))
            {
                draft.Flow(Storage.Data(draft, url), id, "training data");
            }
        }
    }

    private static void Uri(ModelDraft draft, string id, string? value, bool output)
    {
        if (value is null || !Uris.IsUri(value) || value.IndexOf("{{", StringComparison.Ordinal) >= 0)
        {
            return;
        }

        if (Uris.Scheme(value) == "hf")
        {
            draft.Flow(Storage.Hub(draft, "Hugging Face Hub"), id, "base model or dataset");
        }
        else if (output)
        {
            draft.Flow(id, Storage.Registry(draft, value), "trained model");
        }
        else
        {
            draft.Flow(Storage.Data(draft, value), id, "training data");
        }
    }

    private static bool IsOutput(string flag)
    {
        var f = flag.ToLowerInvariant();
        return f.Contains("model") || f.Contains("output") || f.Contains("export") || f.Contains("artifact") || f.Contains("registry");
    }
}
