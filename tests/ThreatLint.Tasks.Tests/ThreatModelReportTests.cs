using ThreatLint.MSBuild.Testing;

namespace ThreatLint.Tasks.Tests;

/// <summary>ThreatLintReportFile: the build writes the repository's threat model, again only when the scan ran again.</summary>
[NonParallelizable]
public class ThreatModelReportTests
{
    private const string ServingImage = """
        FROM python:3.12-slim
        WORKDIR /srv
        COPY model/ ./model/
        CMD ["python", "-m", "serve"]
        """;

    private const string Ingress = """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: scoring
        spec:
          rules:
            - http:
                paths:
                  - path: /
                    pathType: Prefix
                    backend:
                      service:
                        name: scoring
                        port:
                          number: 80
        """;

    [Test]
    public void The_report_file_holds_the_threat_model_and_is_rewritten_only_when_the_scan_runs_again()
    {
        using var repo = new ConsumerRepository();
        repo.Write("Dockerfile", ServingImage);
        repo.Write("deploy/ingress.yaml", Ingress);
        var report = Path.Combine(repo.Root, "docs", "threat-model.md");
        var properties = new Dictionary<string, string> { ["ThreatLintReportFile"] = "../docs/threat-model.md" };

        var first = InProcessBuild.Run(repo.ProjectFile, "ThreatLint", properties);

        Assert.That(first.Success, Is.True);
        var text = File.ReadAllText(report);
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.StartWith("# Threat model: "));
            Assert.That(text, Does.Contain("```mermaid\nflowchart LR\n"));
            Assert.That(text, Does.Contain("Ingress scoring"));
            Assert.That(text, Does.Contain("[TL4002]").And.Contain("[TL4001]"));
            Assert.That(text, Does.Contain("## Scorecard"));
            Assert.That(text, Does.Not.Contain(repo.Root), "paths are relative");
        });

        var written = File.GetLastWriteTimeUtc(report);
        var second = InProcessBuild.Run(repo.ProjectFile, "ThreatLint", properties);
        Assert.That(second.Success, Is.True);
        Assert.That(File.GetLastWriteTimeUtc(report), Is.EqualTo(written), "unchanged inputs: the report is up to date");

        File.Delete(report);
        InProcessBuild.Run(repo.ProjectFile, "ThreatLint", properties);
        Assert.That(File.Exists(report), Is.True, "a missing report is written again");
    }

    [Test]
    public void Without_the_property_no_report_is_written()
    {
        using var repo = new ConsumerRepository();
        repo.Write("Dockerfile", ServingImage);

        var outcome = InProcessBuild.Run(repo.ProjectFile, "ThreatLint", new Dictionary<string, string>());

        Assert.That(outcome.Success, Is.True);
        Assert.That(Directory.GetFiles(repo.Root, "*.md", SearchOption.AllDirectories), Is.Empty);
    }
}
