using System.Diagnostics;
using System.Text.Json;

namespace ThreatLint.Cli.Tests;

/// <summary>
/// <c>threatlint scan</c> over C#: the ThreatLint analyzers on an ad-hoc compilation per project. Full confidence
/// when the repository was restored (its packages' compile assemblies resolve), lower confidence from names when it
/// was not, nothing at all from broken syntax but the findings of the rest, and no Roslyn without .cs files.
/// </summary>
[NonParallelizable]
public sealed class CSharpScanTests
{
    private const string Key = "sk-proj-whyj296KA4X2O0uhZGUYmWKgo8IKxFZY3PwxOGvF";

    private static IEnumerable<string> ExpectedSampleLines() =>
        File.ReadAllLines(RepoPaths.Of("samples/sentiment-api/expected-findings.txt"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Order(StringComparer.Ordinal);

    private static IEnumerable<string> Prefixes(CliRun run) =>
        run.OutLines.Where(l => l.Contains(": warning ", StringComparison.Ordinal))
            .Select(l => l[..(l.IndexOf(": warning ", StringComparison.Ordinal) + ": warning TLxxxx".Length)])
            .Order(StringComparer.Ordinal);

    [Test]
    public void The_hosted_analyzers_are_every_analyzer_the_compiler_finds_in_the_analyzer_assembly()
    {
        // The list is explicit for the native tool (no reflection there); the compiler discovers them by attribute.
        var discovered = typeof(ThreatLint.Analyzers.Rules.AiApiKeyHardcodedAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer).IsAssignableFrom(t)
                && t.GetCustomAttributes(typeof(Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzerAttribute), inherit: false).Length > 0)
            .Select(t => t.FullName);

        Assert.That(CSharp.CSharpAnalysis.Analyzers.Select(a => a.GetType().FullName), Is.EquivalentTo(discovered));
    }

    [Test]
    public void The_unrestored_sample_yields_every_expected_finding_with_CSharp_ones_at_lower_confidence()
    {
        using var sample = SampleCopy();

        var text = CliRun.Of("scan", sample.Root);
        var json = CliRun.Of("scan", sample.Root, "--format", "json");

        Assert.That(Prefixes(text), Is.EqualTo(ExpectedSampleLines()), text.ToString());
        using var document = JsonDocument.Parse(json.Out);
        var csharp = document.RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("path").GetString()!.EndsWith(".cs", StringComparison.Ordinal))
            .Select(f => f.GetProperty("ruleId").GetString() + " " + f.GetProperty("confidence").GetString())
            .ToList();
        Assert.That(csharp, Is.EquivalentTo(new[]
        {
            "TL5008 low", "TL5001 low", "TL5002 low", "TL5009 medium", "TL5001 low", "TL5002 low",
        }));
    }

    [Test]
    public void The_restored_sample_yields_what_the_compiler_reports_at_full_confidence()
    {
        using var sample = SampleCopy();
        // Restore as its owner would, without the ThreatLint package itself (the local feed is not in the copy).
        File.Delete(sample.PathOf("nuget.config"));
        var project = sample.PathOf("SentimentApi.csproj");
        File.WriteAllLines(project, File.ReadAllLines(project).Where(l => !l.Contains("Include=\"ThreatLint\"", StringComparison.Ordinal)));
        Restore(sample.Root);

        var text = CliRun.Of("scan", sample.Root);
        var json = CliRun.Of("scan", sample.Root, "--format", "json");

        Assert.That(Prefixes(text), Is.EqualTo(ExpectedSampleLines()), text.ToString());
        using var document = JsonDocument.Parse(json.Out);
        Assert.That(
            document.RootElement.GetProperty("findings").EnumerateArray()
                .Where(f => f.GetProperty("path").GetString()!.EndsWith(".cs", StringComparison.Ordinal))
                .Select(f => f.GetProperty("confidence").GetString()),
            Is.Not.Empty.And.All.EqualTo("high"),
            "the C# findings: every symbol resolved");
    }

