using ThreatLint.Catalog;
using ThreatLint.Rules.Serving;

namespace ThreatLint.Core.Tests.Rules.Serving;

public class ModelManagementApiExposedTests
{
    private static readonly ModelManagementApiExposed Rule = new();

    [Test]
    public void Catalog_example_fires_on_failing_and_not_on_passing()
    {
        var (failing, passing) = ServingScan.Example(Catalog.Rules.ModelManagementApiExposed);
        Assert.Multiple(() =>
        {
            Assert.That(failing.Of("TL2002"), Is.EqualTo(new[] { "config.properties@2" }));
            Assert.That(passing.Of("TL2002"), Is.Empty);
        });
    }

    [Test]
    public void Torchserve_message_names_the_address_and_shelltorch()
    {
        var finding = ServingScan.Run(("serve/config.properties", "inference_address=http://0.0.0.0:8080\nmanagement_address = https://0.0.0.0:8443\n")).Single(f => f.RuleId == "TL2002");
        Assert.Multiple(() =>
        {
            Assert.That((finding.Span.Line, finding.Span.Column), Is.EqualTo((2, 1)));
            Assert.That(finding.Severity, Is.EqualTo(Severity.Critical));
            Assert.That(finding.Confidence, Is.EqualTo(Confidence.Medium), "token authorization depends on the version when the file says nothing");
            Assert.That(finding.Message, Is.EqualTo("TorchServe management API bound to 0.0.0.0:8443: anyone who reaches it can register a model from any URL and run its handler code (ShellTorch)"));
        });
    }

    [TestCase("management_address=http://127.0.0.1:8081\n")]
    [TestCase("management_address=http://0.0.0.0:8081\nenable_model_api=false\n")]
    [TestCase("management_address=unix:/tmp/management.sock\n")]
    [TestCase("# management_address=http://0.0.0.0:8081\ninference_address=http://0.0.0.0:8080\n")]
    public void Torchserve_local_or_closed_management_is_silent(string config)
    {
        Assert.That(ServingScan.Run(("config.properties", config)).Of("TL2002"), Is.Empty);
    }

    [TestCase("CMD [\"tritonserver\", \"--model-repository=/models\", \"--model-control-mode=explicit\"]", "tritonserver --model-control-mode=explicit")]
    [TestCase("CMD ray start --head --dashboard-host 0.0.0.0 --block", "Ray dashboard bound to 0.0.0.0")]
    [TestCase("CMD [\"mlflow\", \"server\", \"--host\", \"0.0.0.0\"]", "mlflow server --host 0.0.0.0 without --app-name basic-auth")]
    [TestCase("CMD jupyter notebook --ip=0.0.0.0 --NotebookApp.token='' --allow-root", "Jupyter bound to 0.0.0.0 with an empty token")]
    public void Dockerfile_launch_flags_open_management_planes(string cmd, string message)
    {
        var findings = RuleRunner.Run(Rule, "FROM base@sha256:" + new string('a', 64) + "\nUSER 1000\n" + cmd + "\n");
        Assert.That(findings.Single().Message, Does.StartWith(message));
    }

    [TestCase("CMD [\"tritonserver\", \"--model-repository=/models\", \"--model-control-mode=poll\"]")]
    [TestCase("CMD ray start --head --dashboard-host 127.0.0.1 --block")]
    [TestCase("CMD jupyter lab --ip=0.0.0.0 --IdentityProvider.token=${JUPYTER_TOKEN}")]
    [TestCase("RUN mlflow server --host 0.0.0.0 --help > /dev/null")]
    public void Dockerfile_safe_or_build_time_lines_are_silent(string line)
    {
        Assert.That(RuleRunner.Run(Rule, "FROM base@sha256:" + new string('a', 64) + "\nUSER 1000\n" + line + "\n"), Is.Empty);
    }

    [Test]
    public void Triton_explicit_mode_in_a_helm_template_is_reported_at_the_flag()
    {
        const string deployment = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: {{ include "triton.fullname" . }}
            spec:
              template:
                spec:
                  containers:
                    - name: triton
                      image: "{{ .Values.image.imageName }}"
                      command: ["/bin/sh", "-c"]
                      args:
                        - tritonserver --model-repository={{ .Values.image.modelRepositoryPath }} --model-control-mode=explicit
            """;
        var finding = RuleRunner.RunYaml(Rule, deployment, "chart/templates/deployment.yaml").Single();
        Assert.That((finding.Span.Line, finding.Span.Column), Is.EqualTo((13, 87)));
    }

    [Test]
    public void Kuberay_dashboard_counts_only_when_published()
    {
        const string cluster = """
            apiVersion: ray.io/v1
            kind: RayCluster
            metadata: {name: raycluster}
            spec:
              headGroupSpec:
                rayStartParams: {dashboard-host: 0.0.0.0}
                SERVICE
                template:
                  spec:
                    containers: [{name: ray-head, image: "rayproject/ray:2.9.0"}]
            """;
        Assert.Multiple(() =>
        {
            Assert.That(ServingScan.Run(("ray.yaml", cluster.Replace("SERVICE", "serviceType: ClusterIP", StringComparison.Ordinal))).Of("TL2002"), Is.Empty);
            Assert.That(ServingScan.Run(("ray.yaml", cluster.Replace("SERVICE", "serviceType: LoadBalancer", StringComparison.Ordinal))).Of("TL2002"), Is.EqualTo(new[] { "ray.yaml@7" }));
        });
    }

    [Test]
    public void A_load_balancer_that_publishes_the_torchserve_management_port_fires_at_the_port()
    {
        const string manifest = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: ts}
            spec:
              template:
                metadata: {labels: {app: ts}}
                spec:
                  containers: [{name: ts, image: "pytorch/torchserve:0.12.0-cpu"}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: ts}
            spec:
              type: LoadBalancer
              selector: {app: ts}
              ports:
                - {name: inference, port: 8080}
                - {name: management, port: 8081}
            """;
        var finding = ServingScan.Run(("ts.yaml", manifest)).Single(f => f.RuleId == "TL2002");
        Assert.Multiple(() =>
        {
            Assert.That(finding.Span.Line, Is.EqualTo(18));
            Assert.That(finding.Message, Does.StartWith("Service/ts (LoadBalancer) publishes the TorchServe management API (8081)"));
        });
    }
}
