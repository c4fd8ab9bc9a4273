using System.Globalization;
using ThreatLint.Analyzers.Rules;

namespace ThreatLint.Analyzers.Tests;

/// <summary>TL5004 model-loaded-from-untrusted-source.</summary>
public sealed class ModelLoadedFromUntrustedSourceTests
{
    private static Verify.AnalyzerVerification<ModelLoadedFromUntrustedSourceAnalyzer> Analyze(string source) =>
        Verify.Analyzer<ModelLoadedFromUntrustedSourceAnalyzer>(source).AsProgram();

    // Fires

    [Test]
    public async Task Fires_on_a_route_value_in_the_ONNX_model_path() => await Analyze("""
        using System.IO;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.ML.OnnxRuntime;

        var app = WebApplication.Create(args);
        app.MapPost("/predict/{model}", (string model) =>
        {
            using var session = new InferenceSession({|TL5004:Path.Combine("models", model + ".onnx")|});
            return session.InputMetadata.Count;
        });
        app.Run();
        """);

    [Test]
    public async Task Fires_on_an_uploaded_file_loaded_by_ML_NET() => await Analyze("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.ML;

        var app = WebApplication.Create(args);
        app.MapPost("/models", (IFormFile upload, MLContext ml) =>
        {
            var model = ml.Model.Load({|TL5004:upload.OpenReadStream()|}, out var schema);
            return schema.Count;
        }).DisableAntiforgery();
        app.Run();
        """);

    [Test]
    public async Task Fires_on_downloaded_bytes_with_no_hash_check() => await Analyze("""
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.ML.OnnxRuntime;

        var session = await ModelStore.LoadAsync(new HttpClient());
        System.Console.WriteLine(session.OutputNames.Count);

        static class ModelStore
        {
            public static async Task<InferenceSession> LoadAsync(HttpClient http)
            {
                var bytes = await http.GetByteArrayAsync("https://models.example.com/sentiment/v3/model.onnx");
                return new InferenceSession({|TL5004:bytes|});
            }
        }
        """);

    [Test]
    public async Task Fires_on_a_plain_http_download_even_when_hashed() => await Analyze("""
        using System.Net.Http;
        using System.Security.Cryptography;
        using Microsoft.ML;

        var http = new HttpClient();
        var ml = new MLContext();
        using var stream = await http.GetStreamAsync("http://models.internal/churn/model.zip");
        using var copy = new System.IO.MemoryStream();
        await stream.CopyToAsync(copy);
        System.Console.WriteLine(System.Convert.ToHexString(SHA256.HashData(copy.ToArray())));
        var model = ml.Model.Load({|TL5004:stream|}, out var schema);
        """);

    [Test]
    public async Task Fires_on_a_model_downloaded_to_a_file_then_loaded() => await Analyze("""
        using System.IO;
        using System.Net.Http;
        using Microsoft.ML.OnnxRuntime;

        var http = new HttpClient();
        var path = Path.Combine(Path.GetTempPath(), "model.onnx");
        using (var response = await http.GetAsync("https://huggingface.co/org/model/resolve/main/model.onnx"))
        {
            await using var file = File.Create(path);
            await response.Content.CopyToAsync(file);
        }

        using var session = new InferenceSession({|TL5004:path|});
        """);

    // Does not fire

    [Test]
    public async Task Does_not_fire_on_a_fixed_path_with_request_data_as_input() => await Analyze("""
        using System.IO;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Configuration;
        using Microsoft.ML.OnnxRuntime;

        var app = WebApplication.Create(args);
        var session = new InferenceSession(Path.Combine(app.Environment.ContentRootPath, "models", "sentiment.onnx"));
        app.MapPost("/predict", (float[] features, IConfiguration configuration) =>
        {
            using var other = new InferenceSession(configuration["Models:Fallback"] ?? "models/fallback.onnx");
            return features.Length + session.InputNames.Count;
        });
        app.Run();
        """);

    [Test]
    public async Task Does_not_fire_on_an_https_download_checked_against_a_pinned_digest() => await Analyze("""
        using System;
        using System.Net.Http;
        using System.Security.Cryptography;
        using Microsoft.ML.OnnxRuntime;

        const string Sha256 = "3f7c9a4e1b2d8f6a0c5e7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a";
        var http = new HttpClient();
        var bytes = await http.GetByteArrayAsync("https://models.example.com/sentiment/v3/model.onnx");
        if (!Convert.ToHexString(SHA256.HashData(bytes)).Equals(Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("model digest mismatch");
        }

        using var session = new InferenceSession(bytes);
        """);

    [Test]
    public async Task Message_names_the_loader_and_the_source()
    {
        var diagnostics = await Verify.Diagnostics<ModelLoadedFromUntrustedSourceAnalyzer>("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.ML.OnnxRuntime;

            var app = WebApplication.Create(args);
            app.MapGet("/load", (string modelPath) => new InferenceSession(modelPath).InputNames.Count);
            app.Run();
            """);

        Assert.That(diagnostics.Select(d => d.GetMessage(CultureInfo.InvariantCulture)), Is.EqualTo(new[]
        {
            "InferenceSession loads a model from request input parameter 'modelPath' [ATLAS AML.T0010.003, AML.T0018; OWASP LLM03]",
        }));
    }

    [Test]
    public async Task Catalog_example_fails_once_and_its_fix_passes()
    {
        var example = Catalog.Rules.ModelLoadedFromUntrustedSource.Example!;

        var failing = await Verify.Diagnostics<ModelLoadedFromUntrustedSourceAnalyzer>(example.Failing);
        var passing = await Verify.Diagnostics<ModelLoadedFromUntrustedSourceAnalyzer>(example.Passing);

        Assert.That(failing.Select(d => d.Id), Is.EqualTo(new[] { "TL5004" }));
        Assert.That(passing, Is.Empty);
    }
}
