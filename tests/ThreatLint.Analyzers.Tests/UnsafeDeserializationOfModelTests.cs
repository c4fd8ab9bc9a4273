using System.Globalization;
using ThreatLint.Analyzers.Rules;

namespace ThreatLint.Analyzers.Tests;

/// <summary>TL5003 unsafe-deserialization-of-model.</summary>
public sealed class UnsafeDeserializationOfModelTests
{
    private static Verify.AnalyzerVerification<UnsafeDeserializationOfModelAnalyzer> Analyze(string source) =>
        Verify.Analyzer<UnsafeDeserializationOfModelAnalyzer>(source);

    // Fires

    [Test]
    public async Task Fires_on_BinaryFormatter_Deserialize() => await Analyze("""
        using System.IO;
        using System.Runtime.Serialization.Formatters.Binary;

        class ModelStore
        {
            public object Load(string path)
            {
                using var stream = File.OpenRead(path);
        #pragma warning disable SYSLIB0011 // the obsolete API is what the rule is about
                return {|TL5003:new BinaryFormatter().Deserialize(stream)|};
        #pragma warning restore SYSLIB0011
            }
        }
        """);

    [TestCase("TypeNameHandling.All")]
    [TestCase("TypeNameHandling.Auto")]
    [TestCase("TypeNameHandling.Objects")]
    public async Task Fires_on_TypeNameHandling_in_settings(string value) => await Analyze($$"""
        using Newtonsoft.Json;

        class PipelineLoader
        {
            public object? Load(string json) =>
                JsonConvert.DeserializeObject(json, new JsonSerializerSettings { {|TL5003:TypeNameHandling = {{value}}|} });
        }
        """);

    [Test]
    public async Task Fires_on_TypeNameHandling_set_on_a_serializer() => await Analyze("""
        using System.IO;
        using Newtonsoft.Json;

        class StateLoader
        {
            public T? Load<T>(TextReader reader)
            {
                var serializer = new JsonSerializer();
                {|TL5003:serializer.TypeNameHandling = TypeNameHandling.Arrays|};
                return serializer.Deserialize<T>(new JsonTextReader(reader));
            }
        }
        """);

    [Test]
    public async Task Fires_on_a_TypeNameHandling_read_from_configuration() => await Analyze("""
        using Newtonsoft.Json;

        class PipelineLoader
        {
            public JsonSerializerSettings Settings(TypeNameHandling configured) => new() { {|TL5003:TypeNameHandling = configured|} };
        }
        """);

    // Does not fire

    [Test]
    public async Task Does_not_fire_on_TypeNameHandling_None_or_plain_Json_NET() => await Analyze("""
        using Newtonsoft.Json;

        class PipelineLoader
        {
            public object? Load(string json) =>
                JsonConvert.DeserializeObject(json, new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.None });

            public T? LoadTyped<T>(string json) => JsonConvert.DeserializeObject<T>(json);
        }
        """);

    [Test]
    public async Task Does_not_fire_on_BinaryFormatter_Serialize_or_System_Text_Json() => await Analyze("""
        using System.IO;
        using System.Runtime.Serialization.Formatters.Binary;
        using System.Text.Json;

        class ModelStore
        {
            public void Save(Stream stream, object state)
            {
        #pragma warning disable SYSLIB0011 // writing is not the threat; reading it back is
                new BinaryFormatter().Serialize(stream, state);
        #pragma warning restore SYSLIB0011
            }

            public T? Load<T>(Stream stream) => JsonSerializer.Deserialize<T>(stream);
        }
        """);

    [Test]
    public async Task Message_names_what_was_used()
    {
        var diagnostics = await Verify.Diagnostics<UnsafeDeserializationOfModelAnalyzer>("""
            using Newtonsoft.Json;

            var settings = new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.Auto };
            """);

        Assert.That(diagnostics.Select(d => d.GetMessage(CultureInfo.InvariantCulture)), Is.EqualTo(new[]
        {
            "Json.NET JsonSerializerSettings.TypeNameHandling = TypeNameHandling.Auto deserializes with type information from the payload: a crafted model file runs code [ATLAS AML.T0011.000; OWASP LLM03]",
        }));
    }

    [Test]
    public async Task Catalog_example_fails_once_and_its_fix_passes()
    {
        var example = Catalog.Rules.UnsafeDeserializationOfModel.Example!;

        var failing = await Verify.Diagnostics<UnsafeDeserializationOfModelAnalyzer>(example.Failing);
        var passing = await Verify.Diagnostics<UnsafeDeserializationOfModelAnalyzer>(example.Passing);

        Assert.That(failing.Select(d => d.Id), Is.EqualTo(new[] { "TL5003" }));
        Assert.That(passing, Is.Empty);
    }
}
