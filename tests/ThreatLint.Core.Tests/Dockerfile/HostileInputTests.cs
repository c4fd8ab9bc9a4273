using System.Diagnostics;
using System.Text;
using ThreatLint.Core.Tests.Rules;
using ThreatLint.Documents.Dockerfile;
using ThreatLint.Rules;

namespace ThreatLint.Core.Tests.Dockerfile;

/// <summary>
/// Whatever the bytes, parsing and the Dockerfile rules finish quickly and never throw. The time bound is loose
/// (machines are shared and slow) but far below what a quadratic pass would need on these sizes.
/// </summary>
public class HostileInputTests
{
    private static readonly TimeSpan Bound = HangGuard.Limit;

    private static DockerfileDocument ParseAndCheck(string text)
    {
        var stopwatch = Stopwatch.StartNew();
        var document = DockerfileDocument.Parse(text);
        var findings = RuleRunner.Run(RuleRegistry.For<IDockerfileRule>(), text);
        stopwatch.Stop();
        Assert.That(stopwatch.Elapsed, Is.LessThan(Bound), $"{text.Length} characters took {stopwatch.Elapsed}");
        Assert.That(findings.All(f => f.Span.Line >= 1 && f.Span.Column >= 1), Is.True);
        return document;
    }

    private static string Repeat(string line, int count) => new StringBuilder(line.Length * count).Insert(0, line, count).ToString();

    [Test]
    public void Random_bytes([Range(1, 20)] int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[64 * 1024];
        random.NextBytes(bytes);
        ParseAndCheck(Encoding.UTF8.GetString(bytes));
        ParseAndCheck(Encoding.Latin1.GetString(bytes));
    }

    [Test]
    public void Random_Dockerfile_tokens([Range(1, 20)] int seed)
    {
        string[] tokens = ["FROM ", "RUN ", "USER ", "ARG ", "ENV ", "COPY ", " AS ", "<<EOF", "<<-X", "EOF", "\n", "\n", "\\", "`", "${", "}", "$", ":-", "\"", "'", "[", "]", "--from=", "#", " ", "root", "scratch", "@sha256:", "# escape=`\n", "\t", "\0", "\r\n"];
        var random = new Random(seed);
        var text = new StringBuilder();
        for (var i = 0; i < 20_000; i++)
        {
            text.Append(tokens[random.Next(tokens.Length)]);
        }

        ParseAndCheck(text.ToString());
    }

    [Test]
    public void Nul_characters()
    {
        var document = ParseAndCheck("\0\0FROM\0python:3.12\0\nUSER \0\n\0");
        Assert.That(document.Stages, Is.Empty);
    }

    [TestCase("RUN ")]
    [TestCase("FROM ")]
    [TestCase("FROM ${A:-")]
    [TestCase("USER $")]
    [TestCase("ENV A=\"")]
    [TestCase("RUN --mount=\"")]
    [TestCase("CMD [\"")]
    [TestCase("RUN <<")]
    public void A_one_megabyte_line(string prefix)
    {
        ParseAndCheck("FROM x\n" + prefix + new string('a', 1 << 20) + "\n");
    }

    [TestCase("${A:-")]
    [TestCase("$A")]
    [TestCase("${")]
    [TestCase("'")]
    [TestCase("\"$")]
    [TestCase("<<E ")]
    [TestCase("--a ")]
    [TestCase("a=b ")]
    public void A_one_megabyte_line_of_one_repeated_construct(string unit)
    {
        var body = Repeat(unit, (1 << 20) / unit.Length);
        foreach (var keyword in new[] { "FROM ", "USER ", "ENV ", "ARG ", "COPY ", "RUN " })
        {
            ParseAndCheck("FROM x\n" + keyword + body + "\n");
        }
    }

    [Test]
    public void Many_distinct_unresolved_variables_on_one_line()
    {
        var text = new StringBuilder("FROM x\nUSER ");
        for (var i = 0; i < 100_000; i++)
        {
            text.Append("$V").Append(i);
        }

        var document = ParseAndCheck(text.ToString());
        Assert.That(document.Stages[0].LastUser!.ExpandedArguments!.UnresolvedVariables, Has.Count.EqualTo(100_000));
    }

    [Test]
    public void Only_continuations()
    {
        var document = ParseAndCheck(Repeat("\\\n", 100_000));
        Assert.That(document.Instructions, Is.Empty);
        ParseAndCheck(Repeat(" \\ \n", 100_000) + "FROM x");
        ParseAndCheck("# escape=`\n" + Repeat("`\n", 100_000));
    }

    [Test]
    public void A_trailing_escape_at_the_end_of_the_file()
    {
        ParseAndCheck("FROM x\nRUN a \\");
        ParseAndCheck("# escape=`\nFROM x\nRUN a `");
        ParseAndCheck("\\");
    }

    [Test]
    public void An_unterminated_heredoc_over_100k_lines()
    {
        var document = ParseAndCheck("FROM x\nRUN <<EOF\n" + Repeat("echo line\n", 100_000));
        Assert.That(document.Instructions[1].Heredocs[0].Lines, Has.Count.EqualTo(100_000));
    }

    [Test]
    public void Many_heredoc_markers_with_nothing_after_them()
    {
        ParseAndCheck("FROM x\nRUN " + Repeat("<<EOF ", 100_000) + "\n");
    }

    [Test]
    public void One_hundred_thousand_instructions()
    {
        var text = new StringBuilder("ARG BASE=python:3.12\nFROM ${BASE} AS s0\n");
        for (var i = 1; i < 100_000; i++)
        {
            text.Append(i % 3 == 0 ? "ENV V" : "ARG V").Append(i).Append("=$V").Append(i - 1).Append('\n');
        }

        text.Append("USER $V99999\n");
        var document = ParseAndCheck(text.ToString());
        Assert.That(document.Instructions, Has.Count.EqualTo(100_002));
    }

    [Test]
    public void A_chain_of_twenty_thousand_stages()
    {
        var text = new StringBuilder("FROM python:3.12 AS s0\nENV E0=x\n");
        for (var i = 1; i < 20_000; i++)
        {
            text.Append("FROM s").Append(i - 1).Append(" AS s").Append(i).Append("\nENV E").Append(i).Append("=$E0\n");
        }

        text.Append("FROM s${UNKNOWN}\nUSER $E0\n");
        var document = ParseAndCheck(text.ToString());
        Assert.That(document.Stages, Has.Count.EqualTo(20_001));
        Assert.That(document.Stages[19_999].Origin, Is.SameAs(document.Stages[0]));
    }

    [Test]
    public void Deeply_nested_substitutions()
    {
        var text = "FROM x\nUSER " + Repeat("${A:-", 100_000) + Repeat("}", 100_000) + "\n";
        ParseAndCheck(text);
    }

    [TestCase("")]
    [TestCase("\n\n\n")]
    [TestCase("\r")]
    [TestCase("   \t  ")]
    [TestCase("#")]
    [TestCase("# escape=")]
    [TestCase("FROM")]
    [TestCase("FROM AS")]
    [TestCase("FROM x AS")]
    [TestCase("USER")]
    public void Degenerate_files(string text)
    {
        ParseAndCheck(text);
    }
}
