using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ThreatLint.Catalog;
using ThreatLint.Reporting;
using ThreatLint.Taxonomy;

namespace ThreatLint.ThreatModel;

/// <summary>
/// The threat model as an OWASP Threat Dragon v2 model (the JSON the desktop and web apps open): one STRIDE diagram
/// whose trust zones are boundary boxes laid out as columns, components as actor/process/store cells, flows as
/// edges, and each threat on the cell it belongs to. Cell and threat ids are derived from the model, so the same
/// repository exports the same file.
/// </summary>
public static class ThreatDragonExport
{
    /// <summary>The Threat Dragon model version written (2.x files open in Threat Dragon 2.0 and later).</summary>
    public const string FormatVersion = "2.3.0";

    private const int ZoneWidth = 240;
    private const int ZoneGap = 60;
    private const int RowHeight = 110;
    private const int NodeWidth = 160;
    private const int NodeHeight = 70;

    public static string Write(SystemModel model, string toolVersion)
    {
        var sb = new StringBuilder();
        var json = new JsonWriter(sb);
        var number = 0;
        json.StartObject()
            .Property("version", FormatVersion)
            .StartObject("summary")
            .Property("title", "Threat model: " + model.Title)
            .Property("owner", string.Empty)
            .Property("description", "Drafted by ThreatLint " + toolVersion + " from the repository's files. Review it and add what no file shows.")
            .Property("id", 0)
            .EndObject()
            .StartObject("detail")
            .StartArray("contributors").EndArray()
            .StartArray("diagrams")
            .StartObject()
            .Property("id", 0)
            .Property("title", model.Title + " data flow")
            .Property("diagramType", "STRIDE")
            .Property("placeholder", string.Empty)
            .Property("thumbnail", "./public/content/images/thumbnail.stride.jpg")
            .Property("version", FormatVersion)
            .StartArray("cells");

        var zones = model.Components.Select(c => c.Zone).Distinct().OrderBy(z => z).ToList();
        var z = 1;
        foreach (var (zone, column) in zones.Select((zone, i) => (zone, i)))
        {
            var members = model.Components.Where(c => c.Zone == zone).ToList();
            var (x, y) = (40 + column * (ZoneWidth + ZoneGap), 40);
            json.StartObject()
                .Position(x, y).Size(ZoneWidth, 60 + members.Count * RowHeight)
                .StartObject("attrs").StartObject("label").Property("text", SystemModel.ZoneName(zone)).EndObject().EndObject()
                .Property("visible", true)
                .Property("shape", "trust-boundary-box")
                .Property("id", Id("zone:" + zone))
                .Property("zIndex", -1)
                .StartObject("data")
                .Property("type", "tm.BoundaryBox")
                .Property("name", SystemModel.ZoneName(zone))
                .Property("description", string.Empty)
                .Property("isTrustBoundary", true)
                .Property("hasOpenThreats", false)
                .EndObject()
                .EndObject();

            foreach (var (component, row) in members.Select((c, i) => (c, i)))
            {
                var threats = model.ThreatsOf(component).ToList();
                var (shape, type) = component.Shape switch
                {
                    ComponentShape.Actor => ("actor", "tm.Actor"),
                    ComponentShape.Store => ("store", "tm.Store"),
                    _ => ("process", "tm.Process"),
                };
                json.StartObject()
                    .Position(x + (ZoneWidth - NodeWidth) / 2, y + 50 + row * RowHeight).Size(NodeWidth, NodeHeight)
                    .StartObject("attrs").StartObject("text").Property("text", component.Name).EndObject().EndObject()
                    .Property("visible", true)
                    .Property("shape", shape)
                    .Property("id", Id("component:" + component.Id))
                    .Property("zIndex", ++z)
                    .StartObject("data")
                    .Property("type", type)
                    .Property("name", component.Name)
                    .Property("description", Description(component))
                    .Property("outOfScope", false)
                    .Property("reasonOutOfScope", string.Empty)
                    .Property("hasOpenThreats", threats.Count > 0);
                switch (component.Shape)
                {
                    case ComponentShape.Actor:
                        json.Property("providesAuthentication", false);
                        break;
                    case ComponentShape.Store:
                        json.Property("isALog", component.Kind == ComponentKind.LogSink)
                            .Property("isEncrypted", false)
                            .Property("isSigned", false)
                            .Property("storesCredentials", component.Kind == ComponentKind.SecretsStore)
                            .Property("storesInventory", false);
                        break;
                    default:
                        json.Property("handlesCardPayment", false)
                            .Property("handlesGoodsOrServices", false)
                            .Property("isWebApplication", component.Kind is ComponentKind.Endpoint or ComponentKind.Service)
                            .Property("privilegeLevel", string.Empty);
                        break;
                }

                json.StartArray("threats");
                foreach (var threat in threats)
                {
                    Threat(json, threat, ++number);
                }

                json.EndArray().EndObject().EndObject();
            }
        }

        foreach (var flow in model.Flows)
        {
            var (from, to) = (model.Find(flow.From)!, model.Find(flow.To)!);
            json.StartObject()
                .Property("shape", "flow")
                .StartObject("attrs").StartObject("line")
                .Property("stroke", "#333333")
                .StartObject("targetMarker").Property("name", "block").EndObject()
                .StartObject("sourceMarker").Property("name", string.Empty).EndObject()
                .EndObject().EndObject()
                .StartArray("labels").StartObject()
                .StartObject("position").Property("distance", 0.5).EndObject()
                .StartObject("attrs").StartObject("label").Property("text", flow.Label).EndObject().EndObject()
                .EndObject().EndArray()
                .Property("connector", "smooth")
                .Property("id", Id("flow:" + flow.From + ">" + flow.To + ":" + flow.Label))
                .Property("zIndex", ++z)
                .StartObject("source").Property("cell", Id("component:" + flow.From)).EndObject()
                .StartObject("target").Property("cell", Id("component:" + flow.To)).EndObject()
                .StartObject("data")
                .Property("type", "tm.Flow")
                .Property("name", flow.Label)
                .Property("description", from.Name + " → " + to.Name + (from.Zone != to.Zone ? " (crosses " + SystemModel.ZoneName(from.Zone) + " ↔ " + SystemModel.ZoneName(to.Zone) + ")" : string.Empty))
                .Property("outOfScope", false)
                .Property("reasonOutOfScope", string.Empty)
                .Property("hasOpenThreats", false)
                .Property("isBidirectional", false)
                .Property("isEncrypted", false)
                .Property("isPublicNetwork", from.Zone == TrustZone.Internet || to.Zone == TrustZone.Internet)
                .Property("protocol", string.Empty)
                .StartArray("threats").EndArray()
                .EndObject()
                .EndObject();
        }

        json.EndArray().EndObject().EndArray()
            .Property("diagramTop", 1)
            .Property("reviewer", string.Empty)
            .Property("threatTop", number)
            .EndObject()
            .EndObject();
        return sb.ToString();
    }

