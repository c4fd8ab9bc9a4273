using ThreatLint.Documents.Json;

namespace ThreatLint.Core.Tests.Json;

public class JsonParserTests
{
    [Test]
    public void Reads_objects_arrays_strings_numbers_and_literals_in_order()
    {
        var value = JsonParser.Parse("""{"a": [1, -2.5e3, true, false, null], "b": "x\u00e9\n\"", "a": {}}""");

        Assert.Multiple(() =>
        {
            Assert.That(value.Kind, Is.EqualTo(JsonKind.Object));
            Assert.That(value.Members.Select(m => m.Name), Is.EqualTo(new[] { "a", "b", "a" }), "duplicates are kept in order");
            Assert.That(value["a"]!.Items.Select(i => i.Kind), Is.EqualTo(new[] { JsonKind.Number, JsonKind.Number, JsonKind.True, JsonKind.False, JsonKind.Null }));
            Assert.That(value["a"]!.Items[1].Text, Is.EqualTo("-2.5e3"));
            Assert.That(value["b"]!.AsString, Is.EqualTo("xé\n\""));
            Assert.That(value["missing"], Is.Null);
        });
    }

    [TestCase("18446744073709551615", true, ulong.MaxValue)]
    [TestCase("0", true, 0UL)]
    [TestCase("-1", false, 0UL)]
    [TestCase("1.0", false, 0UL)]
    [TestCase("1e3", false, 0UL)]
    [TestCase("18446744073709551616", false, 0UL)]
    public void Reads_exact_unsigned_integers_only(string literal, bool ok, ulong expected)
    {
        var value = JsonParser.Parse(literal);
        Assert.That(value.TryGetUInt64(out var parsed), Is.EqualTo(ok));
        Assert.That(parsed, Is.EqualTo(expected));
    }

    [Test]
    public void Accepts_what_Pythons_json_dumps_writes_for_non_finite_floats()
    {
        var value = JsonParser.Parse("[NaN, Infinity, -Infinity]");
        Assert.That(value.Items.Select(i => i.Text), Is.EqualTo(new[] { "NaN", "Infinity", "-Infinity" }));
    }

    [TestCase("")]
    [TestCase("{")]
    [TestCase("{\"a\" 1}")]
    [TestCase("{\"a\": 1,}")]
    [TestCase("[1 2]")]
    [TestCase("\"unterminated")]
    [TestCase("\"bad \\x escape\"")]
    [TestCase("\"raw \u0001 control\"")]
    [TestCase("01")]
    [TestCase("{} extra")]
    [TestCase("tru")]
    public void Malformed_text_throws_InvalidDataException_with_the_offset(string text)
    {
        var e = Assert.Throws<InvalidDataException>(() => JsonParser.Parse(text));
        Assert.That(e!.Message, Does.StartWith("invalid JSON at offset "));
    }

    [Test]
    public void Nesting_beyond_the_depth_limit_is_a_scan_limit_not_a_stack_overflow()
    {
        var deep = new string('[', 100_000) + new string(']', 100_000);
        Assert.Throws<ScanLimitException>(() => JsonParser.Parse(deep));
        Assert.That(JsonParser.Parse(new string('[', 128) + new string(']', 128)).IsArray, Is.True);
    }

    [Test]
    public void Value_count_is_bounded()
    {
        var many = "[" + string.Join(",", Enumerable.Repeat("0", 1001)) + "]";
        Assert.Throws<ScanLimitException>(() => JsonParser.Parse(many, new JsonLimits(MaxValues: 1000)));
    }

    [Test]
    public void ParsePrefix_reads_one_value_and_says_where_it_ends()
    {
        var text = "xx{\"a\": [1, {\"b\": \"}\"}]}\0\0garbage";
        var value = JsonParser.ParsePrefix(text, 2, out var end);
        Assert.That(value["a"]!.Items, Has.Count.EqualTo(2));
        Assert.That(text.Substring(end), Does.StartWith("\0\0garbage"));
    }

    [Test]
    public void Descendants_are_listed_depth_first_in_source_order()
    {
        var value = JsonParser.Parse("""{"a": [1, {"b": 2}], "c": 3}""");
        Assert.That(value.DescendantsAndSelf().Select(v => v.ToString()), Is.EqualTo(new[] { "{2 members}", "[2 items]", "1", "{1 members}", "2", "3" }));
    }
}
