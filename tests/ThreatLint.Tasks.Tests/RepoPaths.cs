namespace ThreatLint.Tasks.Tests;

internal static class RepoPaths
{
    /// <summary>The repository root: the folder above the test's output that holds ThreatLint.sln.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ThreatLint.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ThreatLint.sln not found above " + TestContext.CurrentContext.TestDirectory);
    }
}