    [Test]
    public void The_unrestored_RAG_sample_yields_its_expected_CSharp_findings_by_name()
    {
        // Semantic Kernel, Azure AI Search and Microsoft.Extensions.AI unresolved: the retrieval with no caller filter
        // (TL5010) and the request text in the system message (TL5005) are still found, by the SDKs' names.
        using var sample = SampleCopy("rag-chatbot");

        var text = CliRun.Of("scan", sample.Root);
        var json = CliRun.Of("scan", sample.Root, "--format", "json");

        Assert.That(
            Prefixes(text).Where(l => l.Split('(')[0].EndsWith(".cs", StringComparison.Ordinal)),
            Is.EqualTo(File.ReadAllLines(RepoPaths.Of("samples/rag-chatbot/expected-findings.txt"))
                .Where(l => l.Split('(')[0].EndsWith(".cs", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)),
            text.ToString());
        using var document = JsonDocument.Parse(json.Out);
        Assert.That(
            document.RootElement.GetProperty("findings").EnumerateArray()
                .Where(f => f.GetProperty("path").GetString()!.EndsWith(".cs", StringComparison.Ordinal))
                .Select(f => f.GetProperty("ruleId").GetString() + " " + f.GetProperty("confidence").GetString()),
            Is.EquivalentTo(new[] { "TL5001 low", "TL5002 low", "TL5010 low", "TL5005 low" }));
    }

    [Test]
    public void An_unrestored_assistant_project_yields_the_flow_rules_by_name_at_lower_confidence()
    {
        // A Semantic Kernel / OpenAI assistant never restored: the SDK types do not resolve, ASP.NET Core and the BCL do.
        using var repo = new TempRepo()
            .With("assistant/Assistant.csproj", """
                <Project Sdk="Microsoft.NET.Sdk.Web">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="OpenAI" Version="2.15.0" />
                    <PackageReference Include="Newtonsoft.Json" Version="13.0.3" />
                  </ItemGroup>
                </Project>
                """)
            .With("assistant/Program.cs", """
                using System.Diagnostics;
                using Newtonsoft.Json;
                using OpenAI.Chat;

                var app = WebApplication.CreateBuilder(args).Build();
                app.MapPost("/fix", async (string language, string goal, ChatClient chat, ILogger<Program> logger) =>
                {
                    var completion = await chat.CompleteChatAsync(
                        new SystemChatMessage("You write one " + language + " shell command and nothing else."),
                        new UserChatMessage(goal));
                    var command = completion.Value.Content[0].Text;
                    logger.LogInformation("Running {Command}", command);
                    Process.Start("/bin/sh", "-c " + command);
                    return "started";
                });
                app.MapGet("/state", () => JsonConvert.DeserializeObject<object>(File.ReadAllText("state.json"),
                    new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.Auto }));
                app.Run();
                """);

        var text = CliRun.Of("scan", repo.Root);
        var json = CliRun.Of("scan", repo.Root, "--format", "json");

        Assert.That(Prefixes(text), Is.EqualTo(new[]
        {
            "assistant/Program.cs(6,5): warning TL5001", "assistant/Program.cs(6,5): warning TL5002", "assistant/Program.cs(8,33): warning TL5007",
            "assistant/Program.cs(9,31): warning TL5005", "assistant/Program.cs(12,48): warning TL5012", "assistant/Program.cs(13,30): warning TL5006",
            "assistant/Program.cs(17,34): warning TL5003",
        }.Order(StringComparer.Ordinal)), text.ToString());
        using var document = JsonDocument.Parse(json.Out);
        var findings = document.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => f.GetProperty("ruleId").GetString() + " " + f.GetProperty("confidence").GetString())
            .ToList();
        Assert.That(findings, Is.EquivalentTo(new[]
        {
            "TL5001 low", "TL5002 low", "TL5007 low", "TL5005 low", "TL5012 low", "TL5006 low", "TL5003 medium",
        }), json.Out);
    }

