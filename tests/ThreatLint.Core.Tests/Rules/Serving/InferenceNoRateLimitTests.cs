using ThreatLint.Catalog;

namespace ThreatLint.Core.Tests.Rules.Serving;

public class InferenceNoRateLimitTests
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: vllm, namespace: llm}
        spec:
          selector: {matchLabels: {app: vllm}}
          template:
            metadata: {labels: {app: vllm, tier: serving}}
            spec:
              containers:
                - name: vllm
                  image: vllm/vllm-openai:v0.6.3
                  args: ["--model", "/models/llama", "--api-key", "$(KEY)"]
                  resources: {limits: {cpu: "8", memory: 32Gi, nvidia.com/gpu: "1"}}
        """;

    private const string Service = """
        apiVersion: v1
        kind: Service
        metadata: {name: vllm, namespace: llm}
        spec:
          selector: {app: vllm}
          ports: [{port: 80, targetPort: 8000}]
        """;

    [Test]
    public void Catalog_example_fires_on_failing_and_not_on_passing()
    {
        var (failing, passing) = ServingScan.Example(Catalog.Rules.InferenceNoRateLimit);
        Assert.Multiple(() =>
        {
            Assert.That(failing.Of("TL2001"), Is.EqualTo(new[] { "deploy/vllm.yaml@33" }));
            Assert.That(passing.Of("TL2001"), Is.Empty);
        });
    }

    [Test]
    public void An_ingress_in_another_file_exposes_the_server_and_the_finding_lands_on_the_ingress()
    {
        var findings = ServingScan.Run(
            ("deploy/vllm.yaml", Deployment + "\n---\n" + Service),
            ("deploy/routes/ingress.yaml", "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: llm, namespace: llm}\nspec:\n  rules: [{http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: vllm, port: {number: 80}}}}]}}]\n"));
        var finding = findings.Single(f => f.RuleId == "TL2001");
        Assert.Multiple(() =>
        {
            Assert.That(finding.Path, Is.EqualTo("deploy/routes/ingress.yaml"));
            Assert.That((finding.Span.Line, finding.Span.Column), Is.EqualTo((3, 18)));
            Assert.That(finding.Confidence, Is.EqualTo(Confidence.High));
            Assert.That(finding.Message, Is.EqualTo(
                "Ingress/llm exposes model server vLLM in Deployment/vllm (deploy/vllm.yaml) with no rate limit: unbounded queries enable extraction and denial of service"));
        });
    }

    [Test]
    public void A_clusterip_service_alone_is_not_public()
    {
        Assert.That(ServingScan.Run(("vllm.yaml", Deployment + "\n---\n" + Service)).Of("TL2001"), Is.Empty);
    }

    [Test]
    public void A_route_to_another_namespace_does_not_expose_the_server()
    {
        var ingress = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: web}\nspec:\n  defaultBackend: {service: {name: vllm, port: {number: 80}}}\n";
        Assert.That(ServingScan.Run(("vllm.yaml", Deployment + "\n---\n" + Service), ("ingress.yaml", ingress)).Of("TL2001"), Is.Empty);
    }

    [TestCase("LoadBalancer", "", 1)]
    [TestCase("NodePort", "", 1)]
    [TestCase("LoadBalancer", "  annotations: {service.beta.kubernetes.io/aws-load-balancer-internal: \"true\"}\n", 0)]
    public void Load_balancer_and_node_port_services_are_public_unless_internal(string type, string annotations, int expected)
    {
        var service = $"apiVersion: v1\nkind: Service\nmetadata:\n  name: vllm-public\n{annotations}spec:\n  type: {type}\n  selector: {{app: vllm}}\n  ports: [{{port: 80}}]\n";
        Assert.That(ServingScan.Run(("vllm.yaml", Deployment), ("svc.yaml", service)).Of("TL2001"), Has.Count.EqualTo(expected));
    }

    [Test]
    public void Traefik_and_kong_rate_limits_count()
    {
        var traefik = """
            apiVersion: traefik.io/v1alpha1
            kind: IngressRoute
            metadata: {name: llm, namespace: llm}
            spec:
              routes:
                - match: Host(`llm.example.com`)
                  middlewares: [{name: llm-ratelimit}]
                  services: [{name: vllm, port: 80}]
            ---
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: llm-ratelimit, namespace: llm}
            spec:
              rateLimit: {average: 10, burst: 20}
            """;
        var kong = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: llm-kong
              namespace: llm
              annotations: {konghq.com/plugins: "llm-rate"}
            spec:
              defaultBackend: {service: {name: vllm, port: {number: 80}}}
            ---
            apiVersion: configuration.konghq.com/v1
            kind: KongPlugin
            metadata: {name: llm-rate, namespace: llm}
            plugin: rate-limiting
            config: {minute: 60}
            """;
        Assert.Multiple(() =>
        {
            Assert.That(ServingScan.Run(("vllm.yaml", Deployment + "\n---\n" + Service), ("traefik.yaml", traefik)).Of("TL2001"), Is.Empty);
            Assert.That(ServingScan.Run(("vllm.yaml", Deployment + "\n---\n" + Service), ("kong.yaml", kong)).Of("TL2001"), Is.Empty);
        });
    }

    [Test]
    public void Istio_virtual_service_on_a_gateway_is_public_and_mesh_only_is_not()
    {
        string VirtualService(string gateways) =>
            $"apiVersion: networking.istio.io/v1beta1\nkind: VirtualService\nmetadata: {{name: llm, namespace: llm}}\nspec:\n  hosts: [llm.example.com]\n  gateways: [{gateways}]\n  http:\n    - route:\n        - destination: {{host: vllm.llm.svc.cluster.local, port: {{number: 80}}}}\n";
        Assert.Multiple(() =>
        {
            Assert.That(ServingScan.Run(("vllm.yaml", Deployment + "\n---\n" + Service), ("vs.yaml", VirtualService("istio-system/public-gateway"))).Of("TL2001"), Is.EqualTo(new[] { "vs.yaml@3" }));
            Assert.That(ServingScan.Run(("vllm.yaml", Deployment + "\n---\n" + Service), ("vs.yaml", VirtualService("mesh"))).Of("TL2001"), Is.Empty);
        });
    }

    [Test]
    public void A_kserve_inference_service_is_published_by_default_with_low_confidence_saying_so()
    {
        var isvc = "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata: {name: iris}\nspec:\n  predictor:\n    model: {modelFormat: {name: sklearn}, storageUri: s3://models/iris}\n";
        var finding = ServingScan.Run(("isvc.yaml", isvc)).Single(f => f.RuleId == "TL2001");
        Assert.Multiple(() =>
        {
            Assert.That(finding.Confidence, Is.EqualTo(Confidence.Low));
            Assert.That(finding.Message, Does.Contain("published through the KServe ingress gateway, configured outside the repository"));
        });
    }
}
