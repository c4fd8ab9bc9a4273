using ThreatLint.Documents.Python;
using ThreatLint.Rules;

namespace ThreatLint.Core.Tests.Rules.SupplyChain;

/// <summary>
/// Realistic Python files and notebooks under <c>Fixtures/Python</c>, each stating what it expects in a comment such
/// as <c># expect: TL1010@25:41 TL1013@55:17</c> (or <c># expect: none</c>); in a notebook the comment is in a code
/// cell and positions are in the <c>.ipynb</c> file. Every registered Python rule runs; the findings of the rules in
/// <see cref="CoveredRules"/> must be exactly the expected ones.
/// </summary>
public class PythonFixtureTests
{
    /// <summary>The rules whose expectations the fixture headers state. Add a rule here with its expectations.</summary>
    private static readonly string[] CoveredRules = ["TL1005", "TL1010", "TL1011", "TL1012", "TL1013"];

    private static string FixtureRoot => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Python");

    private static IEnumerable<TestCaseData> Fixtures(string folder) =>
        Directory.EnumerateFiles(Path.Combine(FixtureRoot, folder))
            .Where(p => p.EndsWith(".py", StringComparison.Ordinal) || p.EndsWith(".ipynb", StringComparison.Ordinal))
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => new TestCaseData(p).SetArgDisplayNames(Path.GetFileName(p)));

    private static IEnumerable<TestCaseData> Firing() => Fixtures("fires");

    private static IEnumerable<TestCaseData> NotFiring() => Fixtures("does-not-fire");

    [Test]
    public void Both_fixture_folders_hold_scripts_and_notebooks()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Firing().Count(), Is.GreaterThanOrEqualTo(4));
            Assert.That(NotFiring().Count(), Is.GreaterThanOrEqualTo(4));
            Assert.That(Firing().Concat(NotFiring()).Count(c => ((string)c.Arguments[0]!).EndsWith(".ipynb", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(2));
        });
    }

    [TestCaseSource(nameof(Firing))]
    public void Fires_where_the_fixture_says(string path)
    {
        var document = Parse(path);
        var expected = Expectations(document);
        Assert.That(expected, Is.Not.Empty, "a fixture under fires/ must expect at least one finding");
        Assert.That(Findings(document, path), Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(NotFiring))]
    public void Is_silent_where_the_fixture_says(string path)
    {
        var document = Parse(path);
        Assert.That(Expectations(document), Is.Empty, "a fixture under does-not-fire/ must expect none");
        Assert.That(Findings(document, path), Is.Empty);
    }

    private static PythonDocument Parse(string path) =>
        path.EndsWith(".ipynb", StringComparison.Ordinal) ? PythonDocument.ParseNotebook(File.ReadAllText(path)) : PythonDocument.Parse(File.ReadAllText(path));

    private static IReadOnlyList<string> Findings(PythonDocument document, string path) =>
        RuleRunner.RunPython(RuleRegistry.For<IPythonRule>(), document, Path.GetFileName(path))
            .Where(f => CoveredRules.Contains(f.RuleId))
            .Positions();

    private static IReadOnlyList<string> Expectations(PythonDocument document)
    {
        var header = document.Comments.SingleOrDefault(c => c.Text.StartsWith("# expect:", StringComparison.Ordinal));
        Assert.That(header, Is.Not.EqualTo(default(PythonToken)), "the fixture has no '# expect:' comment");
        var items = header.Text.Substring("# expect:".Length).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return items is ["none"]
            ? []
            : [.. items.OrderBy(Line).ThenBy(Column).ThenBy(i => i, StringComparer.Ordinal)];
    }

    private static int Line(string item) => int.Parse(item.Split('@', ':')[1], System.Globalization.CultureInfo.InvariantCulture);

    private static int Column(string item) => int.Parse(item.Split('@', ':')[2], System.Globalization.CultureInfo.InvariantCulture);
}
