using System.Globalization;
using ThreatLint.Catalog;
using ThreatLint.Findings;

namespace ThreatLint.ThreatModel;

/// <summary>
/// The default controls a reviewer checks on any AI/ML repository. Each is judged by the rules that detect its
/// absence: a finding fails it; no finding, with the rules implemented and something to judge, passes it.
/// </summary>
internal static class Scorecard
{
    private sealed record Control(string Name, string[] Rules, string Subjects, Func<Component, bool> Subject);

    private static readonly Control[] Controls =
    [
        new("Model signing", ["TL1004", "TL3005"], "model files and model-publishing pipelines",
            c => c.Kind is ComponentKind.ModelArtifact || (c.Kind is ComponentKind.CiSystem && c.Zone == TrustZone.Delivery)),
        new("Artifact provenance", ["TL1001", "TL1002", "TL1005", "TL1006", "TL1007", "TL1012", "TL1013", "TL2004", "TL2009", "TL3006", "TL4004", "TL5003", "TL5004"], "models, model servers and training pipelines",
            c => c.Kind is ComponentKind.ModelArtifact or ComponentKind.ModelServer or ComponentKind.TrainingPipeline or ComponentKind.ModelRegistry),
        new("Pinned third-party models", ["TL1010", "TL1011"], "hub models",
            c => c.Kind is ComponentKind.ModelHub),
        new("Pinned images and dependencies", ["TL4002", "TL3009", "TL3008", "TL4003", "TL4007"], "images and pipelines",
            c => c.Kind is ComponentKind.ContainerImage or ComponentKind.TrainingPipeline),
        new("Rate limits", ["TL2001", "TL2006", "TL5001", "TL5007"], "reachable endpoints",
            c => c.Kind is ComponentKind.Endpoint or ComponentKind.Service or ComponentKind.ModelServer && c.Zone == TrustZone.Serving),
        new("Authentication", ["TL2002", "TL2003", "TL2011", "TL4006", "TL5002"], "reachable endpoints",
            c => c.Kind is ComponentKind.Endpoint or ComponentKind.Service or ComponentKind.ModelServer && c.Zone == TrustZone.Serving),
        new("Secrets management", ["TL2010", "TL3007", "TL4005", "TL5008"], "components",
            c => c.Zone is not (TrustZone.Internet or TrustZone.ThirdParty)),
        new("Resource limits", ["TL2005"], "model servers and workloads",
            c => c.Kind is ComponentKind.ModelServer || (c.Kind is ComponentKind.Service && c.Locations.Any(l => l.Line > 0))),
        new("Container privileges", ["TL4001", "TL2008"], "images and workloads",
            c => c.Kind is ComponentKind.ContainerImage or ComponentKind.ModelServer || (c.Kind is ComponentKind.Service && c.Locations.Any(l => l.Line > 0))),
        new("Payload logging", ["TL2007", "TL5012"], "model servers and LLM clients",
            c => c.Kind is ComponentKind.ModelServer or ComponentKind.LogSink || (c.Kind is ComponentKind.Service && c.Detail?.Contains("LLM client") == true)),
        new("CI hardening", ["TL3001", "TL3002", "TL3003", "TL3004", "TL3010"], "CI workflows",
            c => c.Kind is ComponentKind.CiSystem && c.Zone == TrustZone.Delivery),
    ];

    public static IReadOnlyList<ControlResult> Judge(IReadOnlyList<Component> components, IReadOnlyList<Finding> findings, bool csharpAnalyzed)
    {
        var results = new List<ControlResult>(Controls.Length);
        foreach (var control in Controls)
        {
            var failing = findings.Where(f => control.Rules.Contains(f.RuleId, StringComparer.Ordinal)).ToList();
            var subjects = components.Where(control.Subject).ToList();
            var planned = control.Rules.Where(id => Catalog.Rules.Find(id) is { IsImplemented: false }).ToList();
            var csharp = csharpAnalyzed ? [] : control.Rules.Where(id => id.StartsWith("TL5", StringComparison.Ordinal)).Except(planned).ToList();
            if (failing.Count > 0)
            {
                results.Add(new ControlResult(control.Name, ControlStatus.Fail, Evidence(failing), control.Rules));
            }
            else if (subjects.Count == 0)
            {
                results.Add(new ControlResult(control.Name, ControlStatus.NotApplicable, "No " + control.Subjects + " found.", control.Rules));
            }
            else if (planned.Count + csharp.Count == control.Rules.Length)
            {
                results.Add(new ControlResult(control.Name, ControlStatus.NotChecked, "Applies to " + Names(subjects) + "." + Unchecked(planned, csharp), control.Rules));
            }
            else
            {
                var checkedBy = control.Rules.Except(planned).Except(csharp).ToList();
                var note = Unchecked(planned, csharp);
                results.Add(new ControlResult(control.Name, ControlStatus.Pass, "No finding from " + string.Join(", ", checkedBy) + " on " + Names(subjects) + "." + note, control.Rules));
            }
        }

        return results;
    }

    private static string Unchecked(List<string> planned, List<string> csharp) =>
        (planned.Count == 0 ? string.Empty : " Not implemented yet: " + string.Join(", ", planned) + ".")
        + (csharp.Count == 0 ? string.Empty : " C# not analysed in this report: " + string.Join(", ", csharp) + ".");

    private static string Evidence(List<Finding> failing)
    {
        var shown = failing.Take(3).Select(f => f.RuleId + " at " + f.Path + ":" + f.Span.Line.ToString(CultureInfo.InvariantCulture));
        var more = failing.Count > 3 ? " and " + (failing.Count - 3).ToString(CultureInfo.InvariantCulture) + " more" : string.Empty;
        return string.Join("; ", shown) + more + ".";
    }

    private static string Names(List<Component> subjects)
    {
        var shown = string.Join(", ", subjects.Take(3).Select(s => s.Name));
        return subjects.Count > 3 ? shown + " and " + (subjects.Count - 3).ToString(CultureInfo.InvariantCulture) + " more" : shown;
    }
}
