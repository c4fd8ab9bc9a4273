namespace ThreatLint.Tasks.Tests;

public class ProjectOwnershipTests
{
    private string _root = null!;

    [SetUp]
    public void CreateRepository()
    {
        _root = Path.Combine(Path.GetTempPath(), "threatlint-owner-" + Guid.NewGuid().ToString("N")[..12]);
        foreach (var project in new[] { "src/Api", "src/Worker", "tools/Legacy" })
        {
            Directory.CreateDirectory(Path.Combine(_root, project, "obj"));
        }

        File.WriteAllText(Path.Combine(_root, "src/Api/obj/project.assets.json"), """{ "libraries": { "ThreatLint/0.1.0": {} } }""");
        File.WriteAllText(Path.Combine(_root, "src/Worker/obj/project.assets.json"), """{ "libraries": { "ThreatLint/0.1.0": {} } }""");
        File.WriteAllText(Path.Combine(_root, "tools/Legacy/obj/project.assets.json"), """{ "libraries": { "Newtonsoft.Json/13.0.1": {} } }""");
    }

    [TearDown]
    public void DeleteRepository() => Directory.Delete(_root, recursive: true);

    [Test]
    public void In_a_solution_build_each_file_has_exactly_one_owner()
    {
        var api = Ownership("src/Api/Api.csproj");
        var worker = Ownership("src/Worker/Worker.csproj");

        Assert.Multiple(() =>
        {
            // Repository-level files: the first ThreatLint project in ordinal path order.
            Assert.That((api.Owns("Dockerfile"), worker.Owns("Dockerfile")), Is.EqualTo((true, false)));
            Assert.That((api.Owns(".github/workflows/ci.yml"), worker.Owns(".github/workflows/ci.yml")), Is.EqualTo((true, false)));
            // Files inside a project folder: that project.
            Assert.That((api.Owns("src/Worker/Dockerfile"), worker.Owns("src/Worker/Dockerfile")), Is.EqualTo((false, true)));
            Assert.That((api.Owns("src/Api/deploy/k8s.yaml"), worker.Owns("src/Api/deploy/k8s.yaml")), Is.EqualTo((true, false)));
            // A project without ThreatLint owns nothing: its files fall to the repository owner.
            Assert.That((api.Owns("tools/Legacy/Dockerfile"), worker.Owns("tools/Legacy/Dockerfile")), Is.EqualTo((true, false)));
        });
    }

    [Test]
    public void A_folder_name_prefix_is_not_an_ancestor()
    {
        var api = Ownership("src/Api/Api.csproj");

        Assert.That(api.Owns("src/ApiGateway/Dockerfile"), Is.True, "src/ApiGateway is not inside src/Api; the repository owner (Api) reports it");
        Assert.That(Ownership("src/Worker/Worker.csproj").Owns("src/ApiGateway/Dockerfile"), Is.False);
    }

    [Test]
    public void A_single_project_build_owns_every_file_outside_other_enabled_projects()
    {
        var worker = ProjectOwnership.Create(_root, Path.Combine(_root, "src/Worker/Worker.csproj"), solutionConfigurationContents: null);

        Assert.That((worker.Owns("Dockerfile"), worker.Owns("src/Worker/Dockerfile")), Is.EqualTo((true, true)));
    }

    [Test]
    public void Outside_a_solution_a_project_leaves_repository_files_to_the_ThreatLint_projects_it_references()
    {
        // dotnet build src/Worker where Worker references Api and Legacy: all three run in the same build.
        string[] repository = [.. new[] { "src/Api/Api.csproj", "src/Worker/Worker.csproj", "tools/Legacy/Legacy.csproj" }.Select(p => Path.Combine(_root, p))];
        var worker = ProjectOwnership.Create(_root, repository[1], null, [repository[0], repository[2]], repository);
        var api = ProjectOwnership.Create(_root, repository[0], null, [], repository);

        Assert.Multiple(() =>
        {
            Assert.That((worker.Owns("Dockerfile"), api.Owns("Dockerfile")), Is.EqualTo((false, true)));
            Assert.That((worker.Owns("src/Api/Dockerfile"), api.Owns("src/Api/Dockerfile")), Is.EqualTo((false, true)));
            Assert.That((worker.Owns("src/Worker/Dockerfile"), api.Owns("src/Worker/Dockerfile")), Is.EqualTo((true, false)));
            Assert.That((worker.Owns("tools/Legacy/Dockerfile"), api.Owns("tools/Legacy/Dockerfile")), Is.EqualTo((false, true)), "Legacy has no ThreatLint: the repository owner reports its files");
        });
    }

    [Test]
    public void A_file_belongs_to_its_ThreatLint_project_even_when_another_project_is_built_alone()
    {
        string[] repository = [Path.Combine(_root, "src/Api/Api.csproj"), Path.Combine(_root, "src/Worker/Worker.csproj")];

        var api = ProjectOwnership.Create(_root, repository[0], null, [], repository);

        Assert.That((api.Owns("Dockerfile"), api.Owns("src/Worker/Dockerfile")), Is.EqualTo((true, false)));
    }

    [Test]
    public void Malformed_solution_contents_fall_back_to_a_single_project_build()
    {
        var worker = ProjectOwnership.Create(_root, Path.Combine(_root, "src/Worker/Worker.csproj"), "<SolutionConfiguration><unclosed");

        Assert.That(worker.Owns("Dockerfile"), Is.True);
    }

    private ProjectOwnership Ownership(string project)
    {
        var contents = "<SolutionConfiguration>"
            + string.Concat(new[] { "src/Worker/Worker.csproj", "tools/Legacy/Legacy.csproj", "src/Api/Api.csproj" }.Select(p =>
                $"<ProjectConfiguration Project=\"{{{Guid.NewGuid()}}}\" AbsolutePath=\"{Path.Combine(_root, p)}\" BuildProjectInSolution=\"True\">Debug|AnyCPU</ProjectConfiguration>"))
            + "</SolutionConfiguration>";
        return ProjectOwnership.Create(_root, Path.Combine(_root, project), contents);
    }
}
