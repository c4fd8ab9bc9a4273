using ThreatLint.Discovery;

namespace ThreatLint.Core.Tests.Python;

/// <summary>Python files and notebooks through discovery, classification and the scanner.</summary>
public class PythonScanTests
{
    [TestCase("train.py", DocumentKind.PythonSource)]
    [TestCase("src/serving/app.PY", DocumentKind.PythonSource)]
    [TestCase("notebooks/explore.ipynb", DocumentKind.Notebook)]
    [TestCase("setup.pyc", null)]
    [TestCase("stubs/torch.pyi", null)]
    [TestCase(".py", null)]
    public void Classifies_by_extension(string path, DocumentKind? kind)
    {
        Assert.That(Classifier.Classify(path), Is.EqualTo(kind));
    }

    [Test]
    public void Scans_python_files_and_notebooks_and_reports_a_malformed_notebook_as_unreadable()
    {
        var root = Path.Combine(Path.GetTempPath(), "threatlint-python-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            File.WriteAllText(Path.Combine(root, "load.py"), "import pickle\nmodel = pickle.load(open('m.pkl', 'rb'))\n");
            File.WriteAllText(Path.Combine(root, "explore.ipynb"), """{"cells": [{"cell_type": "code", "source": ["import joblib\n", "m = joblib.load('m.joblib')"]}]}""");
            File.WriteAllText(Path.Combine(root, "broken.ipynb"), """{"cells": [""");

            var findings = Scanner.Scan(new ScanOptions(root)).Findings.Where(f => f.RuleId is "TL1013" or "TL9001").ToList();

            Assert.That(findings.Select(f => $"{f.Path}({f.Span.Line},{f.Span.Column}) {f.RuleId}"), Is.EqualTo(new[]
            {
                "broken.ipynb(1,1) TL9001",
                "explore.ipynb(1,69) TL1013",
                "load.py(2,9) TL1013",
            }));
            Assert.That(findings[0].Message, Does.Contain("invalid notebook JSON at line 1, column 12"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
