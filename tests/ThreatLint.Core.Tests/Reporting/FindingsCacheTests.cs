using ThreatLint.Catalog;
using ThreatLint.Findings;
using ThreatLint.Reporting;

namespace ThreatLint.Core.Tests.Reporting;

public class FindingsCacheTests
{
    [Test]
    public void Findings_round_trip_with_awkward_characters()
    {
        var findings = new[]
        {
            new Finding(Catalog.Rules.BaseImageUnpinned, Severity.High, Confidence.Low, "deploy/my images/Dockerfile", new SourceSpan(3, 1, 3, 40), "tab\there, newline\nhere, backslash \\ here", "abc/2"),
            new Finding(Catalog.Rules.FileSkippedLimit, Severity.Low, Confidence.High, "Dockerfile", SourceSpan.FileStart, "too big", "def") { Suppression = new Suppression(SuppressionKind.Baseline, "accepted: tab\there") },
            new Finding(Catalog.Rules.ImageRunsAsRoot, Severity.Medium, Confidence.High, "Dockerfile", SourceSpan.FileStart, "root", "ghi") { Suppression = new Suppression(SuppressionKind.Inline, string.Empty) },
        };

        var text = FindingsCache.Write("KEY123", findings);

        Assert.Multiple(() =>
        {
            Assert.That(FindingsCache.ReadKey(text), Is.EqualTo("KEY123"));
            Assert.That(FindingsCache.Read(text), Is.EqualTo(findings));
        });
    }

    [Test]
    public void A_file_that_is_not_a_cache_has_no_key_and_no_findings()
    {
        Assert.Multiple(() =>
        {
            Assert.That(FindingsCache.ReadKey("garbage\nTL4001\tx"), Is.Null);
            Assert.That(FindingsCache.Read("threatlint-findings 2 K\nTL4001\tbogus\n\nTL0000\thigh\thigh\tp\t1\t1\t1\t1\tf\t0\tm\n"), Is.Empty);
        });
    }
}
