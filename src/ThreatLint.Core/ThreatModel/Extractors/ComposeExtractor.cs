using ThreatLint.Documents.Yaml;

namespace ThreatLint.ThreatModel.Extractors;

/// <summary>Docker Compose files: services by image, published ports (reachable from outside), dependencies, LLM keys.</summary>
internal sealed class ComposeExtractor : IComponentExtractor
{
    public void Extract(ExtractionInput input, ModelDraft draft)
    {
        foreach (var (path, file) in input.Repository.YamlFiles)
        {
            var fileName = path.Substring(path.LastIndexOf('/') + 1);
            if (!(fileName.StartsWith("docker-compose", StringComparison.Ordinal) || fileName.StartsWith("compose.", StringComparison.Ordinal))
                || file.Roots.FirstOrDefault()?["services"] is not YamlMapping services)
            {
                continue;
            }

            var ids = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in services.Entries)
            {
                if (entry.KeyText is not { } name)
                {
                    continue;
                }

                var service = entry.Value;
                var image = service["image"]?.Text;
                var known = KnownImages.Classify(image);
                var kind = known?.Kind ?? ComponentKind.Service;
                var detail = "Compose service" + (known is { } k ? ", " + k.Product : string.Empty) + (image is null ? string.Empty : ", image " + image);
                var id = draft.Add(kind, name, kind == ComponentKind.ModelRegistry ? TrustZone.Registries : TrustZone.Serving, path, entry.Key.Line, service.Span.EndLine, detail);
                ids[name] = id;
                if (image is not null)
                {
                    draft.RunsImage(id, image);
                }

                if (service["build"] is { } build)
                {
                    var context = (build.Text ?? build["context"]?.Text ?? ".").Trim('/').TrimStart('.', '/');
                    var folder = DockerfileExtractor.Folder(path) + (context.Length == 0 ? string.Empty : context + "/");
                    var dockerfile = build["dockerfile"]?.Text ?? "Dockerfile";
                    draft.Flow(draft.Add(ComponentKind.ContainerImage, DockerfileExtractor.ImageName(input.Root, folder + dockerfile), TrustZone.Registries), id, "runs");
                }

                if (service["ports"] is { Items.Count: > 0 } ports && ports.Items.Any(p => !(p.Text ?? string.Empty).StartsWith("127.0.0.1:", StringComparison.Ordinal)))
                {
                    draft.Flow(draft.Users(), id, "requests");
                }

                // An env_file is the service's configuration: findings in it (a committed key) belong to the service.
                foreach (var envFile in service["env_file"] is { Text: { } single } ? [single] : (service["env_file"]?.Items ?? []).Select(i => i.Text ?? i["path"]?.Text).OfType<string>())
                {
                    draft.Add(kind, name, TrustZone.Serving, DockerfileExtractor.Folder(path) + (envFile.StartsWith("./", StringComparison.Ordinal) ? envFile.Substring(2) : envFile));
                }

                foreach (var variable in Variables(service["environment"]))
                {
                    LlmServices.FromVariable(draft, id, variable.Name);
                }
            }

            foreach (var entry in services.Entries)
            {
                if (entry.KeyText is not { } name)
                {
                    continue;
                }

                var dependencies = entry.Value["depends_on"] is { } dependsOn
                    ? dependsOn.Items.Select(i => i.Text).Concat(dependsOn.Entries.Select(e => e.KeyText))
                    : [];
                foreach (var dependency in dependencies.OfType<string>())
                {
                    if (ids.TryGetValue(dependency, out var target))
                    {
                        draft.Flow(ids[name], target, "calls");
                    }
                }
            }
        }
    }

    private static IEnumerable<(string Name, string? Value)> Variables(YamlNode? environment)
    {
        foreach (var item in environment?.Items ?? [])
        {
            var text = item.Text ?? string.Empty;
            var eq = text.IndexOf('=');
            yield return eq < 0 ? (text, null) : (text.Substring(0, eq), text.Substring(eq + 1));
        }

        foreach (var entry in environment?.Entries ?? [])
        {
            yield return (entry.KeyText ?? string.Empty, entry.Value.Text);
        }
    }
}
