using ThreatLint.Documents.Yaml;

namespace ThreatLint.Documents.Pipelines;

/// <summary>GitLab CI: jobs with their before/after scripts, variables, images and services, and includes.</summary>
public sealed partial class PipelineFile
{
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
}
