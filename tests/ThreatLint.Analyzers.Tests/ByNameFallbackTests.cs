namespace ThreatLint.Analyzers.Tests;

/// <summary>
/// The name-based fallbacks of TL5003–TL5007 and TL5010–TL5012 (<see cref="ByName"/>): each program is analysed once without
/// its SDK packages (the CLI on an unrestored repository), where the rule must report by names at lower confidence, and
/// once with them, where it must report exactly what the symbols say, with no confidence property and no duplicate.
/// </summary>
public sealed class ByNameFallbackTests
{
    private static async Task<string[]> Findings(string id, string program, bool withPackages) =>
        [.. (await PartialCompilationTests.Analyze(program, withPackages))
            .Where(d => d.Id == id)
            .Select(d => $"{d.Location.GetLineSpan().StartLinePosition.Line + 1} {PartialCompilationTests.Confidence(d)}")
            .Order(StringComparer.Ordinal)];

    private static async Task AssertFindings(string id, string program, string[] lines, string unresolved = "low")
    {
        var byName = await Findings(id, program, withPackages: false);
        var bySymbols = await Findings(id, program, withPackages: true);
        Assert.Multiple(() =>
        {
            Assert.That(byName, Is.EqualTo(lines.Select(l => l + " " + unresolved).Order(StringComparer.Ordinal)), "without the packages");
            Assert.That(bySymbols, Is.EqualTo(lines.Select(l => l + " high").Order(StringComparer.Ordinal)), "with the packages");
        });
    }

    private static async Task AssertNone(string id, string program, bool compileWithPackages = true)
    {
        Assert.That(await Findings(id, program, withPackages: false), Is.Empty, "without the packages");
        if (compileWithPackages)
        {
            Assert.That(await Findings(id, program, withPackages: true), Is.Empty, "with the packages");
        }
    }

    // TL5003 unsafe-deserialization-of-model

    [Test]
    public Task TL5003_TypeNameHandling_by_name() => AssertFindings("TL5003", """
        using Newtonsoft.Json;

        var settings = new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.All };
        var serializer = new JsonSerializer();
        serializer.TypeNameHandling = TypeNameHandling.Auto;
        var state = JsonConvert.DeserializeObject<object>(System.IO.File.ReadAllText("model-state.json"), settings);
        """, ["3", "5"], unresolved: "medium");

    [Test]
    public Task TL5003_TypeNameHandling_None_and_other_settings_are_not_reported() => AssertNone("TL5003", """
        using Newtonsoft.Json;

        var settings = new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.None, MaxDepth = 32 };
        var serializer = new JsonSerializer();
        serializer.NullValueHandling = NullValueHandling.Ignore;
        var state = JsonConvert.DeserializeObject<object>(System.IO.File.ReadAllText("model-state.json"), settings);
        """);

    // TL5004 model-loaded-from-untrusted-source

    [Test]
    public Task TL5004_loaders_by_name() => AssertFindings("TL5004", """
        using System.Net.Http;
        using Microsoft.ML;
        using Microsoft.ML.OnnxRuntime;

        var app = WebApplication.CreateBuilder(args).Build();
        app.MapPost("/models/load", (string modelPath, MLContext ml) =>
        {
            using var session = new InferenceSession(modelPath);
            var model = ml.Model.Load(modelPath, out var schema);
            return "loaded";
        });
        app.Run();

        static async Task<InferenceSession> FetchAsync(HttpClient http)
        {
            var bytes = await http.GetByteArrayAsync("http://models.example.com/ranker.onnx");
            return new InferenceSession(bytes);
        }
        """, ["8", "9", "17"]);

    [Test]
    public Task TL5004_a_bundled_or_hashed_model_is_not_reported() => AssertNone("TL5004", """
        using System.IO;
        using System.Net.Http;
        using System.Security.Cryptography;
        using Microsoft.ML;
        using Microsoft.ML.OnnxRuntime;

        var app = WebApplication.CreateBuilder(args).Build();
        app.MapPost("/score", (string text, MLContext ml) =>
        {
            using var session = new InferenceSession(Path.Combine(AppContext.BaseDirectory, "Models", "ranker.onnx"));
            var model = ml.Model.Load("Models/sentiment.zip", out var schema);
            return text.Length;
        });
        app.Run();

        static async Task<InferenceSession> FetchAsync(HttpClient http, byte[] expected)
        {
            var bytes = await http.GetByteArrayAsync("https://models.example.com/ranker.onnx");
            if (!SHA256.HashData(bytes).AsSpan().SequenceEqual(expected))
            {
                throw new InvalidDataException("ranker.onnx does not match its pinned hash");
            }

            return new InferenceSession(bytes);
        }
        """);

