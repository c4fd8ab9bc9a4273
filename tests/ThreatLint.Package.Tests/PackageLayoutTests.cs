using System.IO.Compression;
using System.Xml.Linq;

namespace ThreatLint.Package.Tests;

/// <summary>What is inside the nupkg: one package carrying the task, the analyzer and the build logic.</summary>
[NonParallelizable]
public sealed class PackageLayoutTests
{
    private List<string> _entries = [];
    private XElement _metadata = new("metadata");

    [OneTimeSetUp]
    public void Open()
    {
        using var package = ZipFile.OpenRead(PackageFeed.Nupkg);
        _entries = package.Entries.Select(e => e.FullName).ToList();
        var nuspec = package.Entries.Single(e => e.FullName == "ThreatLint.nuspec");
        using var stream = nuspec.Open();
        _metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    [Test]
    public void Analyzer_folder_holds_the_analyzer_the_catalog_and_the_code_fixes_and_nothing_from_Roslyn()
    {
        var analyzers = In("analyzers/dotnet/cs/");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(analyzers, Does.Contain("ThreatLint.Analyzers.dll"));
            Assert.That(analyzers, Does.Contain("ThreatLint.Catalog.dll"));
            Assert.That(analyzers, Does.Contain("ThreatLint.CodeFixes.dll"));
            Assert.That(analyzers, Has.None.StartsWith("Microsoft.CodeAnalysis"));
            // The compiler unifies analyzer dependencies across packages (PACKAGING.md pitfall 9): ship none.
            Assert.That(analyzers, Is.All.StartsWith("ThreatLint.").And.All.EndsWith(".dll"), "third-party assembly beside the analyzer");
        }
    }

    [Test]
    public void Tasks_folder_holds_the_task_and_its_dependencies()
    {
        Assert.That(
            In("tasks/netstandard2.0/"),
            Is.SupersetOf(new[]
            {
                "ThreatLint.Tasks.dll", "ThreatLint.Core.dll", "ThreatLint.Catalog.dll", "YamlDotNet.dll", "Microsoft.Extensions.FileSystemGlobbing.dll",
            }));
    }

    [Test]
    public void No_MSBuild_assembly_anywhere()
    {
        Assert.That(_entries.Select(Path.GetFileName), Has.None.Match(@"^Microsoft\.Build.*\.dll$"), "MSBuild provides its own assemblies at run time");
    }

    [Test]
    public void Build_logic_is_in_build_buildTransitive_and_buildMultiTargeting()
    {
        Assert.That(_entries, Is.SupersetOf(new[]
        {
            "build/ThreatLint.props", "build/ThreatLint.targets", "build/ThreatLint.Rules.props",
            "buildTransitive/ThreatLint.props", "buildTransitive/ThreatLint.targets",
            "buildMultiTargeting/ThreatLint.targets",
        }));
    }

    [Test]
    public void Nothing_in_lib_and_the_documents_at_the_top()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_entries, Has.None.StartsWith("lib/"), "the package must add no compile or runtime reference");
            Assert.That(_entries, Is.SupersetOf(new[] { "README.md", "LICENSE.txt", "LICENSE-ATLAS.txt", "THIRD-PARTY-NOTICES.txt" }));
        }
    }

    [Test]
    public void Nuspec_is_a_development_dependency_with_no_dependencies()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Metadata("id"), Is.EqualTo("ThreatLint"));
            Assert.That(Metadata("version"), Is.EqualTo(PackageFeed.Version));
            Assert.That(Metadata("developmentDependency"), Is.EqualTo("true"));
            Assert.That(_metadata.Elements().Where(e => e.Name.LocalName == "dependencies").SelectMany(e => e.Descendants()), Is.Empty);
        }
    }

    private string? Metadata(string name) => _metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

    private List<string> In(string folder) =>
        _entries.Where(e => e.StartsWith(folder, StringComparison.Ordinal) && e.IndexOf('/', folder.Length) < 0)
            .Select(e => e[folder.Length..])
            .ToList();
}
