using System.Globalization;
using System.Text;
using ThreatLint.Catalog;
using ThreatLint.Findings;
using ThreatLint.Taxonomy;

namespace ThreatLint.ThreatModel;

/// <summary>
/// The threat model as GitHub-flavoured Markdown: data-flow diagram (Mermaid) with trust boundaries, components,
/// threats per component with STRIDE, attack vector and mitigation, the ATLAS matrix, OWASP LLM coverage and the
/// scorecard. Output depends only on the model: no timestamps, no absolute paths.
/// </summary>
public static class MarkdownReport
{
    private const int MaxLocationsPerThreat = 3;

    public static string Write(SystemModel model, string toolVersion)
    {
        var sb = new StringBuilder();
        Header(sb, model, toolVersion);
        DataFlow(sb, model);
        Components(sb, model);
        Threats(sb, model);
        Atlas(sb, model);
        Owasp(sb, model);
        ScorecardSection(sb, model);
        return sb.ToString();
    }

    private static void Header(StringBuilder sb, SystemModel model, string toolVersion)
    {
        var bySeverity = model.Threats.GroupBy(t => t.Severity).OrderByDescending(g => g.Key)
            .Select(g => g.Count().ToString(CultureInfo.InvariantCulture) + " " + g.Key.ToText()).ToList();
        var applicable = model.Scorecard.Count(c => c.Status is ControlStatus.Pass or ControlStatus.Fail);
        var passed = model.Scorecard.Count(c => c.Status == ControlStatus.Pass);
        sb.Append("# Threat model: ").Append(Text(model.Title)).Append("\n\n");
        sb.Append("Drafted by ThreatLint ").Append(toolVersion).Append(" from the repository's files. ")
            .Append(Count(model.Components.Count, "component")).Append(", ")
            .Append(Count(model.Flows.Count, "data flow")).Append(", ")
            .Append(Count(model.Boundaries.Count, "trust boundary", "trust boundaries")).Append(", ")
            .Append(Count(model.Threats.Count, "threat"))
            .Append(bySeverity.Count == 0 ? string.Empty : " (" + string.Join(", ", bySeverity) + ")")
            .Append(". Scorecard: ").Append(passed.ToString(CultureInfo.InvariantCulture)).Append(" of ")
            .Append(applicable.ToString(CultureInfo.InvariantCulture)).Append(" checked controls pass.\n\n");
        sb.Append("Components and flows are inferred from manifests, pipelines, Dockerfiles, project files and code. ")
            .Append("A threat is listed because a rule found evidence of it; review the model and add what no file shows.\n\n");
        foreach (var note in model.Notes)
        {
            sb.Append("> **Note:** ").Append(Text(note)).Append("\n\n");
        }
    }

    private static void DataFlow(StringBuilder sb, SystemModel model)
    {
        sb.Append("## Data flow\n\n");
        if (model.Components.Count == 0)
        {
            sb.Append("No components found.\n\n");
            return;
        }

        sb.Append("```mermaid\n").Append(Mermaid.Flowchart(model)).Append("```\n\n");
        sb.Append("Each box is a trust zone; dashed arrows cross a trust boundary:\n\n");
        if (model.Boundaries.Count == 0)
        {
            sb.Append("No flow crosses a zone.\n\n");
            return;
        }

        sb.Append("| Boundary | Crossing flows |\n|---|---|\n");
        foreach (var boundary in model.Boundaries)
        {
            var flows = boundary.Crossings.Select(f => Cell(model.Find(f.From)!.Name + " → " + model.Find(f.To)!.Name + " (" + f.Label + ")"));
            sb.Append("| ").Append(Cell(boundary.Name)).Append(" | ").Append(string.Join("<br>", flows)).Append(" |\n");
        }

        sb.Append('\n');
    }

    private static void Components(StringBuilder sb, SystemModel model)
    {
        sb.Append("## Components\n\n");
        sb.Append("| Component | Kind | Zone | Declared in | Threats |\n|---|---|---|---|---|\n");
        foreach (var component in model.Components)
        {
            var threats = model.ThreatsOf(component).Count();
            sb.Append("| ").Append(Cell(component.Name))
                .Append(component.Detail is null ? string.Empty : "<br><sub>" + Cell(component.Detail) + "</sub>")
                .Append(" | ").Append(KindName(component.Kind))
                .Append(" | ").Append(SystemModel.ZoneName(component.Zone))
                .Append(" | ").Append(component.Locations.Count == 0 ? "—" : string.Join("<br>", component.Locations.Take(MaxLocationsPerThreat).Select(l => Code(l.ToString()))) + More(component.Locations.Count))
                .Append(" | ").Append(threats == 0 ? "—" : threats.ToString(CultureInfo.InvariantCulture))
                .Append(" |\n");
        }

        sb.Append('\n');
    }