    // TL5005 user-input-in-system-prompt

    [Test]
    public Task TL5005_system_messages_and_templates_by_name() => AssertFindings("TL5005", """
        using Microsoft.Extensions.AI;
        using Microsoft.SemanticKernel;
        using Microsoft.SemanticKernel.ChatCompletion;

        var app = WebApplication.CreateBuilder(args).Build();
        app.MapPost("/support", async (string product, string question, IChatClient chat) =>
        {
            var system = new ChatMessage(ChatRole.System, $"You are the support assistant for {product}.");
            var user = new ChatMessage(ChatRole.User, question);
            return (await chat.GetResponseAsync([system, user])).Text;
        });
        app.MapPost("/persona", async (string persona, string question, Kernel kernel) =>
        {
            var history = new ChatHistory();
            history.AddSystemMessage("Act as " + persona);
            history.AddUserMessage(question);
            var answer = await kernel.InvokePromptAsync("Answer as " + persona + ": {{$input}}", new KernelArguments { ["input"] = question });
            return answer.ToString();
        });
        app.Run();
        """, ["8", "15", "17"]);

    [Test]
    public Task TL5005_OpenAI_system_message_by_name() => AssertFindings("TL5005", """
        using OpenAI.Chat;

        var app = WebApplication.CreateBuilder(args).Build();
        app.MapPost("/translate", async (string language, string text, ChatClient chat) =>
        {
            ChatCompletion completion = await chat.CompleteChatAsync(
                new SystemChatMessage("Translate everything into " + language),
                new UserChatMessage(text));
            return completion.Content[0].Text;
        });
        app.Run();
        """, ["7"]);

    [Test]
    public Task TL5005_request_text_as_user_message_or_template_argument_is_not_reported() => AssertNone("TL5005", """
        using Microsoft.Extensions.AI;
        using Microsoft.SemanticKernel;
        using Microsoft.SemanticKernel.ChatCompletion;

        var app = WebApplication.CreateBuilder(args).Build();
        app.MapPost("/support", async (string question, IChatClient chat) =>
        {
            var system = new ChatMessage(ChatRole.System, "You are the support assistant for Contoso. Answer only about Contoso products.");
            var user = new ChatMessage(ChatRole.User, question);
            return (await chat.GetResponseAsync([system, user])).Text;
        });
        app.MapPost("/persona", async (string question, Kernel kernel) =>
        {
            var history = new ChatHistory("You are a helpful assistant.");
            history.AddUserMessage(question);
            var answer = await kernel.InvokePromptAsync("Answer briefly: {{$input}}", new KernelArguments { ["input"] = question });
            return answer.ToString();
        });
        app.Run();
        """);

    // TL5006 llm-output-to-dangerous-sink and TL5012 prompt-logged: model output known by name, sinks and loggers resolved

    private const string ShellAssistant = """
        using System.Diagnostics;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.Logging;

        var app = WebApplication.CreateBuilder(args).Build();
        app.MapPost("/run", async (string goal, IChatClient chat, ILogger<Program> logger) =>
        {
            var response = await chat.GetResponseAsync($"Reply with one bash command that does: {goal}");
            var command = response.Text;
            logger.LogInformation("Model suggested {Command}", command);
            Process.Start("/bin/bash", "-c " + command);
            var info = new ProcessStartInfo("/bin/sh") { Arguments = $"-c \"{command}\"" };
            return "started";
        });
        app.Run();
        """;

    [Test]
    public Task TL5006_model_output_by_name_into_a_process() => AssertFindings("TL5006", ShellAssistant, ["11", "12"]);

    [Test]
    public Task TL5012_model_output_by_name_logged() => AssertFindings("TL5012", ShellAssistant, ["10"]);

    private const string EncodedAssistant = """
        using System.Diagnostics;
        using System.Net;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.Logging;

        var app = WebApplication.CreateBuilder(args).Build();
        app.MapPost("/summarize", async (string article, IChatClient chat, ILogger<Program> logger) =>
        {
            var response = await chat.GetResponseAsync("Summarize the article in the user message.");
            var summary = response.Text;
            logger.LogDebug("Summary {Summary}", summary);
            logger.LogInformation("Summarized an article of {Length} characters", article.Length);
            Process.Start("/usr/local/bin/notify", "--done");
            return WebUtility.HtmlEncode(summary);
        });
        app.Run();
        """;

    [Test]
    public Task TL5006_encoded_output_and_fixed_commands_are_not_reported() => AssertNone("TL5006", EncodedAssistant);

    [Test]
    public Task TL5012_output_at_Debug_and_lengths_are_not_reported() => AssertNone("TL5012", EncodedAssistant);
}
