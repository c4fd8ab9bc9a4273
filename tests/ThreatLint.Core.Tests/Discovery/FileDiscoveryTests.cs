using ThreatLint.Discovery;

namespace ThreatLint.Core.Tests.Discovery;

public class FileDiscoveryTests
{
    private string _root = null!;

    [SetUp]
    public void CreateRepository() =>
        _root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "threatlint-discovery-" + Guid.NewGuid().ToString("N")[..12])).FullName;

    [TearDown]
    public void DeleteRepository() => Directory.Delete(_root, recursive: true);

    [Test]
    public void Finds_Dockerfiles_by_name_in_any_folder_sorted_by_path()
    {
        Write("Dockerfile");
        Write("serving/torchserve/Dockerfile.gpu");
        Write("images/triton.Dockerfile");
        Write("images/Containerfile");
        Write("images/Dockerfile.dockerignore");
        Write("src/Program.cs");

        Assert.That(Discover(), Is.EqualTo(new[] { "Dockerfile", "images/Containerfile", "images/triton.Dockerfile", "serving/torchserve/Dockerfile.gpu" }));
    }

    [Test]
    public void Never_enters_build_output_git_or_dependency_folders()
    {
        Write("bin/Debug/Dockerfile");
        Write("src/App/obj/Dockerfile");
        Write(".git/Dockerfile");
        Write("web/node_modules/pkg/Dockerfile");
        Write(".venv/lib/Dockerfile");
        Write("deploy/Dockerfile");

        Assert.That(Discover(), Is.EqualTo(new[] { "deploy/Dockerfile" }));
    }

    [Test]
    public void Honours_root_and_nested_gitignore_with_negation_and_directory_patterns()
    {
        Write(".gitignore", "# generated\n/generated/\n*.tmp.Dockerfile\nvendor/*\n!vendor/keep/\n"); // checked against git status
        Write("services/.gitignore", "scratch/\n!Dockerfile.keep\nDockerfile.*\n");
        Write("generated/Dockerfile");
        Write("services/generated/Dockerfile"); // '/generated/' is anchored to the root
        Write("a.tmp.Dockerfile");
        Write("vendor/x/Dockerfile");
        Write("vendor/keep/Dockerfile");
        Write("services/scratch/Dockerfile");
        Write("services/Dockerfile.dev");
        Write("services/Dockerfile");

        Assert.That(Discover(), Is.EqualTo(new[] { "services/Dockerfile", "services/generated/Dockerfile", "vendor/keep/Dockerfile" }));
    }

    [Test]
    public void Gitignore_can_be_turned_off()
    {
        Write(".gitignore", "Dockerfile\n");
        Write("Dockerfile");

        Assert.That(Discover(new ScanOptions(_root) { RespectGitIgnore = false }), Is.EqualTo(new[] { "Dockerfile" }));
    }

    [Test]
    public void Include_and_exclude_globs_apply_to_paths_relative_to_the_root()
    {
        Write("deploy/Dockerfile");
        Write("deploy/legacy/Dockerfile");
        Write("tools/Dockerfile");

        var options = new ScanOptions(_root) { Include = ["deploy/**"], Exclude = ["**/legacy/**"] };

        Assert.That(Discover(options), Is.EqualTo(new[] { "deploy/Dockerfile" }));
    }

    [Test]
    public void Symbolic_links_are_not_followed_so_nothing_outside_the_root_is_read()
    {
        var outside = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "threatlint-outside-" + Guid.NewGuid().ToString("N")[..12])).FullName;
        try
        {
            File.WriteAllText(Path.Combine(outside, "Dockerfile"), "FROM secret\n");
            Directory.CreateSymbolicLink(Path.Combine(_root, "linked"), outside);
            File.CreateSymbolicLink(Path.Combine(_root, "Dockerfile"), Path.Combine(outside, "Dockerfile"));

            Assert.That(Discover(), Is.Empty);
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Test]
    public void Records_size_and_time_for_the_incremental_build()
    {
        Write("Dockerfile", "FROM python:3.12\n");

        var file = FileDiscovery.Discover(new ScanOptions(_root)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(file.Kind, Is.EqualTo(DocumentKind.Dockerfile));
            Assert.That(file.Length, Is.EqualTo(17));
            Assert.That(file.LastWriteTimeUtc, Is.EqualTo(File.GetLastWriteTimeUtc(file.FullPath)));
        });
    }

    private string[] Discover(ScanOptions? options = null) =>
        [.. FileDiscovery.Discover(options ?? new ScanOptions(_root)).Select(f => f.RelativePath)];

    private void Write(string relativePath, string content = "FROM scratch\n")
    {
        var path = Path.Combine(_root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
