using ThreatLint.Core.Tests.Artifacts;
using ThreatLint.Documents.Safetensors;

namespace ThreatLint.Core.Tests.Safetensors;

public class SafetensorsHeaderTests
{
    [Test]
    public void Reads_a_well_formed_header_ordered_by_offset()
    {
        var bytes = SafetensorsBuilder.WellFormed();
        var header = SafetensorsHeader.Read(new MemoryStream(bytes), bytes.Length);

        Assert.Multiple(() =>
        {
            Assert.That(header.Tensors.Select(t => t.Name), Is.EqualTo(new[] { "weight", "bias" }));
            Assert.That(header.Tensors[0].Shape, Is.EqualTo(new ulong[] { 2, 2 }));
            Assert.That(header.Tensors[1].DataType, Is.EqualTo("F32"));
            Assert.That(header.Metadata["format"], Is.EqualTo("pt"));
        });
    }

    [Test]
    public void Accepts_empty_tensors_sub_byte_dtypes_and_padding_spaces()
    {
        var bytes = SafetensorsBuilder.Build(
            """{"empty":{"dtype":"BF16","shape":[0,8],"data_offsets":[0,0]},"packed":{"dtype":"F4","shape":[2,3],"data_offsets":[0,3]},"scale":{"dtype":"F8_E8M0","shape":[1],"data_offsets":[3,4]}}     """,
            4);
        Assert.That(SafetensorsHeader.Read(new MemoryStream(bytes), bytes.Length).Tensors, Has.Count.EqualTo(3));
    }

    [TestCase("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", 12, "tensors 'a' and 'b' overlap")]
    [TestCase("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[12,16]}}""", 16, "bytes 8..12 of the data section belong to no tensor")]
    [TestCase("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 4, "need 8 bytes of data but the file holds 4")]
    [TestCase("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 100, "holds 100 bytes but the tensors cover only 8")]
    [TestCase("""{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", 8, "spans 8 bytes but its shape and dtype F32 need 12")]
    [TestCase("""{"a":{"dtype":"Q4_K","shape":[2],"data_offsets":[0,8]}}""", 8, "unknown dtype 'Q4_K'")]
    [TestCase("""{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}""", 8, "shape entry that is not a non-negative integer")]
    [TestCase("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}""", 8, "ends (at 0) before it begins (at 8)")]
    [TestCase("""{"a":{"dtype":"F32","shape":[4294967296,4294967296,16],"data_offsets":[0,8]}}""", 8, "overflows")]
    [TestCase("""{"a":{"dtype":"F4","shape":[3],"data_offsets":[0,2]}}""", 2, "whole number of bytes")]
    [TestCase("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 8, "the key 'a' appears twice")]
    [TestCase("""{"__metadata__":{"format":1}}""", 0, "__metadata__ value 'format' is not a string")]
    [TestCase("""{"a":{"dtype":"F32","shape":[2]}}""", 8, "no data_offsets pair")]
    [TestCase("""[1,2]""", 0, "does not start with '{'")]
    [TestCase("""{"a":""", 0, "not valid JSON")]
    public void Malformed_headers_throw_naming_the_problem(string json, int dataLength, string problem)
    {
        var bytes = SafetensorsBuilder.Build(json, dataLength);
        var e = Assert.Throws<InvalidDataException>(() => SafetensorsHeader.Read(new MemoryStream(bytes), bytes.Length));
        Assert.That(e!.Message, Does.StartWith("malformed safetensors header: ").And.Contain(problem));
    }

    [Test]
    public void A_huge_header_length_is_rejected_before_anything_is_allocated()
    {
        var bytes = SafetensorsBuilder.LengthPrefix(0x7FFF_FFFF_FFFF_FFFF).Concat("{}"u8.ToArray()).ToArray();
        var e = Assert.Throws<InvalidDataException>(() => SafetensorsHeader.Read(new MemoryStream(bytes), bytes.Length));
        Assert.That(e!.Message, Does.Contain("exceeds the format's limit of 100000000 bytes"));
    }

    [Test]
    public void A_header_length_past_the_end_of_the_file_is_truncation()
    {
        var bytes = SafetensorsBuilder.LengthPrefix(4096).Concat("{\"a\":"u8.ToArray()).ToArray();
        var e = Assert.Throws<InvalidDataException>(() => SafetensorsHeader.Read(new MemoryStream(bytes), bytes.Length));
        Assert.That(e!.Message, Does.Contain("runs past the end of the 13-byte file (truncated?)"));
    }

    [Test]
    public void Files_shorter_than_the_length_prefix_and_invalid_utf8_are_malformed()
    {
        Assert.Throws<InvalidDataException>(() => SafetensorsHeader.Read(new MemoryStream([1, 2, 3]), 3));
        var bytes = SafetensorsBuilder.LengthPrefix(3).Concat(new byte[] { (byte)'{', 0xC3, (byte)'}' }).ToArray();
        Assert.That(
            Assert.Throws<InvalidDataException>(() => SafetensorsHeader.Read(new MemoryStream(bytes), bytes.Length))!.Message,
            Does.Contain("not valid UTF-8"));
    }

    [Test]
    public void A_header_over_ThreatLints_own_bound_is_a_scan_limit()
    {
        var bytes = SafetensorsBuilder.WellFormed();
        Assert.Throws<ScanLimitException>(() => SafetensorsHeader.Read(new MemoryStream(bytes), bytes.Length, maxHeaderBytes: 64));
    }

    [Test]
    public void A_multi_gigabyte_file_costs_its_header()
    {
        const long tensorBytes = 5_253_365_760;
        var header = SafetensorsBuilder.Build(
            """{"model.embed_tokens.weight":{"dtype":"BF16","shape":[128256,4096],"data_offsets":[0,1050673152]},"lm_head.weight":{"dtype":"BF16","shape":[128256,16384],"data_offsets":[1050673152,5253365760]}}""",
            0);
        var stream = new CountingStream(header, header.Length + tensorBytes);
        var parsed = SafetensorsHeader.Read(stream, stream.Length);

        Assert.That(parsed.Tensors, Has.Count.EqualTo(2));
        Assert.That(stream.BytesRead, Is.EqualTo(header.Length));
    }
}
