using System.Text.RegularExpressions;

namespace ThreatLint.Cli.Tests;

/// <summary>
/// <c>threatlint scan</c> over temporary repositories. Findings come from the engine itself (TL9002 for a
/// Dockerfile past the text-file bound), so these tests hold whatever detectors are registered.
/// </summary>
public class ScanCommandTests
{
    private static readonly Regex Summary = new(
        @"^(No findings|\d+ findings? \(\d+ critical, \d+ high, \d+ medium, \d+ low\)) in \d+ files? scanned, \d+ ms$");

    [Test]
    public void Clean_repository_exits_0_and_says_no_findings()
    {
        using var repo = TempRepo.CleanService();

        var run = CliRun.Of("scan", repo.Root, "--fail-on", "low");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
            Assert.That(run.OutLines, Has.Count.EqualTo(1));
            Assert.That(run.OutLines[0], Does.Match(Summary).And.StartWith("No findings in 2 files scanned, "));
            Assert.That(run.Error, Is.Empty);
        });
    }

    [Test]
    public void Empty_directory_exits_0()
    {
        using var repo = new TempRepo();

        var run = CliRun.Of("scan", repo.Root);

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
        Assert.That(run.Out, Does.StartWith("No findings in 0 files scanned, "));
    }

    [Test]
    public void Without_fail_on_findings_are_warnings_and_exit_code_is_0()
    {
        using var repo = TempRepo.WithLowFinding();

        var run = CliRun.Of("scan", repo.Root);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
            Assert.That(run.OutLines, Has.Count.EqualTo(3));
            Assert.That(run.OutLines[0], Does.StartWith("training/Dockerfile(1,1): warning TL9002: "));
            Assert.That(run.OutLines[1], Is.Empty);
            Assert.That(run.OutLines[2], Does.Match(Summary).And.StartWith("1 finding (0 critical, 0 high, 0 medium, 1 low) in 3 files scanned, "));
        });
    }

    [TestCase("low", 1, "error")]
    [TestCase("LOW", 1, "error")]
    [TestCase("medium", 0, "warning")]
    [TestCase("high", 0, "warning")]
    [TestCase("critical", 0, "warning")]
    [TestCase("none", 0, "warning")]
    public void Fail_on_threshold_decides_exit_code_and_error_or_warning(string failOn, int exitCode, string level)
    {
        using var repo = TempRepo.WithLowFinding();

        var run = CliRun.Of("scan", repo.Root, "--fail-on", failOn);

        Assert.That(run.ExitCode, Is.EqualTo(exitCode), run.ToString());
        Assert.That(run.OutLines[0], Does.StartWith($"training/Dockerfile(1,1): {level} TL9002: "));
    }

    [Test]
    public void Paths_are_relative_to_the_root_with_forward_slashes()
    {
        using var repo = new TempRepo().WithOversizedDockerfile("services/inference/gpu/Dockerfile");

        var run = CliRun.Of("scan", repo.Root);

        Assert.That(run.OutLines[0], Does.StartWith("services/inference/gpu/Dockerfile(1,1): warning TL9002: "));
        Assert.That(run.Out, Does.Not.Contain(repo.Root));
    }

    [Test]
    public void Path_defaults_to_the_current_directory()
    {
        using var repo = TempRepo.WithLowFinding();
        var previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = repo.Root;
        try
        {
            var run = CliRun.Of("scan", "--fail-on", "low");

            Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
            Assert.That(run.Out, Does.StartWith("training/Dockerfile(1,1): error TL9002: "));
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
    }

    [Test]
    public void Gitignored_files_are_not_scanned()
    {
        using var repo = TempRepo.WithLowFinding().With(".gitignore", "training/\n");

        var run = CliRun.Of("scan", repo.Root, "--fail-on", "low");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());
    }

    [Test]
    public void Output_file_receives_the_report_and_stdout_stays_empty()
    {
        using var repo = TempRepo.WithLowFinding();
        var report = repo.PathOf("out/reports/scan.txt");

        var run = CliRun.Of("scan", repo.Root, "--output", report, "--fail-on", "low");

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
            Assert.That(run.Out, Is.Empty);
            Assert.That(File.ReadAllText(report), Does.StartWith("training/Dockerfile(1,1): error TL9002: "));
        });
    }

    [Test]
    public void Output_dash_means_standard_output()
    {
        using var repo = TempRepo.CleanService();

        var run = CliRun.Of("scan", repo.Root, "-o", "-");

        Assert.That(run.Out, Does.StartWith("No findings"));
    }

    [Test]
    public void Output_that_cannot_be_written_is_exit_2_naming_the_file()
    {
        using var repo = TempRepo.CleanService();
        var directory = repo.PathOf("serving");

        var run = CliRun.Of("scan", repo.Root, "--output", directory);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.ToString());
        Assert.That(run.Error, Does.StartWith("threatlint: error: cannot write --output " + directory));
    }

    [Test]
    public void Missing_path_is_exit_2_naming_it()
    {
        using var repo = new TempRepo();
        var missing = repo.PathOf("no-such-folder");

        var run = CliRun.Of("scan", missing);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2));
            Assert.That(run.Out, Is.Empty);
            Assert.That(run.Error, Does.StartWith($"threatlint: error: PATH '{missing}' does not exist"));
            Assert.That(run.Error, Does.Contain("Run 'threatlint scan --help' for usage."));
        });
    }

    [Test]
    public void File_as_path_is_exit_2()
    {
        using var repo = TempRepo.CleanService();

        var run = CliRun.Of("scan", repo.PathOf("serving/Dockerfile"));

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.Contain("PATH must be a directory"));
    }

    [TestCase(new[] { "--verbose" }, "unknown option '--verbose' for 'scan'; valid options: --format, --output, --fail-on, --config, --baseline, --csharp, --help")]
    [TestCase(new[] { "--format", "xml" }, "invalid value 'xml' for --format; valid choices: text, json, sarif, markdown, threat-dragon")]
    [TestCase(new[] { "--fail-on", "severe" }, "invalid value 'severe' for --fail-on; valid choices: critical, high, medium, low, none")]
    [TestCase(new[] { "--fail-on" }, "--fail-on needs a value (one of critical, high, medium, low, none)")]
    [TestCase(new[] { ".", "src" }, "unexpected argument 'src'")]
    public void Usage_errors_are_exit_2_with_the_problem_and_the_choices(string[] args, string message)
    {
        var run = CliRun.Of(["scan", .. args]);

        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2));
            Assert.That(run.Out, Is.Empty);
            Assert.That(run.Error, Does.StartWith("threatlint: error: " + message));
        });
    }

    [Test]
    public void Text_output_is_deterministic_apart_from_the_duration()
    {
        using var repo = TempRepo.WithLowFinding().WithOversizedDockerfile("a/Dockerfile").WithOversizedDockerfile("z/Containerfile");

        var first = CliRun.Of("scan", repo.Root).Out;
        var second = CliRun.Of("scan", repo.Root).Out;

        Assert.That(WithoutDuration(second), Is.EqualTo(WithoutDuration(first)));
        Assert.That(first, Does.StartWith("a/Dockerfile(").And.Contain("\ntraining/Dockerfile(").And.Contain("\nz/Containerfile("));
    }

    private static string WithoutDuration(string text) => Regex.Replace(text, @"\d+ ms", "T ms");
}
