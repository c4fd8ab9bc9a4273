using ThreatLint.Documents.Yaml;

namespace ThreatLint.Documents.Pipelines;

/// <summary>DVC (dvc.yaml stages and external dependencies, .dvc imports) and MLflow MLproject (entry points, docker_env).</summary>
public sealed partial class PipelineFile
{
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
}