    private static void Threats(StringBuilder sb, SystemModel model)
    {
        sb.Append("## Threats (STRIDE per component)\n\n");
        if (model.Threats.Count == 0 && model.Unplaced.Count == 0)
        {
            sb.Append("No rule found evidence of a threat.\n\n");
            return;
        }

        foreach (var component in model.Components)
        {
            var threats = model.ThreatsOf(component).ToList();
            if (threats.Count == 0)
            {
                continue;
            }

            sb.Append("### ").Append(Text(component.Name)).Append("\n\n");
            var letters = Taxonomies.Stride.Categories
                .Select(c => (c.Id, c.Name, Count: threats.Count(t => t.Stride.Contains(c.Id))))
                .Where(x => x.Count > 0)
                .Select(x => x.Name + " " + x.Count.ToString(CultureInfo.InvariantCulture));
            sb.Append(KindName(component.Kind)).Append(" in ").Append(SystemModel.ZoneName(component.Zone))
                .Append(". STRIDE: ").Append(string.Join(", ", letters)).Append(".\n\n");
            ThreatTable(sb, threats);
        }

        if (model.Unplaced.Count > 0)
        {
            sb.Append("### Not tied to a component\n\n");
            sb.Append("These findings are in files where no component was recognised.\n\n");
            var threats = model.Unplaced
                .GroupBy(f => f.Rule)
                .Select(g => new Threat(string.Empty, g.Key, [.. g], AttackVectors.For(g.Key), g.Key.Remediation))
                .OrderByDescending(t => t.Severity).ThenBy(t => t.Rule.Id, StringComparer.Ordinal)
                .ToList();
            ThreatTable(sb, threats);
        }
    }

    private static void ThreatTable(StringBuilder sb, List<Threat> threats)
    {
        sb.Append("| STRIDE | Threat | Where | Attack vector | Mitigation |\n|---|---|---|---|---|\n");
        foreach (var threat in threats)
        {
            var rule = threat.Rule;
            var where = string.Join("<br>", threat.Findings.Take(MaxLocationsPerThreat).Select(f => Code(f.Path + ":" + f.Span.Line.ToString(CultureInfo.InvariantCulture))))
                + More(threat.Findings.Count);
            sb.Append("| ").Append(string.Join(", ", threat.Stride))
                .Append(" | [").Append(rule.Id).Append("](").Append(rule.HelpUri).Append(") ").Append(Cell(rule.Title))
                .Append(" (").Append(threat.Severity.ToText()).Append(')')
                .Append(threat.Findings[0].Message == rule.Title ? string.Empty : "<br><sub>" + Cell(threat.Findings[0].Message) + "</sub>")
                .Append(" | ").Append(where)
                .Append(" | ").Append(Cell(threat.AttackVector))
                .Append(" | ").Append(Mitigation(rule)).Append(Cell(threat.Fix))
                .Append(" |\n");
        }

        sb.Append('\n');
    }

    private static string Mitigation(RuleDescriptor rule) =>
        rule.Mitigation is { } id && Taxonomies.Atlas.FindMitigation(id) is { } mitigation
            ? "[" + mitigation.Id + "](" + mitigation.Url + ") " + Cell(mitigation.Name) + ": "
            : string.Empty;

