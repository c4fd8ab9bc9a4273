using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace ThreatLint.Cli.CSharp;

/// <summary>
/// Builds the ad-hoc compilation of one <see cref="CSharpProject"/>: its sources, the global usings the SDK would
/// generate, the .NET 8 reference assemblies shipped in the tool (plus ASP.NET Core's for web projects), and the
/// compile assemblies of its restored packages when they are on disk. Nothing is evaluated, built or downloaded.
/// </summary>
internal static class CompilationFactory
{
    private const long MaxSourceBytes = 4L * 1024 * 1024;

    private static readonly string[] SdkUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    private static readonly string[] WebUsings =
        ["System.Net.Http.Json", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Http",
        "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection",
        "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging"];

    private static readonly string[] WorkerUsings =
        ["Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging"];


    /// <summary>The compilation, and the files that could not be read (reported as TL9001 by the caller).</summary>
    public static (CSharpCompilation Compilation, IReadOnlyList<(string RelativePath, string Reason, bool AtLimit)> Unreadable, RestoredPackages Packages) Create(
        CSharpProject project, CancellationToken cancellationToken)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersionOf(project), DocumentationMode.None);
        var trees = new List<SyntaxTree>();
        var unreadable = new List<(string, string, bool)>();
        foreach (var source in project.Sources)
        {
            if (source.Length > MaxSourceBytes)
            {
                unreadable.Add((source.RelativePath, FormattableString.Invariant($"{source.Length} bytes is over the {MaxSourceBytes}-byte limit for C# sources"), true));
                continue;
            }

            try
            {
                using var stream = File.OpenRead(source.FullPath);
                var text = SourceText.From(stream, Encoding.UTF8, canBeEmbedded: false);
                trees.Add(CSharpSyntaxTree.ParseText(text, parseOptions, source.FullPath, cancellationToken));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                unreadable.Add((source.RelativePath, "cannot read the file: " + e.Message, false));
            }
        }

        var packages = RestoredPackages.Read(project);
        var isWeb = project.IsWebSdk
            || packages.FrameworkReferences.Contains("Microsoft.AspNetCore.App", StringComparer.OrdinalIgnoreCase)
            || project.Items.Any(i => i.Name.LocalName == "FrameworkReference" && string.Equals(i.Attribute("Include")?.Value, "Microsoft.AspNetCore.App", StringComparison.OrdinalIgnoreCase))
            // Loose files: nothing says what they need; ASP.NET Core costs little and is what inference code serves with.
            || project.ProjectFile is null;
        if (GlobalUsings(project, isWeb) is { Length: > 0 } usings)
        {
            trees.Add(CSharpSyntaxTree.ParseText(usings, parseOptions, Path.Combine(project.Directory, "obj", project.Name + ".GlobalUsings.g.cs"), Encoding.UTF8, cancellationToken));
        }

        var targetFramework = packages.TargetFramework ?? project.Property("TargetFramework") ?? project.Property("TargetFrameworks")?.Split(';')[0].Trim();
        var references = new List<MetadataReference>(FrameworkReferences.For(targetFramework, isWeb, packages.PackageFolders));

        references.AddRange(packages.CompileAssemblies.Select(path => MetadataReference.CreateFromFile(path)));

        var hasTopLevelStatements = trees.Any(t => t.GetCompilationUnitRoot(cancellationToken).Members.Any(m => m is Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax));
        var options = new CSharpCompilationOptions(
            hasTopLevelStatements ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: project.IsEnabled("Nullable") ? NullableContextOptions.Enable : NullableContextOptions.Disable,
            allowUnsafe: project.IsEnabled("AllowUnsafeBlocks"),
            concurrentBuild: true);
        return (CSharpCompilation.Create(project.Name, trees, references, options), unreadable, packages);
    }

    private static LanguageVersion LanguageVersionOf(CSharpProject project) =>
        project.Property("LangVersion") is { } text && LanguageVersionFacts.TryParse(text, out var version) ? version : LanguageVersion.Latest;

    /// <summary>
    /// What the SDK writes to obj/…GlobalUsings.g.cs: the implicit usings of the project's SDK (when ImplicitUsings is
    /// on) and its <c>&lt;Using&gt;</c> items. Read from the generated file itself when a build left one.
    /// </summary>
    private static string GlobalUsings(CSharpProject project, bool isWeb)
    {
        if (project.ProjectFile is not null && Generated(project) is { } generated)
        {
            return generated;
        }

        var names = new List<string>();
        var implicitUsings = project.ProjectFile is null || project.IsEnabled("ImplicitUsings");
        if (implicitUsings)
        {
            names.AddRange(SdkUsings);
            names.AddRange(project.IsWebSdk || (project.ProjectFile is null && isWeb) ? WebUsings : project.IsWorkerSdk ? WorkerUsings : []);
        }

        var text = new StringBuilder();
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            text.Append("global using global::").Append(name).Append(";\n");
        }

        foreach (var item in project.Items.Where(i => i.Name.LocalName == "Using"))
        {
            if (item.Attribute("Include")?.Value is not { Length: > 0 } include || include.Contains('$', StringComparison.Ordinal))
            {
                continue;
            }

            var alias = item.Attribute("Alias")?.Value;
            var isStatic = string.Equals(item.Attribute("Static")?.Value, "true", StringComparison.OrdinalIgnoreCase);
            text.Append("global using ")
                .Append(isStatic ? "static " : alias is { Length: > 0 } ? alias + " = " : string.Empty)
                .Append("global::").Append(include).Append(";\n");
        }

        return text.ToString();
    }

    /// <summary>The newest obj/**/<c>Name</c>.GlobalUsings.g.cs a build wrote, if any.</summary>
    private static string? Generated(CSharpProject project)
    {
        try
        {
            var obj = Path.Combine(project.Directory, "obj");
            if (!Directory.Exists(obj))
            {
                return null;
            }

            var newest = new DirectoryInfo(obj)
                .EnumerateFiles(project.Name + ".GlobalUsings.g.cs", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 3, AttributesToSkip = FileAttributes.ReparsePoint })
                .Where(f => f.Length < 64 * 1024)
                .OrderByDescending(f => f.LastWriteTimeUtc)
                .FirstOrDefault();
            return newest is null ? null : File.ReadAllText(newest.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
