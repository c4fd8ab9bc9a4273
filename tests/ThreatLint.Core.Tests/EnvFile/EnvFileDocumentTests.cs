using ThreatLint.Discovery;
using ThreatLint.Documents.EnvFile;

namespace ThreatLint.Core.Tests.EnvFile;

public class EnvFileDocumentTests
{
    [Test]
    public void Reads_assignments_quotes_exports_and_comments_as_dotenv_loaders_do()
    {
        var document = EnvFileDocument.Parse("""
            # model serving
            export MODEL_ID=meta-llama/Llama-3.1-8B-Instruct
            HF_TOKEN="hf_abc def"  # quoted
            PORT = 8080 # inline
            URL=http://x/#anchor
            not an assignment
            EMPTY=
            """.Replace("\n", "\r\n", StringComparison.Ordinal));

        Assert.Multiple(() =>
        {
            Assert.That(document.Entries.Select(e => $"{e.Name}={e.Value}@{e.Line}"), Is.EqualTo(new[]
            {
                "MODEL_ID=meta-llama/Llama-3.1-8B-Instruct@2", "HF_TOKEN=hf_abc def@3", "PORT=8080@4", "URL=http://x/#anchor@5", "EMPTY=@7",
            }));
            Assert.That(document.Comments.Select(c => c.Text.Trim()), Is.EqualTo(new[] { "model serving", "quoted", "inline" }));
            Assert.That(document.SpanOf(document.Entries[1].ValueOffset, 3), Is.EqualTo(new Findings.SourceSpan(3, 11, 3, 14)));
        });
    }

    [TestCase(".env", DocumentKind.EnvFile)]
    [TestCase("deploy/.env.production", DocumentKind.EnvFile)]
    [TestCase("serving/llm.env", DocumentKind.EnvFile)]
    [TestCase(".envrc", null)]
    [TestCase("environment.yml", DocumentKind.Yaml)]
    public void Classifies_dotenv_names(string path, DocumentKind? kind)
    {
        Assert.That(Classifier.Classify(path), Is.EqualTo(kind));
    }
}
