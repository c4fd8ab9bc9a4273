using ThreatLint.Documents.Yaml;
using ThreatLint.Findings;

namespace ThreatLint.Core.Tests.Yaml;

public class YamlFileTests
{
    [Test]
    public void Reads_every_document_of_a_stream_with_positions()
    {
        var file = YamlFile.Parse("""
            # leading comment
            apiVersion: v1
            kind: Service
            metadata:
              name: llm   # trailing comment
            ---
            ---
            apiVersion: apps/v1
            kind: Deployment
            """);

        Assert.Multiple(() =>
        {
            Assert.That(file.Problem, Is.Null, file.Problem?.Message);
            Assert.That(file.Documents, Has.Count.EqualTo(3));
            Assert.That(file.Documents[1].Root, Is.Null, "an empty document");
            Assert.That(file.Roots.Select(r => r["kind"]?.Text), Is.EqualTo(new[] { "Service", "Deployment" }));
            var name = file.Documents[0].Root!["metadata"]!["name"]!;
            Assert.That(name.Text, Is.EqualTo("llm"));
            Assert.That(name.Span, Is.EqualTo(new SourceSpan(5, 9, 5, 12)));
            Assert.That(file.Documents[2].StartLine, Is.EqualTo(7), "the line of its --- marker");
        });
    }

    [Test]
    public void Aliases_are_the_anchored_node_and_merge_keys_resolve_with_own_keys_winning()
    {
        var file = YamlFile.Parse("""
            x-common: &common
              image: vllm/vllm-openai:v0.6.3
              environment: &env
                HF_TOKEN: ${HF_TOKEN}
            services:
              llm:
                <<: *common
                image: vllm/vllm-openai:latest
              other:
                <<: [*common]
                environment: *env
            """);
        var services = file.Roots.Single()["services"]!;

        Assert.Multiple(() =>
        {
            Assert.That(services["llm"]!["image"]!.Text, Is.EqualTo("vllm/vllm-openai:latest"), "own keys win over merged ones");
            Assert.That(services["llm"]!["environment"]!["HF_TOKEN"]!.Text, Is.EqualTo("${HF_TOKEN}"));
            Assert.That(((YamlMapping)services["llm"]!).GetEntry("environment")!.IsMerged, Is.True);
            Assert.That(services["other"]!["image"]!.Line, Is.EqualTo(2), "a value injected by an anchor is where the anchor defines it");
            Assert.That(services["other"]!["environment"], Is.SameAs(file.Roots.Single()["x-common"]!["environment"]));
        });
    }

    [Test]
    public void Spans_inside_a_literal_block_scalar_are_exact()
    {
        var file = YamlFile.Parse("""
            steps:
              - run: |
                  pip install -U transformers
                    curl -sSL https://example.com/x.sh | bash
            """);
        var run = (YamlScalar)file.Roots.Single()["steps"]!.Items[0]["run"]!;
        var curl = run.Value.IndexOf("curl", StringComparison.Ordinal);

        Assert.Multiple(() =>
        {
            Assert.That(run.SpanOf(0, 3), Is.EqualTo(new SourceSpan(3, 7, 3, 10)));
            Assert.That(run.SpanOf(curl, 4), Is.EqualTo(new SourceSpan(4, 9, 4, 13)));
        });
    }

    [Test]
    public void Spans_inside_quoted_and_folded_scalars_follow_the_source()
    {
        var file = YamlFile.Parse("""
            a: "say \"hi\" --trust-remote-code"
            b: 'it''s --api-key'
            c: >-
              vllm serve org/model
              --trust-remote-code
            """);
        var root = file.Roots.Single();
        var a = (YamlScalar)root["a"]!;
        var b = (YamlScalar)root["b"]!;
        var c = (YamlScalar)root["c"]!;

        Assert.Multiple(() =>
        {
            Assert.That(a.SpanOf(a.Value.IndexOf("--", StringComparison.Ordinal), 2).Column, Is.EqualTo(16));
            Assert.That(b.SpanOf(b.Value.IndexOf("--", StringComparison.Ordinal), 2).Column, Is.EqualTo(11));
            Assert.That(c.Value, Is.EqualTo("vllm serve org/model --trust-remote-code"));
            Assert.That(c.SpanOf(c.Value.IndexOf("--", StringComparison.Ordinal), 19), Is.EqualTo(new SourceSpan(5, 3, 5, 22)));
        });
    }

