using System.Globalization;
using ThreatLint.Analyzers.Rules;

namespace ThreatLint.Analyzers.Tests;

/// <summary>TL5008 ai-api-key-hardcoded.</summary>
public sealed class AiApiKeyHardcodedTests
{
    private const string Key = "sk-proj-4f9Q2xY7LmN3pR8sT1vW6zA0bC5dE2fG";

    private static Verify.AnalyzerVerification<AiApiKeyHardcodedAnalyzer> Analyze(string source) =>
        Verify.Analyzer<AiApiKeyHardcodedAnalyzer>(source);

    // Fires

    [Test]
    public async Task Fires_on_a_literal_passed_to_ApiKeyCredential() => await Analyze($$"""
        using System.ClientModel;

        class Keys
        {
            ApiKeyCredential Create() => new ApiKeyCredential({|TL5008:"{{Key}}"|});
        }
        """);

    [Test]
    public async Task Fires_on_ApiKeyCredential_Update() => await Analyze($$"""
        using System.ClientModel;

        class Keys
        {
            void Rotate(ApiKeyCredential credential) => credential.Update({|TL5008:"{{Key}}"|});
        }
        """);

    [Test]
    public async Task Fires_on_a_const_field() => await Analyze($$"""
        using System.ClientModel;

        class Keys
        {
            private const string OpenAiKey = "{{Key}}";

            ApiKeyCredential Create() => new({|TL5008:OpenAiKey|});
        }
        """);

    [Test]
    public async Task Fires_on_a_static_readonly_field() => await Analyze($$"""
        using System.ClientModel;

        class Keys
        {
            private static readonly string OpenAiKey = "{{Key}}";

            ApiKeyCredential Create() => new({|TL5008:OpenAiKey|});
        }
        """);

    [TestCase("""const string key = "sk-proj-4f9Q2xY7LmN3pR8sT1vW6zA0bC5dE2fG";""")]
    [TestCase("""var key = "sk-proj-4f9Q2xY7LmN3pR8sT1vW6zA0bC5dE2fG";""")]
    [TestCase("""const string key = "sk-proj-4f9Q2xY7" + "LmN3pR8sT1vW6zA0bC5dE2fG";""")]
    [TestCase("""const string key = $"sk-proj-4f9Q2xY7LmN3pR8sT1vW6zA0bC5dE2fG";""")]
    [TestCase("""string key = "sk-proj-4f9Q2xY7" + ("LmN3pR8sT1vW6zA0" + "bC5dE2fG");""")]
    public async Task Fires_on_a_local_written_as_a_literal(string declaration) => await Analyze($$"""
        using System.ClientModel;

        class Keys
        {
            ApiKeyCredential Create()
            {
                {{declaration}}
                return new ApiKeyCredential({|TL5008:key|});
            }
        }
        """);

    [Test]
    public async Task Fires_on_a_literal_fallback_after_the_environment() => await Analyze($$"""
        using System;
        using System.ClientModel;

        class Keys
        {
            ApiKeyCredential Create() => new({|TL5008:Environment.GetEnvironmentVariable("OPENAI_API_KEY") ?? "{{Key}}"|});
        }
        """);

    [Test]
    public async Task Fires_on_AzureKeyCredential_and_its_Update() => await Analyze("""
        using Azure;

        class Keys
        {
            AzureKeyCredential Create()
            {
                var credential = new AzureKeyCredential({|TL5008:"3f8a1c9e5b7d4f2a8c6e0b1d9f7a5c3e"|});
                credential.Update({|TL5008:"9b2e4d6f8a0c1e3b5d7f9a1c3e5b7d9f"|});
                return credential;
            }
        }
        """);

    [Test]
    public async Task Fires_on_the_OpenAIClient_string_overload() => await Analyze($$"""
        using OpenAI;

        class Clients
        {
            OpenAIClient Create() => new OpenAIClient({|TL5008:"{{Key}}"|});
        }
        """);

    [Test]
    public async Task Fires_on_the_ChatClient_string_overload_but_not_on_the_model_name() => await Analyze($$"""
        using OpenAI.Chat;

        class Clients
        {
            ChatClient Create() => new ChatClient("gpt-4o-mini-2024-07-18", {|TL5008:"{{Key}}"|});
        }
        """);

