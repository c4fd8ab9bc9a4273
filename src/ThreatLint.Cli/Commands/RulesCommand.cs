using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ThreatLint.Catalog;

namespace ThreatLint.Cli.Commands;

/// <summary><c>threatlint rules</c>: every rule in the catalog, implemented or planned.</summary>
internal sealed class RulesCommand : ICommand
{
    public static readonly OptionSpec Format = new("format", "FORMAT", 'f', ["text", "json", "markdown"]);

    public string Name => "rules";

    public string Summary => "List every rule: id, slug, severity, status, title, ATLAS techniques";

    public IReadOnlyList<OptionSpec> Options { get; } = [Format];

    public int MaxPositionals => 0;

    public string Help => """
        Usage: threatlint rules [--format text|json|markdown]

        Lists every ThreatLint rule in id order: id, slug, default severity, status (implemented, or planned:
        documented but not reported yet), title and MITRE ATLAS technique ids.

        Options:
          -f, --format FORMAT   text (default), json or markdown (a table for docs and issues).
          -h, --help            Show this help.

        Run 'threatlint explain <id or slug>' for everything about one rule.

        """.ReplaceLineEndings("\n");

    public int Execute(ParsedArguments arguments, CliConsole console)
    {
        var rules = Catalog.Rules.All;
        console.Out.Write((arguments.Value(Format) ?? "text") switch
        {
            "json" => Json(rules),
            "markdown" => Markdown(rules),
            _ => Text(rules),
        });
        return ExitCodes.Success;
    }

    public static string Status(RuleDescriptor rule) => rule.IsImplemented ? "implemented" : "planned";

    private static string Text(IReadOnlyList<RuleDescriptor> rules)
    {
        var slugWidth = rules.Max(r => r.Slug.Length);
        var titleWidth = rules.Max(r => r.Title.Length);
        var text = new StringBuilder();
        foreach (var rule in rules)
        {
            var line = $"{rule.Id}  {rule.Slug.PadRight(slugWidth)}  {rule.DefaultSeverity.ToText(),-8}  {Status(rule),-11}  {rule.Title.PadRight(titleWidth)}  {string.Join(", ", rule.Atlas)}";
            text.Append(line.TrimEnd()).Append('\n');
        }

        var implemented = rules.Count(r => r.IsImplemented);
        return text.Append('\n')
            .Append(FormattableString.Invariant($"{rules.Count} rules, {implemented} implemented, {rules.Count - implemented} planned"))
            .Append('\n')
            .ToString();
    }

    private static string Markdown(IReadOnlyList<RuleDescriptor> rules)
    {
        var text = new StringBuilder("| Id | Slug | Severity | Status | Title | ATLAS |\n|---|---|---|---|---|---|\n");
        foreach (var rule in rules)
        {
            text.Append(FormattableString.Invariant(
                $"| [{rule.Id}]({rule.HelpUri}) | `{rule.Slug}` | {rule.DefaultSeverity.ToText()} | {Status(rule)} | {rule.Title.Replace("|", "\\|", StringComparison.Ordinal)} | {string.Join(", ", rule.Atlas)} |\n"));
        }

        return text.ToString();
    }

    private static string Json(IReadOnlyList<RuleDescriptor> rules)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("schemaVersion", "1.0");
            json.WriteStartObject("tool");
            json.WriteString("name", "ThreatLint");
            json.WriteString("version", ToolVersion.Current);
            json.WriteEndObject();
            json.WriteStartArray("rules");
            foreach (var rule in rules)
            {
                json.WriteStartObject();
                json.WriteString("id", rule.Id);
                json.WriteString("slug", rule.Slug);
                json.WriteString("title", rule.Title);
                json.WriteString("severity", rule.DefaultSeverity.ToText());
                json.WriteString("status", Status(rule));
                WriteStrings(json, "atlas", rule.Atlas);
                WriteStrings(json, "owasp", rule.Owasp);
                WriteStrings(json, "stride", rule.Stride.Letters());
                json.WriteString("mitigation", rule.Mitigation);
                json.WriteString("helpUri", rule.HelpUri);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        // Utf8JsonWriter indents with Environment.NewLine; the output is the same on every OS.
        return Encoding.UTF8.GetString(buffer.ToArray()).ReplaceLineEndings("\n") + "\n";
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
