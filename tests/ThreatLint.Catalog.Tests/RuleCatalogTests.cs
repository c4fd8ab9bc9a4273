using System.Globalization;
using System.Reflection;

namespace ThreatLint.Catalog.Tests;

/// <summary>The descriptors in <see cref="Rules"/> are well-formed and consistent with each other.</summary>
public sealed class RuleCatalogTests
{
    private static IEnumerable<RuleDescriptor> ThreatRules => Rules.All.Where(r => r.Family != RuleFamily.Scan);

    [Test]
    public void Ids_are_well_formed()
    {
        Assert.That(Rules.All.Where(r => !IsWellFormedId(r.Id)), Is.Empty, "ids must look like TL[1-5 or 9]ddd");
    }

    [Test]
    public void Ids_and_slugs_are_unique()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Rules.All.Select(r => r.Id), Is.Unique);
            Assert.That(Rules.All.Select(r => r.Slug), Is.Unique);
        });
    }

    [Test]
    public void Slugs_are_kebab_case()
    {
        Assert.That(Rules.All.Where(r => !IsKebabCase(r.Slug)).Select(r => $"{r.Id} '{r.Slug}'"), Is.Empty);
    }

    [Test]
    public void All_lists_every_descriptor_once_in_id_order()
    {
        var declared = typeof(Rules).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(RuleDescriptor))
            .Select(f => (RuleDescriptor)f.GetValue(null)!);

        Assert.Multiple(() =>
        {
            Assert.That(Rules.All, Is.EquivalentTo(declared), "every public descriptor in Rules belongs in Rules.All");
            Assert.That(Rules.All.Select(r => r.Id), Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
        });
    }

    [Test]
    public void Find_resolves_ids_and_slugs()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Rules.All.Where(r => Rules.Find(r.Id) != r || Rules.Find(r.Slug.ToUpperInvariant()) != r), Is.Empty);
            Assert.That(Rules.Find("TL0000"), Is.Null);
        });
    }

    [Test]
    public void Threat_rules_name_atlas_techniques_a_mitigation_and_stride()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ThreatRules.Where(r => r.Atlas.Count == 0).Select(r => r.Id), Is.Empty, "no ATLAS technique");
            Assert.That(ThreatRules.Where(r => r.Mitigation is null).Select(r => r.Id), Is.Empty, "no ATLAS mitigation");
            Assert.That(ThreatRules.Where(r => r.Stride == Stride.None).Select(r => r.Id), Is.Empty, "no STRIDE category");
        });
    }

    [Test]
    public void Rules_have_title_description_and_remediation()
    {
        Assert.That(
            Rules.All.Where(r => new[] { r.Title, r.Description, r.Remediation }.Any(string.IsNullOrWhiteSpace)).Select(r => r.Id),
            Is.Empty);
    }

    [Test]
    public void Message_formats_are_valid_with_contiguous_placeholders()
    {
        Assert.That(Rules.All.Select(r => FormatProblem(r.MessageFormat) is { } problem ? $"{r.Id}: {problem}" : null).OfType<string>(), Is.Empty);
    }

    [Test]
    public void Help_uri_is_the_rule_page()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Rules.HelpBaseUri, Does.StartWith("https://").And.EndWith("/docs/rules/"));
            Assert.That(Rules.All.Where(r => r.HelpUri != Rules.HelpBaseUri + r.Id + ".md").Select(r => r.Id), Is.Empty);
        });
    }

    [Test]
    public void Every_rule_has_a_docs_page()
    {
        Assert.That(
            Rules.All.Where(r => !File.Exists(RepoPaths.Of($"docs/rules/{r.Id}.md"))).Select(r => r.Id),
            Is.Empty,
            "missing docs/rules pages; generate them with THREATLINT_UPDATE_DOCS=1 (see DocsTests)");
    }

    [Test]
    public void Examples_name_a_file_and_differ()
    {
        Assert.That(
            Rules.All.Where(r => r.Example is { } e && (string.IsNullOrWhiteSpace(e.FileName) || string.IsNullOrWhiteSpace(e.Failing) || e.Failing == e.Passing))
                .Select(r => r.Id),
            Is.Empty);
    }

    private static bool IsWellFormedId(string id) =>
        id.Length == 6 && id.StartsWith("TL", StringComparison.Ordinal) && id[2] is (>= '1' and <= '5') or '9' && id.Skip(3).All(char.IsAsciiDigit);

    private static bool IsKebabCase(string slug) =>
        slug.Length > 0 && char.IsAsciiLetterLower(slug[0]) && !slug.EndsWith('-') && !slug.Contains("--", StringComparison.Ordinal)
        && slug.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    /// <summary>
    /// Formats with marker arguments: the fewest that succeed is the highest index plus one, and every
    /// marker must then appear (no gap such as {0} {2}).
    /// </summary>
    private static string? FormatProblem(string format)
    {
        for (var count = 0; count <= 9; count++)
        {
            var markers = Enumerable.Range(0, count).Select(i => $"\u0001{i}\u0002").ToArray<object?>();
            string text;
            try
            {
                text = string.Format(CultureInfo.InvariantCulture, format, markers);
            }
            catch (FormatException)
            {
                continue;
            }

            var unused = markers.Where(m => !text.Contains((string)m!, StringComparison.Ordinal)).ToList();
            return count == 0 ? "has no placeholder"
                : unused.Count > 0 ? $"placeholders are not contiguous from {{0}} (missing {string.Join(", ", unused.Select(m => ((string)m!)[1..^1]))})"
                : null;
        }

        return "is not a valid composite format (or uses more than 9 placeholders)";
    }
}