    [Test]
    public async Task Fires_on_every_OpenAI_client_that_takes_a_string_key() => await Analyze($$"""
        using OpenAI.Audio;
        using OpenAI.Embeddings;
        using OpenAI.Files;
        using OpenAI.Images;
        using OpenAI.Models;
        using OpenAI.Moderations;

        class Clients
        {
            void Create()
            {
                _ = new EmbeddingClient("text-embedding-3-small", {|TL5008:"{{Key}}"|});
                _ = new AudioClient("whisper-1", {|TL5008:"{{Key}}"|});
                _ = new ImageClient("dall-e-3", {|TL5008:"{{Key}}"|});
                _ = new ModerationClient("omni-moderation-latest", {|TL5008:"{{Key}}"|});
                _ = new OpenAIModelClient({|TL5008:"{{Key}}"|});
                _ = new OpenAIFileClient({|TL5008:"{{Key}}"|});
            }
        }
        """);

    [Test]
    public async Task Fires_on_named_arguments_in_any_order() => await Analyze($$"""
        using OpenAI.Chat;

        class Clients
        {
            ChatClient First() => new ChatClient(model: "gpt-4o", apiKey: {|TL5008:"{{Key}}"|});

            ChatClient Second() => new ChatClient(apiKey: {|TL5008:"{{Key}}"|}, model: "gpt-4o");
        }
        """);

    [Test]
    public async Task Fires_on_the_credential_given_to_AzureOpenAIClient_but_not_on_the_endpoint() => await Analyze("""
        using System;
        using System.ClientModel;
        using Azure.AI.OpenAI;

        class Clients
        {
            AzureOpenAIClient Create() => new AzureOpenAIClient(
                new Uri("https://contoso-eastus.openai.azure.com/"),
                new ApiKeyCredential({|TL5008:"3f8a1c9e5b7d4f2a8c6e0b1d9f7a5c3e"|}));
        }
        """);

    [Test]
    public async Task Fires_on_Semantic_Kernel_connectors() => await Analyze($$"""
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.SemanticKernel;

        class Startup
        {
            Kernel Build(IServiceCollection services)
            {
                services.AddOpenAIChatClient("gpt-4o", {|TL5008:"{{Key}}"|});
                return Kernel.CreateBuilder()
                    .AddOpenAIChatCompletion("gpt-4o-mini", {|TL5008:"{{Key}}"|})
                    .AddOpenAITextEmbeddingGeneration(modelId: "text-embedding-3-small", apiKey: {|TL5008:"{{Key}}"|})
                    .Build();
            }
        }
        """);

    [Test]
    public async Task Fires_on_any_apiKey_parameter_in_the_Semantic_Kernel_namespace() => await Analyze("""
        using Microsoft.SemanticKernel;

        class Startup
        {
            IKernelBuilder Build(IKernelBuilder builder) =>
                builder.AddAzureOpenAIChatCompletion("gpt-4o", "https://contoso.openai.azure.com/", apiKey: {|TL5008:"3f8a1c9e5b7d4f2a8c6e0b1d9f7a5c3e"|});
        }

        namespace Microsoft.SemanticKernel
        {
            // Stand-in for Microsoft.SemanticKernel.Connectors.AzureOpenAI, which needs a newer Azure.AI.OpenAI than ours.
            public static class AzureOpenAIKernelBuilderExtensions
            {
                public static IKernelBuilder AddAzureOpenAIChatCompletion(this IKernelBuilder builder, string deploymentName, string endpoint, string apiKey) => builder;
            }
        }
        """);

    // Does not fire

    [Test]
    public async Task Does_not_fire_on_a_key_from_the_environment() => await Analyze("""
        using System;
        using System.ClientModel;
        using OpenAI.Chat;

        class Clients
        {
            ChatClient Create() => new ChatClient("gpt-4o-mini", new ApiKeyCredential(Environment.GetEnvironmentVariable("OPENAI_API_KEY")!));
        }
        """);

    [Test]
    public async Task Does_not_fire_on_a_key_from_configuration() => await Analyze("""
        using Microsoft.Extensions.Configuration;
        using OpenAI;

        class Clients
        {
            private readonly string _key;

            Clients(IConfiguration configuration) => _key = configuration["OpenAI:ApiKey"]!;

            OpenAIClient Create(IConfiguration configuration) => new OpenAIClient(configuration["OpenAI:ApiKey"]!);

            OpenAIClient CreateFromField() => new OpenAIClient(_key);

            OpenAIClient CreateFromParameter(string apiKey) => new OpenAIClient(apiKey);
        }
        """);

    [TestCase("")]
    [TestCase("<your-key>")]
    [TestCase("YOUR_API_KEY")]
    [TestCase("OPENAI_API_KEY")]
    [TestCase("changeme")]
    [TestCase("sk-xxxxxxxxxxxxxxxxxxxx")]
    [TestCase("${OPENAI_API_KEY}")]
    [TestCase("sk-1234")]
    public async Task Does_not_fire_on_a_placeholder(string placeholder) => await Analyze($$"""
        using System.ClientModel;

        class Keys
        {
            ApiKeyCredential Create() => new ApiKeyCredential("{{placeholder}}");
        }
        """);

