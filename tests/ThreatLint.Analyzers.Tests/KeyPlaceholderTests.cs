namespace ThreatLint.Analyzers.Tests;

public sealed class KeyPlaceholderTests
{
    [TestCase("")]
    [TestCase("   ")]
    [TestCase("sk-1234")]
    [TestCase("<your-key>")]
    [TestCase("<OPENAI_API_KEY>")]
    [TestCase("YOUR_API_KEY")]
    [TestCase("your-openai-api-key")]
    [TestCase("OPENAI_API_KEY")]
    [TestCase("changeme")]
    [TestCase("CHANGE_ME_BEFORE_DEPLOY")]
    [TestCase("sk-xxxxxxxxxxxxxxxxxxxxxxxx")]
    [TestCase("sk-...")]
    [TestCase("****************")]
    [TestCase("${OPENAI_API_KEY}")]
    [TestCase("{{openai_api_key}}")]
    [TestCase("%OPENAI_API_KEY%")]
    [TestCase("put your key here")]
    [TestCase("dummy-api-key")]
    [TestCase("test-api-key")]
    [TestCase("sk-placeholder-key")]
    public void Is_a_placeholder(string value) => Assert.That(KeyPlaceholder.IsPlaceholder(value), Is.True);

    [TestCase("sk-proj-4f9Q2xY7LmN3pR8sT1vW6zA0bC5dE2fG")]
    [TestCase("sk-ant-api03-Zq8LmN3pR8sT1vW6zA0bC5dE2fGh7Jk")]
    [TestCase("3f8a1c9e5b7d4f2a8c6e0b1d9f7a5c3e")]
    [TestCase("AIzaSyD4f9Q2xY7LmN3pR8sT1vW6zA0bC5dE2f")]
    [TestCase("gsk_4f9Q2xY7LmN3pR8sT1vW6zA0bC5dE2fGh7Jk")]
    public void Is_a_key(string value) => Assert.That(KeyPlaceholder.IsPlaceholder(value), Is.False);
}
