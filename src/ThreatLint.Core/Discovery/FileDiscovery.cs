using Microsoft.Extensions.FileSystemGlobbing;

namespace ThreatLint.Discovery;

/// <summary>
/// Finds the files to scan below a root: honours <c>.gitignore</c> files (root and nested), include and
/// exclude globs, never enters <c>bin</c>, <c>obj</c>, <c>.git</c>, <c>node_modules</c>, and follows no
/// symbolic link (so nothing outside the root is ever read). Output is sorted by relative path (ordinal).
/// </summary>
public static class FileDiscovery
{
    private static readonly HashSet<string> AlwaysSkipped = new(StringComparer.OrdinalIgnoreCase)
    {
        ".git", "bin", "obj", "node_modules", ".vs", ".idea", "__pycache__", ".venv", ".tox", ".mypy_cache",
    };

    /// <param name="options">Root, globs and .gitignore switch.</param>
    /// <param name="projectFiles">When given, receives the MSBuild project files met on the way (absolute paths);
    /// the MSBuild host uses them to decide which project reports which file.</param>
    /// <param name="csharpSources">When given, receives the <c>.cs</c> files that pass the same filters (sorted like the
    /// result); the CLI runs the Roslyn analyzers over them. They are never in the returned list.</param>
    public static IReadOnlyList<DiscoveredFile> Discover(ScanOptions options, ICollection<string>? projectFiles = null, List<DiscoveredFile>? csharpSources = null)
    {
        var root = Path.GetFullPath(options.Root);
        var matcher = CreateMatcher(options);
        var extra = options.ExtraFiles.Select(p => (Matcher: CreateMatcher(p.Pattern), p.Kind)).ToList();
        var files = new List<DiscoveredFile>();
        Walk(new DirectoryInfo(root), string.Empty, [], matcher, extra, options, files, projectFiles, csharpSources);
        files.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        csharpSources?.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return files;
    }

    private static void Walk(
        DirectoryInfo directory,
        string relativeDirectory,
        List<GitIgnore> ignores,
        Matcher? matcher,
        List<(Matcher Matcher, DocumentKind Kind)> extra,
        ScanOptions options,
        List<DiscoveredFile> files,
        ICollection<string>? projectFiles,
        List<DiscoveredFile>? csharpSources)
    {
        if (options.RespectGitIgnore)
        {
            var gitignore = Path.Combine(directory.FullName, ".gitignore");
            if (File.Exists(gitignore))
            {
                ignores = [.. ignores, GitIgnore.Parse(relativeDirectory, SafeReadText(gitignore))];
            }
        }

        FileSystemInfo[] entries;
        try
        {
            entries = directory.GetFileSystemInfos();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            return;
        }

        Array.Sort(entries, (a, b) => string.CompareOrdinal(a.Name, b.Name));
        foreach (var entry in entries)
        {
            var relative = relativeDirectory.Length == 0 ? entry.Name : relativeDirectory + "/" + entry.Name;
            var isDirectory = entry is DirectoryInfo;
            if (IsIgnored(ignores, relative, isDirectory))
            {
                continue;
            }

            // netstandard2.0 cannot resolve link targets, so no link is followed: none can lead out of the root.
            if ((entry.Attributes & FileAttributes.ReparsePoint) != 0)
            {
                continue;
            }

            if (entry is DirectoryInfo sub)
            {
                if (!AlwaysSkipped.Contains(entry.Name))
                {
                    Walk(sub, relative, ignores, matcher, extra, options, files, projectFiles, csharpSources);
                }

                continue;
            }

            if (projectFiles is not null && IsProjectFile(entry.Name))
            {
                projectFiles.Add(entry.FullName);
            }

            if (matcher is not null && !matcher.Match(relative).HasMatches)
            {
                continue;
            }

            var kind = extra.Count == 0 ? Classifier.Classify(relative) : ExtraKind(extra, relative) ?? Classifier.Classify(relative);
            if (kind is null && csharpSources is not null && entry.Name.EndsWith(".cs", StringComparison.OrdinalIgnoreCase))
            {
                AddFile(csharpSources, (FileInfo)entry, relative, DocumentKind.CSharpSource);
                continue;
            }

            if (kind is null)
            {
                continue;
            }

            AddFile(files, (FileInfo)entry, relative, kind.Value);
        }
    }

    private static void AddFile(List<DiscoveredFile> files, FileInfo file, string relative, DocumentKind kind)
    {
        try
        {
            files.Add(new DiscoveredFile(file.FullName, relative, kind, file.Length, file.LastWriteTimeUtc));
        }
        catch (IOException)
        {
            // Vanished or a dangling link: nothing to scan.
        }
    }

    private static bool IsIgnored(List<GitIgnore> ignores, string relative, bool isDirectory)
    {
        // The deepest .gitignore that has an opinion decides, as in git.
        for (var i = ignores.Count - 1; i >= 0; i--)
        {
            if (ignores[i].IsIgnored(relative, isDirectory) is { } decided)
            {
                return decided;
            }
        }

        return false;
    }

    private static bool IsProjectFile(string name) =>
        name.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith(".fsproj", StringComparison.OrdinalIgnoreCase)
        || name.EndsWith(".vbproj", StringComparison.OrdinalIgnoreCase);

    private static DocumentKind? ExtraKind(List<(Matcher Matcher, DocumentKind Kind)> extra, string relative)
    {
        foreach (var (matcher, kind) in extra)
        {
            if (matcher.Match(relative).HasMatches)
            {
                return kind;
            }
        }

        return null;
    }

    private static Matcher CreateMatcher(string glob)
    {
        var matcher = new Matcher(StringComparison.OrdinalIgnoreCase);
        matcher.AddInclude(glob);
        return matcher;
    }

    private static Matcher? CreateMatcher(ScanOptions options)
    {
        if (options.Include.Count == 0 && options.Exclude.Count == 0)
        {
            return null;
        }

        var matcher = new Matcher(StringComparison.OrdinalIgnoreCase);
        if (options.Include.Count == 0)
        {
            matcher.AddInclude("**/*");
        }

        foreach (var include in options.Include)
        {
            matcher.AddInclude(include);
        }

        foreach (var exclude in options.Exclude)
        {
            matcher.AddExclude(exclude);
        }

        return matcher;
    }

    private static string SafeReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
