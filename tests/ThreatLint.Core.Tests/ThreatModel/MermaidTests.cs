using ThreatLint.ThreatModel;

namespace ThreatLint.Core.Tests.ThreatModel;

public class MermaidTests
{
    /// <summary>A model whose names carry every character that breaks an unescaped Mermaid label.</summary>
    internal static SystemModel HostileModel()
    {
        Component Make(string id, ComponentKind kind, string name, TrustZone zone) => new(id, kind, name, zone, [], null);
        var components = new List<Component>
        {
            Make("client-users", ComponentKind.Client, "Users \"quoted\" <b>bold</b>", TrustZone.Internet),
            Make("service-end", ComponentKind.Service, "end", TrustZone.Serving),
            Make("vectors-x", ComponentKind.VectorStore, "store #1 | [x] (y) {z} `tick` & more;", TrustZone.Serving),
            Make("llm-graph", ComponentKind.LlmService, "graph TD\nsubgraph", TrustZone.ThirdParty),
        };
        var flows = new List<Flow>
        {
            new("client-users", "service-end", "asks \"why?\" -->|x|"),
            new("vectors-x", "service-end", "chunks <script>"),
            new("service-end", "llm-graph", "end"),
        };
        return new SystemModel("hostile", components, flows, [], [], [], []);
    }

    [Test]
    public void Labels_are_quoted_and_escaped_and_node_ids_are_not_names()
    {
        var chart = Mermaid.Flowchart(HostileModel());

        Assert.That(chart, Does.StartWith("flowchart LR\n"));
        Assert.That(chart, Does.Contain("n1([\"Users #quot;quoted#quot; #lt;b#gt;bold#lt;/b#gt;\"])"));
        Assert.That(chart, Does.Contain("n2(\"end\")"), "a name that is a Mermaid keyword stays a label");
        Assert.That(chart, Does.Contain("n3[(\"store #35;1 #124; [x] (y) {z} #96;tick#96; #amp; more;\")]"));
        Assert.That(chart, Does.Contain("n4([\"graph TD subgraph\"])"), "line breaks cannot end a label");
        Assert.That(chart, Does.Contain("n1 -.->|\"asks #quot;why?#quot; --#gt;#124;x#124;\"| n2"), "a flow into another zone is dashed");
        Assert.That(chart, Does.Contain("n3 -->|\"chunks #lt;script#gt;\"| n2"), "a flow inside a zone is solid");
        Assert.That(chart, Does.Contain("subgraph zone_internet[\"Internet\"]"));
    }

    [Test]
    public void Zones_become_subgraphs_in_a_fixed_order()
    {
        var chart = Mermaid.Flowchart(HostileModel());

        Assert.That(chart.IndexOf("zone_internet", StringComparison.Ordinal), Is.LessThan(chart.IndexOf("zone_serving", StringComparison.Ordinal)));
        Assert.That(chart.IndexOf("zone_serving", StringComparison.Ordinal), Is.LessThan(chart.IndexOf("zone_thirdparty", StringComparison.Ordinal)));
        Assert.That(chart.Split('\n').Count(l => l.Trim() == "end"), Is.EqualTo(3));
    }
}
