using ThreatLint.ThreatModel;

namespace ThreatLint.Core.Tests.ThreatModel;

/// <summary>Seldon and Ray Serve resources are model servers of the component model, with the storage they load from.</summary>
public class ServingResourceTests
{
    [Test]
    public void Seldon_deployments_and_models_and_Ray_services_are_model_servers_with_their_weights()
    {
        var root = Directory.CreateTempSubdirectory("threatlint-model-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(root, "serving.yaml"), """
                apiVersion: machinelearning.seldon.io/v1
                kind: SeldonDeployment
                metadata: {name: iris}
                spec:
                  predictors:
                    - name: default
                      graph: {name: classifier, implementation: SKLEARN_SERVER, modelUri: "gs://seldon-models/sklearn/iris"}
                ---
                apiVersion: mlops.seldon.io/v1alpha1
                kind: Model
                metadata: {name: tfsimple}
                spec: {storageUri: "gs://seldon-models/triton/simple", requirements: [tensorflow]}
                ---
                apiVersion: ray.io/v1
                kind: RayService
                metadata: {name: text-summarizer}
                spec:
                  serveConfigV2: |
                    applications:
                      - name: summarizer
                        import_path: summarizer:app
                ---
                apiVersion: ray.io/v1
                kind: RayCluster
                metadata: {name: training}
                """);

            var model = SystemModelBuilder.Scan(root);
            var servers = model.Components.Where(c => c.Kind == ComponentKind.ModelServer).ToDictionary(c => c.Name, c => c.Detail);
            string NameOf(string id) => model.Components.Single(c => c.Id == id).Name;
            var flows = model.Flows.Select(f => $"{NameOf(f.From)} -> {NameOf(f.To)}: {f.Label}").ToList();

            Assert.Multiple(() =>
            {
                Assert.That(servers, Does.ContainKey("iris").WithValue("Seldon Core deployment"));
                Assert.That(servers, Does.ContainKey("tfsimple").WithValue("Seldon Core v2 model"));
                Assert.That(servers, Does.ContainKey("text-summarizer").WithValue("KubeRay RayService (Ray Serve)"));
                Assert.That(servers, Does.Not.ContainKey("training"), "a RayCluster alone serves nothing");
                Assert.That(flows, Has.Some.Matches<string>(f => f.EndsWith("-> iris: model weights", StringComparison.Ordinal)));
                Assert.That(flows, Has.Some.Matches<string>(f => f.EndsWith("-> tfsimple: model weights", StringComparison.Ordinal)));
                Assert.That(flows, Has.Some.Matches<string>(f => f.EndsWith("-> iris: inference requests", StringComparison.Ordinal)));
                Assert.That(flows, Has.None.Matches<string>(f => f.EndsWith("-> text-summarizer: inference requests", StringComparison.Ordinal)), "a RayService is reached only through what routes to it");
            });
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public void Gateway_API_and_Istio_routes_are_public_endpoints_in_front_of_the_services_they_route_to()
    {
        var root = Directory.CreateTempSubdirectory("threatlint-model-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(root, "llm.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: vllm}
                spec:
                  selector: {matchLabels: {app: vllm}}
                  template:
                    metadata: {labels: {app: vllm}}
                    spec:
                      containers:
                        - name: server
                          image: vllm/vllm-openai:v0.6.3
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: vllm}
                spec: {selector: {app: vllm}, ports: [{port: 8000}]}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: llm-route}
                spec:
                  parentRefs: [{name: public-gateway}]
                  rules: [{backendRefs: [{name: vllm, port: 8000}]}]
                ---
                apiVersion: networking.istio.io/v1beta1
                kind: VirtualService
                metadata: {name: llm-vs}
                spec:
                  hosts: [llm.example.com]
                  gateways: [public]
                  http: [{route: [{destination: {host: vllm.serving.svc.cluster.local}}]}]
                ---
                apiVersion: networking.istio.io/v1beta1
                kind: VirtualService
                metadata: {name: mesh-only}
                spec:
                  hosts: [vllm]
                  http: [{route: [{destination: {host: vllm}}]}]
                """);

            var model = SystemModelBuilder.Scan(root);
            string NameOf(string id) => model.Components.Single(c => c.Id == id).Name;
            var flows = model.Flows.Select(f => $"{NameOf(f.From)} -> {NameOf(f.To)}").ToList();

            Assert.Multiple(() =>
            {
                Assert.That(model.Components.Where(c => c.Kind == ComponentKind.Endpoint).Select(c => c.Name), Is.SupersetOf(new[] { "HTTPRoute llm-route", "VirtualService llm-vs" }));
                Assert.That(model.Components.Select(c => c.Name), Does.Not.Contain("VirtualService mesh-only"), "bound to no gateway, it routes inside the mesh");
                Assert.That(flows, Has.Some.Matches<string>(f => f.StartsWith("HTTPRoute llm-route -> ", StringComparison.Ordinal) && f.Contains("vllm", StringComparison.Ordinal)));
                Assert.That(flows, Has.Some.Matches<string>(f => f.StartsWith("VirtualService llm-vs -> ", StringComparison.Ordinal) && f.Contains("vllm", StringComparison.Ordinal)));
            });
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