    [Test]
    public void Broken_syntax_does_not_stop_the_scan_and_the_rest_is_still_checked()
    {
        using var repo = new TempRepo()
            .With("src/Broken.cs", "public class Broken {\n    public void M( {\n        var x = ;\n")
            .With("src/Keys.cs", $$"""
                using System.ClientModel;

                public static class Keys
                {
                    public static readonly ApiKeyCredential OpenAi = new ApiKeyCredential("{{Key}}");
                }
                """);

        var run = CliRun.Of("scan", repo.Root, "--fail-on", "critical");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
            Assert.That(run.OutLines[0], Does.StartWith("src/Keys.cs(5,75): error TL5008: Literal key passed to ApiKeyCredential(string)"));
            Assert.That(run.Out, Does.Not.Contain(Key), "the key is never printed");
            Assert.That(run.OutLines[^1], Does.StartWith("1 finding (1 critical, 0 high, 0 medium, 0 low) in 2 files scanned"));
        });
    }

    [Test]
    public void CSharp_findings_follow_the_configuration_and_the_baseline_like_the_others()
    {
        using var repo = new TempRepo()
            .With("src/Keys.cs", $"using System.ClientModel;\n\nvar key = new ApiKeyCredential(\"{Key}\");\n")
            .With(".threatlint.yml", "rules:\n  TL5008:\n    severity: high\n");

        var first = CliRun.Of("scan", repo.Root, "--fail-on", "high");
        var baseline = CliRun.Of("baseline", repo.Root);
        var second = CliRun.Of("scan", repo.Root, "--fail-on", "high", "--baseline", Path.Combine(repo.Root, "threatlint.baseline.json"));

        Assert.Multiple(() =>
        {
            Assert.That(first.ExitCode, Is.EqualTo(1), first.ToString());
            Assert.That(first.Out, Does.Contain("error TL5008"));
            Assert.That(first.OutLines[^1], Does.Contain("1 high"), "the configured severity applies to C# findings");
            Assert.That(baseline.ExitCode, Is.EqualTo(0), baseline.ToString());
            Assert.That(File.ReadAllText(Path.Combine(repo.Root, "threatlint.baseline.json")), Does.Contain("TL5008").And.Contain("src/Keys.cs")
                .And.Contain(ThreatLint.Findings.Fingerprints.ForSourceText("TL5008", "src/Keys.cs", $"\"{Key}\"")), "the fingerprint the build's baseline suppressor computes");
            Assert.That(second.ExitCode, Is.EqualTo(0), "a baselined C# finding does not fail the gate: " + second);
            Assert.That(second.Out, Does.Not.Contain("TL9004"), "the C# entry is not stale: the C# file was scanned");
        });
    }

    [Test]
    public void Csharp_off_skips_the_CSharp_files()
    {
        using var repo = new TempRepo().With("Keys.cs", $"var key = new System.ClientModel.ApiKeyCredential(\"{Key}\");\n");

        var run = CliRun.Of("scan", repo.Root, "--csharp", "off");

        Assert.That(run.OutLines, Is.EqualTo(new[] { run.OutLines[0] }).And.Some.StartsWith("No findings in 0 files scanned"), run.ToString());
    }

    [Test]
    public void Roslyn_is_loaded_only_when_the_repository_has_CSharp()
    {
        using var withoutCSharp = TempRepo.CleanService();
        using var withCSharp = TempRepo.CleanService().With("src/Worker.cs", "public static class Worker { }\n");

        var without = LoadedAssemblies(withoutCSharp.Root);
        var with = LoadedAssemblies(withCSharp.Root);

        Assert.Multiple(() =>
        {
            Assert.That(without, Does.Not.Contain("Microsoft.CodeAnalysis").And.Not.Contain("ThreatLint.Analyzers"));
            Assert.That(with, Does.Contain("Microsoft.CodeAnalysis").And.Contain("ThreatLint.Analyzers"));
        });
    }

    /// <summary>The assemblies a real <c>threatlint scan</c> process loaded (this test assembly is its startup hook).</summary>
    private static IReadOnlyList<string> LoadedAssemblies(string root)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_STARTUP_HOOKS"] = typeof(CSharpScanTests).Assembly.Location;
        start.Environment["THREATLINT_TEST_LIST_ASSEMBLIES"] = "1";
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ThreatLint.Cli.dll"));
        start.ArgumentList.Add("scan");
        start.ArgumentList.Add(root);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.That(process.WaitForExit(TimeSpan.FromMinutes(2)), Is.True, "threatlint did not finish within 2 minutes");
        Assert.That(process.ExitCode, Is.Zero, stdout.Result + stderr.Result);
        var line = stderr.Result.Split('\n').Single(l => l.StartsWith("loaded: ", StringComparison.Ordinal));
        return line["loaded: ".Length..].Trim().Split(',');
    }

    private static TempRepo SampleCopy(string sample = "sentiment-api")
    {
        var repo = new TempRepo();
        var source = RepoPaths.Of("samples/" + sample);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar) is ["bin" or "obj", ..] || relative.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                || relative.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                continue;
            }

            var target = repo.PathOf(relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return repo;
    }

    private static void Restore(string directory)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        start.ArgumentList.Add("restore");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        Assert.That(process.WaitForExit(TimeSpan.FromMinutes(5)), Is.True, "dotnet restore did not finish within 5 minutes");
        Assert.That(process.ExitCode, Is.Zero, output.Result);
    }
}
