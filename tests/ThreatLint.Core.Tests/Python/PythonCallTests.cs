using ThreatLint.Documents.Python;

namespace ThreatLint.Core.Tests.Python;

public class PythonCallTests
{
    [Test]
    public void A_call_has_its_dotted_callee_positional_and_keyword_arguments_with_positions()
    {
        var document = PythonDocument.Parse("""
            import transformers

            model = transformers.AutoModel.from_pretrained(
                "org/model",
                revision = "main", torch_dtype=torch.float16,
            )
            """);

        var call = document.Calls.Single(c => c.Name == "from_pretrained");
        Assert.Multiple(() =>
        {
            Assert.That(call.Callee, Is.EqualTo("transformers.AutoModel.from_pretrained"));
            Assert.That((call.Span.Line, call.Span.Column, call.Span.EndColumn), Is.EqualTo((3, 9, 9 + "transformers.AutoModel.from_pretrained".Length)));
            Assert.That(call.Positional.Select(a => a.Literal), Is.EqualTo(new[] { new PythonLiteral(PythonLiteralKind.String, "org/model") }));
            Assert.That(call.PositionalAt(0)!.Value.Span, Is.EqualTo(new Findings.SourceSpan(4, 5, 4, 16)));
            Assert.That(call.Keyword("revision")!.Literal, Is.EqualTo(new PythonLiteral(PythonLiteralKind.String, "main")));
            Assert.That(call.Keyword("revision")!.KeywordSpan, Is.EqualTo(new Findings.SourceSpan(5, 5, 5, 13)));
            Assert.That(call.Keyword("revision")!.Value.Span.Column, Is.EqualTo(16));
            Assert.That(call.Keyword("torch_dtype")!.Value.Text, Is.EqualTo("torch.float16"));
            Assert.That(call.Keyword("torch_dtype")!.Value.DottedName, Is.EqualTo("torch.float16"));
            Assert.That(call.Keyword("torch_dtype")!.Literal, Is.Null);
            Assert.That(call.Arguments, Has.Count.EqualTo(3));
        });
    }

    [TestCase("True", PythonLiteralKind.True, "True")]
    [TestCase("False", PythonLiteralKind.False, "False")]
    [TestCase("None", PythonLiteralKind.None, "None")]
    [TestCase("42", PythonLiteralKind.Number, "42")]
    [TestCase("-1", PythonLiteralKind.Number, "-1")]
    [TestCase("'a' \"b\"", PythonLiteralKind.String, "ab")]
    [TestCase("('org/'\n   'model')", null, null)]
    [TestCase("f'{x}'", null, null)]
    [TestCase("x or True", null, null)]
    public void Literal_values(string argument, PythonLiteralKind? kind, string? value)
    {
        var call = PythonDocument.Parse("f(a=" + argument + ")\n").Calls[0];
        var literal = call.Keyword("a")!.Literal;

        Assert.That(literal, kind is null ? Is.Null : Is.EqualTo(new PythonLiteral(kind.Value, value!)));
    }

