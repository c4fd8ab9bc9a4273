using ThreatLint.Documents.Compose;
using ThreatLint.Documents.Kubernetes;
using ThreatLint.Documents.Serving;
using ThreatLint.Documents.Yaml;

namespace ThreatLint.Core.Tests.Serving;

public class ServingViewTests
{
    [Test]
    public void Kubernetes_objects_workloads_env_and_routes()
    {
        const string text = """
            apiVersion: v1
            kind: List
            items:
              - apiVersion: apps/v1
                kind: Deployment
                metadata: {name: vllm, namespace: llm, annotations: {team: ml}}
                spec:
                  template:
                    metadata: {labels: {app: vllm}}
                    spec:
                      containers:
                        - name: vllm
                          image: vllm/vllm-openai:v0.6.3
                          command: ["python3", "-m", "vllm.entrypoints.openai.api_server"]
                          args: ["--model", "/m"]
                          env:
                            - {name: A, value: "1"}
                            - {name: B, valueFrom: {secretKeyRef: {name: s, key: k}}}
                            - {name: C, valueFrom: {configMapKeyRef: {name: c, key: k}}}
                          ports: [{containerPort: 8000, name: http}]
            ---
            apiVersion: extensions/v1beta1
            kind: Ingress
            metadata: {name: old}
            spec:
              backend: {serviceName: vllm, servicePort: 80}
            """;
        var manifest = KubernetesManifest.Of(YamlFile.Parse(text));
        var container = manifest.Workloads.Single().Pod.Containers.Single();
        Assert.Multiple(() =>
        {
            Assert.That(manifest.Objects.Select(o => o.DisplayName), Is.EqualTo(new[] { "Deployment/vllm", "Ingress/old" }));
            Assert.That(manifest.Objects[0].Annotation("team"), Is.EqualTo("ml"));
            Assert.That(container.Argv.Select(a => a.Value), Is.EqualTo(new[] { "python3", "-m", "vllm.entrypoints.openai.api_server", "--model", "/m" }));
            Assert.That(container.Env.Select(e => e.Name + ":" + e.Source), Is.EqualTo(new[] { "A:Literal", "B:Secret", "C:ConfigMap" }));
            Assert.That(container.Ports.Single().Number, Is.EqualTo(8000));
            Assert.That(manifest.ServingContainers.Single().Server.Kind, Is.EqualTo(ModelServerKind.Vllm));
            Assert.That(manifest.Routes.Single().Backends.Single().Service, Is.EqualTo("vllm"));
        });
    }

    [TestCase("nvcr.io/nvidia/tritonserver:24.08-py3", ModelServerKind.Triton)]
    [TestCase("ghcr.io/huggingface/text-generation-inference:2.4.0", ModelServerKind.TextGenerationInference)]
    [TestCase("pytorch/torchserve:0.12.0-gpu", ModelServerKind.TorchServe)]
    [TestCase("ollama/ollama:0.3.12", ModelServerKind.Ollama)]
    [TestCase("rayproject/ray-ml:2.9.0-gpu", ModelServerKind.Ray)]
    public void Recognises_model_servers_by_image(string image, ModelServerKind kind)
    {
        Assert.That(ModelServers.Recognise(image, [])!.Kind, Is.EqualTo(kind));
    }

    [Test]
    public void Recognises_model_servers_by_command_and_ignores_other_programs()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ModelServers.Recognise("python:3.12", ["mlflow", "models", "serve", "-m", "runs:/x/model"])!.Kind, Is.EqualTo(ModelServerKind.MLflow));
            Assert.That(ModelServers.Recognise("python:3.12", ["/bin/sh", "-c", "pip install x && text-generation-launcher --port 80"])!.Kind, Is.EqualTo(ModelServerKind.TextGenerationInference));
            Assert.That(ModelServers.Recognise("nginx:1.27", ["nginx", "-g", "daemon off;"]), Is.Null);
        });
    }

    [Test]
    public void Compose_environment_as_map_list_and_anchor_merge_and_port_forms()
    {
        const string text = """
            x-env: &env
              A: "1"
            services:
              api:
                image: vllm/vllm-openai:v0.6.3
                environment:
                  <<: *env
                  B: "2"
                ports:
                  - "8000:8000"
                  - "127.0.0.1:8081:8081"
                  - "[::1]:9000:9000/tcp"
                  - "9100"
                  - {target: 80, published: 8080, host_ip: 0.0.0.0}
              worker:
                image: python:3.12
                environment: ["C=3", "D"]
            """;
        var services = ComposeFile.Of(YamlFile.Parse(text)).Services;
        Assert.Multiple(() =>
        {
            Assert.That(services.Select(s => s.Name), Is.EqualTo(new[] { "api", "worker" }));
            Assert.That(services[0].Environment.Select(e => e.Name), Is.EquivalentTo(new[] { "A", "B" }));
            Assert.That(services[0].EnvNamed("A")!.Value!.Line, Is.EqualTo(2), "an anchor-injected value is reported where the anchor defines it");
            Assert.That(services[0].Ports.Select(p => (p.HostIp, p.Published, p.Target, p.IsPublic)), Is.EqualTo(new (string?, int?, int, bool)[]
            {
                (null, 8000, 8000, true), ("127.0.0.1", 8081, 8081, false), ("[::1]", 9000, 9000, false), (null, null, 9100, true), ("0.0.0.0", 8080, 80, true),
            }));
            Assert.That(services[1].Environment.Select(e => e.Name), Is.EqualTo(new[] { "C", "D" }));
            Assert.That(services[0].Server!.Kind, Is.EqualTo(ModelServerKind.Vllm));
            Assert.That(services[1].Server, Is.Null);
        });
    }

    [Test]
    public void Topology_connects_an_ingress_to_a_deployment_across_files()
    {
        var deployment = YamlFile.Parse("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: tgi}\nspec:\n  template:\n    metadata: {labels: {app: tgi}}\n    spec:\n      containers: [{name: tgi, image: ghcr.io/huggingface/text-generation-inference:2.4.0}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: tgi}\nspec: {selector: {app: tgi}}\n");
        var ingress = YamlFile.Parse("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: edge\n  annotations: {nginx.ingress.kubernetes.io/limit-rpm: \"60\"}\nspec:\n  defaultBackend: {service: {name: tgi, port: {number: 80}}}\n");
        var exposed = ServingTopology.Of([("a.yaml", deployment), ("b.yaml", ingress)]).Exposed.Single();
        Assert.Multiple(() =>
        {
            Assert.That((exposed.Entry.Path, exposed.Entry.Item.DisplayName, exposed.Server.Path), Is.EqualTo(("b.yaml", "Ingress/edge", "a.yaml")));
            Assert.That(exposed.RateLimit, Is.EqualTo("nginx.ingress.kubernetes.io/limit-rpm"));
            Assert.That(exposed.Authentication, Is.Null);
        });
    }
}
