using ThreatLint.Documents.Python;

namespace ThreatLint.Core.Tests.Python;

public class PythonImportTests
{
    private static IReadOnlyList<string> Qualified(string source) => [.. PythonDocument.Parse(source).Calls.Select(c => c.QualifiedName)];

    [Test]
    public void Aliases_resolve_to_the_module()
    {
        Assert.That(Qualified("""
            import numpy as np
            import torch
            import torch.hub
            import xml.etree.ElementTree as ET
            np.load(p)
            torch.hub.load(r)
            ET.parse(f)
            """), Is.EqualTo(new[] { "numpy.load", "torch.hub.load", "xml.etree.ElementTree.parse" }));
    }

    [Test]
    public void From_imports_resolve_names_and_aliases()
    {
        Assert.That(Qualified("""
            from transformers import AutoModel as AM, pipeline
            from joblib import load
            from huggingface_hub import (
                snapshot_download,
                hf_hub_download as fetch,
            )
            AM.from_pretrained(x)
            pipeline("ner")
            load(f)
            snapshot_download(r)
            fetch(r, f)
            """), Is.EqualTo(new[]
        {
            "transformers.AutoModel.from_pretrained", "transformers.pipeline", "joblib.load",
            "huggingface_hub.snapshot_download", "huggingface_hub.hf_hub_download",
        }));
    }

    [Test]
    public void Relative_and_star_imports()
    {
        var document = PythonDocument.Parse("from . import loaders\nfrom .utils import fetch\nfrom os.path import *\nloaders.get(x)\nfetch(u)\njoin(a, b)\n");

        Assert.That(document.Calls.Select(c => c.QualifiedName), Is.EqualTo(new[] { ".loaders.get", ".utils.fetch", "join" }));
    }

    [Test]
    public void Unimported_names_stay_as_written()
    {
        Assert.That(Qualified("pickle.load(f)\nload(f)\n"), Is.EqualTo(new[] { "pickle.load", "load" }));
    }

    [Test]
    public void The_import_in_effect_is_the_last_one_before_the_call_else_the_first_after()
    {
        Assert.That(Qualified("""
            def read(f):
                return pk.load(f)

            import pickle as pk
            pk.load(a)
            import dill as pk
            pk.load(b)
            """), Is.EqualTo(new[] { "pickle.load", "pickle.load", "dill.load" }));
    }

    [Test]
    public void Imports_inside_functions_and_try_blocks_count()
    {
        Assert.That(Qualified("""
            try:
                import cPickle as pickle
            except ImportError:
                import pickle
            def f():
                import numpy as np
                return np.load(p, allow_pickle=True)
            """), Is.EqualTo(new[] { "numpy.load" }));
    }

    [Test]
    public void Module_string_constants_resolve()
    {
        var document = PythonDocument.Parse("""
            MODEL_ID = "meta-llama/" "Llama-3.1-8B"
            REVISION: str = '5206a32e0bd3067aef1ce90f5528ade7d866253f'
            DEFAULT = MODEL_ID
            CHANGED = "a/b"
            CHANGED = "c/d"
            FROM_ENV = os.environ.get("MODEL", "org/fallback")
            SAME = "x/y"
            SAME = "x/y"
            COUNT = 1
            COUNT += 1
            """);

        Assert.Multiple(() =>
        {
            Assert.That(document.ConstantValue("MODEL_ID"), Is.EqualTo("meta-llama/Llama-3.1-8B"));
            Assert.That(document.ConstantValue("REVISION"), Is.EqualTo("5206a32e0bd3067aef1ce90f5528ade7d866253f"));
            Assert.That(document.ConstantValue("DEFAULT"), Is.EqualTo("meta-llama/Llama-3.1-8B"));
            Assert.That(document.ConstantValue("CHANGED"), Is.Null);
            Assert.That(document.ConstantValue("FROM_ENV"), Is.Null);
            Assert.That(document.ConstantValue("SAME"), Is.EqualTo("x/y"));
            Assert.That(document.ConstantValue("COUNT"), Is.Null);
            Assert.That(document.ConstantValue("UNKNOWN"), Is.Null);
        });
    }

    [Test]
    public void Constants_that_refer_to_each_other_in_a_cycle_have_no_value()
    {
        var document = PythonDocument.Parse("A = B\nB = A\n");
        Assert.That(document.ConstantValue("A"), Is.Null);
    }

    [Test]
    public void ResolveString_takes_literals_and_constants()
    {
        var document = PythonDocument.Parse("M = 'org/m'\nf(M, 'lit', other, f'{M}')\n");
        var call = document.Calls.Single();

        Assert.That(call.Positional.Select(a => document.ResolveString(a.Value)), Is.EqualTo(new[] { "org/m", "lit", null, null }));
    }
}