    [Test]
    public async Task Does_not_fire_on_apiKey_parameters_of_unrelated_types() => await Analyze($$"""
        using Contoso.Payments;

        class Billing
        {
            PaymentClient Create() => new PaymentClient(apiKey: "{{Key}}");
        }

        namespace Contoso.Payments
        {
            public sealed class PaymentClient
            {
                public PaymentClient(string apiKey) { }
            }
        }
        """);

    [Test]
    public async Task Does_not_fire_on_record_keys_in_Semantic_Kernel_memory() => await Analyze("""
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel.Memory;

        #pragma warning disable SKEXP0001 // the memory API is experimental; the test only needs its signature
        class Recall
        {
            Task<MemoryQueryResult?> Find(ISemanticTextMemory memory) => memory.GetAsync("handbook", "record-2024-hr-0042");
        }
        """);

    [Test]
    public async Task Does_not_fire_in_generated_code() => await Analyze("class Empty { }")
        .WithSource("Clients.g.cs", $$"""
            // <auto-generated/>
            using OpenAI;

            class Clients
            {
                OpenAIClient Create() => new OpenAIClient("{{Key}}");
            }
            """);

    // The catalog's example, as shown on the docs page

    [Test]
    public async Task Catalog_example_fails_once_on_the_key_and_its_fix_passes()
    {
        var example = Catalog.Rules.AiApiKeyHardcoded.Example!;

        var failing = await Verify.Diagnostics<AiApiKeyHardcodedAnalyzer>(example.Failing);
        var passing = await Verify.Diagnostics<AiApiKeyHardcodedAnalyzer>(example.Passing);

        Assert.That(failing, Has.Length.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(failing[0].Id, Is.EqualTo("TL5008"));
            Assert.That(failing[0].Location.SourceTree!.GetText().ToString(failing[0].Location.SourceSpan), Does.StartWith("\"sk-proj-"));
            Assert.That(passing, Is.Empty);
        });
    }

    // The message: names the target, never the value

    [Test]
    public async Task Message_names_the_target_and_masks_the_key()
    {
        var diagnostics = await Verify.Diagnostics<AiApiKeyHardcodedAnalyzer>($$"""
            var client = new OpenAI.OpenAIClient("{{Key}}");
            var credential = new System.ClientModel.ApiKeyCredential("{{Key}}");
            """);

        Assert.That(diagnostics.Select(d => d.GetMessage(CultureInfo.InvariantCulture)), Is.EqualTo(new[]
        {
            "Literal key passed to OpenAIClient(string): anyone with the source or the binary can call the AI service as you (value masked) [ATLAS AML.T0055; OWASP LLM02]",
            "Literal key passed to ApiKeyCredential(string): anyone with the source or the binary can call the AI service as you (value masked) [ATLAS AML.T0055; OWASP LLM02]",
        }));
        Assert.That(diagnostics.Select(d => d.GetMessage(CultureInfo.InvariantCulture)), Has.None.Contains("4f9Q2xY7"));
    }

    [Test]
    public async Task Message_names_methods_with_their_type() => Assert.That(
        (await Verify.Diagnostics<AiApiKeyHardcodedAnalyzer>($$"""
            using Microsoft.SemanticKernel;

            Kernel.CreateBuilder().AddOpenAIChatCompletion("gpt-4o-mini", "{{Key}}");
            """)).Single().GetMessage(CultureInfo.InvariantCulture),
        Does.StartWith("Literal key passed to OpenAIKernelBuilderExtensions.AddOpenAIChatCompletion(IKernelBuilder, string, string, string, string, HttpClient): "));

    // Standard suppression

    [Test]
    public async Task Pragma_suppresses_it() => await Analyze($$"""
        using System.ClientModel;

        class Keys
        {
        #pragma warning disable TL5008 // a revoked key kept as a regression fixture
            ApiKeyCredential Create() => new ApiKeyCredential("{{Key}}");
        #pragma warning restore TL5008
        }
        """);

    [Test]
    public async Task SuppressMessage_suppresses_it() => await Analyze($$"""
        using System.ClientModel;
        using System.Diagnostics.CodeAnalysis;

        class Keys
        {
            [SuppressMessage("Security", "TL5008", Justification = "A revoked key kept as a regression fixture")]
            ApiKeyCredential Create() => new ApiKeyCredential("{{Key}}");
        }
        """);
}