    private static void Atlas(StringBuilder sb, SystemModel model)
    {
        var atlas = Taxonomies.Atlas;
        sb.Append("## MITRE ATLAS\n\n");
        var rulesByTechnique = model.Findings
            .Where(f => f.Rule.Family != RuleFamily.Scan)
            .SelectMany(f => f.Rule.Atlas.Select(t => (Technique: t, f.Rule.Id)))
            .GroupBy(x => x.Technique, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        if (rulesByTechnique.Count == 0)
        {
            sb.Append("No ATLAS technique is enabled by what was found.\n\n");
            return;
        }

        sb.Append("Techniques the findings enable, by tactic (ATLAS ").Append(atlas.Version).Append("). A technique appears under each of its tactics.\n\n");
        sb.Append("| Tactic | Techniques (rules) |\n|---|---|\n");
        foreach (var tactic in atlas.Tactics)
        {
            var techniques = atlas.Techniques
                .Where(t => rulesByTechnique.ContainsKey(t.Id) && t.Tactics.Contains(tactic.Id))
                .Select(t => "[" + t.Id + "](" + t.Url + ") " + Cell(t.DisplayName) + " (" + string.Join(", ", rulesByTechnique[t.Id]) + ")")
                .ToList();
            if (techniques.Count > 0)
            {
                sb.Append("| [").Append(Cell(tactic.Name)).Append("](").Append(tactic.Url).Append(") | ").Append(string.Join("<br>", techniques)).Append(" |\n");
            }
        }

        sb.Append('\n');
    }

    private static void Owasp(StringBuilder sb, SystemModel model)
    {
        var owasp = Taxonomies.Owasp;
        sb.Append("## OWASP Top 10 for LLM Applications ").Append(owasp.Edition).Append("\n\n");
        sb.Append("| Risk | Findings |\n|---|---|\n");
        foreach (var entry in owasp.Entries)
        {
            var findings = model.Findings.Where(f => f.Rule.Owasp.Contains(entry.Id)).ToList();
            var rules = findings.GroupBy(f => f.RuleId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => g.Key + (g.Count() > 1 ? " ×" + g.Count().ToString(CultureInfo.InvariantCulture) : string.Empty));
            sb.Append("| [").Append(entry.Id).Append("](").Append(entry.Url).Append(") ").Append(Cell(entry.Name))
                .Append(" | ").Append(findings.Count == 0 ? "—" : string.Join(", ", rules)).Append(" |\n");
        }

        sb.Append('\n');
    }

    private static void ScorecardSection(StringBuilder sb, SystemModel model)
    {
        sb.Append("## Scorecard\n\n");
        sb.Append("| Control | Result | Evidence |\n|---|---|---|\n");
        foreach (var control in model.Scorecard)
        {
            sb.Append("| ").Append(control.Name).Append(" | ").Append(StatusText(control.Status)).Append(" | ").Append(Cell(control.Evidence)).Append(" |\n");
        }

        sb.Append('\n');
    }

    public static string StatusText(ControlStatus status) => status switch
    {
        ControlStatus.Pass => "pass",
        ControlStatus.Fail => "**fail**",
        ControlStatus.NotApplicable => "n/a",
        _ => "not checked",
    };

    public static string KindName(ComponentKind kind) => kind switch
    {
        ComponentKind.Client => "Client",
        ComponentKind.Endpoint => "Endpoint",
        ComponentKind.Service => "Service",
        ComponentKind.ModelServer => "Model server",
        ComponentKind.ModelArtifact => "Model artifact",
        ComponentKind.ModelRegistry => "Model registry",
        ComponentKind.ModelHub => "Model hub",
        ComponentKind.TrainingPipeline => "Pipeline",
        ComponentKind.DataSource => "Data source",
        ComponentKind.FeatureStore => "Feature store",
        ComponentKind.ContainerImage => "Container image",
        ComponentKind.ContainerRegistry => "Image registry",
        ComponentKind.LlmClient => "LLM client",
        ComponentKind.LlmService => "LLM service",
        ComponentKind.VectorStore => "Vector store",
        ComponentKind.CiSystem => "CI",
        ComponentKind.SecretsStore => "Secrets store",
        _ => "Log sink",
    };

    private static string Count(int n, string singular, string? plural = null) =>
        n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? singular : plural ?? singular + "s");

    private static string More(int count) =>
        count > MaxLocationsPerThreat ? "<br>+" + (count - MaxLocationsPerThreat).ToString(CultureInfo.InvariantCulture) + " more" : string.Empty;

    private static string Code(string text) => "`" + text.Replace("`", "'") + "`";

    /// <summary>Text for a table cell: pipes escaped, markup characters neutralised, one line.</summary>
    private static string Cell(string text) => Text(text).Replace("|", "\\|");

    private static string Text(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            _ = c switch
            {
                '<' => sb.Append("&lt;"),
                '>' => sb.Append("&gt;"),
                '\r' or '\n' => sb.Append(' '),
                _ => sb.Append(c),
            };
        }

        return sb.ToString();
    }
}
