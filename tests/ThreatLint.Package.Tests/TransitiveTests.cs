namespace ThreatLint.Package.Tests;

/// <summary>
/// With PrivateAssets="all" (what the README shows) the package stays with the project that references it:
/// a project that references that project gets neither the targets nor the analyzer.
/// </summary>
[NonParallelizable]
public sealed class TransitiveTests
{
    [Test]
    public void A_private_reference_does_not_flow_to_referencing_projects()
    {
        var consumer = Consumer.Create("transitive")
            .Write("A/A.csproj", Consumer.Project())
            .Write("A/Model.cs", "namespace A;\n\npublic static class Model\n{\n}\n")
            .Write("B/B.csproj", Consumer.Project(exe: true, threatLint: false, items: Consumer.ClientModelReference + """<ProjectReference Include="../A/A.csproj" />"""))
            // A literal key the analyzer would report, if it reached B.
            .Write("B/Program.cs", Consumer.ProgramWithKey())
            .Write("Dockerfile", Consumer.Dockerfile);
        consumer.Restore("B");

        var assets = File.ReadAllText(consumer.PathOf("B/obj/project.assets.json"));
        var imports = File.ReadAllText(consumer.PathOf("B/obj/B.csproj.nuget.g.props")) + File.ReadAllText(consumer.PathOf("B/obj/B.csproj.nuget.g.targets"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(assets, Does.Contain("A.csproj"), "B's restore knows A");
            Assert.That(assets, Does.Not.Contain("ThreatLint/"), "B's restore lists the ThreatLint package");
            Assert.That(imports, Does.Not.Contain("threatlint").IgnoreCase, "B imports ThreatLint's build logic");
        }

        var build = consumer.Build("B");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(build.ExitCode, Is.Zero, build.ToString());
            Assert.That(build.Output, Has.Some.EndsWith(Path.Combine("net10.0", "B.dll")), "B was compiled:\n" + build);
            Assert.That(build.Diagnostics.Select(d => d.ProjectFile), Has.None.EqualTo(consumer.PathOf("B/B.csproj")), build.ToString());
            Assert.That(build.Diagnostics.Select(d => d.Id), Has.None.EqualTo("TL5008"), build.ToString());
            // A still runs ThreatLint for the repository (built as B's dependency, alone: it owns every file).
            Assert.That(
                build.Diagnostics.Where(d => d.Id == "TL4002").Select(d => d.ProjectFile),
                Is.EqualTo(new[] { consumer.PathOf("A/A.csproj") }),
                build.ToString());
        }
    }
}
