namespace ThreatLint.Package.Tests;

/// <summary>
/// Two projects of one solution reference the package: each finding is reported once, by the project whose
/// folder holds the file, and repository-level files by the first project in ordinal path order.
/// </summary>
[NonParallelizable]
public sealed class SolutionTests
{
    // Beta is listed first on purpose: ownership follows paths, not the order in the solution.
    private const string Solution = """
        Microsoft Visual Studio Solution File, Format Version 12.00
        # Visual Studio Version 17
        VisualStudioVersion = 17.0.31903.59
        MinimumVisualStudioVersion = 10.0.40219.1
        Project("{9A19103F-16F7-4668-BE54-9A1E7A4F7556}") = "Beta", "src\Beta\Beta.csproj", "{2B0E2D2B-0000-4000-8000-00000000000B}"
        EndProject
        Project("{9A19103F-16F7-4668-BE54-9A1E7A4F7556}") = "Alpha", "src\Alpha\Alpha.csproj", "{2B0E2D2B-0000-4000-8000-00000000000A}"
        EndProject
        Global
        	GlobalSection(SolutionConfigurationPlatforms) = preSolution
        		Debug|Any CPU = Debug|Any CPU
        	EndGlobalSection
        	GlobalSection(ProjectConfigurationPlatforms) = postSolution
        		{2B0E2D2B-0000-4000-8000-00000000000B}.Debug|Any CPU.ActiveCfg = Debug|Any CPU
        		{2B0E2D2B-0000-4000-8000-00000000000B}.Debug|Any CPU.Build.0 = Debug|Any CPU
        		{2B0E2D2B-0000-4000-8000-00000000000A}.Debug|Any CPU.ActiveCfg = Debug|Any CPU
        		{2B0E2D2B-0000-4000-8000-00000000000A}.Debug|Any CPU.Build.0 = Debug|Any CPU
        	EndGlobalSection
        EndGlobal

        """;

    private Consumer _consumer = null!;

    [OneTimeSetUp]
    public void Restore()
    {
        _consumer = Consumer.Create("solution")
            .Write("Repo.sln", Solution)
            .Write("Repo.slnx", "<Solution>\n  <Project Path=\"src/Beta/Beta.csproj\" />\n  <Project Path=\"src/Alpha/Alpha.csproj\" />\n</Solution>\n")
            .Write("Dockerfile", Consumer.Dockerfile)
            .Write("src/Alpha/Alpha.csproj", Consumer.Project())
            .Write("src/Alpha/Alpha.cs", "namespace Alpha;\n\npublic static class A\n{\n}\n")
            .Write("src/Alpha/Dockerfile", Consumer.Dockerfile)
            .Write("src/Beta/Beta.csproj", Consumer.Project())
            .Write("src/Beta/Beta.cs", "namespace Beta;\n\npublic static class B\n{\n}\n")
            .Write("src/Beta/Dockerfile", Consumer.Dockerfile);
        _consumer.Restore("Repo.sln");
    }

    // --no-incremental: each case scans afresh instead of re-reporting the other case's cache.
    // .slnx is what `dotnet new sln` writes since SDK 10.
    [TestCase("Repo.sln", "-m:1")]
    [TestCase("Repo.sln", "-m:2")]
    [TestCase("Repo.slnx", "-m:2")]
    public void Each_finding_is_reported_once_by_its_owner(string solution, string nodes)
    {
        var build = _consumer.Build(solution, nodes, "--no-incremental");
        var owners = build.Diagnostics
            .Where(d => d.Id is "TL4001" or "TL4002")
            .Select(d => (File: Relative(d.Path), d.Id, Project: Relative(d.ProjectFile)))
            .ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(build.ExitCode, Is.Zero, build.ToString());
            Assert.That(build.Diagnostics.Select(d => (d.Path, d.Line, d.Column, d.Id)), Is.Unique, build.ToString());
            Assert.That(owners, Is.EquivalentTo(new[]
            {
                ("Dockerfile", "TL4001", "src/Alpha/Alpha.csproj"),
                ("Dockerfile", "TL4002", "src/Alpha/Alpha.csproj"),
                ("src/Alpha/Dockerfile", "TL4001", "src/Alpha/Alpha.csproj"),
                ("src/Alpha/Dockerfile", "TL4002", "src/Alpha/Alpha.csproj"),
                ("src/Beta/Dockerfile", "TL4001", "src/Beta/Beta.csproj"),
                ("src/Beta/Dockerfile", "TL4002", "src/Beta/Beta.csproj"),
            }), build.ToString());
        }
    }

    [Test]
    public void A_project_built_alone_reports_repository_files_and_its_own_but_not_another_ThreatLint_projects()
    {
        var build = _consumer.Build("src/Beta");
        var owners = build.Diagnostics
            .Where(d => d.Id == "TL4002")
            .Select(d => (File: Relative(d.Path), Project: Relative(d.ProjectFile)))
            .ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(build.ExitCode, Is.Zero, build.ToString());
            Assert.That(owners, Is.EquivalentTo(new[]
            {
                ("Dockerfile", "src/Beta/Beta.csproj"),
                ("src/Beta/Dockerfile", "src/Beta/Beta.csproj"),
            }), "src/Alpha/Dockerfile belongs to Alpha (a restored ThreatLint project) and is reported when Alpha builds\n" + build);
        }
    }

    [Test]
    public void A_project_and_its_project_reference_report_each_finding_once()
    {
        var consumer = Consumer.Create("projectreference")
            .Write("Dockerfile", Consumer.Dockerfile)
            .Write("src/Alpha/Alpha.csproj", Consumer.Project())
            .Write("src/Alpha/Alpha.cs", "namespace Alpha;\n\npublic static class A\n{\n}\n")
            .Write("src/Beta/Beta.csproj", Consumer.Project(items: """<ProjectReference Include="../Alpha/Alpha.csproj" />"""))
            .Write("src/Beta/Beta.cs", "namespace Beta;\n\npublic static class B\n{\n}\n")
            .Write("src/Beta/Dockerfile", Consumer.Dockerfile);
        consumer.Restore("src/Beta");

        var build = consumer.Build("src/Beta");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(build.ExitCode, Is.Zero, build.ToString());
            Assert.That(build.Diagnostics.Where(d => d.Id == "TL4002").Select(d => d.Path).ToList(), Has.Count.EqualTo(2), build.ToString());
            Assert.That(build.Diagnostics.Select(d => (d.Path, d.Line, d.Column, d.Id)), Is.Unique, build.ToString());
        }
    }

    private string Relative(string path) => Path.GetRelativePath(_consumer.Root, path).Replace('\\', '/');
}
