using ThreatLint.Catalog;

namespace ThreatLint.Core.Tests.Rules.Serving;

public class InferenceNoAuthTests
{
    private static string Server(string args, string env = "") => $$$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: llm}
        spec:
          selector: {matchLabels: {app: llm}}
          template:
            metadata: {labels: {app: llm}}
            spec:
              containers:
                - name: server
                  image: vllm/vllm-openai:v0.6.3
                  args: {{{args}}}
        {{{env}}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: llm}
        spec:
          type: LoadBalancer
          selector: {app: llm}
          ports: [{port: 80, targetPort: 8000}]
        """;

    [Test]
    public void Catalog_example_fires_on_failing_and_not_on_passing()
    {
        var (failing, passing) = ServingScan.Example(Catalog.Rules.InferenceNoAuth);
        Assert.Multiple(() =>
        {
            Assert.That(failing.Of("TL2003"), Is.EqualTo(new[] { "deploy/tgi.yaml@22" }));
            Assert.That(passing.Of("TL2003"), Is.Empty);
        });
    }

    [Test]
    public void Names_the_service_and_the_server()
    {
        var finding = ServingScan.Run(("llm.yaml", Server("[\"--model\", \"/m\"]"))).Single(f => f.RuleId == "TL2003");
        Assert.Multiple(() =>
        {
            Assert.That(finding.Severity, Is.EqualTo(Severity.High));
            Assert.That(finding.Message, Is.EqualTo("Service/llm exposes model server vLLM in Deployment/llm with no authentication"));
        });
    }

    [TestCase("[\"--model\", \"/m\", \"--api-key=$(KEY)\"]", "")]
    [TestCase("[\"--model\", \"/m\"]", "          env: [{name: VLLM_API_KEY, valueFrom: {secretKeyRef: {name: k, key: k}}}]")]
    public void A_vllm_api_key_is_authentication(string args, string env)
    {
        Assert.That(ServingScan.Run(("llm.yaml", Server(args, env))).Of("TL2003"), Is.Empty);
    }

    [Test]
    public void An_oauth2_proxy_sidecar_or_an_istio_policy_is_authentication()
    {
        var sidecar = Server("[\"--model\", \"/m\"]", "        - name: oauth2-proxy\n          image: quay.io/oauth2-proxy/oauth2-proxy:v7.6.0");
        var policy = "apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata: {name: jwt}\nspec:\n  selector: {matchLabels: {app: llm}}\n  jwtRules: [{issuer: https://idp.example.com}]\n";
        Assert.Multiple(() =>
        {
            Assert.That(ServingScan.Run(("llm.yaml", sidecar)).Of("TL2003"), Is.Empty);
            Assert.That(ServingScan.Run(("llm.yaml", Server("[\"--model\", \"/m\"]")), ("auth.yaml", policy)).Of("TL2003"), Is.Empty);
        });
    }

    [Test]
    public void Kserve_enable_auth_annotation_is_authentication()
    {
        const string isvc = "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: iris\n  ANNOTATIONS\nspec:\n  predictor:\n    model: {modelFormat: {name: sklearn}, storageUri: s3://models/iris}\n";
        Assert.Multiple(() =>
        {
            Assert.That(ServingScan.Run(("isvc.yaml", isvc.Replace("ANNOTATIONS", "labels: {team: ml}", StringComparison.Ordinal))).Of("TL2003"), Is.EqualTo(new[] { "isvc.yaml@4" }));
            Assert.That(ServingScan.Run(("isvc.yaml", isvc.Replace("ANNOTATIONS", "annotations: {serving.kserve.io/enable-auth: \"true\"}", StringComparison.Ordinal))).Of("TL2003"), Is.Empty);
        });
    }

    [Test]
    public void Torchserve_behind_a_load_balancer_depends_on_the_token_setting_in_the_repository()
    {
        var torchserve = Server("[\"torchserve\", \"--start\", \"--ts-config\", \"/config/config.properties\"]").Replace("vllm/vllm-openai:v0.6.3", "pytorch/torchserve:0.12.0-gpu", StringComparison.Ordinal);
        Assert.Multiple(() =>
        {
            Assert.That(ServingScan.Run(("ts.yaml", torchserve)).Single(f => f.RuleId == "TL2003").Confidence, Is.EqualTo(Confidence.Low));
            Assert.That(ServingScan.Run(("ts.yaml", torchserve), ("config.properties", "disable_token_authorization=true\n")).Single(f => f.RuleId == "TL2003").Confidence, Is.EqualTo(Confidence.High));
            Assert.That(ServingScan.Run(("ts.yaml", torchserve), ("config.properties", "enable_token_authorization=true\n")).Of("TL2003"), Is.Empty);
        });
    }

    [Test]
    public void Compose_fires_on_a_port_published_on_every_interface_only()
    {
        const string compose = "services:\n  tgi:\n    image: ghcr.io/huggingface/text-generation-inference:2.4.0\n    ports:\n      - PORT\n";
        Assert.Multiple(() =>
        {
            Assert.That(ServingScan.Run(("compose.yaml", compose.Replace("PORT", "\"8080:80\"", StringComparison.Ordinal))).Of("TL2003"), Is.EqualTo(new[] { "compose.yaml@5" }));
            Assert.That(ServingScan.Run(("compose.yaml", compose.Replace("PORT", "\"127.0.0.1:8080:80\"", StringComparison.Ordinal))).Of("TL2003"), Is.Empty);
            Assert.That(ServingScan.Run(("compose.yaml", compose.Replace("PORT", "{target: 80, published: 8080, host_ip: 127.0.0.1}", StringComparison.Ordinal))).Of("TL2003"), Is.Empty);
        });
    }
}

public class KnativeExposureTests
{
    private const string Knative = """
        apiVersion: serving.knative.dev/v1
        kind: Service
        metadata:
          name: ollama
          LABELS
        spec:
          template:
            spec:
              containers:
                - image: ollama/ollama:0.3.12
                  resources: {limits: {cpu: "4", memory: 16Gi, nvidia.com/gpu: "1"}}
        """;

    [Test]
    public void A_knative_service_is_published_unless_cluster_local()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ServingScan.Run(("ksvc.yaml", Knative.Replace("LABELS", "labels: {team: ml}", StringComparison.Ordinal))).Of("TL2003"), Is.EqualTo(new[] { "ksvc.yaml@4" }));
            Assert.That(ServingScan.Run(("ksvc.yaml", Knative.Replace("LABELS", "labels: {networking.knative.dev/visibility: cluster-local}", StringComparison.Ordinal))).Of("TL2003"), Is.Empty);
        });
    }
}
