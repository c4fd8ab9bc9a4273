using System.Diagnostics;
using System.Text;
using ThreatLint.Documents.Python;
using ThreatLint.Core.Tests.Rules;
using ThreatLint.Rules;

namespace ThreatLint.Core.Tests.Python;

/// <summary>
/// Whatever the text, parsing and the Python rules finish quickly and never throw. The time bound is loose (machines
/// are shared and slow) but far below what a quadratic pass or a deep recursion would need on these sizes.
/// </summary>
public class PythonHostileInputTests
{
    private static readonly TimeSpan Bound = HangGuard.Limit;

    private static PythonDocument Parse(string text)
    {
        var stopwatch = Stopwatch.StartNew();
        var document = PythonDocument.Parse(text);
        _ = document.Calls.Sum(c => c.Arguments.Count + c.Callee.Length);
        var findings = RuleRunner.RunPython(RuleRegistry.For<IPythonRule>(), document);
        stopwatch.Stop();
        Assert.That(stopwatch.Elapsed, Is.LessThan(Bound), $"{text.Length} characters took {stopwatch.Elapsed}");
        Assert.That(document.Tokens.All(t => t.Offset >= 0 && t.End <= text.Length), Is.True);
        Assert.That(findings.All(f => f.Span.Line >= 1 && f.Span.Column >= 1), Is.True);
        return document;
    }

    private static string Repeat(string text, int count) => new StringBuilder(text.Length * count).Insert(0, text, count).ToString();

    [TestCase("'")]
    [TestCase("\"\"\"")]
    [TestCase("f'{")]
    [TestCase("f'{x")]
    [TestCase("f'{x:")]
    [TestCase("f'{x:{")]
    [TestCase("f\"{'\"")]
    [TestCase("f'''{\n")]
    [TestCase("rb'\\")]
    [TestCase("'\\")]
    [TestCase("(")]
    [TestCase(")")]
    [TestCase("]]]}}})))")]
    [TestCase("f(**")]
    [TestCase("f(**{")]
    [TestCase("f(a=")]
    [TestCase("f(=1)")]
    [TestCase("import")]
    [TestCase("from")]
    [TestCase("from . import")]
    [TestCase("import a as")]
    [TestCase("def")]
    [TestCase("async")]
    [TestCase("x: =")]
    [TestCase("X =")]
    [TestCase("\\")]
    [TestCase("\\\n")]
    [TestCase("0x")]
    [TestCase("1e")]
    [TestCase(".")]
    [TestCase("\u00e9t\u00e9 = '\u00fc'")]
    [TestCase("\0\0\0")]
    [TestCase("\uFFFD\uFFFD(")]
    public void Unterminated_and_malformed_input(string text)
    {
        Parse(text);
    }

    [Test]
    public void Deeply_nested_brackets_are_linear()
    {
        Parse(Repeat("f(", 200_000) + Repeat(")", 200_000));
        Parse(Repeat("[{(", 100_000));
        Parse(Repeat(")]}", 100_000));
        Parse(Repeat("f(**{'a': ", 50_000));
    }

    [Test]
    public void Deeply_nested_f_strings_are_bounded()
    {
        var text = Repeat("f'{", 20_000) + "x" + Repeat("}'", 20_000);
        var document = Parse(text);
        Assert.That(document.Tokens.Count(t => t.Kind == Documents.Python.PythonTokenKind.String), Is.GreaterThan(0));
        Parse(Repeat("f\"{x:{", 50_000));
        Parse(Repeat("f'''{", 50_000));
    }

    [Test]
    public void Many_calls_imports_and_constants_are_linear()
    {
        Parse(Repeat("import pickle as pk\npk.load(f)\n", 50_000));
        Parse(Repeat("A = B\nB = A\nf(A)\n", 50_000));
        Parse(Repeat("torch.load(p, weights_only=False)\n", 50_000));
        Parse(Repeat("urllib.request.urlretrieve('http://x/m.pt', 'm.pt')\n", 20_000));
        Parse(Repeat("def f():\n    x = 1\n", 50_000));
    }

    [Test]
    public void Deep_def_nesting_is_linear()
    {
        var builder = new StringBuilder();
        for (var i = 0; i < 3_000; i++)
        {
            builder.Append(' ', i).Append("def f():\n");
        }

        builder.Append("torch.hub.download_url_to_file(u, 'm.pt')\n");
        Parse(builder.ToString());
    }

    [Test]
    public void Long_strings_and_comments_are_single_tokens()
    {
        var document = Parse("x = '" + new string('a', 1_000_000) + "'\n# " + new string('b', 1_000_000) + "\n");
        Assert.That(document.Tokens.Count(t => t.Kind == Documents.Python.PythonTokenKind.String), Is.EqualTo(1));
    }

    [Test]
    public void Random_bytes_never_throw()
    {
        var random = new Random(1234);
        const string alphabet = "abc_.()[]{}'\"\\\n\r\t #:=,*fbrFBRuU0123456789!%$";
        for (var round = 0; round < 300; round++)
        {
            var chars = new char[random.Next(1, 400)];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = alphabet[random.Next(alphabet.Length)];
            }

            Parse(new string(chars));
        }
    }

    [Test]
    public void Notebooks_with_hostile_cells_never_throw()
    {
        var random = new Random(99);
        const string alphabet = "abc_.()[]{}'\"\\\n #:=,*f!%";
        for (var round = 0; round < 200; round++)
        {
            var chars = new char[random.Next(1, 200)];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = alphabet[random.Next(alphabet.Length)];
            }

            var source = new string(chars).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
            var notebook = "{\"cells\": [{\"cell_type\": \"code\", \"source\": [\"" + source + "\"]}, {\"cell_type\": \"code\", \"source\": \"%%bash\\n" + source + "\"}]}";
            var document = PythonDocument.ParseNotebook(notebook);
            Assert.That(RuleRunner.RunPython(RuleRegistry.For<IPythonRule>(), document, "n.ipynb").All(f => f.Span.Line >= 1), Is.True);
        }
    }

    [Test]
    public void Large_notebooks_are_linear()
    {
        var cell = "{\"cell_type\": \"code\", \"source\": [\"import pickle\\n\", \"m = pickle.load(f)\\n\", \"!wget https://x/m.bin\\n\"], \"outputs\": [{\"data\": {\"image/png\": \"" + new string('A', 10_000) + "\"}}]},";
        var json = "{\"cells\": [" + Repeat(cell, 2_000) + "{\"cell_type\": \"raw\", \"source\": []}]}";
        var stopwatch = Stopwatch.StartNew();
        var document = PythonDocument.ParseNotebook(json);
        var findings = RuleRunner.RunPython(RuleRegistry.For<IPythonRule>(), document, "big.ipynb");
        Assert.Multiple(() =>
        {
            Assert.That(stopwatch.Elapsed, Is.LessThan(Bound));
            Assert.That(document.Calls, Has.Count.EqualTo(2_000));
            Assert.That(findings, Is.Not.Empty);
        });
    }
}
