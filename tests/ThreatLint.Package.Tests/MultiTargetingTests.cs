namespace ThreatLint.Package.Tests;

/// <summary>A multi-targeted project builds once per framework but reports each finding once.</summary>
[NonParallelizable]
public sealed class MultiTargetingTests
{
    private Consumer _consumer = null!;

    [OneTimeSetUp]
    public void Restore()
    {
        _consumer = Consumer.Create("multitarget")
            .Write("lib/lib.csproj", Consumer.Project(frameworks: "net8.0;net10.0"))
            .Write("lib/Model.cs", "namespace Lib;\n\npublic static class Model\n{\n}\n")
            .Write("Dockerfile", Consumer.Dockerfile);
        _consumer.Restore("lib");
    }

    [Test]
    public void Each_finding_is_reported_once()
    {
        var build = _consumer.Build("lib");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(build.ExitCode, Is.Zero, build.ToString());
            Assert.That(build.Output, Has.Some.EndsWith(Path.Combine("net8.0", "lib.dll")), "net8.0 built:\n" + build);
            Assert.That(build.Output, Has.Some.EndsWith(Path.Combine("net10.0", "lib.dll")), "net10.0 built:\n" + build);
            Assert.That(DockerfileIds(build), Is.EquivalentTo(new[] { "TL4001", "TL4002" }), build.ToString());
            Assert.That(build.Diagnostics.Select(d => (d.Path, d.Line, d.Column, d.Id)), Is.Unique, build.ToString());
        }
    }

    // The scan runs in the first target framework's inner build, so `-f <first>` reports as well.
    // (`-f` with another framework cannot be told apart from an inner build of a full build: it does not scan.)
    [Test]
    public void The_first_framework_built_with_f_reports_each_finding_once()
    {
        var build = _consumer.Build("lib", "-f", "net8.0");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(build.ExitCode, Is.Zero, build.ToString());
            Assert.That(DockerfileIds(build), Is.EquivalentTo(new[] { "TL4001", "TL4002" }), build.ToString());
        }
    }

    private IEnumerable<string> DockerfileIds(DotnetResult build) =>
        build.Diagnostics.Where(d => d.Path == _consumer.PathOf("Dockerfile")).Select(d => d.Id);
}
