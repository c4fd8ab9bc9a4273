using System.Globalization;
using System.Text;
using ThreatLint.Taxonomy;

namespace ThreatLint.Catalog.Tests.Docs;

/// <summary>A file the generator owns; <paramref name="Path"/> is relative to the repository root, with '/'.</summary>
internal sealed record GeneratedFile(string Path, string Content);

/// <summary>
/// Writes the rule pages, the rule index and the README rule table from <see cref="Rules"/> and the
/// embedded taxonomies. Output is deterministic and uses LF line endings.
/// </summary>
internal static class DocsGenerator
{
    public const string ReadmeStart = "<!-- rules:start -->";
    public const string ReadmeEnd = "<!-- rules:end -->";
    public const string RegenerateHint =
        "THREATLINT_UPDATE_DOCS=1 dotnet test tests/ThreatLint.Catalog.Tests --filter Docs_are_up_to_date";

    private const string GeneratedNotice =
        "<!-- Generated from src/ThreatLint.Catalog/Rules.cs by tests/ThreatLint.Catalog.Tests/Docs/DocsGenerator.cs. Do not edit: change the catalog and run " + RegenerateHint + " -->";

    /// <summary>Every generated file; the README is <paramref name="readme"/> with its rule block replaced.</summary>
    public static IEnumerable<GeneratedFile> Generate(string readme) =>
    [
        .. Rules.All.Select(rule => new GeneratedFile($"docs/rules/{rule.Id}.md", RulePage(rule))),
        new("docs/rules/README.md", RuleIndex()),
        new("README.md", SpliceReadme(readme, ReadmeTable())),
    ];

    public static string RulePage(RuleDescriptor rule)
    {
        var page = new StringBuilder()
            .Line(GeneratedNotice)
            .Line()
            .Line($"# {rule.Id} — {Escape(rule.Title)}")
            .Line()
            .Line("| Property | Value |")
            .Line("|---|---|")
            .Line($"| Slug | `{rule.Slug}` |")
            .Line($"| Default severity | {rule.DefaultSeverity.ToText()} |")
            .Line($"| Status | {(rule.IsImplemented ? "implemented" : "planned (documented, not reported yet)")} |")
            .Line($"| Family | {FamilyHeading(rule.Family)} |")
            .Line($"| MITRE ATLAS | {Cell(rule.Atlas.Select(Technique).Select(t => $"[{t.Id}]({t.Url}) {t.DisplayName}"))} |")
            .Line($"| OWASP LLM {Taxonomies.Owasp.Edition} | {Cell(rule.Owasp.Select(Owasp).Select(e => $"[{e.Id}]({e.Url}) {e.Name}"))} |")
            .Line($"| STRIDE | {Cell(Taxonomies.Stride.Of(rule.Stride).Select(c => c.Name), ", ")} |")
            .Line($"| ATLAS mitigation | {Cell(rule.Mitigation is { } m ? [$"[{m}]({Mitigation(m).Url}) {Mitigation(m).Name}"] : [])} |")
            .Line()
            .Line("## What it finds")
            .Line()
            .Line(Escape(rule.Description))
            .Line()
            .Line("## Why it matters")
            .Line()
            .Line(WhyItMatters(rule))
            .Line()
            .Line("## How to fix")
            .Line()
            .Line(Escape(rule.Remediation))
            .Line();

        if (rule.Example is { } example)
        {
            page.Line("## Example")
                .Line()
                .Line($"**Failing** `{example.FileName}`:")
                .Line()
                .CodeBlock(Language(example.FileName), example.Failing)
                .Line()
                .Line($"**Passing** `{example.FileName}`:")
                .Line()
                .CodeBlock(Language(example.FileName), example.Passing)
                .Line();
        }

        return page.Line("## Suppress")
            .Line()
            .Append(Suppression(rule))
            .Line()
            .Line("---")
            .Line()
            .Line(Credits())
            .ToString();
    }

