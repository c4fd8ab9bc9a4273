using ThreatLint.Documents.Python;

namespace ThreatLint.Core.Tests.Python;

public class PythonTokenizerTests
{
    private static IReadOnlyList<PythonToken> Tokens(string source) => PythonDocument.Parse(source).Tokens;

    private static IReadOnlyList<string> Texts(string source) =>
        [.. Tokens(source).Where(t => t.Kind != PythonTokenKind.Newline).Select(t => t.Text)];

    [Test]
    public void Splits_names_numbers_operators_and_logical_lines()
    {
        var tokens = Tokens("x = torch.load(path, map_location='cpu')  # load\ny **= 2.5e-3\n");

        Assert.Multiple(() =>
        {
            Assert.That(tokens.Select(t => t.Kind == PythonTokenKind.Newline ? "NL" : t.Text), Is.EqualTo(new[]
            {
                "x", "=", "torch", ".", "load", "(", "path", ",", "map_location", "=", "'cpu'", ")", "NL",
                "y", "**=", "2.5e-3", "NL",
            }));
            Assert.That(tokens[10].Kind, Is.EqualTo(PythonTokenKind.String));
            Assert.That(tokens[15].Kind, Is.EqualTo(PythonTokenKind.Number));
        });
    }

    [Test]
    public void Comments_are_kept_apart_and_do_not_end_a_bracketed_line()
    {
        var document = PythonDocument.Parse("f(a,  # first\n  b)\n# alone\n");

        Assert.Multiple(() =>
        {
            Assert.That(document.Comments.Select(c => c.Text), Is.EqualTo(new[] { "# first", "# alone" }));
            Assert.That(document.Tokens.Count(t => t.Kind == PythonTokenKind.Newline), Is.EqualTo(1));
        });
    }

    [TestCase("'single'", "single")]
    [TestCase("\"double\"", "double")]
    [TestCase("'''triple\nlines'''", "triple\nlines")]
    [TestCase("\"\"\"a \"quoted\" word\"\"\"", "a \"quoted\" word")]
    [TestCase("r'C:\\new\\table'", "C:\\new\\table")]
    [TestCase("R\"\\d+\"", "\\d+")]
    [TestCase("b'\\x00\\x01'", "\u0000\u0001")]
    [TestCase("rb'\\x00'", "\\x00")]
    [TestCase("u'caf\\u00e9'", "café")]
    [TestCase("'tab\\there'", "tab\there")]
    [TestCase("'it\\'s'", "it's")]
    [TestCase("'line\\\ncontinued'", "linecontinued")]
    [TestCase("'\\N{BULLET} kept'", "\\N{BULLET} kept")]
    [TestCase("'\\101\\x41'", "AA")]
    public void Reads_string_values(string literal, string value)
    {
        var token = Tokens(literal + "\n").Single(t => t.Kind == PythonTokenKind.String);

        Assert.Multiple(() =>
        {
            Assert.That(token.Text, Is.EqualTo(literal));
            Assert.That(token.StringValue, Is.EqualTo(value));
        });
    }

    [Test]
    public void Raw_strings_still_do_not_end_at_an_escaped_quote()
    {
        Assert.That(Texts("x = r'a\\'b' + c\n"), Is.EqualTo(new[] { "x", "=", "r'a\\'b'", "+", "c" }));
    }

    [Test]
    public void Prefix_letters_that_are_not_a_prefix_make_a_name()
    {
        Assert.That(Texts("bar'x'\n"), Is.EqualTo(new[] { "bar", "'x'" }));
    }

    [Test]
    public void An_f_string_is_one_token_whatever_its_fields_hold()
    {
        var source = "url = f\"{base}/{repo['id']}/{f'{rev:>{width}}'}/x.bin?{ {1: 2}[1] }\" + tail\n";
        var tokens = Tokens(source);
        var fstring = tokens.Single(t => t.Kind == PythonTokenKind.String);

        Assert.Multiple(() =>
        {
            Assert.That(fstring.Text, Is.EqualTo(source.Substring(6, source.IndexOf(" + ", StringComparison.Ordinal) - 6)));
            Assert.That(fstring.StringFlags.HasFlag(PythonStringFlags.Formatted), Is.True);
            Assert.That(fstring.IsInterpolated, Is.True);
            Assert.That(tokens.Last(t => t.Kind == PythonTokenKind.Name).Text, Is.EqualTo("tail"));
        });
    }

