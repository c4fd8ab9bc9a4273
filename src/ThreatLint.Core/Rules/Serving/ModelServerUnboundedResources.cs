using ThreatLint.Catalog;
using ThreatLint.Documents.Kubernetes;
using ThreatLint.Documents.Yaml;

namespace ThreatLint.Rules.Serving;

/// <summary>
/// TL2005: a container that runs a model server has no CPU or memory limit (and, for GPU servers such as vLLM, TGI
/// and Triton, no GPU limit): one tenant's queries can starve the node. Kubernetes workloads, ServingRuntimes,
/// Seldon and KubeRay pods, and compose services (<c>deploy.resources.limits</c>, <c>mem_limit</c>, <c>cpus</c>).
/// KServe's <c>predictor.model</c> is skipped: KServe applies its configured default limits to it. A templated
/// <c>resources</c> (Helm) is unknown until rendered and is skipped.
/// </summary>
public sealed class ModelServerUnboundedResources : IYamlRule
{
    private static readonly string[] GpuResources = ["nvidia.com/gpu", "amd.com/gpu", "gpu.intel.com/i915", "habana.ai/gaudi", "aws.amazon.com/neuron"];

    public RuleDescriptor Descriptor => Catalog.Rules.ModelServerUnboundedResources;

    public void Check(YamlFile document, RuleContext context)
    {
        foreach (var serving in ServingContainers.Of(document, context.Path))
        {
            var container = serving.Container;
            if (container.Role is "model" or "framework" || container.Resources is YamlScalar { IsNull: false } || container.Resources?["limits"] is YamlScalar { IsNull: false })
            {
                continue;
            }

            // A chart line that is only an action ({{- toYaml .Values.resources | nindent 12 }}) leaves the key empty: unknown until rendered.
            if (document.IsTemplate && (container.Resources is YamlScalar { IsNull: true } || container.Resources?["limits"] is YamlScalar { IsNull: true }))
            {
                continue;
            }

            var missing = new List<string>();
            if (container.Limit("cpu") is null)
            {
                missing.Add("CPU");
            }

            if (container.Limit("memory") is null)
            {
                missing.Add("memory");
            }

            if (serving.Server.IsGpuServer && !GpuResources.Any(g => container.Limit(g) is not null))
            {
                missing.Add("GPU");
            }

            if (missing.Count > 0)
            {
                var name = container.DisplayName + " (" + serving.DisplayName + ")";
                context.Report(Descriptor, (container.Resources ?? container.Node["name"] ?? container.Node).Span, serving.Workload.DisplayName + " " + container.DisplayName, [name, Join(missing)]);
            }
        }

        foreach (var service in ServingContainers.ComposeOf(document, context.Path))
        {
            var limits = service.Node["deploy"]?["resources"]?["limits"];
            var cpu = limits?["cpus"] ?? service.Node["cpus"];
            var memory = limits?["memory"] ?? service.Node["mem_limit"];
            var missing = new List<string>();
            if (cpu is null)
            {
                missing.Add("CPU");
            }

            if (memory is null)
            {
                missing.Add("memory");
            }

            if (missing.Count > 0)
            {
                context.Report(Descriptor, service.Span, "compose " + service.Name, [service.Name + " (compose, " + service.Server!.Product + ")", Join(missing)], confidence: Confidence.Medium);
            }
        }
    }

    private static string Join(List<string> items) =>
        items.Count == 1 ? items[0] : string.Join(", ", items.Take(items.Count - 1)) + " or " + items[items.Count - 1];
}
