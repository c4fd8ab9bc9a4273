using ThreatLint.Catalog;
using ThreatLint.Findings;
using ThreatLint.Rules.SupplyChain;

namespace ThreatLint.Core.Tests.Rules.SupplyChain;

public class ArtifactDownloadUnverifiedTests
{
    private const string From = "FROM python:3.12-slim@sha256:2b2f1bd5b8e8ed7a4f8b4d4d1f0a1ef1b8c9d6b0d52b2e1bcbf6a3c1f9a4e7d1\n";
    private const string Sha256 = "6fd5d72fe4589f189f8ebc006442dbb529bb7ce38f8082112682524616046452";

    private const string Header = """
        import torch, gdown, wget, pooch, requests
        import tensorflow as tf
        import urllib.request
        from urllib.request import urlretrieve
        from torchvision.datasets.utils import download_url
        URL = "https://models.example.com/w"

        """ + "data = ";

    private static readonly ArtifactDownloadUnverified Rule = new();

    private static IReadOnlyList<Finding> Run(string source, string path = "download.py") => RuleRunner.RunPython(Rule, source, path);

    private static IReadOnlyList<Finding> RunDockerfile(string dockerfile) => RuleRunner.Run(Rule, dockerfile);

    [Test]
    public void Catalog_example_fires_on_failing_and_not_on_passing()
    {
        var example = Catalog.Rules.ArtifactDownloadUnverified.Example!;
        var findings = Run(example.Failing, example.FileName);
        Assert.Multiple(() =>
        {
            Assert.That(findings.Positions(), Is.EqualTo(new[] { "TL1012@5:1" }));
            Assert.That(findings[0].Message, Is.EqualTo(
                "resnet50.pth is downloaded from https://download.pytorch.org/models/resnet50-11ad3fa6.pth (torch.hub.download_url_to_file without hash_prefix) with no integrity check"));
            Assert.That(Run(example.Passing, example.FileName), Is.Empty);
        });
    }

