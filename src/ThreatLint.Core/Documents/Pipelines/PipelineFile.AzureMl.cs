using ThreatLint.Documents.Yaml;

namespace ThreatLint.Documents.Pipelines;

/// <summary>Azure ML command and pipeline jobs: commands, environment images and variables.</summary>
public sealed partial class PipelineFile
{
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
}
