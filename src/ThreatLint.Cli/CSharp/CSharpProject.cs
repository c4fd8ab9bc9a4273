using System.Xml;
using System.Xml.Linq;
using ThreatLint.Discovery;

namespace ThreatLint.Cli.CSharp;

/// <summary>
/// One compilation's worth of C# files: the files below a project file (nearest <c>.csproj</c> wins), or the files
/// that belong to no project. What the project file says is read from its XML without evaluating MSBuild: enough to
/// compile the way the SDK would (implicit usings, nullable, output kind, ASP.NET Core or not).
/// </summary>
internal sealed class CSharpProject
{
    private const long MaxProjectFileBytes = 1024 * 1024;

    private readonly Dictionary<string, string> _properties;

    private CSharpProject(string? projectFile, string directory, IReadOnlyList<DiscoveredFile> sources, Dictionary<string, string> properties, IReadOnlyList<string> sdks, IReadOnlyList<XElement> items)
    {
        ProjectFile = projectFile;
        Directory = directory;
        Sources = sources;
        _properties = properties;
        Sdks = sdks;
        Items = items;
    }

    /// <summary>Absolute path of the <c>.csproj</c>, or null for the files that belong to no project.</summary>
    public string? ProjectFile { get; }

    public string Directory { get; }

    public IReadOnlyList<DiscoveredFile> Sources { get; }

    /// <summary>"Microsoft.NET.Sdk.Web", …; empty for loose files and old-style projects.</summary>
    public IReadOnlyList<string> Sdks { get; }

    /// <summary>Items of the project file (Using, FrameworkReference, …), any condition.</summary>
    public IReadOnlyList<XElement> Items { get; }

    public string Name => ProjectFile is null ? "LooseFiles" : Path.GetFileNameWithoutExtension(ProjectFile);

    public bool IsWebSdk => Sdks.Any(s => s.StartsWith("Microsoft.NET.Sdk.Web", StringComparison.OrdinalIgnoreCase));

    public bool IsWorkerSdk => Sdks.Any(s => s.Equals("Microsoft.NET.Sdk.Worker", StringComparison.OrdinalIgnoreCase));

    /// <summary>A project's value of an MSBuild property, from the project file or a Directory.Build.props above it (project wins).</summary>
    public string? Property(string name) => _properties.TryGetValue(name, out var value) ? value : null;

    public bool IsEnabled(string property) => Property(property)?.Trim().ToUpperInvariant() is "ENABLE" or "TRUE";

    /// <summary>Groups sources by their nearest project file below <paramref name="root"/>; files with none form one group.</summary>
    public static IReadOnlyList<CSharpProject> Group(string root, IReadOnlyList<DiscoveredFile> sources)
    {
        var nearest = new Dictionary<string, string?>(StringComparer.Ordinal);
        var groups = new SortedDictionary<string, List<DiscoveredFile>>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            var project = NearestProject(root, Path.GetDirectoryName(source.FullPath)!, nearest) ?? string.Empty;
            if (!groups.TryGetValue(project, out var files))
            {
                groups[project] = files = [];
            }

            files.Add(source);
        }

        return [.. groups.Select(g => g.Key.Length == 0 ? Loose(root, g.Value) : Load(root, g.Key, g.Value))];
    }

    private static CSharpProject Loose(string root, List<DiscoveredFile> files) =>
        new(null, root, files, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase), [], []);

    private static CSharpProject Load(string root, string projectFile, List<DiscoveredFile> files)
    {
        var directory = Path.GetDirectoryName(projectFile)!;
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var sdks = new List<string>();
        var items = new List<XElement>();
        if (ReadXml(projectFile) is { Root: { } project })
        {
            AddProperties(project, properties);
            items.AddRange(project.Elements().Where(e => e.Name.LocalName == "ItemGroup").SelectMany(g => g.Elements()));
            sdks.AddRange(SdkNames(project));
        }

        // Directory.Build.props files up to the scan root: the nearest first, and the project's own values win over them.
        for (var dir = directory; dir is not null && IsWithin(root, dir); dir = Path.GetDirectoryName(dir))
        {
            var props = Path.Combine(dir, "Directory.Build.props");
            if (File.Exists(props) && ReadXml(props) is { Root: { } element })
            {
                AddProperties(element, properties);
                items.AddRange(element.Elements().Where(e => e.Name.LocalName == "ItemGroup").SelectMany(g => g.Elements()));
            }
        }

        return new CSharpProject(projectFile, directory, files, properties, sdks, items);
    }

    private static IEnumerable<string> SdkNames(XElement project)
    {
        if (project.Attribute("Sdk")?.Value is { } sdk)
        {
            foreach (var name in sdk.Split(';'))
            {
                yield return name.Split('/')[0].Trim();
            }
        }

        foreach (var element in project.Elements().Where(e => e.Name.LocalName is "Sdk" or "Import"))
        {
            if ((element.Name.LocalName == "Sdk" ? element.Attribute("Name") : element.Attribute("Sdk"))?.Value is { } name)
            {
                yield return name.Trim();
            }
        }
    }

    private static void AddProperties(XElement project, Dictionary<string, string> properties)
    {
        foreach (var property in project.Elements().Where(e => e.Name.LocalName == "PropertyGroup").SelectMany(g => g.Elements()))
        {
            // First one met wins: the project before the Directory.Build.props files, nearest first.
            if (!properties.ContainsKey(property.Name.LocalName) && !property.HasElements)
            {
                properties[property.Name.LocalName] = property.Value.Trim();
            }
        }
    }

    private static string? NearestProject(string root, string directory, Dictionary<string, string?> cache)
    {
        if (cache.TryGetValue(directory, out var known))
        {
            return known;
        }

        string? found = null;
        try
        {
            found = System.IO.Directory.EnumerateFiles(directory, "*.csproj").Order(StringComparer.Ordinal).FirstOrDefault();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An unreadable folder has no project we can use.
        }

        if (found is null && !string.Equals(directory, root, StringComparison.Ordinal) && Path.GetDirectoryName(directory) is { } parent && IsWithin(root, parent))
        {
            found = NearestProject(root, parent, cache);
        }

        cache[directory] = found;
        return found;
    }

    private static bool IsWithin(string root, string directory) =>
        directory.Length >= root.Length && directory.StartsWith(root, StringComparison.Ordinal);

    /// <summary>The XML of a project file, or null when it is unreadable, too large or not XML: the files then compile with defaults.</summary>
    private static XDocument? ReadXml(string path)
    {
        try
        {
            if (new FileInfo(path).Length > MaxProjectFileBytes)
            {
                return null;
            }

            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaxProjectFileBytes };
            using var reader = XmlReader.Create(path, settings);
            return XDocument.Load(reader);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or XmlException)
        {
            return null;
        }
    }
}
