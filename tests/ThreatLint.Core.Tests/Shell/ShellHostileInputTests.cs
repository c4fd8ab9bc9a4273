using System.Diagnostics;
using System.Text;
using ThreatLint.Documents.Shell;

namespace ThreatLint.Core.Tests.Shell;

/// <summary>
/// Whatever the text, parsing finishes quickly and never throws. The time bound is loose (machines are shared and
/// slow) but far below what a quadratic pass or a deep recursion would need on these sizes.
/// </summary>
public class ShellHostileInputTests
{
    private static readonly TimeSpan Bound = HangGuard.Limit;

    private static ShellScript Parse(string text)
    {
        var stopwatch = Stopwatch.StartNew();
        var script = ShellScript.Parse(text);
        _ = script.Commands.Sum(c => c.Name.Length + c.Arguments.Count + (c.ShellString is null ? 0 : 1));
        stopwatch.Stop();
        Assert.That(stopwatch.Elapsed, Is.LessThan(Bound), $"{text.Length} characters took {stopwatch.Elapsed}");
        Assert.That(script.Commands.All(c => c.Offset >= 0 && c.Offset + c.Length <= text.Length), Is.True);
        Assert.That(script.Commands.SelectMany(c => c.Words).All(w => w.Offset >= 0 && w.Offset + w.Length <= text.Length), Is.True);
        return script;
    }

    private static string Repeat(string text, int count) => new StringBuilder(text.Length * count).Insert(0, text, count).ToString();

    [TestCase("echo \"abc")]
    [TestCase("echo 'abc")]
    [TestCase("echo $'abc\\")]
    [TestCase("echo $(curl https://x")]
    [TestCase("echo `curl https://x")]
    [TestCase("echo ${abc")]
    [TestCase("echo $((1 +")]
    [TestCase("cat <<EOF\nno end")]
    [TestCase("cat <<")]
    [TestCase("case x in")]
    [TestCase("case x in a) echo")]
    [TestCase("if true; then")]
    [TestCase("for")]
    [TestCase("for x in")]
    [TestCase("while")]
    [TestCase("function")]
    [TestCase("f() ")]
    [TestCase("(")]
    [TestCase(")")]
    [TestCase("}}} fi done esac then ;; ;& ) )")]
    [TestCase("||| &&& ;;; |& >>> <<<")]
    [TestCase("2>")]
    [TestCase("bash -c")]
    [TestCase("bash -c \"")]
    [TestCase("\\")]
    [TestCase("[[ ( < ")]
    [TestCase("a=(")]
    public void Unterminated_and_malformed_input(string text)
    {
        Parse(text);
    }

    [Test]
    public void Unterminated_substitution_keeps_its_commands()
    {
        var script = Parse("echo $(curl https://x | sh");
        Assert.That(script.Commands.Select(c => c.Name), Is.EqualTo(new[] { "echo", "curl", "sh" }));
    }

    [TestCase("$(")]
    [TestCase("\"$(")]
    [TestCase("<(")]
    [TestCase("`")]
    [TestCase("(")]
    [TestCase("( ")]
    [TestCase("{ ")]
    [TestCase("if ")]
    [TestCase("while ")]
    [TestCase("for x in a; do ")]
    [TestCase("case x in a) ")]
    [TestCase("f() ")]
    [TestCase("${")]
    [TestCase("$((")]
    [TestCase("'")]
    [TestCase("\"")]
    [TestCase("<<E ")]
    [TestCase("\\\n")]
    public void A_hundred_thousand_nested_openings(string opening)
    {
        Parse(Repeat(opening, 100_000) + "curl https://x | sh");
    }

    [Test]
    public void Deep_nesting_is_cut_and_says_so()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Parse(Repeat("$(", 100_000)).IsTruncated, Is.True);
            Assert.That(Parse(Repeat("$(", 10) + "curl x" + Repeat(")", 10)).IsTruncated, Is.False);
        });
    }

    [Test]
    public void Nested_shell_scripts_are_bounded()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 50; i++)
        {
            text.Append("bash <<E").Append(i).Append('\n');
        }

        var script = Parse(text.ToString() + "curl x | sh\n");
        Assert.Multiple(() =>
        {
            Assert.That(script.IsTruncated, Is.True);
            Assert.That(script.Commands.Max(c => c.Depth), Is.LessThanOrEqualTo(5));
        });
    }

    [TestCase("a")]
    [TestCase("a;")]
    [TestCase("a | ")]
    [TestCase("a && ")]
    [TestCase("\"a")]
    [TestCase("$a")]
    [TestCase("-k ")]
    [TestCase("x=1 ")]
    [TestCase("> f ")]
    public void A_one_megabyte_line(string unit)
    {
        Parse("curl " + Repeat(unit, (1 << 20) / unit.Length) + " | sh");
    }

    [Test]
    public void Too_many_commands_are_cut_and_say_so()
    {
        var script = Parse(Repeat("a;", 300_000));
        Assert.Multiple(() =>
        {
            Assert.That(script.IsTruncated, Is.True);
            Assert.That(script.Commands, Has.Count.LessThanOrEqualTo(100_000));
        });
    }

    [Test]
    public void Random_shell_tokens([Range(1, 20)] int seed)
    {
        string[] tokens =
        [
            "curl ", "sh", " | ", "&&", "||", ";", "&", "\n", "(", ")", "{ ", " }", "$(", "`", "<(", ">(", "'", "\"", "$'", "\\", "\\\n",
            "#", "<<EOF", "<<-X", "EOF", "X", "<<<", "2>&1", "if ", "then ", "fi", "for ", " in ", "do ", "done", "case ", "esac", ";;", "a)",
            "bash -c ", "-fsSLk ", "--x=", "${", "}", "$((", "))", "=", "a=(", "\t", "\0", "\r\n", "function ", "f() ", "[[ ", " ]]",
        ];
        var random = new Random(seed);
        var text = new StringBuilder();
        for (var i = 0; i < 20_000; i++)
        {
            text.Append(tokens[random.Next(tokens.Length)]);
        }

        Parse(text.ToString());
    }

    [Test]
    public void Random_characters([Range(1, 10)] int seed)
    {
        var random = new Random(seed);
        var text = new char[64 * 1024];
        for (var i = 0; i < text.Length; i++)
        {
            text[i] = (char)random.Next(0, 128);
        }

        Parse(new string(text));
    }
}
