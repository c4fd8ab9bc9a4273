using ThreatLint.Catalog;
using ThreatLint.Rules.SupplyChain;

namespace ThreatLint.Core.Tests.Rules.SupplyChain;

public class UnsafeModelLoadCallTests
{
    private static readonly UnsafeModelLoadCall Rule = new();

    private static IReadOnlyList<Findings.Finding> Run(string source, string path = "model.py") => RuleRunner.RunPython(Rule, source, path);

    [Test]
    public void Catalog_example_fires_on_failing_and_not_on_passing()
    {
        var example = Catalog.Rules.UnsafeModelLoadCall.Example!;
        Assert.Multiple(() =>
        {
            Assert.That(Run(example.Failing, example.FileName).Positions(), Is.EqualTo(new[] { "TL1013@3:9" }));
            Assert.That(Run(example.Passing, example.FileName), Is.Empty);
        });
    }

    [Test]
    public void Torch_load_with_weights_only_False_is_high_at_the_callee()
    {
        var findings = Run("import torch\n\nstate = torch.load(ckpt_path, map_location=\"cpu\", weights_only=False)\n");

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(findings[0].Span, Is.EqualTo(new Findings.SourceSpan(3, 9, 3, 19)));
            Assert.That(findings[0].Severity, Is.EqualTo(Severity.High));
            Assert.That(findings[0].Message, Is.EqualTo("torch.load with weights_only=False loads a model with a loader that can execute code"));
        });
    }

    [Test]
    public void Torch_load_without_weights_only_is_medium_and_says_it_relies_on_the_default()
    {
        var findings = Run("from torch import load\nmodel = load('model.pt')\n");

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(findings.Positions(), Is.EqualTo(new[] { "TL1013@2:9" }));
            Assert.That(findings[0].Severity, Is.EqualTo(Severity.Medium));
            Assert.That(findings[0].Message, Does.StartWith("load without weights_only=True (safe only with the torch>=2.6 default) loads"));
        });
    }

    [TestCase("torch.load(p, weights_only=True)")]
    [TestCase("torch.load(p, weights_only=args.safe)")]
    [TestCase("torch.load(p, **load_kwargs)")]
    [TestCase("torch.jit.load(p)")]
    [TestCase("safetensors.torch.load_file(p)")]
    [TestCase("np.load(p)")]
    [TestCase("np.load(p, allow_pickle=False)")]
    [TestCase("np.load(p, None, False)")]
    [TestCase("keras.models.load_model(p)")]
    [TestCase("tf.keras.models.load_model(p, safe_mode=True)")]
    [TestCase("yaml.safe_load(f)")]
    [TestCase("yaml.load(f, Loader=yaml.SafeLoader)")]
    [TestCase("yaml.load(f, yaml.CSafeLoader)")]
    [TestCase("yaml.load(f, Loader=yaml.FullLoader)")]
    [TestCase("yaml.full_load(f)")]
    [TestCase("yaml.load(f, Loader=loader_cls)")]
    [TestCase("json.load(f)")]
    [TestCase("model.load(p)")]
    [TestCase("load(p)")]
    [TestCase("shelve.open(p)")]
    [TestCase("FAISS.load_local('index', embeddings)")]
    [TestCase("x = 'pickle.load(f)'")]
    public void Does_not_fire_on_safe_loaders(string line)
    {
        Assert.That(Run("import torch, yaml, json, shelve, safetensors\nimport numpy as np\nimport tensorflow as tf\nimport keras\n" + line + "\n"), Is.Empty);
    }

    [TestCase("pickle.load(f)", "pickle.load")]
    [TestCase("pickle.loads(blob)", "pickle.loads")]
    [TestCase("pickle.Unpickler(f).load()", "pickle.Unpickler")]
    [TestCase("cPickle.load(f)", "cPickle.load")]
    [TestCase("dill.load(f)", "dill.load")]
    [TestCase("cloudpickle.loads(b)", "cloudpickle.loads")]
    [TestCase("joblib.load('model.joblib')", "joblib.load")]
    [TestCase("pd.read_pickle('features.pkl')", "pd.read_pickle")]
    [TestCase("np.load('emb.npy', allow_pickle=True)", "np.load with allow_pickle=True")]
    [TestCase("np.load('emb.npy', None, True)", "np.load with allow_pickle=True")]
    [TestCase("tf.keras.models.load_model('m.keras', safe_mode=False)", "tf.keras.models.load_model with safe_mode=False")]
    [TestCase("keras.saving.load_model('m.keras', safe_mode=False)", "keras.saving.load_model with safe_mode=False")]
    [TestCase("yaml.unsafe_load(f)", "yaml.unsafe_load")]
    [TestCase("yaml.load(f, Loader=yaml.Loader)", "yaml.load with Loader=yaml.Loader")]
    [TestCase("yaml.load(f, yaml.UnsafeLoader)", "yaml.load with Loader=yaml.UnsafeLoader")]
    [TestCase("yaml.load_all(f, Loader=CLoader)", "yaml.load_all with Loader=CLoader")]
    [TestCase("FAISS.load_local('index', embeddings, allow_dangerous_deserialization=True)", "FAISS.load_local with allow_dangerous_deserialization=True")]
    public void Fires_on_code_executing_loaders_at_the_callee(string line, string what)
    {
        var findings = Run("import pickle, dill, cloudpickle, joblib, yaml\nimport cPickle\nimport numpy as np\nimport pandas as pd\nimport tensorflow as tf\nimport keras\nmodel = " + line + "\n");

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That((findings[0].Span.Line, findings[0].Span.Column), Is.EqualTo((7, 9)));
            Assert.That(findings[0].Severity, Is.EqualTo(Severity.High));
            Assert.That(findings[0].Message, Is.EqualTo(what + " loads a model with a loader that can execute code"));
        });
    }

    [Test]
    public void Yaml_load_without_a_loader_is_medium()
    {
        var findings = Run("import yaml\nwith open('config.yaml') as f:\n    cfg = yaml.load(f)\n");

        Assert.Multiple(() =>
        {
            Assert.That(findings.Positions(), Is.EqualTo(new[] { "TL1013@3:11" }));
            Assert.That(findings[0].Severity, Is.EqualTo(Severity.Medium));
            Assert.That(findings[0].Message, Does.Contain("without Loader=yaml.SafeLoader (unsafe by default before PyYAML 5.1)"));
        });
    }

    [Test]
    public void Names_resolve_through_aliases_and_from_imports()
    {
        var findings = Run("""
            import joblib as jl
            from pickle import load as unpickle
            from sklearn.externals import joblib

            clf = jl.load("clf.joblib")
            vocab = unpickle(open("vocab.pkl", "rb"))
            legacy = joblib.load("old.pkl")
            """);

        Assert.That(findings.Positions(), Is.EqualTo(new[] { "TL1013@5:7", "TL1013@6:9", "TL1013@7:10" }));
    }

    [Test]
    public void Each_call_is_its_own_finding_with_a_stable_fingerprint()
    {
        var once = Run("import pickle\nm = pickle.load(f)\n");
        var moved = Run("import pickle\n\n\n# moved down\nm = pickle.load(f)\n");

        Assert.That(moved[0].Fingerprint, Is.EqualTo(once[0].Fingerprint));
    }

    [Test]
    public void Fires_in_notebook_cells_at_the_notebook_position()
    {
        var notebook = """
            {
             "cells": [
              {"cell_type": "code", "source": ["import joblib\n", "pipe = joblib.load(\"pipeline.joblib\")\n"]}
             ]
            }
            """;

        Assert.That(Run(notebook, "explore.ipynb").Positions(), Is.EqualTo(new[] { "TL1013@3:63" }));
    }
}