    [Test]
    public void An_f_string_field_may_reuse_the_outer_quote_as_Python_3_12_allows()
    {
        Assert.That(Texts("f\"{d[\"key\"]}\" + x\n"), Is.EqualTo(new[] { "f\"{d[\"key\"]}\"", "+", "x" }));
    }

    [Test]
    public void Doubled_braces_in_an_f_string_are_text()
    {
        var token = Tokens("f'{{literal}} {value}'\n")[0];
        Assert.That(token.StringValue, Is.EqualTo("{{literal}} {value}"));
    }

    [Test]
    public void Triple_quoted_f_strings_span_lines_with_their_fields()
    {
        var tokens = Tokens("prompt = f\"\"\"\nSystem: {system!r:>10}\n{ctx}\n\"\"\"\nmodel = load()\n");

        Assert.Multiple(() =>
        {
            Assert.That(tokens.Count(t => t.Kind == PythonTokenKind.String), Is.EqualTo(1));
            Assert.That(tokens.Where(t => t.Kind == PythonTokenKind.Name).Select(t => t.Text), Is.EqualTo(new[] { "prompt", "model", "load" }));
        });
    }

    [Test]
    public void Backslash_and_brackets_continue_a_logical_line()
    {
        var tokens = Tokens("a = b + \\\n    c\nd = (e,\n     f)\ng\n");

        Assert.Multiple(() =>
        {
            Assert.That(tokens.Count(t => t.Kind == PythonTokenKind.Newline), Is.EqualTo(3));
            Assert.That(tokens.Where(t => t.StartsLine).Select(t => t.Text), Is.EqualTo(new[] { "a", "d", "g" }));
        });
    }

    [Test]
    public void The_first_token_of_a_line_carries_its_indentation()
    {
        var tokens = Tokens("def f():\n    if x:\n\treturn 1\n");

        Assert.That(tokens.Where(t => t.StartsLine).Select(t => (t.Text, t.Indent)), Is.EqualTo(new[] { ("def", 0), ("if", 4), ("return", 1) }));
    }

    [Test]
    public void Carriage_returns_end_lines_too()
    {
        var document = PythonDocument.Parse("import torch\r\nm = torch.load(p)\rn = 1\r\n");

        Assert.Multiple(() =>
        {
            Assert.That(document.Tokens.Count(t => t.Kind == PythonTokenKind.Newline), Is.EqualTo(3));
            Assert.That(document.Calls.Single().Span.Line, Is.EqualTo(2));
        });
    }

    [Test]
    public void An_unterminated_single_quoted_string_ends_at_its_line()
    {
        var tokens = Tokens("x = 'open\ny = torch.load(p)\n");
        var broken = tokens.First(t => t.Kind == PythonTokenKind.String);

        Assert.Multiple(() =>
        {
            Assert.That(broken.StringFlags.HasFlag(PythonStringFlags.Unterminated), Is.True);
            Assert.That(broken.StringValue, Is.EqualTo("open"));
            Assert.That(tokens.Any(t => t.Text == "torch"), Is.True);
        });
    }

    [Test]
    public void An_unterminated_triple_quoted_string_runs_to_the_end()
    {
        var tokens = Tokens("x = '''open\ny = torch.load(p)\n");

        Assert.Multiple(() =>
        {
            Assert.That(tokens.Count(t => t.Kind == PythonTokenKind.String), Is.EqualTo(1));
            Assert.That(tokens.Any(t => t.Text == "torch"), Is.False);
        });
    }

    [Test]
    public void Code_inside_strings_and_comments_is_not_code()
    {
        var document = PythonDocument.Parse("""
            doc = "torch.load(path)"
            # pickle.load(f)
            text = '''
            yaml.load(stream)
            '''
            """);

        Assert.That(document.Calls, Is.Empty);
    }

    [TestCase("$")]
    [TestCase("?")]
    [TestCase("`")]
    [TestCase("\\ x")]
    public void Stray_characters_become_error_tokens(string text)
    {
        Assert.That(Tokens(text).Any(t => t.Kind == PythonTokenKind.Error), Is.True);
    }

    [TestCase("0x1F")]
    [TestCase("1_000_000")]
    [TestCase("3.14j")]
    [TestCase(".5")]
    [TestCase("1e+10")]
    public void Numbers_are_one_token(string number)
    {
        Assert.That(Texts(number + "\n"), Is.EqualTo(new[] { number }));
    }
}
