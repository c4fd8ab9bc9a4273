using ThreatLint.Catalog;
using ThreatLint.Rules.ContainerImages;

namespace ThreatLint.Core.Tests.Rules.ContainerImages;

public class AdminPortExposedTests
{
    private const string Digest = "@sha256:58720bdb82e73c1c34c5a3b11e737cbfb7c15a64fc2c1c2bf246c5e33252a89e";
    private const string TorchServe = "FROM pytorch/torchserve:0.12.0-cpu" + Digest + "\n";
    private const string Python = "FROM python:3.12-slim" + Digest + "\n";

    private static readonly AdminPortExposed Rule = new();

    [Test]
    public void Catalog_example_fires_on_failing_and_not_on_passing()
    {
        var example = Catalog.Rules.AdminPortExposed.Example!;
        Assert.Multiple(() =>
        {
            Assert.That(RuleRunner.Run(Rule, example.Failing).Lines(), Is.EqualTo(new[] { "TL4006@3" }));
            Assert.That(RuleRunner.Run(Rule, example.Passing), Is.Empty);
        });
    }

    [Test]
    public void Fires_at_the_port_with_the_plane_it_names()
    {
        var findings = RuleRunner.Run(Rule, TorchServe + "EXPOSE 8080 8081/tcp\n");

        Assert.That(findings, Has.Count.EqualTo(1));
        var finding = findings[0];
        Assert.Multiple(() =>
        {
            Assert.That(finding.RuleId, Is.EqualTo("TL4006"));
            Assert.That(finding.Severity, Is.EqualTo(Severity.Medium));
            Assert.That(finding.Confidence, Is.EqualTo(Confidence.High));
            Assert.That((finding.Span.Line, finding.Span.Column, finding.Span.EndColumn), Is.EqualTo((2, 13, 21)));
            Assert.That(finding.Message, Is.EqualTo(
                "EXPOSE 8081/tcp advertises the TorchServe management API (model registration from URLs, ShellTorch); anyone who reaches a published port can use it"));
        });
    }

    [TestCase("22", "SSH (a remote shell into the container)")]
    [TestCase("6006", "TensorBoard (no authentication; reads event files and can expose the log directory)")]
    [TestCase("8082", "the TorchServe metrics API")]
    [TestCase("8265", "the Ray dashboard and Jobs API (submits arbitrary code, ShadowRay)")]
    [TestCase("8786", "the Dask scheduler (runs submitted Python on the workers)")]
    [TestCase("8787", "the Dask dashboard")]
    [TestCase("8888/tcp", "Jupyter (a notebook server runs any code it is sent)")]
    [TestCase("6379", "Redis or the Ray GCS (cluster state; Ray uses it to schedule work)")]
    [TestCase("10001", "the Ray Client server (runs remote Python on the cluster)")]
    [TestCase("5000/udp", "the MLflow tracking server (no authentication by default: runs, artifacts and the model registry)")]
    public void Knows_the_admin_planes(string port, string plane)
    {
        var findings = RuleRunner.Run(Rule, Python + "EXPOSE " + port + "\n");

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.That(findings[0].Message, Does.StartWith("EXPOSE " + port + " advertises " + plane + ";"));
    }

    [TestCase("EXPOSE 8888", "RUN pip install --no-cache-dir jupyterlab==4.2.5", Confidence.High)]
    [TestCase("EXPOSE 8888", "RUN pip install --no-cache-dir fastapi==0.115.0", Confidence.Medium)]
    [TestCase("EXPOSE 8265", "RUN pip install --no-cache-dir \"ray[default]==2.37.0\"", Confidence.High)]
    [TestCase("EXPOSE 8265", "RUN apt-get install -y xray gray-matter", Confidence.Medium)]
    [TestCase("EXPOSE 8081", "CMD [\"torchserve\", \"--start\"]", Confidence.High)]
    [TestCase("EXPOSE 8081", "CMD [\"java\", \"-jar\", \"api.jar\"]", Confidence.Medium)]
    [TestCase("EXPOSE 5000", "CMD [\"flask\", \"run\", \"--host\", \"0.0.0.0\"]", Confidence.Low)]
    [TestCase("EXPOSE 5000", "CMD [\"mlflow\", \"server\", \"--host\", \"0.0.0.0\"]", Confidence.High)]
    [TestCase("EXPOSE 22", "CMD [\"/usr/sbin/sshd\", \"-D\"]", Confidence.High)]
    [TestCase("EXPOSE 22", "CMD [\"python\", \"serve.py\"]", Confidence.High)]
    public void Confidence_depends_on_whether_the_file_names_the_software(string expose, string evidence, Confidence confidence)
    {
        var findings = RuleRunner.Run(Rule, Python + evidence + "\n" + expose + "\n");

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.That(findings[0].Confidence, Is.EqualTo(confidence));
    }

