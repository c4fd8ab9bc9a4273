namespace ThreatLint.Cli.Tests;

public class ArgumentsTests
{
    private static readonly OptionSpec Format = new("format", "FORMAT", 'f', ["text", "json"]);
    private static readonly OptionSpec Output = new("output", "FILE", 'o');
    private static readonly OptionSpec[] Options = [Format, Output];

    private static ParsedArguments Parse(params string[] args) => Arguments.Parse("scan", args, Options, maxPositionals: 1);

    [Test]
    public void Reads_long_options_with_separate_or_inline_values()
    {
        var parsed = Parse("repo", "--format", "json", "--output=out/report.json");

        Assert.Multiple(() =>
        {
            Assert.That(parsed.Positionals, Is.EqualTo(new[] { "repo" }));
            Assert.That(parsed.Value(Format), Is.EqualTo("json"));
            Assert.That(parsed.Value(Output), Is.EqualTo("out/report.json"));
        });
    }

    [Test]
    public void Reads_short_aliases_and_normalizes_choices_to_lower_case()
    {
        var parsed = Parse("-f", "JSON", "-o", "report.json");

        Assert.Multiple(() =>
        {
            Assert.That(parsed.Value(Format), Is.EqualTo("json"));
            Assert.That(parsed.Value(Output), Is.EqualTo("report.json"));
            Assert.That(parsed.Positionals, Is.Empty);
        });
    }

    [Test]
    public void Options_not_given_are_null()
    {
        Assert.That(Parse().Value(Format), Is.Null);
    }

    [Test]
    public void Double_dash_ends_options()
    {
        Assert.That(Parse("--", "--format").Positionals, Is.EqualTo(new[] { "--format" }));
    }

    [TestCase("--help")]
    [TestCase("-h")]
    [TestCase("-?")]
    public void Help_wins_over_everything_else(string flag)
    {
        Assert.That(Parse("--bogus", "a", "b", flag).Help, Is.True);
    }

    [Test]
    public void Unknown_option_names_itself_and_the_valid_ones()
    {
        var e = Assert.Throws<UsageException>(() => Parse("--fromat", "json"));
        Assert.That(e!.Message, Does.Contain("'--fromat'").And.Contain("--format, --output, --help"));
    }

    [Test]
    public void Invalid_choice_lists_the_valid_ones()
    {
        var e = Assert.Throws<UsageException>(() => Parse("--format", "xml"));
        Assert.That(e!.Message, Does.Contain("'xml'").And.Contain("text, json"));
    }

    [TestCase("--output")]
    [TestCase("--output", "--format", "json")]
    [TestCase("--output=")]
    public void Missing_value_is_an_error(params string[] args)
    {
        var e = Assert.Throws<UsageException>(() => Parse(args));
        Assert.That(e!.Message, Does.Contain("--output needs a value (FILE)"));
    }

    [Test]
    public void Repeated_option_is_an_error()
    {
        var e = Assert.Throws<UsageException>(() => Parse("-f", "json", "--format", "text"));
        Assert.That(e!.Message, Does.Contain("--format is given more than once"));
    }

    [Test]
    public void Too_many_positionals_is_an_error()
    {
        var e = Assert.Throws<UsageException>(() => Parse("one", "two"));
        Assert.That(e!.Message, Does.Contain("unexpected argument 'two'"));
    }

    [Test]
    public void A_lone_dash_is_a_value_not_an_option()
    {
        Assert.That(Parse("-o", "-").Value(Output), Is.EqualTo("-"));
    }
}