    public static string RuleIndex()
    {
        var index = new StringBuilder()
            .Line(GeneratedNotice)
            .Line()
            .Line("# ThreatLint rules")
            .Line()
            .Line($"{Count(Rules.All.Count)} rules, {Count(Rules.All.Count(r => r.IsImplemented))} implemented. "
                + "Planned rules are documented here but not reported yet.");

        foreach (var family in Rules.All.GroupBy(r => r.Family))
        {
            index.Line()
                .Line($"## {FamilyHeading(family.Key)}")
                .Line()
                .Line("| Rule | Title | Severity | ATLAS | OWASP LLM | Status |")
                .Line("|---|---|---|---|---|---|");
            foreach (var rule in family)
            {
                index.Line($"| [{rule.Id}]({rule.Id}.md) | {Escape(rule.Title)} | {rule.DefaultSeverity.ToText()} | {Ids(rule.Atlas)} | {Ids(rule.Owasp)} | {Status(rule)} |");
            }
        }

        return index.Line().Line("---").Line().Line(Credits()).ToString();
    }

    public static string ReadmeTable()
    {
        var table = new StringBuilder()
            .Line("<!-- Generated from the rule catalog; run " + RegenerateHint + " -->")
            .Line()
            .Line("| Rule | Slug | Severity | ATLAS | OWASP LLM | Status |")
            .Line("|---|---|---|---|---|---|");
        foreach (var rule in Rules.All)
        {
            table.Line($"| [{rule.Id}](docs/rules/{rule.Id}.md) | `{rule.Slug}` | {rule.DefaultSeverity.ToText()} | {Ids(rule.Atlas)} | {Ids(rule.Owasp)} | {Status(rule)} |");
        }

        return table.ToString();
    }

    /// <summary>Replaces what lies between the README markers, keeping everything else.</summary>
    public static string SpliceReadme(string readme, string block)
    {
        var start = readme.IndexOf(ReadmeStart, StringComparison.Ordinal);
        var end = start < 0 ? -1 : readme.IndexOf(ReadmeEnd, start, StringComparison.Ordinal);
        if (end < 0)
        {
            throw new InvalidOperationException($"README.md needs a '{ReadmeStart}' line followed by a '{ReadmeEnd}' line around the rule table");
        }

        return readme[..(start + ReadmeStart.Length)] + "\n" + block + readme[end..];
    }

    private static string WhyItMatters(RuleDescriptor rule)
    {
        if (rule.Atlas.Count == 0)
        {
            return "This rule is about the scan itself, not a threat in the repository: it shows where ThreatLint's coverage "
                + "or configuration is not what you expect, so that a clean result can be trusted.";
        }

        var techniques = rule.Atlas.Select(Technique).ToList();
        var tactics = Taxonomies.Atlas.Tactics.Where(t => techniques.Any(technique => technique.Tactics.Contains(t.Id))).Select(t => t.Name).ToList();
        var stride = Taxonomies.Stride.Of(rule.Stride);
        var sentences = new List<string>
        {
            $"In MITRE ATLAS terms, what this rule finds can help an adversary with {Join(techniques.Select(t => $"*{t.DisplayName}*"))} "
                + $"({(tactics.Count == 1 ? "tactic" : "tactics")}: {Join(tactics)}).",
        };
        if (rule.Owasp.Count > 0)
        {
            sentences.Add($"It belongs to {Join(rule.Owasp.Select(id => $"{id} ({Owasp(id).Name})"))} in the OWASP Top 10 for LLM Applications {Taxonomies.Owasp.Edition}.");
        }

        if (stride.Count > 0)
        {
            sentences.Add($"In STRIDE terms it threatens {Join(stride.Select(c => LowerFirst(c.Property)))} ({string.Join(", ", stride.Select(c => c.Name))}).");
        }

        if (rule.Mitigation is { } mitigation)
        {
            sentences.Add($"The fix below follows the ATLAS mitigation {Mitigation(mitigation).Name} ({mitigation}).");
        }

        return string.Join(" ", sentences);
    }

    private static string Suppression(RuleDescriptor rule)
    {
        var text = new StringBuilder().Line("Fix the cause where you can. To accept a finding you have reviewed:").Line();
        if (rule.Family == RuleFamily.CSharpCode)
        {
            text.Line("- in C#, around the code, like any compiler warning:")
                .Line()
                .CodeBlock("csharp", $"#pragma warning disable {rule.Id} // reason\n...\n#pragma warning restore {rule.Id}", indent: "  ")
                .Line()
                .Line($"- in `.editorconfig`: `dotnet_diagnostic.{rule.Id}.severity = none`;");
        }
        else if (rule.Family != RuleFamily.Scan)
        {
            text.Line("- in the file, with a comment (in the file's comment syntax) on the line before the finding:")
                .Line()
                .CodeBlock("text", $"# threatlint-ignore {rule.Id}: reason", indent: "  ")
                .Line();
        }

        return text.Line($"- for a whole project, in the project file or `Directory.Build.props`: `<NoWarn>$(NoWarn);{rule.Id}</NoWarn>`.").ToString();
    }

