using ThreatLint.Core.Tests.Rules.Serving;

namespace ThreatLint.Core.Tests.Serving;

/// <summary>Malformed and hostile serving files become TL9001/TL9002 findings with a line; the scan goes on.</summary>
public class ServingHostileInputTests
{
    [Test]
    public void Malformed_yaml_is_reported_at_its_line_and_other_files_are_still_judged()
    {
        var findings = ServingScan.Run(
            ("broken.yaml", "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template: [\n"),
            ("config.properties", "management_address=http://0.0.0.0:8081\ndisable_token_authorization=true\n"));
        Assert.Multiple(() =>
        {
            Assert.That(findings.Where(f => f.RuleId == "TL9001").Select(f => f.Path + "@" + f.Span.Line), Is.EqualTo(new[] { "broken.yaml@5" }));
            Assert.That(findings.Of("TL2002"), Is.EqualTo(new[] { "config.properties@1" }));
        });
    }

    [Test]
    public void An_alias_bomb_in_a_manifest_is_a_bounded_skip_not_a_hang()
    {
        var text = new System.Text.StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\nx0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
        for (var i = 1; i < 10; i++)
        {
            text.Append("x").Append(i).Append(": &a").Append(i).Append(" [").Append(string.Join(", ", Enumerable.Repeat("*a" + (i - 1), 10))).Append("]\n");
        }

        text.Append("data: *a9\n");
        var findings = ServingScan.Run(("bomb.yaml", text.ToString()));
        Assert.That(findings.Where(f => f.RuleId == "TL9002").Select(f => f.Path), Is.Not.Empty.And.All.EqualTo("bomb.yaml"));
    }

    [Test]
    public void A_deeply_templated_chart_is_read_around_the_unknown_values()
    {
        var findings = ServingScan.Run(("chart/templates/svc.yaml",
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  type: {{ .Values.service.type }}\n  {{- with .Values.service.ports }}\n  ports: {{ toYaml . | nindent 4 }}\n  {{- end }}\n"));
        Assert.That(findings.Where(f => f.RuleId.StartsWith("TL", StringComparison.Ordinal)), Is.Empty);
    }
}