    [Test]
    public void Base_image_name_counts_as_evidence()
    {
        var findings = RuleRunner.Run(Rule, "FROM rayproject/ray:2.37.0-py311" + Digest + "\nEXPOSE 8265\n");

        Assert.That(findings[0].Confidence, Is.EqualTo(Confidence.High));
    }

    [Test]
    public void A_range_that_includes_admin_ports_is_one_finding_naming_them_all()
    {
        var findings = RuleRunner.Run(Rule, TorchServe + "EXPOSE 8000-8090/tcp 9000-9100\n");

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That((findings[0].Span.Line, findings[0].Span.Column), Is.EqualTo((2, 8)));
            Assert.That(findings[0].Message, Is.EqualTo(
                "EXPOSE 8000-8090/tcp advertises a range that includes 8081: the TorchServe management API (model registration from URLs, ShellTorch); 8082: the TorchServe metrics API; anyone who reaches a published port can use it"));
            Assert.That(findings[0].Confidence, Is.EqualTo(Confidence.High));
        });
    }

    [Test]
    public void Substitutes_ARG_and_ENV_and_shows_both_forms()
    {
        var findings = RuleRunner.Run(Rule, TorchServe + """
            ARG INFERENCE_PORT=8080
            ENV MGMT_PORT=8081
            EXPOSE ${INFERENCE_PORT} ${MGMT_PORT}
            """);

        Assert.That(findings.Lines(), Is.EqualTo(new[] { "TL4006@4" }));
        Assert.Multiple(() =>
        {
            Assert.That(findings[0].Span.Column, Is.EqualTo(26));
            Assert.That(findings[0].Message, Does.StartWith("EXPOSE ${MGMT_PORT} (8081) advertises the TorchServe management API"));
        });
    }

    [Test]
    public void A_variable_holding_several_ports_is_reported_at_the_argument_list()
    {
        var findings = RuleRunner.Run(Rule, TorchServe + "ENV PORTS=\"8080 8081\"\nEXPOSE $PORTS\n");

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.That((findings[0].Span.Line, findings[0].Span.Column), Is.EqualTo((3, 8)));
        Assert.That(findings[0].Message, Does.StartWith("EXPOSE $PORTS (8081) advertises"));
    }

    [Test]
    public void Counts_EXPOSE_in_stages_the_final_stage_is_built_from_but_not_in_other_stages()
    {
        var findings = RuleRunner.Run(Rule, $$"""
            FROM python:3.12-slim{{Digest}} AS notebook
            RUN pip install jupyterlab==4.2.5
            EXPOSE 8888

            FROM python:3.12-slim{{Digest}} AS base
            EXPOSE 22

            FROM base AS serve
            EXPOSE 8000
            """);

        Assert.That(findings.Lines(), Is.EqualTo(new[] { "TL4006@6" }));
    }

    [TestCase("EXPOSE 8080")]
    [TestCase("EXPOSE 8000 8001 8002")]
    [TestCase("EXPOSE 80/tcp 443/tcp")]
    [TestCase("EXPOSE 7860")]
    [TestCase("EXPOSE 8500-8501")]
    [TestCase("ARG PORT\nEXPOSE ${PORT}")]
    [TestCase("EXPOSE 0")]
    [TestCase("EXPOSE 70000")]
    [TestCase("EXPOSE 8090-8000")]
    [TestCase("EXPOSE abc")]
    [TestCase("RUN echo 'EXPOSE 8888'")]
    public void Is_silent_on_inference_ports_and_what_is_not_a_port(string instruction)
    {
        Assert.That(RuleRunner.Run(Rule, Python + instruction + "\n"), Is.Empty);
    }

    [Test]
    public void Fingerprint_is_the_port_not_the_line()
    {
        var before = RuleRunner.Run(Rule, Python + "EXPOSE 8888\n");
        var after = RuleRunner.Run(Rule, Python + "\nEXPOSE 8000 8888/tcp\n");
        var other = RuleRunner.Run(Rule, Python + "EXPOSE 6006\n");
        Assert.Multiple(() =>
        {
            Assert.That(after[0].Fingerprint, Is.EqualTo(before[0].Fingerprint));
            Assert.That(other[0].Fingerprint, Is.Not.EqualTo(before[0].Fingerprint));
        });
    }
}