    [Test]
    public void Scalars_know_nulls_booleans_and_integers_as_yaml_1_1_loaders_read_them()
    {
        var root = YamlFile.Parse("a: ~\nb: \"\"\nc: yes\nd: 'true'\ne: 8080\nf: !!str 5\n").Roots.Single();

        Assert.Multiple(() =>
        {
            Assert.That(((YamlScalar)root["a"]!).IsNull, Is.True);
            Assert.That(root["a"]!.Text, Is.Null);
            Assert.That(((YamlScalar)root["b"]!).IsNull, Is.False, "a quoted empty string is a value");
            Assert.That(((YamlScalar)root["c"]!).AsBoolean, Is.True);
            Assert.That(((YamlScalar)root["d"]!).AsBoolean, Is.Null, "a quoted 'true' is a string");
            Assert.That(((YamlScalar)root["e"]!).AsInteger, Is.EqualTo(8080));
            Assert.That(((YamlScalar)root["f"]!).AsInteger, Is.Null);
        });
    }

    [Test]
    public void A_syntax_error_keeps_the_documents_before_it_and_says_where()
    {
        var file = YamlFile.Parse("kind: Service\n---\nkind: Deployment\n  bad: [\n");

        Assert.Multiple(() =>
        {
            Assert.That(file.Documents, Has.Count.EqualTo(1));
            Assert.That(file.Problem, Is.Not.Null);
            Assert.That(file.Problem!.IsLimit, Is.False);
            Assert.That(file.Problem.Span.Line, Is.EqualTo(4));
            Assert.That(file.Problem.Message, Does.StartWith("invalid YAML: "));
            Assert.That(file.Problem.Message, Does.Not.Contain("Idx:"));
        });
    }

    [Test]
    public void An_alias_to_no_anchor_is_a_syntax_problem()
    {
        var file = YamlFile.Parse("a: *missing\n");

        Assert.That(file.Problem?.Message, Does.Contain("*missing"));
    }

    [Test]
    public void Billion_laughs_costs_nothing_to_parse_and_a_walk_stops_at_its_bound()
    {
        var lines = new List<string> { "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]" };
        for (var i = 1; i < 30; i++)
        {
            lines.Add($"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]");
        }

        var file = YamlFile.Parse(string.Join("\n", lines));

        Assert.Multiple(() =>
        {
            Assert.That(file.Problem, Is.Null);
            Assert.That(() => YamlFile.Walk(file.Roots.Single()).Count(), Throws.TypeOf<ScanLimitException>());
        });
    }

    [Test]
    public void Deep_nesting_is_a_limit_problem_not_a_crash()
    {
        var file = YamlFile.Parse(new string('[', 5000) + new string(']', 5000));

        Assert.Multiple(() =>
        {
            Assert.That(file.Problem?.IsLimit, Is.True);
            Assert.That(file.Problem!.Message, Does.Contain("nesting"));
        });
    }

    [Test]
    public void Helm_template_actions_are_masked_keeping_positions()
    {
        var file = YamlFile.Parse("""
            {{- if .Values.enabled }}
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: {{ include "chart.fullname" . }}
              annotations:
                {{- toYaml .Values.annotations | nindent 4 }}
            spec:
              predictor:
                model:
                  storageUri: "{{ .Values.storageUri }}"
            {{- end }}
            """);
        var root = file.Roots.Single();

        Assert.Multiple(() =>
        {
            Assert.That(file.IsTemplate, Is.True);
            Assert.That(file.Problem, Is.Null);
            Assert.That(root["kind"]!.Text, Is.EqualTo("InferenceService"));
            Assert.That(root["metadata"]!["name"]!.Text, Does.StartWith("${").And.EndWith("}"));
            Assert.That(root["spec"]!["predictor"]!["model"]!["storageUri"]!.Line, Is.EqualTo(11));
            Assert.That(file.Text, Does.Contain("{{ .Values.storageUri }}"), "the file text is the original");
        });
    }

    [Test]
    public void GitHub_expressions_are_yaml_already_and_not_masked()
    {
        var file = YamlFile.Parse("run: echo \"${{ github.event.issue.title }}\"\n# ${{ github.head_ref }} in a comment\n");

        Assert.Multiple(() =>
        {
            Assert.That(file.IsTemplate, Is.False);
            Assert.That(file.Roots.Single()["run"]!.Text, Is.EqualTo("echo \"${{ github.event.issue.title }}\""));
        });
    }

    [Test]
    public void Views_are_built_once_per_file()
    {
        var file = YamlFile.Parse("kind: Pod\n");
        var built = 0;

        var first = file.View(f => { built++; return new List<string>(); });
        var second = file.View(f => { built++; return new List<string>(); });

        Assert.Multiple(() =>
        {
            Assert.That(second, Is.SameAs(first));
            Assert.That(built, Is.EqualTo(1));
        });
    }

    [Test]
    public void Binary_garbage_is_a_problem_not_an_exception()
    {
        var garbage = new string(Enumerable.Range(0, 4096).Select(i => (char)((i * 7919) % 0x2FF)).ToArray());

        Assert.That(() => YamlFile.Parse(garbage), Throws.Nothing);
    }
}
