namespace ThreatLint.Package.Tests;

/// <summary>
/// An unchanged repository is not rescanned, yet a no-op build reports and gates the same; a deleted or an
/// added file changes what is reported.
/// </summary>
[NonParallelizable]
public sealed class IncrementalTests
{
    [Test]
    public void No_op_builds_report_the_same_and_file_changes_invalidate_the_cache()
    {
        var consumer = Consumer.Create("incremental")
            .Write("lib/lib.csproj", Consumer.Project())
            .Write("lib/Model.cs", "namespace Lib;\n\npublic static class Model\n{\n}\n")
            .Write("Dockerfile", Consumer.Dockerfile);
        consumer.Restore("lib");

        var first = consumer.Build("lib");
        Assert.That(Ids(first, consumer.PathOf("Dockerfile")), Does.Contain("TL4002"), "first build:\n" + first);
        var cache = FindingsCache(consumer);
        var scannedAt = File.GetLastWriteTimeUtc(cache);

        var noOp = consumer.Build("lib");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(noOp.ExitCode, Is.Zero, noOp.ToString());
            Assert.That(noOp.Diagnostics.Select(d => d.Text), Is.EqualTo(first.Diagnostics.Select(d => d.Text)), "no-op build:\n" + noOp);
            Assert.That(File.GetLastWriteTimeUtc(cache), Is.EqualTo(scannedAt), "an unchanged repository was rescanned");
        }

        var gated = consumer.Build("lib", "-p:ThreatLintFailOn=medium");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(gated.ExitCode, Is.Not.Zero, "no-op build with a gate:\n" + gated);
            Assert.That(gated.Diagnostics.Where(d => d.Id == "TL4002").Select(d => d.Severity), Is.EqualTo(new[] { "error" }), gated.ToString());
        }

        consumer.Delete("Dockerfile");
        var deleted = consumer.Build("lib");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(deleted.ExitCode, Is.Zero, deleted.ToString());
            Assert.That(deleted.Diagnostics.Select(d => d.Path), Has.None.EqualTo(consumer.PathOf("Dockerfile")), "after deleting the Dockerfile:\n" + deleted);
        }

        consumer.Write("docker/train/Dockerfile", Consumer.Dockerfile);
        var added = consumer.Build("lib");
        Assert.That(Ids(added, consumer.PathOf("docker/train/Dockerfile")), Does.Contain("TL4002"), "after adding docker/train/Dockerfile:\n" + added);
    }

    private static List<string> Ids(DotnetResult build, string path) =>
        build.Diagnostics.Where(d => d.Path == path).Select(d => d.Id).ToList();

    private static string FindingsCache(Consumer consumer)
    {
        var caches = Directory.GetFiles(consumer.PathOf("lib/obj"), "threatlint.findings", SearchOption.AllDirectories);
        Assert.That(caches, Has.Length.EqualTo(1), "findings cache files under lib/obj");
        return caches[0];
    }
}
