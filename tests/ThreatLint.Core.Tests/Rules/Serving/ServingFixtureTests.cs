using System.Globalization;

namespace ThreatLint.Core.Tests.Rules.Serving;

/// <summary>
/// Small serving repositories under <c>Fixtures/Serving/fires</c> and <c>Fixtures/Serving/clean</c>, shaped like the
/// upstream examples (KServe, TorchServe, a Triton chart, Seldon v2, KubeRay, compose, Dockerfiles). Each folder is
/// scanned as one repository (so an Ingress in one file exposes a Deployment in another), and each file states what
/// it expects in a comment such as <c># expect: TL2001@6 TL2003@6</c> (or <c># expect: none</c>).
/// </summary>
public class ServingFixtureTests
{
    /// <summary>The rules whose expectations the fixture headers state.</summary>
    private static readonly string[] CoveredRules =
        ["TL1010", "TL1011", "TL2001", "TL2002", "TL2003", "TL2004", "TL2005", "TL2006", "TL2007", "TL2008", "TL2009", "TL2010", "TL2011", "TL9001", "TL9002"];

    private static string FixtureRoot => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Serving");

    private static IEnumerable<TestCaseData> Repositories(string folder) =>
        Directory.EnumerateDirectories(Path.Combine(FixtureRoot, folder))
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => new TestCaseData(p).SetArgDisplayNames(Path.GetFileName(p)));

    private static IEnumerable<TestCaseData> Firing() => Repositories("fires");

    private static IEnumerable<TestCaseData> Clean() => Repositories("clean");

    [Test]
    public void Both_fixture_folders_are_populated()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Firing().Count(), Is.GreaterThanOrEqualTo(8));
            Assert.That(Clean().Count(), Is.GreaterThanOrEqualTo(6));
        });
    }

    [TestCaseSource(nameof(Firing))]
    public void Fires_where_the_fixture_says(string root)
    {
        var (expected, found) = Compare(root);
        Assert.That(expected.Values.Sum(e => e.Count), Is.GreaterThan(0), "a repository under fires/ must expect at least one finding");
        Assert.That(found, Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(Clean))]
    public void Is_silent_where_the_fixture_says(string root)
    {
        var (expected, found) = Compare(root);
        Assert.That(expected.Values.All(e => e.Count == 0), "a repository under clean/ must expect none");
        Assert.That(found, Is.EqualTo(expected));
    }

    private static (Dictionary<string, List<string>> Expected, Dictionary<string, List<string>> Found) Compare(string root)
    {
        var result = Scanner.Scan(new ScanOptions(root));
        var expected = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(p => Path.GetRelativePath(root, p).Replace('\\', '/'), Expectations, StringComparer.Ordinal);
        var found = expected.Keys.ToDictionary(
            p => p,
            p => Ordered(result.Findings.Where(f => f.Path == p && CoveredRules.Contains(f.RuleId)).Select(f => f.RuleId + "@" + f.Span.Line)),
            StringComparer.Ordinal);
        return (expected, found);
    }

    private static List<string> Expectations(string path)
    {
        var header = File.ReadLines(path).FirstOrDefault(l => l.TrimStart().StartsWith("# expect:", StringComparison.Ordinal));
        Assert.That(header, Is.Not.Null, path + " has no '# expect:' comment");
        var items = header!.Substring(header.IndexOf("expect:", StringComparison.Ordinal) + 7).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return items is ["none"] ? [] : Ordered(items);
    }

    private static List<string> Ordered(IEnumerable<string> items) =>
        [.. items.OrderBy(i => int.Parse(i.Substring(i.IndexOf('@', StringComparison.Ordinal) + 1), CultureInfo.InvariantCulture)).ThenBy(i => i, StringComparer.Ordinal)];
}
