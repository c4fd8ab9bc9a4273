using System.Text.Json;
using ThreatLint.ThreatModel;

namespace ThreatLint.Core.Tests.ThreatModel;

/// <summary>The Threat Dragon export has the v2 shape the app opens: summary, detail.diagrams[].cells, threats on cells.</summary>
public class ThreatDragonExportTests
{
    private static readonly string[] StrideTypes = ["Spoofing", "Tampering", "Repudiation", "Information disclosure", "Denial of service", "Elevation of privilege"];

    [TestCaseSource(typeof(SampleModels), nameof(SampleModels.Samples))]
    public void Export_is_a_Threat_Dragon_v2_model_of_the_components_flows_zones_and_threats(string sample)
    {
        var model = SampleModels.Of(sample);
        using var json = JsonDocument.Parse(ThreatDragonExport.Write(model, "test"));
        var root = json.RootElement;

        Assert.That(root.GetProperty("version").GetString(), Does.StartWith("2."));
        Assert.That(root.GetProperty("summary").GetProperty("title").GetString(), Is.EqualTo("Threat model: " + sample));
        var diagram = root.GetProperty("detail").GetProperty("diagrams")[0];
        Assert.That(diagram.GetProperty("diagramType").GetString(), Is.EqualTo("STRIDE"));
        var cells = diagram.GetProperty("cells").EnumerateArray().ToList();
        var ids = cells.Select(c => c.GetProperty("id").GetString()).ToList();
        Assert.That(ids, Is.Unique);

        string[] TypesOf(string shape) => [.. cells.Where(c => c.GetProperty("shape").GetString() == shape).Select(c => c.GetProperty("data").GetProperty("type").GetString()!)];
        Assert.Multiple(() =>
        {
            Assert.That(TypesOf("trust-boundary-box"), Has.Length.EqualTo(model.Components.Select(c => c.Zone).Distinct().Count()).And.All.EqualTo("tm.BoundaryBox"));
            Assert.That(TypesOf("actor").Length + TypesOf("process").Length + TypesOf("store").Length, Is.EqualTo(model.Components.Count));
            Assert.That(TypesOf("actor"), Is.All.EqualTo("tm.Actor"));
            Assert.That(TypesOf("process"), Is.All.EqualTo("tm.Process"));
            Assert.That(TypesOf("store"), Is.All.EqualTo("tm.Store"));
            Assert.That(TypesOf("flow"), Has.Length.EqualTo(model.Flows.Count).And.All.EqualTo("tm.Flow"));
        });

        foreach (var flow in cells.Where(c => c.GetProperty("shape").GetString() == "flow"))
        {
            Assert.That(ids, Does.Contain(flow.GetProperty("source").GetProperty("cell").GetString()));
            Assert.That(ids, Does.Contain(flow.GetProperty("target").GetProperty("cell").GetString()));
        }

        var threats = cells.Where(c => c.GetProperty("data").TryGetProperty("threats", out _))
            .SelectMany(c => c.GetProperty("data").GetProperty("threats").EnumerateArray()).ToList();
        Assert.That(threats, Has.Count.EqualTo(model.Threats.Count));
        foreach (var threat in threats)
        {
            Assert.That(threat.GetProperty("modelType").GetString(), Is.EqualTo("STRIDE"));
            Assert.That(StrideTypes, Does.Contain(threat.GetProperty("type").GetString()));
            Assert.That(threat.GetProperty("status").GetString(), Is.EqualTo("Open"));
            Assert.That(threat.GetProperty("ruleId").GetString(), Does.Match("^TL[0-9]{4}$"));
            Assert.That(threat.GetProperty("number").GetInt32(), Is.GreaterThan(0));
            Assert.That(threat.GetProperty("mitigation").GetString(), Is.Not.Empty);
            Assert.That(threat.GetProperty("description").GetString(), Is.Not.Empty);
        }

        Assert.That(root.GetProperty("detail").GetProperty("threatTop").GetInt32(), Is.EqualTo(threats.Count));
    }
}
