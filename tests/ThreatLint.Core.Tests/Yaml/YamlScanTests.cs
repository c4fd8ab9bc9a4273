using ThreatLint.Discovery;

namespace ThreatLint.Core.Tests.Yaml;

/// <summary>YAML files through discovery, classification and the scanner.</summary>
public class YamlScanTests
{
    [TestCase("deploy/kserve.yaml", DocumentKind.Yaml)]
    [TestCase(".github/workflows/train.YML", DocumentKind.Yaml)]
    [TestCase(".gitlab-ci.yml", DocumentKind.Yaml)]
    [TestCase("MLproject", DocumentKind.Yaml)]
    [TestCase("data/train.csv.dvc", DocumentKind.Yaml)]
    [TestCase("mlproject", null)]
    [TestCase("notes.yml.txt", null)]
    public void Classifies_by_name(string path, DocumentKind? kind)
    {
        Assert.That(Classifier.Classify(path), Is.EqualTo(kind));
    }

    [Test]
    public void Reports_invalid_yaml_where_it_breaks_but_not_a_chart_template_that_only_renders_to_yaml()
    {
        var root = Path.Combine(Path.GetTempPath(), "threatlint-yaml-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "chart", "templates"));
        try
        {
            File.WriteAllText(Path.Combine(root, "broken.yaml"), "apiVersion: v1\nkind: Service\nspec:\n  ports: [80\n");
            File.WriteAllText(Path.Combine(root, "good.yaml"), "apiVersion: v1\nkind: Service\n");
            File.WriteAllText(Path.Combine(root, "chart", "templates", "svc.yaml"), "apiVersion: v1\nkind: Service\nspec:\n  {{ if .Values.x }}ports: {{ .Values.ports }}{{ end }}\n    - 80\n");

            var result = Scanner.Scan(new ScanOptions(root));
            var findings = result.Findings.Where(f => f.RuleId is "TL9001" or "TL9002").ToList();

            Assert.That(findings.Select(f => $"{f.Path}({f.Span.Line}) {f.RuleId}"), Is.EqualTo(new[] { "broken.yaml(5) TL9001" }));
            Assert.That(findings[0].Message, Does.StartWith("invalid YAML: "));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Test]
    public void Keeps_parsed_documents_in_path_order_for_the_rules_that_look_across_files()
    {
        var root = Path.Combine(Path.GetTempPath(), "threatlint-yaml-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            File.WriteAllText(Path.Combine(root, "b.yaml"), "kind: Ingress\n");
            File.WriteAllText(Path.Combine(root, "a.yaml"), "kind: Deployment\n");
            File.WriteAllText(Path.Combine(root, "Dockerfile"), "FROM python:3.12-slim@sha256:" + new string('a', 64) + "\nUSER 1000\n");
            var seen = Scanner.Scan(new ScanOptions(root)).Repository;
            var forThreatModel = Scanner.Scan(new ScanOptions(root) { KeepDocumentsForThreatModel = true }).Repository;

            // A plain scan keeps what the repository rules read; a scan for the threat model keeps the Dockerfile too.
            Assert.That(seen.Documents.Select(d => d.Path), Is.EqualTo(new[] { "a.yaml", "b.yaml" }));
            Assert.That(forThreatModel.Documents.Select(d => d.Path), Is.EqualTo(new[] { "Dockerfile", "a.yaml", "b.yaml" }));
            Assert.That(seen.YamlFiles.Select(y => y.File.Roots.Single()["kind"]!.Text), Is.EqualTo(new[] { "Deployment", "Ingress" }));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
