using ThreatLint.Documents.Dockerfile;
using ThreatLint.Rules;

namespace ThreatLint.Core.Tests.Rules.ContainerImages;

/// <summary>
/// Realistic Dockerfiles under <c>Fixtures/Dockerfiles</c>, each stating what it expects in a comment such as
/// <c># expect: TL4002@5 TL4001@18</c> (or <c># expect: none</c>). Every registered Dockerfile rule runs; the
/// findings of the rules in <see cref="CoveredRules"/> must be exactly the expected ones.
/// </summary>
public class DockerfileFixtureTests
{
    /// <summary>The rules whose expectations the fixture headers state. Add a rule here with its expectations.</summary>
    private static readonly string[] CoveredRules = ["TL1010", "TL1011", "TL1012", "TL2010", "TL3008", "TL4001", "TL4002", "TL4003", "TL4004", "TL4005", "TL4006", "TL4007"];

    private static string FixtureRoot => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Dockerfiles");

    private static IEnumerable<TestCaseData> Fixtures(string folder) =>
        Directory.EnumerateFiles(Path.Combine(FixtureRoot, folder), "*.Dockerfile")
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => new TestCaseData(p).SetArgDisplayNames(Path.GetFileName(p)));

    private static IEnumerable<TestCaseData> Firing() => Fixtures("fires");

    private static IEnumerable<TestCaseData> NotFiring() => Fixtures("does-not-fire");

    [Test]
    public void Both_fixture_folders_are_populated()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Firing().Count(), Is.GreaterThanOrEqualTo(8));
            Assert.That(NotFiring().Count(), Is.GreaterThanOrEqualTo(8));
        });
    }

    [TestCaseSource(nameof(Firing))]
    public void Fires_where_the_fixture_says(string path)
    {
        var expected = Expectations(path);
        Assert.That(expected, Is.Not.Empty, "a fixture under fires/ must expect at least one finding");
        Assert.That(Findings(path), Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(NotFiring))]
    public void Is_silent_where_the_fixture_says(string path)
    {
        Assert.That(Expectations(path), Is.Empty, "a fixture under does-not-fire/ must expect none");
        Assert.That(Findings(path), Is.Empty);
    }

    private static IReadOnlyList<string> Findings(string path) =>
        RuleRunner.Run(RuleRegistry.For<IDockerfileRule>(), File.ReadAllText(path), Path.GetFileName(path))
            .Where(f => CoveredRules.Contains(f.RuleId))
            .Lines();

    private static IReadOnlyList<string> Expectations(string path)
    {
        var header = DockerfileDocument.Parse(File.ReadAllText(path)).Comments
            .SingleOrDefault(c => c.Text.StartsWith("expect:", StringComparison.Ordinal));
        Assert.That(header, Is.Not.Null, "the fixture has no '# expect:' comment");
        var items = header!.Text.Substring("expect:".Length).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return items is ["none"]
            ? []
            : [.. items.OrderBy(i => int.Parse(i.Substring(i.IndexOf('@', StringComparison.Ordinal) + 1), System.Globalization.CultureInfo.InvariantCulture)).ThenBy(i => i, StringComparer.Ordinal)];
    }
}
