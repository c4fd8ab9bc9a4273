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
    private sealed record Control(string Name, string[] Rules, string Subjects, Func<Component, ISet<string>, bool> Subject);

    private static readonly Control[] Controls =
    [
        new("Model signing", ["TL1004", "TL3005"], "model files and model-publishing pipelines",
            (c, publishers) => c.Kind is ComponentKind.ModelArtifact || publishers.Contains(c.Id)),
        new("Artifact provenance", ["TL1001", "TL1002", "TL1005", "TL1006", "TL1007", "TL1012", "TL1013", "TL2004", "TL2009", "TL3006", "TL4004", "TL5003", "TL5004"], "models, model servers and training pipelines",
            (c, _) => c.Kind is ComponentKind.ModelArtifact or ComponentKind.ModelServer or ComponentKind.TrainingPipeline or ComponentKind.ModelRegistry),
        new("Pinned third-party models", ["TL1010", "TL1011"], "hub models",
            (c, _) => c.Kind is ComponentKind.ModelHub),
        new("Pinned images and dependencies", ["TL4002", "TL3009", "TL3008", "TL4003", "TL4007"], "images and pipelines",
            (c, _) => c.Kind is ComponentKind.ContainerImage or ComponentKind.TrainingPipeline),
        new("Rate limits", ["TL2001", "TL2006", "TL5001", "TL5007"], "reachable endpoints",
            (c, _) => c.Kind is ComponentKind.Endpoint or ComponentKind.Service or ComponentKind.ModelServer && c.Zone == TrustZone.Serving),
        new("Authentication", ["TL2002", "TL2003", "TL2011", "TL4006", "TL5002"], "reachable endpoints",
            (c, _) => c.Kind is ComponentKind.Endpoint or ComponentKind.Service or ComponentKind.ModelServer && c.Zone == TrustZone.Serving),
        new("Secrets management", ["TL2010", "TL3007", "TL4005", "TL5008"], "components",
            (c, _) => c.Zone is not (TrustZone.Internet or TrustZone.ThirdParty)),
        new("Resource limits", ["TL2005"], "model servers and workloads",
            (c, _) => c.Kind is ComponentKind.ModelServer || (c.Kind is ComponentKind.Service && c.Locations.Any(l => l.Line > 0))),
        new("Container privileges", ["TL4001", "TL2008"], "images and workloads",
            (c, _) => c.Kind is ComponentKind.ContainerImage or ComponentKind.ModelServer || (c.Kind is ComponentKind.Service && c.Locations.Any(l => l.Line > 0))),
        new("Payload logging", ["TL2007", "TL5012"], "model servers and LLM clients",
            (c, _) => c.Kind is ComponentKind.ModelServer or ComponentKind.LogSink || (c.Kind is ComponentKind.Service && c.Detail?.Contains("LLM client") == true)),
        new("CI hardening", ["TL3001", "TL3002", "TL3003", "TL3004", "TL3010"], "CI workflows",
            (c, _) => c.Kind is ComponentKind.CiSystem && c.Zone == TrustZone.Delivery),
    ];

    public static IReadOnlyList<ControlResult> Judge(IReadOnlyList<Component> components, IReadOnlyList<Flow> flows, IReadOnlyList<Finding> findings, bool csharpAnalyzed)
    {
        var kinds = components.ToDictionary(c => c.Id, c => c.Kind, StringComparer.Ordinal);

        // Pipelines and CI jobs that put models into a registry or hub publish models.
        var publishers = new HashSet<string>(
            flows.Where(f => kinds.TryGetValue(f.To, out var kind) && kind is ComponentKind.ModelRegistry or ComponentKind.ModelHub).Select(f => f.From),
            StringComparer.Ordinal);
        var results = new List<ControlResult>(Controls.Length);
        foreach (var control in Controls)
        {
            var failing = findings.Where(f => control.Rules.Contains(f.RuleId, StringComparer.Ordinal)).ToList();
            var subjects = components.Where(c => control.Subject(c, publishers)).ToList();
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
                // A rule vouches only for the subjects whose files it reads (TL5xxx reads C#, TL4xxx Dockerfiles...).
                var available = control.Rules.Except(planned).Except(csharp).ToList();
                var seen = subjects.Where(s => available.Any(r => s.Locations.Any(l => Reads(r, l.Path)))).ToList();
                var checkedBy = available.Where(r => seen.Any(s => s.Locations.Any(l => Reads(r, l.Path)))).ToList();
                var note = Unchecked(planned, csharp);
                results.Add(seen.Count == 0
                    ? new ControlResult(control.Name, ControlStatus.NotChecked, "Applies to " + Names(subjects) + ", whose files no implemented rule of this control reads." + note, control.Rules)
                    : new ControlResult(control.Name, ControlStatus.Pass, "No finding from " + string.Join(", ", checkedBy) + " on " + Names(seen) + "." + note, control.Rules));
            }
        }

        return results;
    }

    /// <summary>Whether the rule reads the file at <paramref name="path"/> (by the document kinds its family covers).</summary>
    private static bool Reads(string ruleId, string path)
    {
        var name = path.Substring(path.LastIndexOf('/') + 1);
        var dockerfile = name.IndexOf("Dockerfile", StringComparison.OrdinalIgnoreCase) >= 0;
        var yaml = name.EndsWith(".yml", StringComparison.Ordinal) || name.EndsWith(".yaml", StringComparison.Ordinal) || name.EndsWith(".dvc", StringComparison.Ordinal) || name == "MLproject";
        var python = name.EndsWith(".py", StringComparison.Ordinal) || name.EndsWith(".ipynb", StringComparison.Ordinal);
        var csharp = name.EndsWith(".cs", StringComparison.Ordinal) || name.EndsWith(".csproj", StringComparison.Ordinal);
        return ruleId switch
        {
            "TL2010" => !csharp,
            "TL3008" => dockerfile || yaml,
            _ when ruleId.StartsWith("TL5", StringComparison.Ordinal) => csharp,
            _ when ruleId.StartsWith("TL4", StringComparison.Ordinal) => dockerfile,
            _ when ruleId.StartsWith("TL3", StringComparison.Ordinal) || ruleId.StartsWith("TL2", StringComparison.Ordinal) => yaml,
            _ when string.CompareOrdinal(ruleId, "TL1010") >= 0 => python || yaml || dockerfile,
            _ => !(dockerfile || yaml || python || csharp),
        };
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
