using ThreatLint.Rules.Secrets;

namespace ThreatLint.Core.Tests.Rules.Secrets;

public class SecretValuesTests
{
    [TestCase("")]
    [TestCase("   ")]
    [TestCase("s3cr3t")]
    [TestCase("<YOUR_TOKEN>")]
    [TestCase("<hf-token>")]
    [TestCase("your-token-here")]
    [TestCase("YOUR_API_KEY")]
    [TestCase("xxxxxxxxxxxxxxxx")]
    [TestCase("XXXX-XXXX-XXXX")]
    [TestCase("changeme123")]
    [TestCase("CHANGE_ME_PLEASE")]
    [TestCase("${HF_TOKEN}")]
    [TestCase("$HF_TOKEN")]
    [TestCase("{{ secrets.HF_TOKEN }}")]
    [TestCase("%OPENAI_API_KEY%")]
    [TestCase("HUGGING_FACE_HUB_TOKEN")]
    [TestCase("dummy-password")]
    [TestCase("example-secret-value")]
    [TestCase("sample_key_1")]
    [TestCase("placeholder")]
    [TestCase("none")]
    [TestCase("null")]
    [TestCase("\"\"")]
    [TestCase("true")]
    [TestCase("disabled")]
    [TestCase("password")]
    [TestCase("********")]
    [TestCase("12345678")]
    [TestCase("abcdefgh1")]
    [TestCase("9876543210")]
    [TestCase("aaaaaa12")]
    [TestCase("set at run time")]
    [TestCase("/run/secrets/hf_token")]
    [TestCase("./secrets/kaggle.json")]
    [TestCase("~/.netrc")]
    [TestCase("C:\\keys\\sa.json")]
    [TestCase("sk-...")]
    [TestCase("REDACTED-TOKEN")]
    [TestCase("TODO-fill-in")]
    [TestCase("fake-token-for-ci")]
    public void Placeholders_are_recognised(string value)
    {
        Assert.That(SecretValues.IsPlaceholder(value), Is.True);
    }

    [TestCase("Tr4ck1ng-Pw-Qz9")]
    [TestCase("hunter2hunter2")]
    [TestCase("Zx9!qL2#vR8@")]
    [TestCase("9f86d081884c7d65")]
    [TestCase("\"Tr4ck1ng-Pw-Qz9\"")]
    [TestCase(FakeKeys.HuggingFace)]
    [TestCase(FakeKeys.AwsSecret)]
    [TestCase("/Qm2Xv9Rb4+Tn8Wz3Lp6")]
    public void Values_that_may_be_real_are_not_placeholders(string value)
    {
        Assert.That(SecretValues.IsPlaceholder(value), Is.False);
    }

    [Test]
    public void Null_is_a_placeholder()
    {
        Assert.That(SecretValues.IsPlaceholder(null), Is.True);
    }

    [Test]
    public void Evidence_names_what_and_where_and_hashes_the_value_without_showing_it()
    {
        var evidence = SecretValues.Evidence("a Hugging Face token", "ENV HF_TOKEN", FakeKeys.HuggingFace);
        var rotated = SecretValues.Evidence("a Hugging Face token", "ENV HF_TOKEN", FakeKeys.HuggingFace + "x");
        Assert.Multiple(() =>
        {
            Assert.That(evidence, Does.StartWith("a Hugging Face token ENV HF_TOKEN sha256:"));
            Assert.That(evidence, Does.Not.Contain(FakeKeys.HuggingFace).And.Not.Contain("ThreatLintFixture"));
            Assert.That(evidence, Has.Length.EqualTo("a Hugging Face token ENV HF_TOKEN sha256:".Length + 16));
            Assert.That(rotated, Is.Not.EqualTo(evidence));
        });
    }

    [TestCase("https://ml-team:Tr4ck1ng-Pw-Qz9@pypi.internal.example.com/simple", "Tr4ck1ng-Pw-Qz9")]
    [TestCase("http://__token__:Qm2Xv9Rb4Tn8Wz3Lp6@gitlab.corp/api/v4/projects/12/packages/pypi/simple", "Qm2Xv9Rb4Tn8Wz3Lp6")]
    [TestCase("https://admin:Zx9%21qL2%23vR8@mlflow.corp:5000", "Zx9%21qL2%23vR8")]
    public void Finds_a_password_in_a_URL(string url, string password)
    {
        var found = SecretValues.FindUrlPassword(url);
        Assert.That(found, Is.Not.Null);
        Assert.That(url.Substring(found!.Value.Start, found.Value.Length), Is.EqualTo(password));
    }

    [TestCase("https://pypi.org/simple")]
    [TestCase("https://user@host/simple")]
    [TestCase("https://__token__:${PYPI_TOKEN}@pypi.corp/simple")]
    [TestCase("https://user:<password>@pypi.corp/simple")]
    [TestCase("https://host/path?q=a:b@c")]
    [TestCase("not a url")]
    public void Finds_no_password_where_there_is_none_or_a_placeholder(string url)
    {
        Assert.That(SecretValues.FindUrlPassword(url), Is.Null);
    }
}
