namespace ThreatLint.Package.Tests;

/// <summary>
/// A consumer repository in its own temporary folder outside this repository (so none of our
/// Directory.Build.* files leak in: PACKAGING.md pitfall 18), with a <c>.git</c> folder that makes it the scan
/// root and a <c>nuget.config</c> that adds the feed holding the package under test.
/// </summary>
internal sealed class Consumer
{
    /// <summary>A key that looks real: long, random, no placeholder words (TL5008 fires on it).</summary>
    public const string ApiKey = "sk-proj-9fQ2mZr7LkP4vW8jN1bR6cY3hJ5dG0sAqK";

    /// <summary>A tagged base image without a digest, and no USER: TL4002 and TL4001, both medium.</summary>
    public const string Dockerfile = "FROM python:3.12-slim\nWORKDIR /app\nCMD [\"python\", \"serve.py\"]\n";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private Consumer(string root) => Root = root;

    public string Root { get; }

    public static Consumer Create(string name)
    {
        var root = Path.Combine(PackageFeed.RunDirectory, name);
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        Directory.CreateDirectory(Path.Combine(root, ".git"));
        var consumer = new Consumer(root);
        // Adds the feed; the machine's own sources stay (no <clear/>), as in the README's instructions.
        consumer.Write("nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="threatlint-e2e" value="{PackageFeed.FeedDirectory}" />
              </packageSources>
            </configuration>
            """);
        return consumer;
    }

    /// <summary>An SDK project file; <paramref name="frameworks"/> with a ';' makes it multi-targeted.</summary>
    public static string Project(string frameworks = "net10.0", bool exe = false, bool threatLint = true, string items = "")
    {
        var frameworkProperty = frameworks.Contains(';', StringComparison.Ordinal) ? "TargetFrameworks" : "TargetFramework";
        var outputType = exe ? "<OutputType>Exe</OutputType>" : string.Empty;
        var reference = threatLint ? $"""<PackageReference Include="ThreatLint" Version="{PackageFeed.Version}" PrivateAssets="all" />""" : string.Empty;
        return $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <{frameworkProperty}>{frameworks}</{frameworkProperty}>
                {outputType}
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                {reference}
                {items}
              </ItemGroup>
            </Project>
            """;
    }

    /// <summary>A program that hands a literal key to System.ClientModel's ApiKeyCredential (TL5008 at line 1).</summary>
    public static string ProgramWithKey() =>
        $"var credential = new System.ClientModel.ApiKeyCredential(\"{ApiKey}\");\nConsole.WriteLine(credential is null);\n";

    /// <summary>The <c>System.ClientModel</c> reference <see cref="ProgramWithKey"/> needs.</summary>
    public static string ClientModelReference => """<PackageReference Include="System.ClientModel" Version="1.16.0" />""";

    public string PathOf(string relativePath) => Path.GetFullPath(Path.Combine(Root, relativePath));

    public Consumer Write(string relativePath, string text)
    {
        var path = PathOf(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return this;
    }

    public Consumer Delete(string relativePath)
    {
        File.Delete(PathOf(relativePath));
        return this;
    }

    /// <summary>Restores once; every build after it runs with --no-restore.</summary>
    public DotnetResult Restore(string target)
    {
        var result = Run(["restore", target, "-nologo", "-v:minimal", "-tl:off"]);
        Assert.That(result.ExitCode, Is.Zero, "restore failed:\n" + result);
        return result;
    }

    /// <summary><c>dotnet build</c> with the classic console logger, which CI logs and problem matchers read.</summary>
    public DotnetResult Build(string target, params string[] arguments) =>
        Run(["build", target, "-nologo", "-v:minimal", "--no-restore", "-nodeReuse:false", "-tl:off", .. arguments]);

    public DotnetResult MSBuild(string target, params string[] arguments) =>
        Run(["msbuild", target, "-nologo", "-v:minimal", "-nodeReuse:false", "-tl:off", .. arguments]);

    public DotnetResult Run(IReadOnlyList<string> arguments) => Dotnet.Run(Root, arguments, Timeout);
}
