using ThreatLint.Documents.Shell;
using ThreatLint.Documents.Yaml;
using ThreatLint.Documents.Dockerfile;

namespace ThreatLint.ThreatModel.Extractors;

/// <summary>
/// CI systems (GitHub Actions, Azure Pipelines, GitLab CI): what they pull (third-party actions), what they publish
/// (images, models) and the secrets they hold. Step scripts are read through the shell model.
/// </summary>
internal sealed class CiExtractor : IComponentExtractor
{
    private static readonly string[] ScriptKeys = ["run", "script", "bash", "pwsh", "powershell", "inlineScript", "before_script", "after_script"];

    public void Extract(ExtractionInput input, ModelDraft draft)
    {
        foreach (var (path, file) in input.Repository.YamlFiles)
        {
            if (System(path, file) is not { } system || file.Roots.FirstOrDefault() is not { } root)
            {
                continue;
            }

            var name = system + ": " + (root["name"]?.Text ?? path.Substring(path.LastIndexOf('/') + 1));
            var variables = (root["env"] ?? root["variables"])?.Entries
                .Where(e => e.KeyText is not null && e.Value.Text is not null)
                .GroupBy(e => e.KeyText!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Last().Value.Text!, StringComparer.Ordinal) ?? [];
            var id = draft.Add(ComponentKind.CiSystem, name, TrustZone.Delivery, path, 0, 0);
            var builds = false;
            foreach (var node in YamlFile.Walk(root))
            {
                if (node is YamlScalar scalar && scalar.Value.IndexOf("secrets.", StringComparison.Ordinal) >= 0 && scalar.Value.IndexOf("${{", StringComparison.Ordinal) >= 0)
                {
                    draft.Flow(draft.Add(ComponentKind.SecretsStore, system + " secrets", TrustZone.Delivery), id, "credentials");
                }

                if (node is not YamlMapping map)
                {
                    continue;
                }

                if (map["uses"]?.Text is { } uses && !uses.StartsWith("./", StringComparison.Ordinal))
                {
                    if (!uses.StartsWith("docker://", StringComparison.Ordinal))
                    {
                        draft.Flow(draft.Add(ComponentKind.CiSystem, "Third-party actions", TrustZone.ThirdParty), id, "action code");
                    }

                    if (uses.StartsWith("docker/build-push-action", StringComparison.Ordinal))
                    {
                        builds = true;
                        if (map["with"]?["push"]?.Text is "true" || map["with"]?["push"] is null)
                        {
                            Push(draft, id, Expand(map["with"]?["tags"]?.Text, variables));
                        }
                    }
                }

                foreach (var key in ScriptKeys)
                {
                    foreach (var script in Scripts(map[key]))
                    {
                        builds |= Commands(draft, id, script, variables);
                    }
                }
            }

            if (builds)
            {
                foreach (var (dockerfile, _) in input.Repository.OfType<DockerfileDocument>())
                {
                    draft.Flow(id, draft.Add(ComponentKind.ContainerImage, DockerfileExtractor.ImageName(input.Root, dockerfile), TrustZone.Registries), "builds");
                }
            }
        }
    }

    private static string? System(string path, YamlFile file)
    {
        var fileName = path.Substring(path.LastIndexOf('/') + 1);
        if (path.StartsWith(".github/workflows/", StringComparison.Ordinal) || path.Contains("/.github/workflows/"))
        {
            return "GitHub Actions";
        }

        if (fileName is ".gitlab-ci.yml" or ".gitlab-ci.yaml")
        {
            return "GitLab CI";
        }

        var root = file.Roots.FirstOrDefault();
        return fileName.StartsWith("azure-pipelines", StringComparison.OrdinalIgnoreCase)
            || (root is not null && root["trigger"] is not null && (root["pool"] is not null || root["stages"] is not null || root["steps"] is not null))
            ? "Azure Pipelines"
            : null;
    }

    private static IEnumerable<string> Scripts(YamlNode? node) =>
        node is null ? [] : node.Text is { } text ? [text] : node.Items.Select(i => i.Text).OfType<string>();

    /// <summary>Publishing commands in one step script; returns whether it builds an image.</summary>
    private static bool Commands(ModelDraft draft, string id, string script, Dictionary<string, string> variables)
    {
        var builds = false;
        var local = new Dictionary<string, string>(variables, StringComparer.Ordinal);
        foreach (var command in ShellScript.Parse(script).Commands)
        {
            // tag="$IMAGE:${GITHUB_SHA::7}" then docker push "$tag": follow the script's own assignments.
            if (command.NameWord is null)
            {
                foreach (var assignment in command.Assignments)
                {
                    local[assignment.Name] = Expand(assignment.Value, local) ?? assignment.Value;
                }

                continue;
            }

            var words = command.Arguments.Select(w => w.Text).ToList();
            var sub = words.FirstOrDefault() ?? string.Empty;
            switch (command.Name)
            {
                case "docker" or "podman" or "buildah":
                    builds |= sub is "build" or "buildx";
                    if (sub == "push" && words.Count > 1)
                    {
                        Push(draft, id, Expand(words.Last(), local));
                    }
                    else if (words.Contains("--push"))
                    {
                        Push(draft, id, null);
                    }

                    break;
                case "huggingface-cli" or "hf" when sub == "upload":
                    draft.Flow(id, Storage.Hub(draft, "Hugging Face Hub"), "model upload");
                    break;
                case "dvc" when sub == "push":
                    draft.Flow(id, draft.Add(ComponentKind.ModelRegistry, "DVC remote", TrustZone.Registries), "data and models");
                    break;
                case "mlflow" or "oras" or "aws" or "gsutil" or "az":
                    var target = words.FirstOrDefault(w => Uris.IsUri(w) && !w.StartsWith("http", StringComparison.Ordinal));
                    if (target is not null && (sub is "cp" or "sync" or "push" or "s3" || command.Name == "gsutil"))
                    {
                        draft.Flow(id, Storage.Registry(draft, target), "model upload");
                    }
                    else if (command.Name == "mlflow" || (command.Name == "az" && words.Take(2).SequenceEqual(["ml", "model"])))
                    {
                        draft.Flow(id, draft.Add(ComponentKind.ModelRegistry, command.Name == "az" ? "Azure ML registry" : "MLflow", TrustZone.Registries), "model upload");
                    }
                    else if (command.Name == "oras" && sub == "push" && words.Count > 1)
                    {
                        Push(draft, id, words[1]);
                    }

                    break;
            }
        }

        return builds;
    }

    /// <summary>A workflow-level variable at the start of an image name (<c>$IMAGE:tag</c>, <c>${IMAGE}</c>) replaced by its value.</summary>
    private static string? Expand(string? text, Dictionary<string, string> variables)
    {
        if (text is null || !text.StartsWith("$", StringComparison.Ordinal))
        {
            return text;
        }

        var braced = text.StartsWith("${", StringComparison.Ordinal);
        var start = braced ? 2 : 1;
        var end = start;
        while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_'))
        {
            end++;
        }

        return variables.TryGetValue(text.Substring(start, end - start), out var value) ? value + text.Substring(braced && end < text.Length ? end + 1 : end) : text;
    }

    private static void Push(ModelDraft draft, string id, string? image)
    {
        var host = image is null || image.StartsWith("$", StringComparison.Ordinal) ? null : KnownImages.Registry(image.Split(',', '\n')[0].Trim());
        draft.Flow(id, draft.Add(ComponentKind.ContainerRegistry, host is null ? "Image registry" : "Image registry " + host, TrustZone.Registries), "image push");
    }
}
