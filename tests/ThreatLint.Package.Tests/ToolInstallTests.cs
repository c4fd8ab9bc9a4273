using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace ThreatLint.Package.Tests;

/// <summary>
/// The threatlint tool as a user installs it (<c>dotnet tool install</c> from the feed) and runs it: the CLI picks the
/// platform package — the Native AOT executable on linux-x64, the framework-dependent build elsewhere — and the
/// installed command scans Dockerfiles and C# (Roslyn hosted in the native executable) alike.
/// </summary>
[NonParallelizable]
public sealed class ToolInstallTests
{
    private static readonly bool NativePlatform = OperatingSystem.IsLinux() && RuntimeInformation.OSArchitecture == Architecture.X64;

    [Test]
    public void The_installed_tool_scans_a_repository_with_Dockerfiles_and_unrestored_CSharp()
    {
        var consumer = Consumer.Create("tool-install")
            .Write("Dockerfile", Consumer.Dockerfile)
            .Write("app/App.csproj", Consumer.Project(exe: true, threatLint: false))
            .Write("app/Program.cs", $"using System.ClientModel;\n\nvar credential = new ApiKeyCredential(\"{Consumer.ApiKey}\");\nConsole.WriteLine(credential is null);\n");
        var toolPath = Path.Combine(PackageFeed.RunDirectory, "tool-install-tools");

        var install = consumer.Run(["tool", "install", "ThreatLint.Tool", "--version", PackageFeed.Version, "--tool-path", toolPath]);
        Assert.That(install.ExitCode, Is.Zero, "dotnet tool install failed:\n" + install);

        var store = Path.Combine(toolPath, ".store");
        var platformPackage = NativePlatform ? "threatlint.tool.linux-x64" : "threatlint.tool.any";
        Assert.That(Directory.EnumerateDirectories(store, platformPackage, SearchOption.AllDirectories), Is.Not.Empty, $"{platformPackage} was not installed under {store}");
        if (NativePlatform)
        {
            Assert.That(Directory.EnumerateFiles(store, "ThreatLint.Cli.dll", SearchOption.AllDirectories), Is.Empty, "linux-x64 gets the native executable, not the managed build");
        }

        var command = Path.Combine(toolPath, OperatingSystem.IsWindows() ? "threatlint.exe" : "threatlint");
        var scan = RunCommand(consumer.Root, command, "scan", consumer.Root, "--format", "json", "--fail-on", "critical");
        Assert.That(scan.ExitCode, Is.EqualTo(1), "the gate fails on the critical TL5008:\n" + scan.Stderr);

        using var report = JsonDocument.Parse(scan.Stdout);
        var findings = report.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => (Rule: f.GetProperty("ruleId").GetString(), Path: f.GetProperty("path").GetString(), Confidence: f.GetProperty("confidence").GetString()))
            .ToList();
        Assert.That(findings, Is.EquivalentTo(new[]
        {
            ("TL4001", "Dockerfile", "high"),
            ("TL4002", "Dockerfile", "high"),
            // Never restored: System.ClientModel does not resolve, the analyzer falls back to names.
            ("TL5008", "app/Program.cs", "low"),
        }));
        Assert.That(scan.Stdout, Does.Not.Contain(Consumer.ApiKey), "the key is never printed");
    }

    private static (int ExitCode, string Stdout, string Stderr) RunCommand(string workingDirectory, string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException(command + " did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail(command + " did not finish within 2 minutes");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