    private static string Credits() =>
        $"Taxonomy ids and names: MITRE ATLAS {Taxonomies.Atlas.Version} (Apache-2.0), copyright MITRE; "
        + $"OWASP Top 10 for LLM Applications {Taxonomies.Owasp.Edition} (CC BY-SA 4.0), OWASP Gen AI Security Project. "
        + "Neither MITRE nor OWASP endorses ThreatLint.";

    private static string FamilyHeading(RuleFamily family) => $"TL{(int)family}xxx — " + family switch
    {
        RuleFamily.ModelSupplyChain => "Model artifacts and model supply chain",
        RuleFamily.ModelServing => "Model serving exposure",
        RuleFamily.Pipelines => "Training and delivery pipelines",
        RuleFamily.ContainerImages => "Model-serving container images",
        RuleFamily.CSharpCode => "C# inference code",
        RuleFamily.Scan => "The scan itself",
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, "no docs heading for this family"),
    };

    private static string Language(string fileName) =>
        fileName.StartsWith("Dockerfile", StringComparison.Ordinal) || fileName.EndsWith(".dockerfile", StringComparison.OrdinalIgnoreCase)
            ? "dockerfile"
            : Path.GetExtension(fileName) switch
            {
                ".cs" => "csharp",
                ".yaml" or ".yml" => "yaml",
                ".py" => "python",
                ".json" => "json",
                ".properties" => "properties",
                ".toml" => "toml",
                ".sh" => "bash",
                ".xml" or ".csproj" or ".props" or ".targets" => "xml",
                _ => "text",
            };

    private static AtlasTechniqueEntry Technique(string id) =>
        Taxonomies.Atlas.FindTechnique(id) ?? throw new InvalidOperationException($"{id} is not in the embedded ATLAS catalog");

    private static AtlasMitigationEntry Mitigation(string id) =>
        Taxonomies.Atlas.FindMitigation(id) ?? throw new InvalidOperationException($"{id} is not in the embedded ATLAS catalog");

    private static OwaspLlmEntry Owasp(string id) =>
        Taxonomies.Owasp.Find(id) ?? throw new InvalidOperationException($"{id} is not in the embedded OWASP catalog");

    private static string Status(RuleDescriptor rule) => rule.IsImplemented ? "implemented" : "planned";

    private static string Ids(IReadOnlyList<string> ids) => ids.Count == 0 ? "—" : string.Join(", ", ids);

    private static string Cell(IEnumerable<string> items, string separator = "<br>") =>
        string.Join(separator, items) is { Length: > 0 } cell ? cell : "—";

    private static string Count(int count) => count.ToString(CultureInfo.InvariantCulture);

    private static string LowerFirst(string text) => char.ToLowerInvariant(text[0]) + text[1..];

    /// <summary>"a", "a and b", "a, b and c".</summary>
    private static string Join(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count < 2 ? string.Concat(list) : string.Join(", ", list.Take(list.Count - 1)) + " and " + list[^1];
    }

    /// <summary>
    /// Catalog prose is plain text: keep Markdown from reading <c>__init__</c>, <c>*.pem</c> or <c>&lt;sha&gt;</c> as
    /// markup. An underscore inside a word (<c>trust_remote_code</c>) is never emphasis, so it stays as it is.
    /// </summary>
    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var intraword = c == '_' && i > 0 && i < text.Length - 1 && char.IsLetterOrDigit(text[i - 1]) && char.IsLetterOrDigit(text[i + 1]);
            if (c is '\\' or '`' or '*' or '_' or '<' or '>' or '[' or ']' or '|' && !intraword)
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    private static StringBuilder Line(this StringBuilder builder, string text = "") => builder.Append(text).Append('\n');

    private static StringBuilder CodeBlock(this StringBuilder builder, string language, string code, string indent = "")
    {
        var fence = code.Contains("```", StringComparison.Ordinal) ? "````" : "```";
        builder.Line(indent + fence + language);
        foreach (var line in code.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n'))
        {
            builder.Line(line.Length == 0 ? string.Empty : indent + line);
        }

        return builder.Line(indent + fence);
    }
}
