using ThreatLint.Catalog;
using ThreatLint.Documents.Compose;
using ThreatLint.Documents.Kubernetes;
using ThreatLint.Documents.Serving;
using ThreatLint.Documents.Yaml;

namespace ThreatLint.Rules.Serving;

/// <summary>
/// TL2003: a model server is reachable from outside and nothing on the way authenticates callers: anyone can query
/// the model, spend its GPUs and extract it.
/// </summary>
/// <remarks>
/// Kubernetes exposure as for TL2001 (<see cref="ServingTopology"/>). Authentication: nginx/ALB/HAProxy auth
/// annotations, KServe <c>serving.kserve.io/enable-auth: "true"</c>, vLLM/TGI <c>--api-key</c> or <c>VLLM_API_KEY</c>
/// (from a Secret or not: the key's value is TL2010's business), an oauth2-proxy/kube-rbac-proxy sidecar, Traefik
/// basicAuth/forwardAuth middlewares, Kong auth plugins, Istio RequestAuthentication/AuthorizationPolicy for the
/// workload, Envoy Gateway SecurityPolicy. TorchServe checks tokens itself from 0.11 on: reported only when the
/// repository's config.properties turns token authorization off, with low confidence when no config decides.
/// Compose: a model server service that publishes a port on every host interface with no API key.
/// </remarks>
public sealed class InferenceNoAuth : IRepositoryRule, IYamlRule
{
    public RuleDescriptor Descriptor => Catalog.Rules.InferenceNoAuth;

    public void Check(Repository repository, RepositoryContext context)
    {
        var torchServeTokens = ServingRepository.TorchServeTokenAuthorization(repository);
        foreach (var exposed in ServingRepository.Topology(repository).Exposed.Where(e => e.Authentication is null))
        {
            var torchServe = exposed.Server.Item.Server.Kind == ModelServerKind.TorchServe;
            if (torchServe && torchServeTokens == true)
            {
                continue;
            }

            var confidence = exposed.Certainty != ExposureCertainty.Declared || (torchServe && torchServeTokens is null) ? Confidence.Medium : Confidence.High;
            var entry = exposed.Entry;
            context.For(entry.Path).Report(
                Descriptor,
                entry.Item.Span,
                entry.Item.DisplayName + " -> " + exposed.Server.Item.DisplayName,
                [ServingRepository.EntryName(exposed), ServingRepository.ServerName(exposed) + (torchServe && torchServeTokens is null ? " (unless TorchServe token authorization, on by default from 0.11, is kept on)" : string.Empty)],
                confidence: torchServe && torchServeTokens is null ? Confidence.Low : confidence);
        }
    }

    public void Check(YamlFile document, RuleContext context)
    {
        if (ServingYaml.IsPipelineFile(context.Path, document))
        {
            return;
        }

        foreach (var service in ComposeFile.Of(document).Services)
        {
            if (service.Server is not { } server || server.Kind is ModelServerKind.TorchServe or ModelServerKind.Ray or ModelServerKind.MLflow)
            {
                continue; // TorchServe checks tokens itself; Ray's and MLflow's planes are TL2002's
            }

            var publicPort = service.Ports.FirstOrDefault(p => p.IsPublic && p.Published is not null);
            var words = ComposeService.WordsOf(service.Entrypoint).Concat(ComposeService.WordsOf(service.Command)).ToList();
            var hasKey = words.Any(w => w == "--api-key" || w.StartsWith("--api-key=", StringComparison.Ordinal))
                || service.EnvNamed("VLLM_API_KEY") is not null || (server.Kind == ModelServerKind.TextGenerationInference && service.EnvNamed("API_KEY") is not null);
            if (publicPort is null || hasKey)
            {
                continue;
            }

            context.Report(
                Descriptor,
                publicPort.Node.Span,
                "compose " + service.Name + " port " + publicPort.Target,
                ["compose service " + service.Name + " (port " + (publicPort.Node.Text ?? publicPort.Published + ":" + publicPort.Target) + " on every host interface)", server.Product],
                confidence: Confidence.Medium);
        }
    }
}
