using ThreatLint.Documents.Python;

namespace ThreatLint.Core.Tests.Python;

public class NotebookTests
{
    /// <summary>nbformat 4 as Jupyter writes it (one-space indent, source as a list of lines).</summary>
    private const string Notebook = """
        {
         "cells": [
          {
           "cell_type": "markdown",
           "metadata": {},
           "source": ["# torch.load(p) in markdown is not code\n"]
          },
          {
           "cell_type": "code",
           "execution_count": 1,
           "metadata": {},
           "outputs": [{"output_type": "stream", "name": "stdout", "text": ["torch.load(x)\n"]}],
           "source": [
            "%pip install -q transformers==4.44.2\n",
            "!huggingface-cli download meta-llama/Llama-3.1-8B --local-dir /models\n",
            "import numpy as np\n",
            "MODEL = \"org/model\"\n",
            "files = !ls /models\n",
            "arr = np.load(\"x.npy\", allow_pickle=True)"
           ]
          },
          {
           "cell_type": "code",
           "execution_count": 2,
           "metadata": {},
           "outputs": [],
           "source": "%%time\nm = AutoModel.from_pretrained(MODEL, name=\"a\\\"b\")\n"
          },
          {
           "cell_type": "code",
           "metadata": {},
           "outputs": [],
           "source": ["%%bash\n", "wget -q https://example.org/w.safetensors\n", "sha256sum -c w.sha256\n"]
          },
          {
           "cell_type": "code",
           "metadata": {},
           "outputs": [],
           "source": ["%%writefile app.py\n", "torch.load(p)\n"]
          },
          {
           "cell_type": "code",
           "metadata": {},
           "outputs": [],
           "source": ["x = '''unterminated\n"]
          },
          {
           "cell_type": "code",
           "metadata": {},
           "outputs": [],
           "source": ["pickle.load(f)\n"]
          }
         ],
         "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
         "nbformat": 4,
         "nbformat_minor": 5
        }
        """;

    private static PythonDocument Parse() => PythonDocument.ParseNotebook(Notebook);

    /// <summary>The 1-based line and column of the first occurrence of <paramref name="text"/> in the notebook file.</summary>
    private static (int Line, int Column) Position(string text)
    {
        var lines = Notebook.Split('\n');
        var line = Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal));
        return (line + 1, lines[line].IndexOf(text, StringComparison.Ordinal) + 1);
    }

    [Test]
    public void Code_cells_are_code_and_the_rest_is_not()
    {
        var document = Parse();

        Assert.Multiple(() =>
        {
            Assert.That(document.IsNotebook, Is.True);
            Assert.That(document.Calls.Select(c => c.QualifiedName), Is.EqualTo(new[] { "numpy.load", "AutoModel.from_pretrained", "pickle.load" }));
        });
    }

    [Test]
    public void Positions_point_into_the_notebook_file()
    {
        var document = Parse();
        var load = document.Calls.Single(c => c.Name == "load" && c.Callee == "np.load");
        var fromPretrained = document.Calls.Single(c => c.Name == "from_pretrained");

        var name = fromPretrained.Keyword("name")!;
        var (line, column) = Position("AutoModel.from_pretrained");
        Assert.Multiple(() =>
        {
            Assert.That((load.Span.Line, load.Span.Column), Is.EqualTo(Position("np.load")));
            Assert.That(load.Keyword("allow_pickle")!.KeywordSpan, Is.EqualTo(Span(Position("allow_pickle"), "allow_pickle".Length)));

            // A single source string: the cell's second line follows an escaped \n on the same line of the file.
            Assert.That((fromPretrained.Span.Line, fromPretrained.Span.Column), Is.EqualTo((line, column)));

            // An escaped quote in JSON maps to its backslash.
            Assert.That(name.Literal!.Value, Is.EqualTo("a\"b"));
            Assert.That(name.Value.Span.Column, Is.EqualTo(Position("\\\"a").Column));
        });
    }

    private static Findings.SourceSpan Span((int Line, int Column) start, int length) => Findings.SourceSpan.At(start.Line, start.Column, length);

    [Test]
    public void Imports_and_constants_are_shared_across_cells()
    {
        var document = Parse();

        Assert.Multiple(() =>
        {
            Assert.That(document.ConstantValue("MODEL"), Is.EqualTo("org/model"));
            Assert.That(document.ResolveString(document.Calls.Single(c => c.Name == "from_pretrained").PositionalAt(0)!.Value), Is.EqualTo("org/model"));
        });
    }

    [Test]
    public void An_unterminated_string_does_not_swallow_the_next_cell()
    {
        Assert.That(Parse().Calls.Last().Callee, Is.EqualTo("pickle.load"));
    }

    [Test]
    public void Shell_lines_and_shell_cells_are_parsed_by_the_shell_model()
    {
        var shell = Parse().ShellCommands;

        Assert.Multiple(() =>
        {
            Assert.That(shell.Select(s => s.Script.Commands[0].Name), Is.EqualTo(new[] { "huggingface-cli", "ls", "wget" }));
            var download = shell[0].Script.Commands[0];
            Assert.That(download.Arguments.Select(a => a.Text), Is.EqualTo(new[] { "download", "meta-llama/Llama-3.1-8B", "--local-dir", "/models" }));
            Assert.That(shell[0].SpanOf(download.Arguments[1]), Is.EqualTo(Span(Position("meta-llama/"), "meta-llama/Llama-3.1-8B".Length)));
            Assert.That(shell[2].Script.Commands.Select(c => c.Name), Is.EqualTo(new[] { "wget", "sha256sum" }));
            Assert.That(shell[2].SpanOf(shell[2].Script.Commands[1].NameWord!).Line, Is.EqualTo(Position("sha256sum").Line));
        });
    }

    [Test]
    public void A_notebook_in_another_language_has_no_code()
    {
        var document = PythonDocument.ParseNotebook("""
            {"cells": [{"cell_type": "code", "source": ["library(pickle)\n", "load(x)"]}],
             "metadata": {"kernelspec": {"language": "R"}, "language_info": {"name": "R"}}, "nbformat": 4}
            """);

        Assert.That(document.Calls, Is.Empty);
    }

    [Test]
    public void Source_may_be_one_string_and_metadata_may_be_missing()
    {
        var document = PythonDocument.ParseNotebook("""{"cells": [{"cell_type": "code", "source": "import joblib\njoblib.load('m.joblib')"}]}""");

        Assert.That(document.Calls.Single().QualifiedName, Is.EqualTo("joblib.load"));
    }

    [TestCase("")]
    [TestCase("{")]
    [TestCase("{\"cells\": [")]
    [TestCase("{\"cells\": [{\"source\": \"x]}")]
    [TestCase("[1, 2,]")]
    [TestCase("{\"a\" 1}")]
    [TestCase("nul")]
    public void Malformed_JSON_is_a_format_error_naming_the_position(string json)
    {
        var error = Assert.Throws<FormatException>(() => PythonDocument.ParseNotebook(json));
        Assert.That(error!.Message, Does.StartWith("invalid notebook JSON at line 1, column "));
    }

    [Test]
    public void JSON_nested_too_deep_is_a_scan_limit()
    {
        var json = new string('[', 100) + new string(']', 100);
        Assert.Throws<ScanLimitException>(() => PythonDocument.ParseNotebook(json));
    }

    [Test]
    public void A_JSON_value_that_is_not_an_object_has_no_code()
    {
        Assert.That(PythonDocument.ParseNotebook("[1, 2]").Calls, Is.Empty);
    }
}
