using System.IO.Compression;

namespace ThreatLint.Package.Tests;

/// <summary>Packing the ThreatLint package also packs the threatlint dotnet tool, with the same version.</summary>
[NonParallelizable]
public sealed class ToolPackageLayoutTests
{
    [Test]
    public void The_tool_package_carries_the_command_its_engine_and_the_licences()
    {
        var nupkg = Path.Combine(PackageFeed.FeedDirectory, $"ThreatLint.Tool.{PackageFeed.Version}.nupkg");
        Assert.That(File.Exists(nupkg), Is.True, nupkg + " was not packed beside the ThreatLint package");

        using var package = ZipFile.OpenRead(nupkg);
        var entries = package.Entries.Select(e => e.FullName).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(entries, Does.Contain("tools/net8.0/any/ThreatLint.Cli.dll"));
            Assert.That(entries, Does.Contain("tools/net8.0/any/ThreatLint.Core.dll"));
            Assert.That(entries, Does.Contain("tools/net8.0/any/DotnetToolSettings.xml"));
            Assert.That(entries, Is.SupersetOf(new[] { "README.md", "LICENSE.txt", "LICENSE-ATLAS.txt", "THIRD-PARTY-NOTICES.txt" }));

            // C# in the CLI: the analyzers, the compiler that hosts them, and the reference assemblies it compiles against.
            Assert.That(entries, Is.SupersetOf(new[]
            {
                "tools/net8.0/any/ThreatLint.Analyzers.dll",
                "tools/net8.0/any/Microsoft.CodeAnalysis.CSharp.dll",
                "tools/net8.0/any/Basic.Reference.Assemblies.Net80.dll",
                "tools/net8.0/any/refs/aspnetcore/Microsoft.AspNetCore.Http.Abstractions.dll",
            }));
            Assert.That(entries.Where(e => e.EndsWith(".resources.dll", StringComparison.Ordinal)), Is.Empty, "Roslyn's localized resources are not shipped");
        }

        using var settings = new StreamReader(package.GetEntry("tools/net8.0/any/DotnetToolSettings.xml")!.Open());
        Assert.That(settings.ReadToEnd(), Does.Contain("Name=\"threatlint\""));
    }
}
