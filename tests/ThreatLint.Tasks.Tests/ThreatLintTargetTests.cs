using ThreatLint.MSBuild.Testing;

namespace ThreatLint.Tasks.Tests;

/// <summary>The build/ targets and the tasks, run in-process by the SDK's MSBuild.</summary>
[NonParallelizable]
public class ThreatLintTargetTests
{
    private const string UnpinnedRootImage = """
        # Serving image for the sentiment model
        FROM python:3.12-slim
        WORKDIR /srv
        COPY model/ ./model/
        CMD ["python", "-m", "serve"]
        """;

    [Test]
    public void Findings_are_logged_as_warnings_with_code_position_help_link_and_ATLAS_tag()
    {
        using var repo = new ConsumerRepository();
        repo.Write("Dockerfile", UnpinnedRootImage);

        var outcome = Run(repo);

        Assert.That(outcome.Success, Is.True);
        var tl4002 = outcome.Warnings.Single(w => w.Code == "TL4002");
        Assert.Multiple(() =>
        {
            Assert.That(tl4002.File, Is.EqualTo(Path.Combine(repo.Root, "Dockerfile")));
            Assert.That((tl4002.Line, tl4002.Column), Is.EqualTo((2, 1)));
            Assert.That(tl4002.HelpLink, Is.EqualTo(Catalog.Rules.BaseImageUnpinned.HelpUri));
            Assert.That(tl4002.Message, Does.Contain("python:3.12-slim").And.EndsWith("[ATLAS AML.T0010.004, AML.T0010.001] (" + Catalog.Rules.BaseImageUnpinned.HelpUri + ")"));
            Assert.That(outcome.Warnings.Count(w => w.Code == "TL4001"), Is.EqualTo(1));
        });
    }

    [Test]
    public void FailOn_turns_findings_at_or_above_the_threshold_into_errors()
    {
        using var repo = new ConsumerRepository();
        repo.Write("Dockerfile", UnpinnedRootImage);

        var medium = Run(repo, ("ThreatLintFailOn", "medium"));
        var critical = Run(repo, ("ThreatLintFailOn", "critical"));

        Assert.Multiple(() =>
        {
            Assert.That(medium.Success, Is.False);
            Assert.That(medium.Errors.Select(e => e.Code), Is.SupersetOf(new[] { "TL4001", "TL4002" }));
            Assert.That(critical.Success, Is.True, "no critical finding in this repository");
            Assert.That(critical.Errors, Is.Empty);
        });
    }

    [Test]
    public void An_invalid_FailOn_is_an_error_that_names_the_choices()
    {
        using var repo = new ConsumerRepository();

        var outcome = Run(repo, ("ThreatLintFailOn", "sometimes"));

        Assert.That(outcome.Success, Is.False);
        var error = outcome.Errors.Single();
        Assert.That(error.Message, Does.Contain("critical, high, medium, low or none"));
        Assert.That((error.Code, error.File), Is.EqualTo(("TL9003", repo.ProjectFile)), "points at the project that sets it, not at our .targets");
    }

    [Test]
    public void Unchanged_inputs_reuse_the_cache_and_still_report()
    {
        using var repo = new ConsumerRepository();
        repo.Write("Dockerfile", UnpinnedRootImage);

        var first = Run(repo);
        var second = Run(repo);

        Assert.Multiple(() =>
        {
            Assert.That(second.Messages.Any(m => m.Message?.Contains("findings cache is up to date", StringComparison.Ordinal) == true), Is.True);
            Assert.That(Lines(second), Is.EqualTo(Lines(first)).And.Not.Empty);
        });
    }

    [Test]
    public void A_changed_or_deleted_file_invalidates_the_cache()
    {
        using var repo = new ConsumerRepository();
        var dockerfile = repo.Write("Dockerfile", UnpinnedRootImage);
        Run(repo);

        repo.Write("deploy/serving/Dockerfile", "FROM nvcr.io/nvidia/tritonserver:24.08-py3\nUSER triton-server\n");
        var added = Run(repo);
        File.Delete(dockerfile);
        var deleted = Run(repo);

        Assert.Multiple(() =>
        {
            Assert.That(added.Warnings.Any(w => w.File!.EndsWith(Path.Combine("serving", "Dockerfile"), StringComparison.Ordinal)), Is.True);
            Assert.That(deleted.Warnings.Any(w => w.File == dockerfile), Is.False);
            Assert.That(deleted.Warnings.Count(w => w.Code == "TL4002"), Is.EqualTo(1));
        });
    }

    [Test]
    public void NoWarn_silences_a_rule()
    {
        using var repo = new ConsumerRepository();
        repo.Write("Dockerfile", UnpinnedRootImage);

        var outcome = Run(repo, ("NoWarn", "CS1591;TL4002"));

        Assert.That(outcome.Warnings.Select(w => w.Code), Does.Not.Contain("TL4002").And.Contain("TL4001"));
    }

    [Test]
    public void Oversized_files_are_reported_as_skipped_not_crashed_on()
    {
        using var repo = new ConsumerRepository();
        repo.Write("Dockerfile", "FROM python:3.12-slim\n" + new string('#', 5 * 1024 * 1024));

        var outcome = Run(repo);

        Assert.That(outcome.Success, Is.True);
        Assert.That(outcome.Warnings.Single().Code, Is.EqualTo("TL9002"));
    }

    [Test]
    public void Disabled_or_design_time_builds_do_not_scan()
    {
        using var repo = new ConsumerRepository();
        repo.Write("Dockerfile", UnpinnedRootImage);

        var disabled = Run(repo, ("ThreatLintEnabled", "false"));
        var designTime = Run(repo, ("DesignTimeBuild", "true"));

        Assert.That(disabled.Warnings.Concat(designTime.Warnings), Is.Empty);
    }

    private static BuildOutcome Run(ConsumerRepository repo, params (string Name, string Value)[] properties) =>
        InProcessBuild.Run(repo.ProjectFile, "ThreatLint", properties.ToDictionary(p => p.Name, p => p.Value));

    private static List<string> Lines(BuildOutcome outcome) =>
        [.. outcome.Warnings.Select(w => $"{w.File}({w.Line},{w.Column}): {w.Code}: {w.Message}")];
}
