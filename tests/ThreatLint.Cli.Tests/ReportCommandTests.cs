using System.Text.Json;

namespace ThreatLint.Cli.Tests;

/// <summary><c>threatlint report</c> and <c>scan --format markdown|threat-dragon</c>: the threat model of a repository.</summary>
public class ReportCommandTests
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: scoring
        spec:
          selector:
            matchLabels: {app: scoring}
          template:
            metadata:
              labels: {app: scoring}
            spec:
              containers:
                - name: server
                  image: vllm/vllm-openai:v0.6.3
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: scoring
        spec:
          type: LoadBalancer
          selector: {app: scoring}
          ports: [{port: 80, targetPort: 8000}]
        """;

    private static TempRepo Repo() => new TempRepo()
        .With("deploy/scoring.yaml", Deployment)
        .With("Dockerfile", "FROM python:3.12-slim\nCMD [\"python\", \"-m\", \"serve\"]\n");

    [Test]
    public void Report_writes_the_Markdown_threat_model_with_a_Mermaid_diagram()
    {
        using var repo = Repo();

        var run = CliRun.Of("report", repo.Root);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
            Assert.That(run.Out, Does.StartWith("# Threat model: " + Path.GetFileName(repo.Root) + "\n"));
            Assert.That(run.Out, Does.Contain("```mermaid\nflowchart LR\n"));
            Assert.That(run.Out, Does.Contain("| scoring<br><sub>Deployment, vLLM, image vllm/vllm-openai:v0.6.3</sub> | Model server | Serving runtime | `deploy/scoring.yaml:1` |"));
            Assert.That(run.Out, Does.Contain("Users → Service scoring (requests)"));
            Assert.That(run.Out, Does.Contain("[TL4002]").And.Contain("## Scorecard"));
            Assert.That(run.Out, Does.Not.Contain(repo.Root));
        });
    }

    [Test]
    public void Threat_dragon_format_is_a_v2_model_and_output_goes_to_the_file()
    {
        using var repo = Repo();
        var output = repo.PathOf("out/model.json");

        var run = CliRun.Of("report", repo.Root, "--format", "threat-dragon", "--output", output);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Out, Is.Empty);
        using var json = JsonDocument.Parse(File.ReadAllText(output));
        var cells = json.RootElement.GetProperty("detail").GetProperty("diagrams")[0].GetProperty("cells").EnumerateArray().ToList();
        Assert.That(cells.Select(c => c.GetProperty("data").GetProperty("type").GetString()), Is.SupersetOf(new[] { "tm.BoundaryBox", "tm.Actor", "tm.Process", "tm.Store", "tm.Flow" }));
    }

    [Test]
    public void Scan_with_a_model_format_writes_the_same_report_and_gates_like_scan()
    {
        using var repo = Repo();

        var scan = CliRun.Of("scan", repo.Root, "--format", "markdown", "--fail-on", "medium");
        var report = CliRun.Of("report", repo.Root);

        Assert.That(scan.ExitCode, Is.EqualTo(1), "TL4002 is medium");
        Assert.That(scan.Out, Is.EqualTo(report.Out));
        Assert.That(CliRun.Of("scan", repo.Root, "--format", "threat-dragon").ExitCode, Is.EqualTo(0));
    }

    [TestCase("--format", "sarif", "invalid value 'sarif' for --format; valid choices: markdown, threat-dragon")]
    [TestCase("--fail-on", "high", "unknown option '--fail-on'")]
    public void Report_rejects_what_it_does_not_take(string option, string value, string message)
    {
        using var repo = Repo();

        var run = CliRun.Of("report", repo.Root, option, value);

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.StartWith("threatlint: error: " + message));
    }
}
