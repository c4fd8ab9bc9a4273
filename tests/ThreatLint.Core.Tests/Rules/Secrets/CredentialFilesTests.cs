using ThreatLint.Catalog;
using ThreatLint.Rules.Secrets;

namespace ThreatLint.Core.Tests.Rules.Secrets;

public class CredentialFilesTests
{
    [TestCase(".env", "an environment file", Confidence.High)]
    [TestCase("./.env.production", "an environment file", Confidence.High)]
    [TestCase("deploy/.env.local", "an environment file", Confidence.High)]
    [TestCase("id_rsa", "an SSH private key", Confidence.High)]
    [TestCase("/root/.ssh/id_ed25519", "an SSH private key", Confidence.High)]
    [TestCase(".netrc", "a netrc login file (W&B and Hugging Face keep keys here)", Confidence.High)]
    [TestCase("kaggle.json", "a Kaggle API key", Confidence.High)]
    [TestCase("secrets/kaggle.json", "a Kaggle API key", Confidence.High)]
    [TestCase(".aws/credentials", "a cloud credentials file", Confidence.High)]
    [TestCase(".git-credentials", "a git credential store", Confidence.High)]
    [TestCase(".pypirc", "PyPI upload credentials", Confidence.High)]
    [TestCase(".npmrc", "an npm config that usually holds an auth token", Confidence.Medium)]
    [TestCase("service-account.json", "a Google Cloud service-account key", Confidence.High)]
    [TestCase("keys/service-account-prod.json", "a Google Cloud service-account key", Confidence.High)]
    [TestCase("gcp-key-training.json", "a Google Cloud service-account key", Confidence.High)]
    [TestCase("application_default_credentials.json", "Google Cloud application-default credentials", Confidence.High)]
    [TestCase("tls.key", "a private key", Confidence.High)]
    [TestCase("server-key.pem", "a PEM private key", Confidence.High)]
    [TestCase("private.pem", "a PEM private key", Confidence.High)]
    [TestCase("server.pem", "a PEM file that may hold a private key", Confidence.Medium)]
    [TestCase("client.p12", "a PKCS#12 keystore with a private key", Confidence.High)]
    [TestCase("/root/.cache/huggingface/token", "a Hugging Face token file", Confidence.High)]
    [TestCase("config/.docker/config.json", "Docker registry credentials", Confidence.High)]
    [TestCase(".aws/", "AWS credentials", Confidence.High)]
    [TestCase(".ssh", "SSH keys", Confidence.High)]
    [TestCase("KAGGLE.JSON", "a Kaggle API key", Confidence.High)]
    public void Recognises_credential_files(string path, string what, Confidence confidence)
    {
        var file = CredentialFiles.Match(path);

        Assert.That(file, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(file!.What, Is.EqualTo(what));
            Assert.That(file.Confidence, Is.EqualTo(confidence));
        });
    }

    [TestCase("*.pem", "a PEM file that may hold a private key")]
    [TestCase("certs/*.key", "a private key")]
    [TestCase(".env*", "an environment file")]
    [TestCase("id_*", "an SSH private key")]
    [TestCase("service-account*.json", "a Google Cloud service-account key")]
    [TestCase("[.]netrc", "a netrc login file (W&B and Hugging Face keep keys here)")]
    public void Recognises_globs_that_only_match_credential_files(string glob, string what)
    {
        var file = CredentialFiles.Match(glob);

        Assert.That(file, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(file!.What, Is.EqualTo(what));
            Assert.That(file.Name, Is.EqualTo(glob.Substring(glob.LastIndexOf('/') + 1)));
        });
    }

    [TestCase(".")]
    [TestCase("./")]
    [TestCase("*")]
    [TestCase("*.*")]
    [TestCase("*.json")]
    [TestCase("src/")]
    [TestCase("requirements.txt")]
    [TestCase(".env.example")]
    [TestCase(".env.sample")]
    [TestCase(".env.template")]
    [TestCase("id_rsa.pub")]
    [TestCase("ca.pem")]
    [TestCase("ca-bundle.pem")]
    [TestCase("rootCA.pem")]
    [TestCase("cert.pem")]
    [TestCase("fullchain.pem")]
    [TestCase("server.crt")]
    [TestCase("config.json")]
    [TestCase("model.safetensors")]
    [TestCase("tokenizer.json")]
    [TestCase("token")]
    [TestCase("credentials.py")]
    [TestCase(".dockerignore")]
    [TestCase("")]
    public void Ignores_ordinary_files(string path)
    {
        Assert.That(CredentialFiles.Match(path), Is.Null);
    }

    [Test]
    public void Describes_itself_for_messages()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CredentialFiles.Match("kaggle.json")!.ToString(), Is.EqualTo("the credential file kaggle.json (a Kaggle API key)"));
            Assert.That(CredentialFiles.Match(".aws/")!.ToString(), Is.EqualTo("the credential folder .aws (AWS credentials)"));
        });
    }
}
