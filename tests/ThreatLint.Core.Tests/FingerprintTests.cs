using ThreatLint.Findings;

namespace ThreatLint.Core.Tests;

public class FingerprintTests
{
    [Test]
    public void Reformatting_the_evidence_keeps_the_fingerprint()
    {
        var a = Fingerprints.Compute("TL4002", "Dockerfile", "FROM   python:3.12 \\\n  AS build");
        var b = Fingerprints.Compute("TL4002", "Dockerfile", "FROM python:3.12 AS build");
        Assert.That(a, Is.EqualTo(b));
    }

    [Test]
    public void Rule_path_and_evidence_each_change_the_fingerprint()
    {
        var baseline = Fingerprints.Compute("TL4002", "Dockerfile", "python:3.12");
        Assert.Multiple(() =>
        {
            Assert.That(Fingerprints.Compute("TL4001", "Dockerfile", "python:3.12"), Is.Not.EqualTo(baseline));
            Assert.That(Fingerprints.Compute("TL4002", "other/Dockerfile", "python:3.12"), Is.Not.EqualTo(baseline));
            Assert.That(Fingerprints.Compute("TL4002", "Dockerfile", "python:3.13"), Is.Not.EqualTo(baseline));
        });
    }
}
