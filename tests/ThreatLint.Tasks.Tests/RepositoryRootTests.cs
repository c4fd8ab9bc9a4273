namespace ThreatLint.Tasks.Tests;

public class RepositoryRootTests
{
    [Test]
    public void The_nearest_folder_with_git_is_the_root_whether_git_is_a_folder_or_a_worktree_file()
    {
        var root = Path.Combine(Path.GetTempPath(), "threatlint-root-" + Guid.NewGuid().ToString("N")[..12]);
        var project = Path.Combine(root, "services", "api");
        var worktree = Path.Combine(root, "services", "worktree", "app");
        Directory.CreateDirectory(Path.Combine(root, ".git"));
        Directory.CreateDirectory(project);
        Directory.CreateDirectory(worktree);
        File.WriteAllText(Path.Combine(root, "services", "worktree", ".git"), "gitdir: ../../.git/worktrees/x\n");
        try
        {
            Assert.Multiple(() =>
            {
                Assert.That(RepositoryRoot.Find(project), Is.EqualTo(root));
                Assert.That(RepositoryRoot.Find(worktree), Is.EqualTo(Path.Combine(root, "services", "worktree")));
            });
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
