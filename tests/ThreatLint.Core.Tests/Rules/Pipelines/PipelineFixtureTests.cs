using ThreatLint.Rules;

namespace ThreatLint.Core.Tests.Rules.Pipelines;

/// <summary>
/// Pipeline files modelled on real ML repositories under <c>Fixtures/Pipelines</c> (GitHub workflows and composite
/// actions, Azure Pipelines, GitLab CI, Kubeflow IR, Argo workflows, DVC, MLproject). Each starts with
/// <c># path: …</c> (the path it is scanned under: the path decides the CI system) and <c># expect: TL3001@9 …</c>
/// (or <c># expect: none</c>). Every registered YAML rule runs; the findings of <see cref="CoveredRules"/> must be
/// exactly the expected ones.
/// </summary>
public class PipelineFixtureTests
{
    private static readonly string[] CoveredRules =
    [
        "TL1010", "TL1011", "TL1012", "TL2010", "TL3001", "TL3002", "TL3003", "TL3004", "TL3005", "TL3006", "TL3007", "TL3008", "TL3009", "TL3010", "TL4003",
    ];

    private static string FixtureRoot => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Pipelines");

    private static IEnumerable<TestCaseData> Fixtures(string folder) =>
        Directory.EnumerateFiles(Path.Combine(FixtureRoot, folder))
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => new TestCaseData(p).SetArgDisplayNames(Path.GetFileName(p)));

    private static IEnumerable<TestCaseData> Firing() => Fixtures("fires");

    private static IEnumerable<TestCaseData> NotFiring() => Fixtures("clean");

    [Test]
    public void Both_fixture_folders_are_populated()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Firing().Count(), Is.GreaterThanOrEqualTo(6));
            Assert.That(NotFiring().Count(), Is.GreaterThanOrEqualTo(6));
        });
    }

    [TestCaseSource(nameof(Firing))]
    public void Fires_where_the_fixture_says(string path)
    {
        var (scanPath, expected) = Header(path);
        Assert.That(expected, Is.Not.Empty, "a fixture under fires/ must expect at least one finding");
        Assert.That(Findings(path, scanPath), Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(NotFiring))]
    public void Is_silent_where_the_fixture_says(string path)
    {
        var (scanPath, expected) = Header(path);
        Assert.That(expected, Is.Empty, "a fixture under clean/ must expect none");
        Assert.That(Findings(path, scanPath), Is.Empty);
    }

    private static IReadOnlyList<string> Findings(string path, string scanPath) =>
        RuleRunner.RunYaml(RuleRegistry.For<IYamlRule>(), File.ReadAllText(path), scanPath)
            .Where(f => CoveredRules.Contains(f.RuleId))
            .Lines();

    private static (string Path, IReadOnlyList<string> Expected) Header(string path)
    {
        var lines = File.ReadLines(path).Take(5).ToList();
        var scanPath = lines.Select(l => l.StartsWith("# path: ", StringComparison.Ordinal) ? l.Substring(8).Trim() : null).FirstOrDefault(p => p is not null);
        var expect = lines.Select(l => l.StartsWith("# expect:", StringComparison.Ordinal) ? l.Substring(9) : null).FirstOrDefault(e => e is not null);
        Assert.That(scanPath, Is.Not.Null, "the fixture has no '# path:' line");
        Assert.That(expect, Is.Not.Null, "the fixture has no '# expect:' line");
        var items = expect!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        IReadOnlyList<string> expected = items is ["none"]
            ? []
            : [.. items.OrderBy(i => int.Parse(i.Substring(i.IndexOf('@', StringComparison.Ordinal) + 1), System.Globalization.CultureInfo.InvariantCulture)).ThenBy(i => i, StringComparer.Ordinal)];
        return (scanPath!, expected);
    }
}
