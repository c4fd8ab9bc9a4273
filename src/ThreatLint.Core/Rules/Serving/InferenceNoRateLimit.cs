using ThreatLint.Catalog;
using ThreatLint.Documents.Kubernetes;

namespace ThreatLint.Rules.Serving;

/// <summary>
/// TL2001: a model server is reachable from outside the cluster and nothing on the way limits request rates.
/// </summary>
/// <remarks>
/// Exposure is decided across the repository's manifests (<see cref="ServingTopology"/>): a LoadBalancer or NodePort
/// Service that selects the server's pods, an Ingress, Gateway API route, Istio VirtualService bound to a gateway or
/// Traefik IngressRoute that reaches such a Service (or one the operator creates: KServe <c>-predictor</c>, KubeRay
/// <c>-head-svc</c>/<c>-serve-svc</c>), a KServe InferenceService that is not cluster-local, a SeldonDeployment. A
/// ClusterIP Service with no route is not public. Rate limits: nginx <c>limit-rps</c>/<c>limit-rpm</c>/
/// <c>limit-connections</c>/<c>global-rate-limit</c>, Traefik <c>rateLimit</c> middlewares, Kong <c>rate-limiting</c>
/// plugins, Istio EnvoyFilters with a local rate limit (for the workload, or for the ingress gateway), Envoy Gateway
/// BackendTrafficPolicy. Reported at the object that exposes the server; with low confidence where the platform's
/// gateway, which may carry a limit, is configured outside the repository (KServe, Seldon).
/// </remarks>
public sealed class InferenceNoRateLimit : IRepositoryRule
{
    public RuleDescriptor Descriptor => Catalog.Rules.InferenceNoRateLimit;

    public void Check(Repository repository, RepositoryContext context)
    {
        foreach (var exposed in ServingRepository.Topology(repository).Exposed.Where(e => e.RateLimit is null))
        {
            var entry = exposed.Entry;
            context.For(entry.Path).Report(
                Descriptor,
                entry.Item.Span,
                entry.Item.DisplayName + " -> " + exposed.Server.Item.DisplayName,
                [ServingRepository.EntryName(exposed), ServingRepository.ServerName(exposed)],
                confidence: exposed.Certainty == ExposureCertainty.Declared ? Confidence.High : Confidence.Low);
        }
    }
}