    [TestCase("torch.hub.download_url_to_file(url, dst)", "a file", "url (torch.hub.download_url_to_file without hash_prefix)")]
    [TestCase("torch.hub.download_url_to_file(URL, 'w.pt', None)", "w.pt", "https://models.example.com/w (torch.hub.download_url_to_file without hash_prefix)")]
    [TestCase("torch.hub.load_state_dict_from_url(URL)", "w", "https://models.example.com/w (torch.hub.load_state_dict_from_url without check_hash=True)")]
    [TestCase("tf.keras.utils.get_file('imdb.npz', 'https://storage.googleapis.com/imdb.npz')", "imdb.npz", "https://storage.googleapis.com/imdb.npz (tf.keras.utils.get_file without file_hash)")]
    [TestCase("pooch.retrieve('https://zenodo.org/record/1/files/data.csv', known_hash=None)", "data.csv", "https://zenodo.org/record/1/files/data.csv (pooch.retrieve with known_hash=None)")]
    [TestCase("download_url('https://x.example/cifar.tar.gz', root)", "cifar.tar.gz", "https://x.example/cifar.tar.gz (download_url without md5)")]
    [TestCase("gdown.download(id='1AbCdEf', output='weights.pth')", "weights.pth", "1AbCdEf (gdown.download)")]
    [TestCase("urllib.request.urlretrieve('https://huggingface.co/org/m/resolve/main/model.safetensors', 'model.safetensors')", "model.safetensors", "https://huggingface.co/org/m/resolve/main/model.safetensors (urllib.request.urlretrieve)")]
    [TestCase("urlretrieve(url, 'checkpoints/best.ckpt')", "best.ckpt", "url (urlretrieve)")]
    [TestCase("urlretrieve('http://mirror.internal/labels.txt', 'labels.txt')", "labels.txt", "http://mirror.internal/labels.txt over plain http (urlretrieve)")]
    [TestCase("wget.download(f'{BASE}/ggml-model-q4_0.gguf')", "ggml-model-q4_0.gguf", "{BASE}/ggml-model-q4_0.gguf (wget.download)")]
    [TestCase("requests.get('https://example.org/data/train.parquet', timeout=60).content", "train.parquet", "https://example.org/data/train.parquet (requests.get)")]
    public void Fires_on_unverified_downloads_at_the_callee(string line, string file, string source)
    {
        var findings = Run(Header + line + "\n");

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That((findings[0].Span.Line, findings[0].Span.Column), Is.EqualTo((7, 8)));
            Assert.That(findings[0].Severity, Is.EqualTo(Severity.High));
            Assert.That(findings[0].Message, Is.EqualTo(file + " is downloaded from " + source + " with no integrity check"));
        });
    }

    [TestCase("torch.hub.download_url_to_file(url, dst, hash_prefix='11ad3fa6')")]
    [TestCase("torch.hub.download_url_to_file(url, dst, expected[:8])")]
    [TestCase("torch.hub.load_state_dict_from_url(URL, check_hash=True)")]
    [TestCase("tf.keras.utils.get_file('imdb.npz', ORIGIN, file_hash='" + Sha256 + "')")]
    [TestCase("pooch.retrieve(URL, known_hash='sha256:" + Sha256 + "')")]
    [TestCase("pooch.retrieve(URL, 'md5:0123')")]
    [TestCase("download_url(URL, root, md5='0123456789abcdef')")]
    [TestCase("urlretrieve('https://example.org/logo.png', 'logo.png')")]
    [TestCase("urlretrieve(url, path)")]
    [TestCase("requests.get('https://api.example.org/v1/predict')")]
    [TestCase("requests.get(model_url)")]
    [TestCase("requests.get('http://localhost:8080/healthz')")]
    [TestCase("hf_hub_download('org/m', 'model.safetensors', revision=REV)")]
    public void Does_not_fire_on_verified_or_non_artifact_downloads(string line)
    {
        Assert.That(Run("import torch, pooch, requests\nimport tensorflow as tf\nfrom urllib.request import urlretrieve\nfrom torchvision.datasets.utils import download_url\ndata = " + line + "\n"), Is.Empty);
    }

    [Test]
    public void A_digest_checked_after_the_download_in_the_same_function_clears_it()
    {
        var findings = Run("""
            import hashlib
            from urllib.request import urlretrieve

            EXPECTED = "6fd5d72fe4589f189f8ebc006442dbb529bb7ce38f8082112682524616046452"

            def fetch_verified(url, path):
                urlretrieve(url, "model.onnx")
                with open("model.onnx", "rb") as f:
                    if hashlib.sha256(f.read()).hexdigest() != EXPECTED:
                        raise ValueError("checksum mismatch")

            def fetch_with_helper(url):
                urlretrieve(url, "encoder.onnx")
                verify_sha256("encoder.onnx", EXPECTED)

            def fetch_unchecked(url):
                urlretrieve(url, "decoder.onnx")

            def checked_before(url):
                hashlib.sha256(b"").hexdigest()
                urlretrieve(url, "head.onnx")
            """);

        Assert.That(findings.Positions(), Is.EqualTo(new[] { "TL1012@17:5", "TL1012@21:5" }));
    }

    [Test]
    public void Module_level_code_is_cleared_by_a_check_anywhere_after_it()
    {
        var findings = Run("""
            import urllib.request, hashlib
            urllib.request.urlretrieve("https://example.org/v2/model.onnx", "model.onnx")
            assert hashlib.sha256(open("model.onnx", "rb").read()).hexdigest() == "6fd5d72fe4589f189f8ebc006442dbb529bb7ce38f8082112682524616046452"
            """);

        Assert.That(findings, Is.Empty);
    }

    [Test]
    public void Dockerfile_curl_and_wget_of_model_files_without_a_checksum()
    {
        var findings = RunDockerfile(From + """
            RUN mkdir -p /models \
             && curl -fsSL -o /models/model.safetensors https://huggingface.co/org/m/resolve/main/model.safetensors \
             && wget -q https://example.org/releases/v1/tokenizer.json \
             && wget -qO /models/classifier.onnx http://models.internal/classifier/v3 \
             && curl -fsSL https://get.example.com/install.sh -o install.sh
            USER 10001
            """);

        Assert.Multiple(() =>
        {
            Assert.That(findings.Positions(), Is.EqualTo(new[] { "TL1012@3:45", "TL1012@5:38" }));
            Assert.That(findings[0].Span.EndColumn, Is.EqualTo(45 + "https://huggingface.co/org/m/resolve/main/model.safetensors".Length));
            Assert.That(findings[0].Confidence, Is.EqualTo(Confidence.High));
            Assert.That(findings[0].Message, Is.EqualTo(
                "model.safetensors is downloaded from https://huggingface.co/org/m/resolve/main/model.safetensors (curl with no checksum verification after it) with no integrity check"));
            Assert.That(findings[1].Message, Is.EqualTo(
                "classifier.onnx is downloaded from http://models.internal/classifier/v3 over plain http (wget with no checksum verification after it) with no integrity check"));
        });
    }

    [TestCase("&& echo \"" + Sha256 + "  /models/model.gguf\" | sha256sum -c -")]
    [TestCase("&& sha256sum --check /models/SHA256SUMS")]
    [TestCase("&& shasum -a 256 -c model.gguf.sha256")]
    [TestCase("&& test \"$(sha256sum /models/model.gguf | cut -d' ' -f1)\" = \"" + Sha256 + "\"")]
    [TestCase("&& gpg --verify model.gguf.asc /models/model.gguf")]
    [TestCase("&& cosign verify-blob --key cosign.pub --signature model.gguf.sig /models/model.gguf")]
    public void Dockerfile_a_check_after_the_download_in_the_same_RUN_clears_it(string check)
    {
        Assert.That(RunDockerfile(From + "RUN curl -fsSLo /models/model.gguf https://example.org/m/model.gguf \\\n " + check + "\n"), Is.Empty);
    }

    [Test]
    public void Dockerfile_a_check_before_the_download_does_not_count()
    {
        var findings = RunDockerfile(From + "RUN sha256sum -c other.sha256 && curl -fsSLo /models/model.gguf https://example.org/m/model.gguf\n");

        Assert.That(findings.Lines(), Is.EqualTo(new[] { "TL1012@2" }));
    }

    [Test]
    public void Dockerfile_a_check_in_a_later_RUN_has_low_confidence_and_says_so()
    {
        var findings = RunDockerfile(From + """
            RUN wget -q https://example.org/m/model.gguf -O /models/model.gguf
            COPY SHA256SUMS /models/
            RUN cd /models && sha256sum -c SHA256SUMS
            """);

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(findings[0].Confidence, Is.EqualTo(Confidence.Low));
            Assert.That(findings[0].Message, Does.Contain("(wget; only the sha256sum in the RUN at line 4 checks it, after the file is in a layer)"));
        });
    }

    [Test]
    public void Dockerfile_scripts_piped_to_a_shell_and_ADD_are_other_rules()
    {
        var findings = RunDockerfile(From + """
            RUN curl -fsSL https://example.org/install.tar.gz | sh
            ADD https://example.org/m/model.onnx /models/
            RUN curl -fsSL https://example.org/m/weights.tar.gz | tar -xz -C /models
            """);

        Assert.That(findings.Lines(), Is.EqualTo(new[] { "TL1012@4" }));
    }

    [Test]
    public void Notebook_shell_downloads_are_cleared_by_a_later_check_in_shell_or_Python()
    {
        var notebook = """
            {"cells": [
              {"cell_type": "code", "source": ["!wget -q https://example.org/data/reviews.csv\n", "!wget -q https://example.org/m/model.bin"]},
              {"cell_type": "code", "source": ["!sha256sum -c reviews.sha256"]},
              {"cell_type": "code", "source": ["!wget https://example.org/m/late.onnx"]}
            ]}
            """;

        Assert.That(Run(notebook, "data.ipynb").Lines(), Is.EqualTo(new[] { "TL1012@4" }));
    }

    [Test]
    public void Dockerfile_python_heredocs_are_read_as_python()
    {
        var findings = RunDockerfile(From + """
            RUN python3 - <<'EOF'
            import urllib.request
            urllib.request.urlretrieve("https://models.example.com/intent/v4/model.onnx", "/models/intent.onnx")
            EOF
            """);

        Assert.That(findings.Positions(), Is.EqualTo(new[] { "TL1012@4:1" }));
    }
}
