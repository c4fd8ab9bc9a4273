using System.IO.Compression;
using System.Xml.Linq;

namespace ThreatLint.Package.Tests;

/// <summary>
/// Packing the ThreatLint package also packs the threatlint dotnet tool with the same version: a pointer package that
/// names the platform packages, the framework-dependent build for any platform, and on a linux-x64 host the Native AOT
/// build for linux-x64.
/// </summary>
[NonParallelizable]
public sealed class ToolPackageLayoutTests
{
    [Test]
    public void The_pointer_package_names_the_platform_packages_and_carries_the_licences()
    {
        using var package = Open("ThreatLint.Tool");
        var entries = Entries(package);
        Assert.That(entries, Is.SupersetOf(new[] { "README.md", "LICENSE.txt", "LICENSE-ATLAS.txt", "THIRD-PARTY-NOTICES.txt", "tools/any/any/DotnetToolSettings.xml" }));
        Assert.That(entries.Where(e => e.EndsWith(".dll", StringComparison.Ordinal)), Is.Empty, "the pointer package carries no code");

        var settings = Settings(package, "tools/any/any/DotnetToolSettings.xml");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(settings.Descendants("Command").Single().Attribute("Name")?.Value, Is.EqualTo("threatlint"));
            Assert.That(
                settings.Descendants("RuntimeIdentifierPackage").Select(p => (p.Attribute("RuntimeIdentifier")?.Value, p.Attribute("Id")?.Value)),
                Is.EquivalentTo(new (string?, string?)[] { ("linux-x64", "ThreatLint.Tool.linux-x64"), ("any", "ThreatLint.Tool.any") }));
        }
    }

    [Test]
    public void The_any_package_is_the_framework_dependent_tool_with_its_engine_compiler_and_references()
    {
        using var package = Open("ThreatLint.Tool.any");
        var entries = Entries(package);
        const string Tool = "tools/net10.0/any/";
        using (Assert.EnterMultipleScope())
        {
            Assert.That(entries, Is.SupersetOf(new[]
            {
                Tool + "ThreatLint.Cli.dll", Tool + "ThreatLint.Core.dll", Tool + "ThreatLint.Cli.runtimeconfig.json",
                // C# in the CLI: the analyzers, the compiler that hosts them, and the reference assemblies it compiles against.
                Tool + "ThreatLint.Analyzers.dll", Tool + "Microsoft.CodeAnalysis.CSharp.dll", Tool + "Basic.Reference.Assemblies.Net80.dll",
                Tool + "refs/aspnetcore/Microsoft.AspNetCore.Http.Abstractions.dll",
                "LICENSE.txt", "LICENSE-ATLAS.txt", "THIRD-PARTY-NOTICES.txt",
            }));
            Assert.That(entries.Where(e => e.EndsWith(".resources.dll", StringComparison.Ordinal)), Is.Empty, "Roslyn's localized resources are not shipped");
            var command = Settings(package, Tool + "DotnetToolSettings.xml").Descendants("Command").Single();
            Assert.That(command.Attribute("Name")?.Value, Is.EqualTo("threatlint"));
            Assert.That(command.Attribute("Runner")?.Value, Is.EqualTo("dotnet"));
        }
    }

    [Test]
    public void The_linux_x64_package_is_one_native_executable_with_the_bundled_references()
    {
        if (!OperatingSystem.IsLinux() || System.Runtime.InteropServices.RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.X64)
        {
            Assert.Ignore("the Native AOT package is built on linux-x64 only");
        }

        using var package = Open("ThreatLint.Tool.linux-x64");
        var entries = Entries(package);
        const string Tool = "tools/any/linux-x64/";
        using (Assert.EnterMultipleScope())
        {
            Assert.That(entries, Is.SupersetOf(new[] { Tool + "ThreatLint.Cli", Tool + "refs/aspnetcore/Microsoft.AspNetCore.Http.Abstractions.dll", "LICENSE.txt", "LICENSE-ATLAS.txt" }));
            Assert.That(entries.Where(e => e.StartsWith(Tool, StringComparison.Ordinal) && e.EndsWith(".dll", StringComparison.Ordinal) && !e.Contains("/refs/", StringComparison.Ordinal)), Is.Empty, "no managed assemblies: the code is native");
            Assert.That(entries, Does.Not.Contain(Tool + "ThreatLint.Cli.dll"));
            Assert.That(entries.Where(e => e.EndsWith(".dbg", StringComparison.Ordinal) || e.EndsWith(".pdb", StringComparison.Ordinal)), Is.Empty, "debug symbols are not shipped");
            var command = Settings(package, Tool + "DotnetToolSettings.xml").Descendants("Command").Single();
            Assert.That(command.Attribute("Runner")?.Value, Is.EqualTo("executable"));
        }
    }

    private static ZipArchive Open(string id)
    {
        var nupkg = Path.Combine(PackageFeed.FeedDirectory, $"{id}.{PackageFeed.Version}.nupkg");
        Assert.That(File.Exists(nupkg), Is.True, nupkg + " was not packed beside the ThreatLint package");
        return ZipFile.OpenRead(nupkg);
    }

    private static List<string> Entries(ZipArchive package) => [.. package.Entries.Select(e => e.FullName)];

    private static XDocument Settings(ZipArchive package, string path)
    {
        var entry = package.GetEntry(path);
        Assert.That(entry, Is.Not.Null, path + " is missing");
        using var stream = entry!.Open();
        return XDocument.Load(stream);
    }
}
