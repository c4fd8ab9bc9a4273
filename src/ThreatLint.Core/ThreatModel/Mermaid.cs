using System.Text;

namespace ThreatLint.ThreatModel;

/// <summary>
/// The data-flow diagram as a Mermaid flowchart: one subgraph per trust zone (the trust boundaries), shapes by DFD role
/// (actor: stadium, process: rounded box, store: cylinder), dashed arrows for flows that cross a boundary. Every label is
/// quoted and escaped with Mermaid entity codes.
/// </summary>
public static class Mermaid
{
    public static string Flowchart(SystemModel model)
    {
        var sb = new StringBuilder();
        sb.Append("flowchart LR\n");
        var ids = NodeIds(model);
        foreach (var zone in model.Components.Select(c => c.Zone).Distinct().OrderBy(z => z))
        {
            sb.Append("  subgraph ").Append(ZoneId(zone)).Append("[\"").Append(Escape(SystemModel.ZoneName(zone))).Append("\"]\n");
            foreach (var component in model.Components.Where(c => c.Zone == zone))
            {
                sb.Append("    ").Append(ids[component.Id]).Append(Shape(component)).Append('\n');
            }

            sb.Append("  end\n");
        }

        foreach (var flow in model.Flows)
        {
            // A flow that leaves its zone crosses a trust boundary: drawn dashed so the crossings stand out.
            var crosses = model.Find(flow.From)!.Zone != model.Find(flow.To)!.Zone;
            sb.Append("  ").Append(ids[flow.From]).Append(crosses ? " -.->|\"" : " -->|\"").Append(Escape(flow.Label)).Append("\"| ").Append(ids[flow.To]).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>Node ids: <c>n1</c>, <c>n2</c>… in component order (ids from names could collide with Mermaid keywords).</summary>
    public static IReadOnlyDictionary<string, string> NodeIds(SystemModel model) =>
        model.Components.Select((c, i) => (c.Id, Node: "n" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ToDictionary(x => x.Id, x => x.Node, StringComparer.Ordinal);

    /// <summary>Text safe inside a quoted Mermaid label: quotes and markup characters become entity codes.</summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => sb.Append("#quot;"),
                '<' => sb.Append("#lt;"),
                '>' => sb.Append("#gt;"),
                '&' => sb.Append("#amp;"),
                '#' => sb.Append("#35;"),
                '|' => sb.Append("#124;"),
                '`' => sb.Append("#96;"),
                '\r' or '\n' or '\t' => sb.Append(' '),
                _ => sb.Append(c),
            };
        }

        return sb.ToString();
    }

    private static string Shape(Component component)
    {
        var label = Escape(component.Name);
        return component.Shape switch
        {
            ComponentShape.Actor => "([\"" + label + "\"])",
            ComponentShape.Store => "[(\"" + label + "\")]",
            _ => "(\"" + label + "\")",
        };
    }

    private static string ZoneId(TrustZone zone) => "zone_" + zone.ToString().ToLowerInvariant();
}
