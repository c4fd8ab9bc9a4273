using System.Globalization;

namespace ThreatLint.Cli.Tests;

/// <summary>The top level: help, version, command dispatch, and failures that must not escape.</summary>
public class CommandLineTests
{
    [TestCase("--help")]
    [TestCase("-h")]
    public void Help_lists_the_commands_and_exits_0(string flag)
    {
        var run = CliRun.Of(flag);

        Assert.That(run.ExitCode, Is.EqualTo(0));
        Assert.That(run.Out, Does.Contain("Usage: threatlint <command> [options]").And.Contain("  scan ").And.Contain("  rules ").And.Contain("  explain "));
    }

    [Test]
    public void No_arguments_prints_help_on_stderr_and_exits_2()
    {
        var run = CliRun.Of();

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Out, Is.Empty);
        Assert.That(run.Error, Does.Contain("Usage: threatlint <command>"));
    }

    [TestCase("scan", "--fail-on SEVERITY")]
    [TestCase("rules", "--format text|json|markdown")]
    [TestCase("report", "threat-dragon: an OWASP Threat Dragon v2 model")]
    [TestCase("explain", "Usage: threatlint explain <RULE>")]
    public void Command_help_exits_0(string command, string expected)
    {
        var run = CliRun.Of(command, "--help");

        Assert.That(run.ExitCode, Is.EqualTo(0));
        Assert.That(run.Out, Does.Contain(expected));
        Assert.That(CliRun.Of("help", command).Out, Is.EqualTo(run.Out));
    }

    [Test]
    public void Scan_help_says_which_formats_are_not_available_yet_and_documents_config_and_baseline()
    {
        var help = CliRun.Of("scan", "--help").Out;

        Assert.That(help, Does.Contain("markdown or threat-dragon").And.Contain("--config FILE            Configuration file").And.Contain("--baseline FILE"));
    }

    [Test]
    public void Version_is_the_package_version()
    {
        var run = CliRun.Of("--version");

        Assert.That(run.ExitCode, Is.EqualTo(0));
        Assert.That(run.Out.TrimEnd(), Does.Match(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$"));
    }

    [TestCase("lint", "unknown command 'lint'; commands: scan, report, baseline, init, rules, explain")]
    [TestCase("--verbose", "unknown option '--verbose'; before a command only --help and --version are valid")]
    public void Unknown_or_planned_commands_are_exit_2(string command, string message)
    {
        var run = CliRun.Of(command);

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.StartWith("threatlint: error: " + message));
    }

    [Test]
    public void An_unexpected_failure_is_reported_as_exit_2_not_thrown()
    {
        using var stderr = new StringWriter(CultureInfo.InvariantCulture);

        var code = Cli.Run(["rules"], new BrokenPipe(), stderr);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr.ToString(), Does.StartWith("threatlint: error: Broken pipe (IOException)"));
    }

    /// <summary>Standard output whose reader went away, as with <c>threatlint rules | head -1</c>.</summary>
    private sealed class BrokenPipe : StringWriter
    {
        public BrokenPipe()
            : base(CultureInfo.InvariantCulture)
        {
        }

        public override void Write(string? value) => throw new IOException("Broken pipe");
    }
}
