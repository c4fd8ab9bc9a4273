using ThreatLint.Catalog;

namespace ThreatLint.Core.Tests.Rules.Serving;

public class ModelServerUnboundedResourcesTests
{
    [Test]
    public void Catalog_example_fires_on_failing_and_not_on_passing()
    {
        var (failing, passing) = ServingScan.Example(Catalog.Rules.ModelServerUnboundedResources);
        Assert.Multiple(() =>
        {
            Assert.That(failing.Of("TL2005"), Is.EqualTo(new[] { "deploy/vllm.yaml@13" }));
            Assert.That(failing.Single(f => f.RuleId == "TL2005").Message, Is.EqualTo("Model server container vllm (vLLM in Deployment/vllm) has no CPU, memory or GPU limit"));
            Assert.That(passing.Of("TL2005"), Is.Empty);
        });
    }

    [TestCase("resources: {limits: {cpu: '2', memory: 4Gi}}", "pytorch/torchserve:0.12.0-cpu", 0)]
    [TestCase("resources: {limits: {memory: 4Gi}}", "pytorch/torchserve:0.12.0-cpu", 1)]
    [TestCase("resources: {limits: {cpu: '2', memory: 4Gi}}", "vllm/vllm-openai:v0.6.3", 1)]
    [TestCase("resources: {{ toYaml .Values.resources | nindent 12 }}", "vllm/vllm-openai:v0.6.3", 0)]
    [TestCase("resources: {}", "nginx:1.27", 0)]
    public void Limits_of_model_server_containers(string resources, string image, int expected)
    {
        var deployment = $"apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: m}}\nspec:\n  template:\n    spec:\n      containers:\n        - name: m\n          image: {image}\n          {resources}\n";
        Assert.That(ServingScan.Run(("chart/templates/m.yaml", deployment)).Of("TL2005"), Has.Count.EqualTo(expected));
    }

    [Test]
    public void Kserve_model_containers_get_the_platform_defaults()
    {
        const string isvc = "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata: {name: iris}\nspec:\n  predictor:\n    model: {modelFormat: {name: sklearn}, storageUri: s3://m/iris}\n";
        Assert.That(ServingScan.Run(("isvc.yaml", isvc)).Of("TL2005"), Is.Empty);
    }
}

public class ModelServerPrivilegedTests
{
    private const string Pod = """
        apiVersion: v1
        kind: Pod
        metadata: {name: triton}
        spec:
          hostNetwork: true
          securityContext: {runAsUser: 0}
          containers:
            - name: triton
              image: nvcr.io/nvidia/tritonserver:24.08-py3
              securityContext:
                allowPrivilegeEscalation: true
              volumeMounts:
                - {name: models, mountPath: /models}
          volumes:
            - name: models
              hostPath: {path: /mnt/models}
        """;

    [Test]
    public void Catalog_example_fires_on_failing_and_not_on_passing()
    {
        var (failing, passing) = ServingScan.Example(Catalog.Rules.ModelServerPrivileged);
        Assert.Multiple(() =>
        {
            Assert.That(failing.Of("TL2008"), Is.EqualTo(new[] { "deploy/vllm.yaml@19" }));
            Assert.That(passing.Of("TL2008"), Is.Empty);
        });
    }

    [Test]
    public void Reports_each_privilege_where_it_is_set()
    {
        var findings = ServingScan.Run(("pod.yaml", Pod)).Where(f => f.RuleId == "TL2008").OrderBy(f => f.Span.Line).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(findings.Select(f => f.Span.Line), Is.EqualTo(new[] { 5, 6, 11, 13 }));
            Assert.That(findings[3].Message, Does.Contain("mounts /mnt/models from the node (hostPath volume models)"));
        });
    }

    [Test]
    public void A_non_model_container_is_not_judged()
    {
        Assert.That(ServingScan.Run(("pod.yaml", Pod.Replace("nvcr.io/nvidia/tritonserver:24.08-py3", "fluent/fluent-bit:3.1", StringComparison.Ordinal))).Of("TL2008"), Is.Empty);
    }
}

