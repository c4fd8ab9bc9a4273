using System.Text.Json;
using ThreatLint.Catalog;
using ThreatLint.Findings;
using ThreatLint.Reporting;

namespace ThreatLint.Core.Tests.Reporting;

public class JsonReportTests
{
    [Test]
    public void Writes_the_documented_schema_with_escaped_strings()
    {
        var finding = new Finding(Catalog.Rules.ImageRunsAsRoot, Severity.Medium, Confidence.High, "images/Dockerfile", new SourceSpan(7, 1, 7, 25), "quote \" and \u0001 control", "fp");
        var result = new ScanResult("/repo", [finding], new ScanStats(3, 2, TimeSpan.FromMilliseconds(12)));

        using var json = JsonDocument.Parse(JsonReport.Write(result, "1.2.3"));
        var root = json.RootElement;
        var f = root.GetProperty("findings")[0];

        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("schemaVersion").GetString(), Is.EqualTo(JsonReport.SchemaVersion));
            Assert.That(root.GetProperty("tool").GetProperty("version").GetString(), Is.EqualTo("1.2.3"));
            Assert.That(f.GetProperty("ruleId").GetString(), Is.EqualTo("TL4001"));
            Assert.That(f.GetProperty("message").GetString(), Is.EqualTo("quote \" and \u0001 control"));
            Assert.That(f.GetProperty("stride")[0].GetString(), Is.EqualTo("E"));
            Assert.That(f.GetProperty("atlas")[0].GetString(), Is.EqualTo("AML.T0049"));
            Assert.That(f.GetProperty("endColumn").GetInt32(), Is.EqualTo(25));
            Assert.That(root.GetProperty("stats").GetProperty("findingsBySeverity").GetProperty("medium").GetInt32(), Is.EqualTo(1));
        });
    }
}
