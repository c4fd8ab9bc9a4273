using System.Diagnostics;
using System.Text.Json;

namespace ThreatLint.Cli.Tests;

/// <summary>The built tool (the framework-dependent build) as a real process: entry point, runtimeconfig, exit codes, streams.</summary>
public class ToolProcessTests
{
    private static readonly string ToolDll = Path.Combine(AppContext.BaseDirectory, "ThreatLint.Cli.dll");

    [Test]
    public void Scan_runs_as_a_process_and_returns_the_gate_exit_code()
    {
        using var repo = TempRepo.WithLowFinding();

        var (exitCode, stdout, stderr) = RunTool("scan", repo.Root, "--format", "json", "--fail-on", "low");

        Assert.That(exitCode, Is.EqualTo(1), stderr);
        Assert.That(stderr, Is.Empty, "stderr is redirected, so no progress is written");
        using var json = JsonDocument.Parse(stdout);
        Assert.That(json.RootElement.GetProperty("findings")[0].GetProperty("ruleId").GetString(), Is.EqualTo("TL9002"));
    }

    [Test]
    public void Usage_error_runs_as_a_process_with_exit_2_on_stderr()
    {
        var (exitCode, stdout, stderr) = RunTool("scan", "--format", "yaml");

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(stdout, Is.Empty);
        Assert.That(stderr, Does.StartWith("threatlint: error: invalid value 'yaml' for --format"));
    }

    private static (int ExitCode, string Stdout, string Stderr) RunTool(params string[] args)
    {
        Assert.That(ToolDll, Does.Exist, "the test project references ThreatLint.Cli, which copies the tool beside the tests");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ToolDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("threatlint did not finish within 2 minutes");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