    [Test]
    public void Nested_calls_are_calls_and_do_not_split_the_outer_arguments()
    {
        var document = PythonDocument.Parse("pipe = pipeline('text-generation', model=get_model(name, rev), tokenizer=tok)\n");

        Assert.Multiple(() =>
        {
            Assert.That(document.Calls.Select(c => c.Callee), Is.EqualTo(new[] { "pipeline", "get_model" }));
            Assert.That(document.Calls[0].Arguments.Select(a => a.ToString()), Is.EqualTo(new[] { "'text-generation'", "model=get_model(name, rev)", "tokenizer=tok" }));
            Assert.That(document.Calls[1].Arguments, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public void Star_arguments_and_literal_unpacking()
    {
        var document = PythonDocument.Parse("""
            a = load(*args, **{"trust_remote_code": True, "revision": REV})
            b = load(x, **dict(trust_remote_code=True))
            c = load(x, **kwargs)
            """);

        var a = document.Calls[0];
        var b = document.Calls.Single(x => x.Callee == "load" && x.Span.Line == 2);
        var c = document.Calls[^1];
        Assert.Multiple(() =>
        {
            Assert.That(a.HasStarArguments, Is.True);
            Assert.That(a.HasOpaqueKeywords, Is.False);
            Assert.That(a.Keyword("trust_remote_code")!.Literal!.IsTrue, Is.True);
            Assert.That(a.Keyword("trust_remote_code")!.FromUnpacking, Is.Not.Null);
            Assert.That(a.Keyword("trust_remote_code")!.KeywordSpan.Column, Is.EqualTo(20));
            Assert.That(a.Keyword("revision")!.Value.DottedName, Is.EqualTo("REV"));
            Assert.That(b.Keyword("trust_remote_code")!.Literal!.IsTrue, Is.True);
            Assert.That(c.HasOpaqueKeywords, Is.True);
            Assert.That(c.Keyword("trust_remote_code"), Is.Null);
        });
    }

    [Test]
    public void Definitions_keywords_and_subscripts_are_not_calls()
    {
        var document = PythonDocument.Parse("""
            class Loader(Base):
                def load(self, path):
                    if (path):
                        return (x for x in y)
                    return not (a) and [b][0](c)
            """);

        Assert.That(document.Calls, Is.Empty);
    }

    [Test]
    public void A_method_of_a_call_result_names_its_receiver()
    {
        var document = PythonDocument.Parse("import requests\ndata = requests.get(URL, timeout=30).json()\nm = x[0].load(f)\n");

        Assert.Multiple(() =>
        {
            Assert.That(document.Calls.Select(c => c.QualifiedName), Is.EqualTo(new[] { "requests.get", "requests.get().json", ".load" }));
            Assert.That(document.Calls[1].Receiver, Is.SameAs(document.Calls[0]));
            Assert.That(document.Calls[1].Name, Is.EqualTo("json"));
            Assert.That(document.Calls[2].Callee, Is.EqualTo(".load"));
            Assert.That(document.Calls[2].Span.Column, Is.EqualTo(10));
        });
    }

    [Test]
    public void Decorators_are_calls()
    {
        var document = PythonDocument.Parse("@app.post(\"/predict\")\nasync def predict(req):\n    return await model(req)\n");

        Assert.That(document.Calls.Select(c => c.Callee), Is.EqualTo(new[] { "app.post", "model" }));
    }

    [Test]
    public void Dict_displays_have_their_entries()
    {
        var document = PythonDocument.Parse("""cfg = {"model": "org/m", "kwargs": {"trust_remote_code": True}, **base, "f": lambda x: x}""" + "\n");
        var dicts = document.Dicts.ToList();

        Assert.Multiple(() =>
        {
            Assert.That(dicts, Has.Count.EqualTo(2));
            Assert.That(dicts[0].Entries.Select(e => e.Key?.Text), Is.EqualTo(new[] { "\"model\"", "\"kwargs\"", null, "\"f\"" }));
            Assert.That(dicts[0].ValueOf("kwargs")!.Dict, Is.SameAs(dicts[1]));
            Assert.That(dicts[0].ValueOf("f")!.Text, Is.EqualTo("lambda x: x"));
            Assert.That(dicts[1].ValueOf("trust_remote_code")!.Literal!.IsTrue, Is.True);
        });
    }

    [Test]
    public void Unclosed_and_mismatched_brackets_still_give_the_calls()
    {
        var document = PythonDocument.Parse("a = f(x, [1, 2)\nb = g(y\n");

        Assert.That(document.Calls.Select(c => (c.Callee, c.Arguments.Count)), Is.EqualTo(new[] { ("f", 2), ("g", 1) }));
    }

    [Test]
    public void Functions_have_their_extent()
    {
        var document = PythonDocument.Parse("""
            import os

            def download(url):
                path = fetch(url)

                return path

            class Model:
                async def load(self):
                    return 1
            x = 2
            """);

        Assert.Multiple(() =>
        {
            Assert.That(document.Functions.Select(f => f.Name), Is.EqualTo(new[] { "download", "load" }));
            var fetch = document.Calls.Single(c => c.Callee == "fetch");
            Assert.That(document.EnclosingFunction(fetch.Offset)?.Name, Is.EqualTo("download"));
            Assert.That(document.EnclosingFunction(document.Text.IndexOf("x = 2", StringComparison.Ordinal)), Is.Null);
            Assert.That(document.EnclosingFunction(document.Text.IndexOf("return 1", StringComparison.Ordinal))?.Name, Is.EqualTo("load"));
        });
    }
}
