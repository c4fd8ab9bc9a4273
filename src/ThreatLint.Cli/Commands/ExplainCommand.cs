using System.Text;
using ThreatLint.Catalog;
using ThreatLint.Taxonomy;

namespace ThreatLint.Cli.Commands;

/// <summary><c>threatlint explain TL4001</c>: everything the catalog and the taxonomies know about one rule.</summary>
internal sealed class ExplainCommand : ICommand
{
    private const int Width = 100;
    private const string Indent = "  ";

    public string Name => "explain";

    public string Summary => "Explain one rule (by id or slug): threat, mappings, remediation, example";

    public IReadOnlyList<OptionSpec> Options { get; } = [];

    public int MaxPositionals => 1;

    public string Help => """
        Usage: threatlint explain <RULE>

        Shows everything about one rule: title, severity, status, description, the MITRE ATLAS techniques,
        OWASP Top 10 for LLM Applications entries and STRIDE categories it maps to, the ATLAS mitigation,
        the remediation, the help link, and a failing and a fixed example where the catalog has one.

        RULE is an id or a slug, in any case: TL4001, tl4001, image-runs-as-root.
        Run 'threatlint rules' to list them.

        """.ReplaceLineEndings("\n");

    public int Execute(ParsedArguments arguments, CliConsole console)
    {
        if (arguments.Positionals.Count == 0)
        {
            throw new UsageException("explain needs a rule id or slug, e.g. 'threatlint explain TL4001'", Name);
        }

        var query = arguments.Positionals[0];
        var rule = Catalog.Rules.Find(query)
            ?? throw new UsageException($"unknown rule '{query}'; ids run {Catalog.Rules.All[0].Id} to {Catalog.Rules.All[^1].Id}, run 'threatlint rules' to list them", Name);
        console.Out.Write(Explain(rule));
        return ExitCodes.Success;
    }

    public static string Explain(RuleDescriptor rule)
    {
        var text = new StringBuilder();
        text.Append(rule.Id).Append(' ').Append(rule.Slug).Append(": ").Append(rule.Title).Append('\n');
        text.Append('\n');
        Field(text, "Severity", rule.DefaultSeverity.ToText() + " (default; a detector may raise or lower it for the evidence)");
        Field(text, "Status", rule.IsImplemented ? "implemented" : "planned (documented, not reported yet)");
        Field(text, "Help", rule.HelpUri);

        Section(text, "Description");
        Wrapped(text, rule.Description);

        Section(text, "MITRE ATLAS techniques");
        List(text, rule.Atlas, id => Taxonomies.Atlas.FindTechnique(id) is { } t ? $"{t.DisplayName}  {t.Url}" : null);

        Section(text, $"{Taxonomies.Owasp.Title} {Taxonomies.Owasp.Edition}");
        List(text, rule.Owasp, id => Taxonomies.Owasp.Find(id) is { } o ? $"{o.Name}  {o.Url}" : null);

        Section(text, "STRIDE");
        List(text, rule.Stride.Letters(), letter => Taxonomies.Stride.Find(letter) is { } s ? $"{s.Name} (violates {s.Property})" : null);

        Section(text, "ATLAS mitigation");
        List(text, rule.Mitigation is { } m ? [m] : [], id => Taxonomies.Atlas.FindMitigation(id) is { } x ? $"{x.Name}  {x.Url}" : null);

        Section(text, "Remediation");
        Wrapped(text, rule.Remediation);

        if (rule.Example is { } example)
        {
            Section(text, $"Example: {example.FileName} on which the rule fires");
            Code(text, example.Failing);
            Section(text, "Fixed");
            Code(text, example.Passing);
        }

        return text.ToString();
    }

    private static void Field(StringBuilder text, string name, string value) =>
        text.Append((name + ":").PadRight(10)).Append(value).Append('\n');

    private static void Section(StringBuilder text, string title) => text.Append('\n').Append(title).Append('\n');

    private static void List(StringBuilder text, IReadOnlyList<string> ids, Func<string, string?> describe)
    {
        if (ids.Count == 0)
        {
            text.Append(Indent).Append("(none)\n");
            return;
        }

        var width = ids.Max(id => id.Length);
        foreach (var id in ids)
        {
            text.Append(Indent).Append(id.PadRight(width)).Append("  ").Append(describe(id) ?? "(not in the embedded catalog)").Append('\n');
        }
    }

    private static void Code(StringBuilder text, string code)
    {
        foreach (var line in code.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'))
        {
            text.Append(Indent).Append(Indent).Append(line).Append('\n');
        }
    }

    /// <summary>Greedy word wrap at <see cref="Width"/> columns, indented.</summary>
    private static void Wrapped(StringBuilder text, string paragraph)
    {
        var line = new StringBuilder(Indent);
        foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > Indent.Length && line.Length + 1 + word.Length > Width)
            {
                text.Append(line).Append('\n');
                line.Clear().Append(Indent);
            }

            if (line.Length > Indent.Length)
            {
                line.Append(' ');
            }

            line.Append(word);
        }

        text.Append(line).Append('\n');
    }
}
