using ThreatLint.Discovery;
using ThreatLint.Documents.Properties;

namespace ThreatLint.Core.Tests.Serving;

public class PropertiesFileTests
{
    [Test]
    public void Reads_separators_comments_continuations_and_escapes_with_positions()
    {
        var file = PropertiesFile.Parse("# comment\n! bang comment\n  a=1\nb : two words\nc\tthree\nd=first \\\n    second\ne=\\u0041\\=\\:\\\\\nf\n\r\ng=\n");
        Assert.Multiple(() =>
        {
            Assert.That(file.Entries.Select(e => e.Key + "|" + e.Value), Is.EqualTo(new[] { "a|1", "b|two words", "c|three", "d|first second", "e|A=:\\", "f|", "g|" }));
            Assert.That(file.Get("a")!.KeySpan, Is.EqualTo(Findings.SourceSpan.At(3, 3, 1)));
            Assert.That(file.Get("b")!.ValueSpan, Is.EqualTo(Findings.SourceSpan.At(4, 5, 9)));
            Assert.That(file.Get("d")!.Line, Is.EqualTo(6));
            Assert.That(file.Get("g")!.Line, Is.EqualTo(11), "a CRLF ends one line");
        });
    }

    [Test]
    public void The_last_duplicate_wins_as_in_java()
    {
        Assert.That(PropertiesFile.Parse("k=1\nk=2\n").Get("k")!.Value, Is.EqualTo("2"));
    }

    [Test]
    public void Torchserve_view_needs_a_torchserve_key()
    {
        Assert.Multiple(() =>
        {
            Assert.That(TorchServeConfig.Of(PropertiesFile.Parse("server.port=8080\n")), Is.Null);
            var config = TorchServeConfig.Of(PropertiesFile.Parse("management_address=http://0.0.0.0:8081\ndisable_token_authorization=true\n"))!;
            Assert.That(config.TokenAuthorization, Is.False);
            Assert.That(TorchServeConfig.IsNonLoopback(config.ManagementAddress!.Value), Is.True);
            Assert.That(TorchServeConfig.IsNonLoopback("https://127.0.0.1:8443"), Is.False);
            Assert.That(TorchServeConfig.IsNonLoopback("http://[::1]:8081"), Is.False);
        });
    }

    [TestCase("deploy/serve/config.properties", DocumentKind.Properties)]
    [TestCase("src/main/resources/application.PROPERTIES", DocumentKind.Properties)]
    [TestCase("config.properties.bak", null)]
    public void Classifies_properties_files(string path, DocumentKind? kind)
    {
        Assert.That(Classifier.Classify(path), Is.EqualTo(kind));
    }

    [Test]
    public void Hostile_input_stays_linear_and_bounded()
    {
        var continuations = string.Concat(Enumerable.Repeat("k=\\\n", 200_000));
        var many = string.Concat(Enumerable.Repeat("a=b\n", PropertiesFile.MaxEntries + 10));
        Assert.Multiple(() =>
        {
            Assert.That(PropertiesFile.Parse(continuations).Entries, Has.Count.LessThanOrEqualTo(200_000));
            Assert.That(PropertiesFile.Parse(many).IsTruncated, Is.True);
            Assert.That(PropertiesFile.Parse("\\u12").Entries.Single().Key, Is.EqualTo("u12"));
        });
    }
}
