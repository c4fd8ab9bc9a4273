namespace ThreatLint.Package.Tests;

/// <summary>ThreatLintEnabled=false turns everything off; design-time (IDE) builds do not scan.</summary>
[NonParallelizable]
public sealed class OffSwitchTests
{
    private Consumer _consumer = null!;

    [OneTimeSetUp]
    public void Restore()
    {
        _consumer = Consumer.Create("offswitch")
            .Write("app/app.csproj", Consumer.Project(exe: true, items: Consumer.ClientModelReference))
            .Write("app/Program.cs", Consumer.ProgramWithKey())
            .Write("Dockerfile", Consumer.Dockerfile);
        _consumer.Restore("app");
    }

    [Test]
    public void ThreatLintEnabled_false_reports_nothing()
    {
        // --no-incremental: the compiler must run, or the analyzer's silence would prove nothing.
        var build = _consumer.Build("app", "-p:ThreatLintEnabled=false", "--no-incremental");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(build.ExitCode, Is.Zero, build.ToString());
            Assert.That(build.Output, Has.Some.EndsWith(Path.Combine("net10.0", "app.dll")), "the project was compiled:\n" + build);
            Assert.That(build.TlLines, Is.Empty, build.ToString());
        }
    }

    [Test]
    public void ThreatLintEnabled_false_also_disarms_the_gate()
    {
        var build = _consumer.Build("app", "-p:ThreatLintEnabled=false", "-p:ThreatLintFailOn=low", "--no-incremental");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(build.ExitCode, Is.Zero, build.ToString());
            Assert.That(build.TlLines, Is.Empty, build.ToString());
        }
    }

    [Test]
    public void The_ThreatLint_target_reports_in_a_normal_build()
    {
        // The control for the design-time case below: the same command without DesignTimeBuild reports.
        var run = _consumer.MSBuild("app", "-t:ThreatLint");
        Assert.That(run.Diagnostics.Where(d => d.Path == _consumer.PathOf("Dockerfile")).Select(d => d.Id), Does.Contain("TL4002"), run.ToString());
    }

    [Test]
    public void A_design_time_build_does_not_scan()
    {
        foreach (var cache in FindingsCaches())
        {
            File.Delete(cache);
        }

        var run = _consumer.MSBuild("app", "-t:ThreatLint", "-p:DesignTimeBuild=true");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.ExitCode, Is.Zero, run.ToString());
            Assert.That(run.TlLines, Is.Empty, run.ToString());
            Assert.That(FindingsCaches(), Is.Empty, "a design-time build wrote a findings cache");
        }
    }

    private string[] FindingsCaches() =>
        Directory.Exists(_consumer.PathOf("app/obj"))
            ? Directory.GetFiles(_consumer.PathOf("app/obj"), "threatlint.findings", SearchOption.AllDirectories)
            : [];
}
