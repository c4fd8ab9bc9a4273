using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using ThreatLint.Catalog;
using ThreatLint.Core.Tests.Pickle;
using ThreatLint.Core.Tests.Policy;
using ThreatLint.Reporting;

namespace ThreatLint.Core.Tests.Reporting;

/// <summary>
/// SARIF 2.1.0 as GitHub code scanning ingests it, checked structurally and by Microsoft's SARIF Multitool
/// (<c>validate</c> with the SARIF and GitHub rule sets), installed from npm when it is not there yet.
/// </summary>
public class SarifReportTests
{
    private static readonly Lazy<(ScanResult Result, string Sarif)> Report = new(CreateReport);

    [Test]
    public void Every_result_has_a_relative_physical_location_a_fingerprint_and_a_rule()
    {
        using var doc = JsonDocument.Parse(Report.Value.Sarif);
        var run = doc.RootElement.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
        var results = run.GetProperty("results").EnumerateArray().ToList();

        Assert.Multiple(() =>
        {
            Assert.That(doc.RootElement.GetProperty("version").GetString(), Is.EqualTo("2.1.0"));
            Assert.That(results, Has.Count.EqualTo(Report.Value.Result.Findings.Count).And.Count.GreaterThan(4));
            Assert.That(run.GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%").GetProperty("uri").GetString(), Does.StartWith("file:///").And.EndWith("/"));
            foreach (var result in results)
            {
                var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
                var artifact = location.GetProperty("artifactLocation");
                Assert.That(artifact.GetProperty("uriBaseId").GetString(), Is.EqualTo("%SRCROOT%"));
                Assert.That(artifact.GetProperty("uri").GetString(), Does.Not.StartWith("/").And.Not.Contain("\\"));
                Assert.That(location.GetProperty("region").GetProperty("startLine").GetInt32(), Is.GreaterThanOrEqualTo(1));
                Assert.That(result.GetProperty("partialFingerprints").GetProperty(SarifReport.FingerprintKey).GetString(), Is.Not.Empty);
                var rule = rules[result.GetProperty("ruleIndex").GetInt32()];
                Assert.That(rule.GetProperty("id").GetString(), Is.EqualTo(result.GetProperty("ruleId").GetString()));
            }
        });
    }

    [Test]
    public void Artifact_findings_sit_on_line_1()
    {
        using var doc = JsonDocument.Parse(Report.Value.Sarif);
        var pickle = doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .First(r => r.GetProperty("ruleId").GetString() == "TL1001");

        Assert.That(pickle.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public void Rules_carry_help_descriptions_security_severity_tags_and_taxonomy_relationships()
    {
        using var doc = JsonDocument.Parse(Report.Value.Sarif);
        var run = doc.RootElement.GetProperty("runs")[0];
        var taxonomies = run.GetProperty("taxonomies").EnumerateArray().ToList();

        Assert.Multiple(() =>
        {
            Assert.That(taxonomies.Select(t => t.GetProperty("name").GetString()), Is.EqualTo(new[] { "MITRE ATLAS", "OWASP Top 10 for LLM Applications" }));
            Assert.That(taxonomies[1].GetProperty("version").GetString(), Is.EqualTo("2025"));
            foreach (var rule in run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray())
            {
                var id = rule.GetProperty("id").GetString()!;
                var descriptor = Catalog.Rules.Find(id)!;
                Assert.That(rule.GetProperty("helpUri").GetString(), Is.EqualTo(descriptor.HelpUri));
                Assert.That(rule.GetProperty("shortDescription").GetProperty("text").GetString(), Is.Not.Empty);
                Assert.That(rule.GetProperty("fullDescription").GetProperty("text").GetString(), Is.Not.Empty);
                var properties = rule.GetProperty("properties");
                Assert.That(double.Parse(properties.GetProperty("security-severity").GetString()!, System.Globalization.CultureInfo.InvariantCulture), Is.InRange(0.1, 10.0));
                Assert.That(properties.GetProperty("tags").EnumerateArray().Select(t => t.GetString()), Does.Contain("security"));
                var targets = rule.TryGetProperty("relationships", out var relationships)
                    ? relationships.EnumerateArray().Select(r => r.GetProperty("target")).ToList()
                    : [];
                Assert.That(targets.Select(t => t.GetProperty("id").GetString()), Is.EquivalentTo(descriptor.Atlas.Concat(descriptor.Owasp)), id);
                foreach (var target in targets)
                {
                    var taxa = taxonomies[target.GetProperty("toolComponent").GetProperty("index").GetInt32()].GetProperty("taxa");
                    Assert.That(taxa[target.GetProperty("index").GetInt32()].GetProperty("id").GetString(), Is.EqualTo(target.GetProperty("id").GetString()));
                }
            }
        });
    }

    [Test]
    public void Suppressed_findings_are_carried_with_their_suppression_and_gated_findings_are_errors()
    {
        using var doc = JsonDocument.Parse(Report.Value.Sarif);
        var results = doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        var suppressed = results.Single(r => r.TryGetProperty("suppressions", out _));
        var suppression = suppressed.GetProperty("suppressions")[0];

        Assert.Multiple(() =>
        {
            Assert.That(suppressed.GetProperty("ruleId").GetString(), Is.EqualTo("TL4001"));
            Assert.That(suppression.GetProperty("kind").GetString(), Is.EqualTo("inSource"));
            Assert.That(suppression.GetProperty("justification").GetString(), Is.EqualTo("dev image"));
            Assert.That(suppressed.GetProperty("level").GetString(), Is.EqualTo("note"));
            Assert.That(results.Where(r => r.GetProperty("ruleId").GetString() == "TL1001").Select(r => r.GetProperty("level").GetString()), Is.All.EqualTo("error"));
        });
    }

    [Test]
    public void Sarif_multitool_validates_the_report_with_the_SARIF_and_GitHub_rules()
    {
        var multitool = SarifMultitool.Find();
        var folder = Path.Combine(Path.GetTempPath(), "threatlint-sarif-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            var input = Path.Combine(folder, "threatlint.sarif");
            var output = Path.Combine(folder, "validation.sarif");
            File.WriteAllText(input, Report.Value.Sarif);

            var (exitCode, log) = SarifMultitool.Run(multitool, "validate", "--rule-kind", "Gh;Sarif", "--level", "Error;Warning", "--log", "ForceOverwrite", "--output", output, input);

            Assert.That(exitCode, Is.EqualTo(0), log);
            using var validation = JsonDocument.Parse(File.ReadAllText(output));
            var problems = validation.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
                .Select(r => r.GetProperty("ruleId").GetString() + " " + string.Join(" ", r.GetProperty("message").GetProperty("arguments").EnumerateArray().Select(a => a.GetString())))
                .ToList();
            Assert.That(problems, Is.Empty);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (ScanResult, string) CreateReport()
    {
        using var repo = new ScratchRepo();
        repo.Write("serving/Dockerfile", "FROM python:latest  # threatlint-ignore TL4001: dev image\nADD http://example.com/model.onnx /models/\n");
        repo.Write("models/my model.pkl", new PickleBuilder().Proto(2).Global("os", "system").ShortBinString("id").Tuple1().Op('R').Stop().ToArray());
        repo.Write(".threatlint.yml", "rules:\n  TL4003: loud\n");
        var result = repo.Scan();
        return (result, SarifReport.Write(result, "1.2.3", Severity.Critical));
    }
}

/// <summary>Microsoft's SARIF Multitool from npm (<c>@microsoft/sarif-multitool</c>), installed into artifacts/tools once.</summary>
internal static class SarifMultitool
{
    public static string Find()
    {
        if (Environment.GetEnvironmentVariable("THREATLINT_SARIF_MULTITOOL") is { Length: > 0 } configured && File.Exists(configured))
        {
            return configured;
        }

        var prefix = RepoPaths.Of("artifacts/tools/sarif-multitool");
        var binary = Binary(prefix);
        if (File.Exists(binary))
        {
            return binary;
        }

        var npm = OperatingSystem.IsWindows() ? "npm.cmd" : "npm";
        if (!OnPath("node") || !OnPath(npm))
        {
            Assert.Ignore("node/npm is not installed: the SARIF Multitool (npm @microsoft/sarif-multitool) cannot run here");
        }

        Directory.CreateDirectory(prefix);
        var (exitCode, log) = Run(npm, "install", "--prefix", prefix, "--no-audit", "--no-fund", "--loglevel", "error", "@microsoft/sarif-multitool@5.7.0");
        Assert.That(exitCode == 0 && File.Exists(binary), Is.True, "npm install @microsoft/sarif-multitool failed:\n" + log);
        return binary;
    }

    public static (int ExitCode, string Log) Run(string program, params string[] arguments)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(program))
        {
            File.SetUnixFileMode(program, File.GetUnixFileMode(program) | UnixFileMode.UserExecute);
        }

        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
        }

        return (process.HasExited ? process.ExitCode : -1, stdout.Result + stderr.Result);
    }

    private static string Binary(string prefix)
    {
        var platform = OperatingSystem.IsWindows() ? "win32" : OperatingSystem.IsMacOS() ? "darwin" : "linux";
        var name = OperatingSystem.IsWindows() ? "Sarif.Multitool.exe" : "Sarif.Multitool";
        return Path.Combine(prefix, "node_modules", "@microsoft", "sarif-multitool-" + platform, name);
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, program)));
}
