using ThreatLint.Documents.Compose;
using ThreatLint.Documents.Kubernetes;
using ThreatLint.Documents.Pipelines;
using ThreatLint.Documents.Serving;
using ThreatLint.Documents.Yaml;
using ThreatLint.Rules.SupplyChain;

namespace ThreatLint.Rules.Serving;

/// <summary>
/// A process a serving manifest starts: a container of a Kubernetes workload (KServe, Seldon and KubeRay included)
/// or a compose service, with its command lines (read as the server reads its argv) and its environment.
/// </summary>
internal sealed record ServingProcess(string DisplayName, IReadOnlyList<CommandLine> Lines, IReadOnlyList<EnvVar> Env, ModelServer? Server)
{
    /// <summary>The last variable called <paramref name="name"/>, or null.</summary>
    public EnvVar? EnvNamed(string name) => Env.LastOrDefault(e => e.Name == name);

    /// <summary>The value of the first of <paramref name="flags"/> on any line, or null.</summary>
    public string? Flag(params string[] flags) => Lines.Select(l => l.Flag(flags)?.Value).FirstOrDefault(v => v is not null);
}

/// <summary>
/// Which YAML files are serving configuration (and not CI or training pipelines, which the pipeline detectors read),
/// and the processes they start.
/// </summary>
internal static class ServingYaml
{
    /// <summary>
    /// True for pipeline files: GitHub/Azure/GitLab CI, Argo/Tekton/Kubeflow pipelines, DVC and MLflow projects. Those are
    /// read by the <c>*.Pipelines.cs</c> detectors; the serving detectors leave them alone.
    /// </summary>
    public static bool IsPipelineFile(string path, YamlFile file) =>
        PipelineFile.KindOf(file, path) != PipelineKind.None || file.Roots.Any(IsOtherPipeline);

    /// <summary>Pipelines the pipeline detectors do not read (Tekton, Kubeflow v1, CI files in other layouts) are no serving configuration either.</summary>
    private static bool IsOtherPipeline(YamlNode root)
    {
        var apiVersion = root["apiVersion"]?.Text;
        return apiVersion is null
            ? root["jobs"] is not null || root["stages"] is not null || root["steps"] is not null || root["pipelineInfo"] is not null
            : apiVersion.StartsWith("tekton.dev", StringComparison.Ordinal) || apiVersion.StartsWith("pipelines.kubeflow.org", StringComparison.Ordinal);
    }

    /// <summary>The processes a serving file starts (none for a pipeline file).</summary>
    public static IReadOnlyList<ServingProcess> Processes(YamlFile file, string path) =>
        IsPipelineFile(path, file) ? [] : file.View(f => new ProcessList([.. Build(f)])).Items;

    private sealed record ProcessList(IReadOnlyList<ServingProcess> Items);

    private static IEnumerable<ServingProcess> Build(YamlFile file)
    {
        var manifest = KubernetesManifest.Of(file);
        foreach (var workload in manifest.Workloads)
        {
            foreach (var container in workload.Pod.Containers.Concat(workload.Pod.InitContainers))
            {
                var server = manifest.ServingContainers.FirstOrDefault(s => s.Container == container)?.Server;
                yield return new ServingProcess(workload.DisplayName + " container " + container.DisplayName, [.. LinesOf(container.Argv)], container.Env, server);
            }
        }

        foreach (var service in ComposeFile.Of(file).Services)
        {
            yield return new ServingProcess("compose service " + service.Name, [.. LinesOf(service)], service.Environment, service.Server);
        }
    }

    /// <summary>An argv list as the server reads it; <c>sh -c "…"</c> also as the script the shell runs.</summary>
    public static IEnumerable<CommandLine> LinesOf(IReadOnlyList<YamlScalar> argv)
    {
        if (YamlCommandLines.OfArgv(argv, "args") is { } line)
        {
            yield return line;
        }

        for (var i = 0; i + 2 < argv.Count && i < 4; i++)
        {
            var program = argv[i].Value.Substring(argv[i].Value.LastIndexOf('/') + 1);
            if (program is "sh" or "bash" or "dash" or "ash" && argv[i + 1].Value is "-c" or "-ec" or "-ce" or "-lc" or "-xc")
            {
                foreach (var script in YamlCommandLines.OfScript(argv[i + 2], "args"))
                {
                    yield return script;
                }

                break;
            }
        }
    }

    /// <summary>A compose service's entrypoint and command, as lists or strings.</summary>
    public static IEnumerable<CommandLine> LinesOf(ComposeService service)
    {
        var argv = Container.Scalars(service.Entrypoint is YamlSequence ? service.Entrypoint : null)
            .Concat(Container.Scalars(service.Command is YamlSequence ? service.Command : null)).ToList();
        foreach (var line in LinesOf(argv))
        {
            yield return line;
        }

        foreach (var node in new[] { service.Entrypoint, service.Command })
        {
            if (node is YamlScalar { IsNull: false } script)
            {
                // Compose splits a string command like a shell would (without running one): the shell model reads it the same way.
                foreach (var line in YamlCommandLines.OfScript(script, "command"))
                {
                    yield return line;
                }
            }
        }
    }
}
