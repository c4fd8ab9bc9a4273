namespace ThreatLint.Package.Tests;

/// <summary>
/// The ways a build is made to fail on findings: ThreatLintFailOn, and the switches users already know for
/// compiler warnings. The consumer has only medium findings (TL4002 and TL4001 on one Dockerfile).
/// </summary>
[NonParallelizable]
public sealed class GateTests
{
    private Consumer _consumer = null!;

    [OneTimeSetUp]
    public void Restore()
    {
        _consumer = Consumer.Create("gates")
            .Write("lib/lib.csproj", Consumer.Project())
            .Write("lib/Model.cs", "namespace Lib;\n\npublic static class Model\n{\n    public static string Name => \"sentiment\";\n}\n")
            .Write("Dockerfile", Consumer.Dockerfile);
        _consumer.Restore("lib");
    }

    [Test]
    public void Without_a_gate_the_build_passes_with_warnings()
    {
        var build = _consumer.Build("lib");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(build.ExitCode, Is.Zero, build.ToString());
            Assert.That(Severities(build, "TL4002"), Is.EqualTo(new[] { "warning" }), build.ToString());
        }
    }

    [Test]
    public void FailOn_medium_fails_and_reports_errors()
    {
        var build = _consumer.Build("lib", "-p:ThreatLintFailOn=medium");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(build.ExitCode, Is.Not.Zero, build.ToString());
            Assert.That(Severities(build, "TL4002"), Is.EqualTo(new[] { "error" }), build.ToString());
            Assert.That(Severities(build, "TL4001"), Is.EqualTo(new[] { "error" }), build.ToString());
        }
    }

    [TestCase("high")]
    [TestCase("critical")]
    public void FailOn_above_the_findings_passes(string threshold)
    {
        var build = _consumer.Build("lib", "-p:ThreatLintFailOn=" + threshold);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(build.ExitCode, Is.Zero, build.ToString());
            Assert.That(Severities(build, "TL4002"), Is.EqualTo(new[] { "warning" }), build.ToString());
        }
    }

    [TestCase("-p:TreatWarningsAsErrors=true")]
    [TestCase("-warnaserror")]
    [TestCase("-p:WarningsAsErrors=TL4002")]
    public void Warnings_as_errors_switches_fail_the_build(string option)
    {
        var build = _consumer.Build("lib", option);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(build.ExitCode, Is.Not.Zero, build.ToString());
            Assert.That(Severities(build, "TL4002"), Is.EqualTo(new[] { "error" }), build.ToString());
        }
    }

    [Test]
    public void WarningsAsErrors_promotes_only_the_codes_it_lists()
    {
        var build = _consumer.Build("lib", "-p:WarningsAsErrors=TL4002");
        Assert.That(Severities(build, "TL4001"), Is.EqualTo(new[] { "warning" }), build.ToString());
    }

    [Test]
    public void NoWarn_silences_the_code_and_only_it()
    {
        var build = _consumer.Build("lib", "-p:NoWarn=TL4002");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(build.ExitCode, Is.Zero, build.ToString());
            Assert.That(build.TlLines, Has.None.Contains("TL4002"), build.ToString());
            Assert.That(Severities(build, "TL4001"), Is.EqualTo(new[] { "warning" }), build.ToString());
        }
    }

    [Test]
    public void Unknown_FailOn_is_an_error_naming_the_choices()
    {
        var build = _consumer.Build("lib", "-p:ThreatLintFailOn=foo");
        var errors = build.Logged.Where(l => l.Contains("error TL", StringComparison.Ordinal) && l.Contains("foo", StringComparison.Ordinal)).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(build.ExitCode, Is.Not.Zero, build.ToString());
            Assert.That(errors, Has.Count.EqualTo(1), build.ToString());
            Assert.That(errors.FirstOrDefault(), Does.Contain("ThreatLintFailOn"));
            foreach (var choice in new[] { "critical", "high", "medium", "low", "none" })
            {
                Assert.That(errors.FirstOrDefault(), Does.Contain(choice));
            }
        }
    }

    private static IEnumerable<string> Severities(DotnetResult build, string id) =>
        build.Diagnostics.Where(d => d.Id == id).Select(d => d.Severity);
}