public class ModelStorageInsecureUriTests
{
    [Test]
    public void Catalog_example_fires_on_failing_and_not_on_passing()
    {
        var (failing, passing) = ServingScan.Example(Catalog.Rules.ModelStorageInsecureUri);
        Assert.Multiple(() =>
        {
            Assert.That(failing.Of("TL2009"), Is.EqualTo(new[] { "deploy/sklearn.yaml@9" }));
            Assert.That(passing.Of("TL2009"), Is.Empty);
        });
    }

    [TestCase("oci://registry.example.com/models/llama:v1", 1, Confidence.High)]
    [TestCase("oci://registry.example.com/models/llama@sha256:0f7f2e1a7b0c3d5e6f8a9b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e", 0, Confidence.High)]
    [TestCase("http://minio.minio.svc.cluster.local:9000/models/iris", 1, Confidence.Medium)]
    [TestCase("https://models.example.com/iris", 0, Confidence.High)]
    public void Kserve_storage_uris(string uri, int expected, Confidence confidence)
    {
        var isvc = $"apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata: {{name: iris}}\nspec:\n  predictor:\n    model: {{modelFormat: {{name: sklearn}}, storageUri: \"{uri}\"}}\n";
        var findings = ServingScan.Run(("isvc.yaml", isvc)).Where(f => f.RuleId == "TL2009").ToList();
        Assert.That(findings, Has.Count.EqualTo(expected));
        if (expected > 0)
        {
            Assert.That(findings[0].Confidence, Is.EqualTo(confidence));
        }
    }

    [Test]
    public void Seldon_v1_model_uri_and_mlflow_env()
    {
        const string seldon = """
            apiVersion: machinelearning.seldon.io/v1
            kind: SeldonDeployment
            metadata: {name: iris}
            spec:
              predictors:
                - name: default
                  graph:
                    name: classifier
                    implementation: SKLEARN_SERVER
                    modelUri: http://models.example.com/sklearn/iris
                  componentSpecs:
                    - spec:
                        containers:
                          - name: classifier
                            env: [{name: MLFLOW_TRACKING_URI, value: "http://mlflow.example.com"}]
            """;
        Assert.That(ServingScan.Run(("seldon.yaml", seldon)).Of("TL2009"), Is.EqualTo(new[] { "seldon.yaml@10", "seldon.yaml@15" }));
    }
}

public class InferencePayloadLoggingTests
{
    [Test]
    public void Catalog_example_fires_on_failing_and_not_on_passing()
    {
        var (failing, passing) = ServingScan.Example(Catalog.Rules.InferencePayloadLogging);
        Assert.Multiple(() =>
        {
            Assert.That(failing.Of("TL2007"), Is.EqualTo(new[] { "deploy/llama.yaml@8" }));
            Assert.That(passing.Of("TL2007"), Is.Empty);
        });
    }

    [TestCase("logger: {url: http://sink}", 1)]
    [TestCase("logger: {mode: all}", 1)]
    [TestCase("logger: {mode: response}", 0)]
    public void Kserve_logger_mode_all_is_the_default(string logger, int expected)
    {
        var isvc = $"apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata: {{name: iris}}\nspec:\n  predictor:\n    {logger}\n    model: {{modelFormat: {{name: sklearn}}, storageUri: s3://m}}\n";
        Assert.That(ServingScan.Run(("isvc.yaml", isvc)).Of("TL2007"), Has.Count.EqualTo(expected));
    }
}

public class ModelServerUnboundedResourcesTemplateTests
{
    [Test]
    public void A_chart_whose_resources_come_from_values_is_not_judged()
    {
        const string template = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: t}\nspec:\n  template:\n    spec:\n      containers:\n        - name: triton\n          image: nvcr.io/nvidia/tritonserver:24.08-py3\n          resources:\n            {{- toYaml .Values.resources | nindent 12 }}\n";
        Assert.That(ServingScan.Run(("chart/templates/d.yaml", template)).Of("TL2005"), Is.Empty);
    }
}
