namespace ThreatLint.Package.Tests;

/// <summary>A console app with a Dockerfile and a hard-coded key: what `dotnet build` prints.</summary>
[NonParallelizable]
public sealed class CanonicalOutputTests
{
    private Consumer _consumer = null!;
    private DotnetResult _build = null!;

    [OneTimeSetUp]
    public void Build()
    {
        _consumer = Consumer.Create("canonical")
            .Write("app/app.csproj", Consumer.Project(exe: true, items: Consumer.ClientModelReference))
            .Write("app/Program.cs", Consumer.ProgramWithKey())
            .Write("Dockerfile", Consumer.Dockerfile);
        _consumer.Restore("app");
        _build = _consumer.Build("app");
    }

    [Test]
    public void Build_succeeds_with_warnings()
    {
        Assert.That(_build.ExitCode, Is.Zero, _build.ToString());
    }

    [Test]
    public void Dockerfile_findings_are_canonical_warnings_reported_once()
    {
        var dockerfile = _build.Diagnostics.Where(d => d.Path == _consumer.PathOf("Dockerfile")).ToList();
        var unpinned = dockerfile.Where(d => d.Id == "TL4002").ToList();
        var root = dockerfile.Where(d => d.Id == "TL4001").ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(unpinned, Has.Count.EqualTo(1), _build.ToString());
            Assert.That(root, Has.Count.EqualTo(1), _build.ToString());
        }

        var line = unpinned[0];
        using (Assert.EnterMultipleScope())
        {
            Assert.That((line.Line, line.Column), Is.EqualTo((1, 1)), line.Text);
            Assert.That(line.Severity, Is.EqualTo("warning"), line.Text);
            Assert.That(line.Message, Does.Match(@"\[ATLAS AML\.T\d{4}"), line.Text);
            Assert.That(line.ProjectFile, Is.EqualTo(_consumer.PathOf("app/app.csproj")), line.Text);
            Assert.That(root[0].Severity, Is.EqualTo("warning"), root[0].Text);
        }
    }

    [Test]
    public void Literal_key_in_csharp_is_reported_by_the_analyzer_once()
    {
        var keys = _build.Diagnostics.Where(d => d.Id == "TL5008").ToList();
        Assert.That(keys, Has.Count.EqualTo(1), _build.ToString());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(keys[0].Path, Is.EqualTo(_consumer.PathOf("app/Program.cs")), keys[0].Text);
            Assert.That((keys[0].Line, keys[0].Column), Is.EqualTo((1, 58)), keys[0].Text);
            Assert.That(keys[0].Severity, Is.EqualTo("warning"), keys[0].Text);
            Assert.That(keys[0].Message, Does.Contain("[ATLAS AML.T0055"), keys[0].Text);
        }
    }

    [Test]
    public void The_key_never_appears_in_the_output()
    {
        Assert.That(_build.Output.Concat(_build.Error), Has.None.Contains(Consumer.ApiKey));
    }

    [Test]
    public void Nothing_under_bin_obj_or_git_is_reported()
    {
        Assert.That(
            _build.Diagnostics.Select(d => Path.GetRelativePath(_consumer.Root, d.Path).Replace('\\', '/')),
            Has.None.Match(@"(^|/)(bin|obj|\.git)/|^\.\."),
            _build.ToString());
    }

    [Test]
    public void FailOn_critical_fails_the_build_through_the_analyzer()
    {
        var gated = _consumer.Build("app", "-p:ThreatLintFailOn=critical");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(gated.ExitCode, Is.Not.Zero, gated.ToString());
            Assert.That(gated.Diagnostics.Where(d => d.Id == "TL5008").Select(d => d.Severity), Is.EqualTo(new[] { "error" }), gated.ToString());
            // Medium findings stay warnings under a critical gate.
            Assert.That(gated.Diagnostics.Where(d => d.Id == "TL4002").Select(d => d.Severity), Is.EqualTo(new[] { "warning" }), gated.ToString());
        }
    }
}
