using System.Xml.Linq;

namespace ThreatLint.Tasks;

/// <summary>
/// Decides which project reports a file, so each finding is reported once per build.
/// A file belongs to the ThreatLint project (restored, its obj/project.assets.json lists ThreatLint) whose
/// folder is the file's deepest ancestor — whichever project is being built. Every other file
/// (repository-level: .github/, deploy/, a root Dockerfile) belongs to the "repository owner": in a
/// solution build, the first ThreatLint project of the solution in ordinal path order; outside a
/// solution, a project with no ThreatLint project references (a referenced project is built in the same
/// build and reports them), so <c>dotnet build tests/App.Tests</c> reports each finding once.
/// </summary>
internal sealed class ProjectOwnership
{
    private readonly string _root;
    private readonly string _thisProjectDirectory;
    private readonly IReadOnlyList<string> _projectDirectories;
    private readonly bool _isRepositoryOwner;

    private ProjectOwnership(string root, string thisProjectDirectory, IReadOnlyList<string> projectDirectories, bool isRepositoryOwner)
    {
        _root = root;
        _thisProjectDirectory = thisProjectDirectory;
        _projectDirectories = projectDirectories;
        _isRepositoryOwner = isRepositoryOwner;
    }

    /// <summary>The other enabled projects, in order: part of the scan's inputs key.</summary>
    public string Describe() =>
        (_isRepositoryOwner ? "owner" : "member") + ":" + string.Join("|", _projectDirectories);

    /// <param name="root">The scan root (absolute).</param>
    /// <param name="projectFile">The project being built (absolute).</param>
    /// <param name="solutionConfigurationContents">MSBuild's <c>$(CurrentSolutionConfigurationContents)</c>; empty outside a solution build.</param>
    /// <param name="projectReferences">Full paths of the project's <c>ProjectReference</c>s.</param>
    /// <param name="repositoryProjects">Project files found in the repository by discovery.</param>
    public static ProjectOwnership Create(
        string root,
        string projectFile,
        string? solutionConfigurationContents,
        IReadOnlyList<string>? projectReferences = null,
        IReadOnlyList<string>? repositoryProjects = null)
    {
        var thisDirectory = DirectoryOf(projectFile);
        var solution = SolutionProjects(solutionConfigurationContents).Where(ReferencesThreatLint).Select(DirectoryOf).ToList();
        var references = (projectReferences ?? []).Where(ReferencesThreatLint).Select(DirectoryOf).ToList();
        var projects = solution.Concat(references)
            .Concat((repositoryProjects ?? []).Where(ReferencesThreatLint).Select(DirectoryOf))
            .Append(thisDirectory)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToList();
        var isOwner = solution.Count > 0
            ? string.Equals(solution.Append(thisDirectory).OrderBy(p => p, StringComparer.Ordinal).First(), thisDirectory, StringComparison.Ordinal)
            : !references.Any(r => !string.Equals(r, thisDirectory, StringComparison.Ordinal));
        return new ProjectOwnership(Normalize(Path.GetFullPath(root)), thisDirectory, projects, isOwner);
    }

    /// <summary>True when the project being built reports <paramref name="relativePath"/> (relative to the root).</summary>
    public bool Owns(string relativePath)
    {
        var full = _root + "/" + relativePath;
        string? deepest = null;
        foreach (var directory in _projectDirectories)
        {
            if (full.StartsWith(directory + "/", StringComparison.Ordinal) && (deepest is null || directory.Length > deepest.Length))
            {
                deepest = directory;
            }
        }

        return deepest is null ? _isRepositoryOwner : string.Equals(deepest, _thisProjectDirectory, StringComparison.Ordinal);
    }

    private static IReadOnlyList<string> SolutionProjects(string? contents)
    {
        if (string.IsNullOrWhiteSpace(contents))
        {
            return [];
        }

        try
        {
            return XDocument.Parse(contents)
                .Descendants("ProjectConfiguration")
                .Select(e => (string?)e.Attribute("AbsolutePath"))
                .Where(p => !string.IsNullOrEmpty(p))
                .Select(p => Path.GetFullPath(p!))
                .ToList();
        }
        catch (System.Xml.XmlException)
        {
            return [];
        }
    }

    private static bool ReferencesThreatLint(string projectFile)
    {
        var assets = Path.Combine(Path.GetDirectoryName(projectFile)!, "obj", "project.assets.json");
        try
        {
            return File.Exists(assets) && File.ReadAllText(assets).IndexOf("\"ThreatLint/", StringComparison.OrdinalIgnoreCase) >= 0;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string DirectoryOf(string projectFile) => Normalize(Path.GetDirectoryName(Path.GetFullPath(projectFile))!);

    private static string Normalize(string path) => path.Replace('\\', '/').TrimEnd('/');
}
