namespace ThreatLint.Package.Tests;

/// <summary>A multi-targeted project builds once per framework but reports each finding once.</summary>
[NonParallelizable]
public sealed class MultiTargetingTests
{
    [Test]
    public void Each_finding_is_reported_once()
    {
        var consumer = Consumer.Create("multitarget")
            .Write("lib/lib.csproj", Consumer.Project(frameworks: "net8.0;net10.0"))
            .Write("lib/Model.cs", "namespace Lib;\n\npublic static class Model\n{\n}\n")
            .Write("Dockerfile", Consumer.Dockerfile);
        consumer.Restore("lib");

        var build = consumer.Build("lib");
        var dockerfile = build.Diagnostics.Where(d => d.Path == consumer.PathOf("Dockerfile")).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(build.ExitCode, Is.Zero, build.ToString());
            Assert.That(build.Output, Has.Some.EndsWith(Path.Combine("net8.0", "lib.dll")), "net8.0 built:\n" + build);
            Assert.That(build.Output, Has.Some.EndsWith(Path.Combine("net10.0", "lib.dll")), "net10.0 built:\n" + build);
            Assert.That(dockerfile.Select(d => d.Id), Is.EquivalentTo(new[] { "TL4001", "TL4002" }), build.ToString());
            Assert.That(build.Diagnostics.Select(d => (d.Path, d.Line, d.Column, d.Id)), Is.Unique, build.ToString());
        }
    }
}