    /// <summary>Threat Dragon's names for the STRIDE categories (its <c>type</c> values).</summary>
    public static string StrideType(string letter) => letter switch
    {
        "S" => "Spoofing",
        "T" => "Tampering",
        "R" => "Repudiation",
        "I" => "Information disclosure",
        "D" => "Denial of service",
        _ => "Elevation of privilege",
    };

    private static void Threat(JsonWriter json, Threat threat, int number)
    {
        var rule = threat.Rule;
        var locations = string.Join(", ", threat.Findings.Select(f => f.Path + ":" + f.Span.Line.ToString(CultureInfo.InvariantCulture)));
        var mitigation = rule.Mitigation is { } id && Taxonomies.Atlas.FindMitigation(id) is { } m ? m.Id + " " + m.Name + ": " : string.Empty;
        json.StartObject()
            .Property("id", Id("threat:" + threat.ComponentId + ":" + rule.Id))
            .Property("title", rule.Id + " " + rule.Title)
            .Property("status", "Open")
            .Property("severity", threat.Severity switch
            {
                Severity.Critical => "Critical",
                Severity.High => "High",
                Severity.Medium => "Medium",
                _ => "Low",
            })
            .Property("type", StrideType(threat.Stride.FirstOrDefault() ?? "T"))
            .Property("description", threat.AttackVector + " Evidence: " + threat.Findings[0].Message + " Found at " + locations + ". STRIDE " + string.Join(", ", threat.Stride) + "; ATLAS " + string.Join(", ", rule.Atlas) + (rule.Owasp.Count > 0 ? "; OWASP " + string.Join(", ", rule.Owasp) : string.Empty) + ".")
            .Property("mitigation", mitigation + threat.Fix)
            .Property("modelType", "STRIDE")
            .Property("new", false)
            .Property("number", number)
            .Property("score", string.Empty)
            .Property("ruleId", rule.Id)
            .EndObject();
    }

    private static string Description(Component component) =>
        MarkdownReport.KindName(component.Kind) + (component.Detail is null ? string.Empty : " (" + component.Detail + ")")
        + (component.Locations.Count == 0 ? string.Empty : ". Declared in " + string.Join(", ", component.Locations.Select(l => l.ToString())) + ".");

    private static JsonWriter Position(this JsonWriter json, int x, int y) =>
        json.StartObject("position").Property("x", x).Property("y", y).EndObject();

    private static JsonWriter Size(this JsonWriter json, int width, int height) =>
        json.StartObject("size").Property("width", width).Property("height", height).EndObject();

    /// <summary>A UUID-shaped id derived from <paramref name="key"/>: stable across runs, unique per key.</summary>
    private static string Id(string key)
    {
        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(key));
        var hex = BitConverter.ToString(hash, 0, 16).Replace("-", string.Empty).ToLowerInvariant();
        return hex.Substring(0, 8) + "-" + hex.Substring(8, 4) + "-4" + hex.Substring(13, 3) + "-8" + hex.Substring(17, 3) + "-" + hex.Substring(20, 12);
    }
}
