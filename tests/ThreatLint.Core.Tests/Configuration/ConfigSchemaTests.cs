using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using ThreatLint.Configuration;
using YamlDotNet.RepresentationModel;

namespace ThreatLint.Core.Tests.Configuration;

/// <summary>
/// docs/threatlint.schema.json is generated from the loader's own tables (keys, kinds, rules, options, choices);
/// <c>THREATLINT_UPDATE_DOCS=1</c> regenerates it. The documented examples and the starter file validate against it
/// and load without a problem; files the loader rejects are rejected by the schema too.
/// </summary>
public class ConfigSchemaTests
{
    private static readonly string SchemaPath = RepoPaths.Of("docs/threatlint.schema.json");

    // The library keeps a registry of schemas by $id: load the file once.
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(SchemaPath)));

    [Test]
    public void Schema_file_is_generated_from_the_loader()
    {
        var expected = Generate();
        if (Environment.GetEnvironmentVariable("THREATLINT_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(SchemaPath, expected);
        }

        Assert.That(File.ReadAllText(SchemaPath).ReplaceLineEndings("\n"), Is.EqualTo(expected), "run THREATLINT_UPDATE_DOCS=1 dotnet test tests/ThreatLint.Core.Tests to regenerate");
    }

    [TestCaseSource(nameof(DocumentedExamples))]
    public void Documented_example_validates_and_loads_cleanly(string yaml)
    {
        Assert.Multiple(() =>
        {
            Assert.That(Validate(yaml), Is.Empty);
            Assert.That(ConfigLoader.Parse(yaml, "/repo/.threatlint.yml").Problems, Is.Empty);
        });
    }

    [Test]
    public void Starter_file_validates_and_loads_cleanly()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Validate(StarterConfig.Text), Is.Empty);
            Assert.That(ConfigLoader.Parse(StarterConfig.Text, "/repo/.threatlint.yml").Problems, Is.Empty);
        });
    }

    [TestCase("failOn: sometimes\n")]
    [TestCase("rules:\n  TL4001: loud\n")]
    [TestCase("rules:\n  TL9999: off\n")]
    [TestCase("rules:\n  TL4001:\n    trustedRegistries: [x]\n")]
    [TestCase("files:\n  - pattern: x\n    kind: spreadsheet\n")]
    [TestCase("colour: blue\n")]
    public void Files_the_loader_rejects_fail_the_schema_too(string yaml)
    {
        Assert.Multiple(() =>
        {
            Assert.That(Validate(yaml), Is.Not.Empty);
            Assert.That(ConfigLoader.Parse(yaml, "/repo/.threatlint.yml").Problems, Is.Not.Empty);
        });
    }

    public static IEnumerable<TestCaseData> DocumentedExamples()
    {
        var markdown = File.ReadAllText(RepoPaths.Of("docs/configuration.md")).ReplaceLineEndings("\n");
        var index = 0;
        foreach (Match block in Regex.Matches(markdown, "```yaml\n(# \\.threatlint\\.yml\n.*?)```", RegexOptions.Singleline))
        {
            yield return new TestCaseData(block.Groups[1].Value).SetName($"configuration.md example {++index}");
        }

        Assert.That(index, Is.GreaterThanOrEqualTo(3), "docs/configuration.md lost its examples");
    }

    private static List<string> Validate(string yaml)
    {
        var schema = Schema.Value;
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var json = stream.Documents.Count == 0 ? new JsonObject() : ToJson(stream.Documents[0].RootNode);
        var result = schema.Evaluate(JsonSerializer.SerializeToElement(json), new EvaluationOptions { OutputFormat = OutputFormat.List });
        return result.IsValid ? [] : [.. (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => d.InstanceLocation + ": " + e.Value))];
    }

    /// <summary>YAML scalars become strings: every value of the configuration is a string or a list of strings.</summary>
    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value!, ToJson(p.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(ToJson)]),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value ?? string.Empty),
        _ => null,
    };

    /// <summary>The schema, from the loader's tables: what the loader accepts, the schema accepts.</summary>
    private static string Generate()
    {
        var severity = new JsonObject { ["enum"] = Strings(ConfigLoader.SeverityChoices), ["description"] = "critical, high, medium or low, or off to switch the rule off." };
        var strings = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } };
        var glob = new JsonObject
        {
            ["type"] = "string",
            ["minLength"] = 1,
            ["pattern"] = "^(?![/\\\\])(?![A-Za-z]:)(?!.*\\\\)(?!.*[{}\\[\\]!])(?!(.*/)?\\.\\.(/|$)).*$",
            ["description"] = "A path relative to the scanned root with '/', '*' (within a folder), '**' (any folders) and '?'.",
        };
        var globs = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["$ref"] = "#/definitions/glob" } };

        var ruleProperties = new JsonObject();
        foreach (var rule in Catalog.Rules.All)
        {
            var options = ConfigLoader.RuleOptions.TryGetValue(rule.Id, out var known) ? known : [];
            var mapping = new JsonObject { ["severity"] = new JsonObject { ["$ref"] = "#/definitions/severity" } };
            foreach (var option in options)
            {
                mapping[option] = new JsonObject { ["$ref"] = "#/definitions/strings" };
            }

            var setting = new JsonObject
            {
                ["description"] = rule.Id + " " + rule.Slug + ": " + rule.Title + ".",
                ["oneOf"] = new JsonArray(
                    new JsonObject { ["$ref"] = "#/definitions/severity" },
                    new JsonObject { ["type"] = "object", ["additionalProperties"] = false, ["properties"] = mapping }),
            };
            ruleProperties[rule.Id] = setting;
            ruleProperties[rule.Slug] = setting.DeepClone();
        }

        var schema = new JsonObject
        {
            ["$schema"] = "http://json-schema.org/draft-07/schema#",
            ["$id"] = StarterConfig.SchemaUri,
            ["title"] = "ThreatLint configuration (.threatlint.yml)",
            ["description"] = "GENERATED by ConfigSchemaTests from ConfigLoader's tables; see docs/configuration.md.",
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["properties"] = new JsonObject
            {
                ["failOn"] = new JsonObject { ["enum"] = Strings(ConfigLoader.FailOnChoices), ["description"] = "Findings at or above this effective severity fail the gate." },
                ["baseline"] = new JsonObject { ["type"] = "string", ["minLength"] = 1, ["description"] = "Baseline file, relative to this file." },
                ["include"] = globs.DeepClone(),
                ["exclude"] = globs.DeepClone(),
                ["files"] = new JsonObject
                {
                    ["type"] = "array",
                    ["description"] = "Extra files to scan as a given document kind; first match wins.",
                    ["items"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["additionalProperties"] = false,
                        ["required"] = new JsonArray("pattern", "kind"),
                        ["properties"] = new JsonObject
                        {
                            ["pattern"] = new JsonObject { ["$ref"] = "#/definitions/glob" },
                            ["kind"] = new JsonObject { ["enum"] = Strings(ConfigLoader.KindNames) },
                        },
                    },
                },
                ["rules"] = new JsonObject
                {
                    ["type"] = "object",
                    ["description"] = "Per rule, by id or slug: a severity or off, or a mapping with severity and the rule's options.",
                    ["additionalProperties"] = false,
                    ["properties"] = ruleProperties,
                },
                ["ignore"] = new JsonObject
                {
                    ["type"] = "array",
                    ["description"] = "Findings accepted by path (and rule), with a reason.",
                    ["items"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["additionalProperties"] = false,
                        ["required"] = new JsonArray("paths"),
                        ["properties"] = new JsonObject
                        {
                            ["paths"] = new JsonObject { ["$ref"] = "#/definitions/globs" },
                            ["rules"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["enum"] = Strings(Catalog.Rules.All.SelectMany(r => new[] { r.Id, r.Slug })) } },
                            ["reason"] = new JsonObject { ["type"] = "string" },
                        },
                    },
                },
            },
            ["definitions"] = new JsonObject
            {
                ["severity"] = severity,
                ["strings"] = strings,
                ["glob"] = glob,
                ["globs"] = globs,
            },
        };

        var keys = ((JsonObject)schema["properties"]!).Select(p => p.Key).ToList();
        Assert.That(keys, Is.EqualTo(ConfigLoader.TopLevelKeys), "the schema's keys are the loader's");
        return schema.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).ReplaceLineEndings("\n") + "\n";
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => JsonValue.Create(v))]);
}
