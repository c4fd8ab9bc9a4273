using System.Diagnostics;
using ThreatLint.ThreatModel;

namespace ThreatLint.Core.Tests.ThreatModel;

/// <summary>
/// The data-flow diagrams parse with Mermaid's own parser (mermaid 11 under Node, in jsdom), the one GitHub renders
/// with. The packages are installed once into a cache folder (npm); the test is skipped only when Node is missing.
/// </summary>
[NonParallelizable]
public class MermaidSyntaxTests
{
    private const string Packages = "mermaid@11.17.2 jsdom@25.0.1";

    [Test]
    public void Sample_diagrams_and_hostile_labels_parse_with_the_mermaid_parser()
    {
        var node = Which("node") ?? Which("nodejs");
        if (node is null)
        {
            Assert.Ignore("Node.js is not installed: the Mermaid syntax check needs node and npm (apt-get install nodejs npm).");
        }

        var modules = EnsureMermaid();
        var folder = Directory.CreateTempSubdirectory("threatlint-mermaid-").FullName;
        try
        {
            var files = new List<string>();
            foreach (var sample in SampleModels.Samples)
            {
                files.Add(Write(folder, sample, Mermaid.Flowchart(SampleModels.Of(sample))));
            }

            files.Add(Write(folder, "hostile", Mermaid.Flowchart(MermaidTests.HostileModel())));
            var bad = Write(folder, "broken", "flowchart LR\n  a[\"x\" --> b\n");

            var (ok, output) = Run(node, modules, files);
            Assert.That(ok, Is.True, output);
            Assert.That(output, Does.Contain("ok ").And.Contain("flowchart"));

            var (brokenOk, brokenOutput) = Run(node, modules, [bad]);
            Assert.That(brokenOk, Is.False, "the checker must reject a broken diagram: " + brokenOutput);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Write(string folder, string name, string text)
    {
        var path = Path.Combine(folder, name + ".mmd");
        File.WriteAllText(path, text);
        return path;
    }

    private static (bool Ok, string Output) Run(string node, string modules, IEnumerable<string> files)
    {
        var script = Path.Combine(TestContext.CurrentContext.TestDirectory, "ThreatModel", "mermaid-check.mjs");
        var copy = Path.Combine(modules, "mermaid-check.mjs"); // an ES module resolves packages next to itself
        File.Copy(script, copy, overwrite: true);
        var start = new ProcessStartInfo(node) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(copy);
        foreach (var file in files)
        {
            start.ArgumentList.Add(file);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the Mermaid check did not finish in 2 minutes");
        }

        return (process.ExitCode == 0, stdout.Result + stderr.Result);
    }

    /// <summary>The folder holding node_modules/mermaid: THREATLINT_MERMAID_DIR, else a cache folder filled by npm once.</summary>
    private static string EnsureMermaid()
    {
        var folder = Environment.GetEnvironmentVariable("THREATLINT_MERMAID_DIR") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), "threatlint-mermaid-11.17.2");
        if (Directory.Exists(Path.Combine(folder, "node_modules", "mermaid")) && Directory.Exists(Path.Combine(folder, "node_modules", "jsdom")))
        {
            return folder;
        }

        var npm = Which("npm") ?? throw new InconclusiveException("node is installed but npm is not: install npm, or set THREATLINT_MERMAID_DIR to a folder with mermaid and jsdom installed");
        Directory.CreateDirectory(folder);
        var start = new ProcessStartInfo(npm, "install --no-audit --no-fund --silent --prefix \"" + folder + "\" " + Packages) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(600_000) || process.ExitCode != 0)
        {
            Assert.Fail("npm install " + Packages + " failed: " + output.Result + error.Result);
        }

        return folder;
    }

    private static string? Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}
