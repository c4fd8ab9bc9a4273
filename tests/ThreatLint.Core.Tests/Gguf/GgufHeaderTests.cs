using ThreatLint.Core.Tests.Artifacts;
using ThreatLint.Documents.Gguf;

namespace ThreatLint.Core.Tests.Gguf;

public class GgufHeaderTests
{
    private static GgufHeader Read(byte[] bytes, GgufLimits? limits = null) => GgufHeader.Read(new MemoryStream(bytes), bytes.Length, limits);

    [TestCase(3u, false)]
    [TestCase(2u, false)]
    [TestCase(1u, false)]
    [TestCase(3u, true)]
    public void Reads_typed_metadata_of_every_version_and_byte_order(uint version, bool bigEndian)
    {
        var bytes = new GgufBuilder(version, bigEndian)
            .String("general.architecture", "llama")
            .UInt32("llama.context_length", 8192)
            .Float32("llama.rope.freq_base", 500000f)
            .Bool("tokenizer.ggml.add_bos_token", true)
            .StringArray("tokenizer.ggml.tokens", ["<s>", "</s>", "▁the"])
            .Int32Array("tokenizer.ggml.token_type", 3)
            .String("tokenizer.chat_template", "{{ bos_token }}")
            .Build();

        var header = Read(bytes);

        Assert.Multiple(() =>
        {
            Assert.That(header.Version, Is.EqualTo(version));
            Assert.That(header.IsBigEndian, Is.EqualTo(bigEndian));
            Assert.That(header.TensorCount, Is.EqualTo(291));
            Assert.That(header.Metadata["general.architecture"].String, Is.EqualTo("llama"));
            Assert.That(header.Metadata["llama.context_length"].Integer, Is.EqualTo(8192));
            Assert.That(header.Metadata["llama.rope.freq_base"].Real, Is.EqualTo(500000d));
            Assert.That(header.Metadata["tokenizer.ggml.add_bos_token"].Boolean, Is.True);
            Assert.That(header.Metadata["tokenizer.ggml.tokens"].ToString(), Is.EqualTo("array of 3 String"));
            Assert.That(header.Metadata["tokenizer.ggml.token_type"].ArrayLength, Is.EqualTo(3));
            Assert.That(header.Metadata["tokenizer.chat_template"].String, Is.EqualTo("{{ bos_token }}"));
            Assert.That(header.MetadataEnd, Is.EqualTo(bytes.Length));
        });
    }

    [Test]
    public void Strings_over_the_limit_are_skipped_and_listed()
    {
        var bytes = new GgufBuilder()
            .String("tokenizer.chat_template", new string('x', 200))
            .String("general.name", "after")
            .Build();
        var header = Read(bytes, new GgufLimits(MaxStringBytes: 100));

        Assert.That(header.SkippedKeys, Is.EqualTo(new[] { "tokenizer.chat_template" }));
        Assert.That(header.Metadata["general.name"].String, Is.EqualTo("after"));
    }

    [Test]
    public void A_vocabulary_array_costs_its_bytes_not_the_tensors_behind_it()
    {
        var header = new GgufBuilder()
            .String("general.architecture", "llama")
            .StringArray("tokenizer.ggml.tokens", Enumerable.Range(0, 50_000).Select(i => "tok" + i))
            .String("tokenizer.chat_template", "{{ messages[0]['content'] }}")
            .Build();
        var stream = new CountingStream(header, 8L * 1024 * 1024 * 1024);

        var parsed = GgufHeader.Read(stream, stream.Length);

        Assert.That(parsed.Metadata["tokenizer.chat_template"].String, Is.Not.Null);
        Assert.That(stream.BytesRead, Is.LessThan(header.Length + 128 * 1024));
    }

    [TestCase(0, "runs past the end of the file")]
    [TestCase(1, "wanted")]
    public void Truncated_files_throw_InvalidDataException(int variant, string problem)
    {
        var full = new GgufBuilder().String("general.architecture", "llama").String("tokenizer.chat_template", "{{ x }}").Build();
        var bytes = variant == 0
            ? new GgufBuilder().ArrayClaim("tokenizer.ggml.scores", 6, 1_000_000).Build()
            : full.Take(full.Length - 3).ToArray();

        var e = Assert.Throws<InvalidDataException>(() => Read(bytes));
        Assert.That(e!.Message, Does.StartWith("malformed GGUF file").And.Contain(problem));
    }

    [Test]
    public void Every_prefix_of_a_header_fails_cleanly()
    {
        var full = new GgufBuilder().String("general.architecture", "llama").StringArray("t", ["a", "b"]).Bool("b", true).Build();
        for (var length = 0; length < full.Length; length++)
        {
            Assert.Throws<InvalidDataException>(() => Read(full.Take(length).ToArray()), "prefix of " + length);
        }
    }

    [Test]
    public void Bad_magic_version_type_and_boolean_are_malformed()
    {
        Assert.Throws<InvalidDataException>(() => Read("GGML\u0003\0\0\0"u8.ToArray()));
        Assert.Throws<InvalidDataException>(() => Read(new GgufBuilder(version: 9).Build()));
        var badType = new GgufBuilder().UInt32("k", 1).Build();
        badType[^8] = 99; // the type field of the single entry
        Assert.Throws<InvalidDataException>(() => Read(badType));
        var badBool = new GgufBuilder().Bool("k", true).Build();
        badBool[^1] = 7;
        Assert.Throws<InvalidDataException>(() => Read(badBool));
    }

    [Test]
    public void Counts_and_nesting_are_bounded()
    {
        Assert.Throws<ScanLimitException>(() => Read(new GgufBuilder { DeclaredCount = 10_000_000 }.Build()));
        Assert.Throws<ScanLimitException>(() => Read(new GgufBuilder().ArrayClaim("a", 6, 1UL << 40).Build()));
        var nested = new GgufBuilder().ArrayClaim("deep", 9, 1).Build()
            .Concat(Enumerable.Range(0, 10).SelectMany(_ => BitConverter.GetBytes(9u).Concat(BitConverter.GetBytes(1UL))))
            .ToArray();
        Assert.Throws<ScanLimitException>(() => Read(nested));
    }

    [Test]
    public void Keys_longer_than_the_limit_are_malformed()
    {
        var bytes = new GgufBuilder().String(new string('k', 70_000), "v").Build();
        Assert.Throws<InvalidDataException>(() => Read(bytes));
    }
}
