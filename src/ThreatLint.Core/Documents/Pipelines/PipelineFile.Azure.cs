using ThreatLint.Documents.Yaml;

namespace ThreatLint.Documents.Pipelines;

/// <summary>Azure Pipelines: stages, jobs and steps (script/bash/pwsh, tasks with inline scripts), variables, template repositories and container resources.</summary>
public sealed partial class PipelineFile
{
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
}
