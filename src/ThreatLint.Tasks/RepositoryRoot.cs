namespace ThreatLint.Tasks;

/// <summary>Finds the default scan root: the nearest folder above the project that holds <c>.git</c>.</summary>
internal static class RepositoryRoot
{
    public static string Find(string projectDirectory)
    {
        for (var directory = new DirectoryInfo(projectDirectory); directory is not null; directory = directory.Parent)
        {
            // .git is a folder in a clone and a file in a worktree or submodule.
            var git = Path.Combine(directory.FullName, ".git");
            if (Directory.Exists(git) || File.Exists(git))
            {
                return directory.FullName;
            }
        }

        return projectDirectory;
    }
}
