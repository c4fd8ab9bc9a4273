namespace ThreatLint.Discovery;

/// <summary>netstandard2.0 has no <c>Path.GetRelativePath</c>.</summary>
public static class PathUtility
{
    public static string GetRelativePath(string root, string fullPath)
    {
        var rootUri = new Uri(AppendSeparator(Path.GetFullPath(root)));
        var fileUri = new Uri(Path.GetFullPath(fullPath));
        var relative = Uri.UnescapeDataString(rootUri.MakeRelativeUri(fileUri).ToString());
        return relative.Replace('/', Path.DirectorySeparatorChar);
    }

    private static string AppendSeparator(string path) =>
        path.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? path : path + Path.DirectorySeparatorChar;
}
