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
    public Task TL5005_factory_methods_roles_and_history_constructors_by_name() => AssertFindings("TL5005", """
        using Microsoft.SemanticKernel;
        using Microsoft.SemanticKernel.ChatCompletion;
        using OpenAI.Chat;

        var app = WebApplication.CreateBuilder(args).Build();
        app.MapPost("/a", async (string tone, string question, ChatClient chat) =>
        {
            var completion = await chat.CompleteChatAsync(ChatMessage.CreateSystemMessage($"Answer in a {tone} tone."), ChatMessage.CreateUserMessage(question));
            return completion.Value.Content[0].Text;
        });
        app.MapPost("/b", (string persona, string question) =>
        {
            var history = new ChatHistory("You are " + persona);
            history.AddMessage(AuthorRole.System, "Stay in character as " + persona);
            history.Add(new Microsoft.SemanticKernel.ChatMessageContent(AuthorRole.System, "Never leave the persona " + persona));
            history.Add(new Microsoft.SemanticKernel.ChatMessageContent(AuthorRole.User, question));
            return history.Count;
        });
        app.Run();
        """, ["8", "13", "14", "15"]);

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
            var summary = response?.Text;
            logger.LogDebug("Summary {Summary}", summary);
            var cached = SummaryCache.Entries[article];
            logger.LogInformation("Cached summary {Cached}", cached);
            logger.LogInformation("Summarized an article of {Length} characters", article.Length);
            Process.Start("/usr/local/bin/notify", "--done");
            return WebUtility.HtmlEncode(summary);
        });
        app.Run();

        static class SummaryCache { public static readonly System.Collections.Generic.Dictionary<string, string> Entries = new(); }
        """;

    [Test]
    public Task TL5006_conditional_access_on_output_by_name() => AssertFindings("TL5006", """
        using System.Diagnostics;
        using Microsoft.Extensions.AI;

        var app = WebApplication.CreateBuilder(args).Build();
        app.MapPost("/run", async (string goal, IChatClient chat) =>
        {
            var response = await chat.GetResponseAsync(goal);
            Process.Start("/bin/sh", "-c " + response?.Text);
            return "started";
        });
        app.Run();
        """, ["8"]);

    [Test]
    public Task TL5006_encoded_output_and_fixed_commands_are_not_reported() => AssertNone("TL5006", EncodedAssistant);

    [Test]
    public Task TL5012_output_at_Debug_and_lengths_are_not_reported() => AssertNone("TL5012", EncodedAssistant);

    [Test]
    public async Task TL5004_torch_load_by_name()
    {
        // TorchSharp is not referenced by the tests: the by-name path alone.
        var findings = await Findings("TL5004", """
            using TorchSharp;

            var app = WebApplication.CreateBuilder(args).Build();
            app.MapPost("/models/load", (string checkpoint) => torch.jit.load(checkpoint) is null ? "missing" : "loaded");
            app.MapPost("/models/bundled", () => torch.load("Models/ranker.pt") is null ? "missing" : "loaded");
            app.Run();
            """, withPackages: false);

        Assert.That(findings, Is.EqualTo(new[] { "4 low" }));
    }

    // TL5007 llm-output-tokens-unbounded

    [Test]
    public Task TL5007_chat_calls_without_a_limit_by_name() => AssertFindings("TL5007", """
        using Microsoft.Extensions.AI;
        using OpenAI.Chat;

        var app = WebApplication.CreateBuilder(args).Build();
        app.MapPost("/ask", async (string question, IChatClient chat) => (await chat.GetResponseAsync(question)).Text);
        app.MapPost("/draft", async (string topic, ChatClient chat) =>
        {
            var completion = await chat.CompleteChatAsync(new UserChatMessage("Draft a reply about " + topic));
            return completion.Value.Content[0].Text;
        });
        app.MapPost("/brief", async (string question, IChatClient chat) =>
        {
            var options = new ChatOptions { Temperature = 0.2f };
            var response = await chat.GetResponseAsync(question, options);
            return response.Text;
        });
        app.Run();
        """, ["5", "8", "14"]);

    [Test]
    public Task TL5007_Semantic_Kernel_settings_by_name() => AssertFindings("TL5007", """
        using Microsoft.SemanticKernel;
        using Microsoft.SemanticKernel.ChatCompletion;
        using Microsoft.SemanticKernel.Connectors.OpenAI;

        var app = WebApplication.CreateBuilder(args).Build();
        app.MapPost("/a", async (string question, IChatCompletionService chat, Kernel kernel) =>
        {
            var history = new ChatHistory();
            history.AddUserMessage(question);
            var unbounded = await chat.GetChatMessageContentAsync(history, new OpenAIPromptExecutionSettings { Temperature = 0.1 }, kernel);
            var bounded = await chat.GetChatMessageContentAsync(history, new OpenAIPromptExecutionSettings { MaxTokens = 300 }, kernel);
            var generic = await chat.GetChatMessageContentAsync(history, new PromptExecutionSettings(), kernel);
            return unbounded.Content + bounded.Content + generic.Content;
        });
        app.Run();
        """, ["10"]);

    [Test]
    public Task TL5007_limited_or_configured_elsewhere_or_off_request_paths_is_not_reported() => AssertNone("TL5007", """
        using Microsoft.Extensions.AI;
        using OpenAI.Chat;

        var app = WebApplication.CreateBuilder(args).Build();
        app.MapPost("/ask", async (string question, IChatClient chat) => (await chat.GetResponseAsync(question, new ChatOptions { MaxOutputTokens = 400 })).Text);
        app.MapPost("/draft", async (string topic, ChatClient chat) =>
        {
            var options = Limits();
            var completion = await chat.CompleteChatAsync([new UserChatMessage("Draft a reply about " + topic)], options);
            return completion.Value.Content[0].Text;
        });
        app.MapPost("/brief", async (string question, IChatClient chat) =>
        {
            var options = new ChatOptions();
            options.MaxOutputTokens = 200;
            return (await chat.GetResponseAsync(question, options)).Text;
        });
        app.Run();

        static ChatCompletionOptions Limits() => new() { MaxOutputTokenCount = 300 };

        static async Task<string> WarmUpAsync(IChatClient chat) => (await chat.GetResponseAsync("ping")).Text;
        """);

    // TL5010 rag-search-without-access-filter

    [Test]
    public Task TL5010_searches_without_a_caller_filter_by_name() => AssertFindings("TL5010", """
        using Azure.Search.Documents;
        using Microsoft.Extensions.VectorData;

        var app = WebApplication.CreateBuilder(args).Build();
        app.MapGet("/search", async (string q, SearchClient search) => (await search.SearchAsync<Doc>(q)).Value.TotalCount);
        app.MapGet("/public", (string q, SearchClient search) => search.Search<Doc>(q, new SearchOptions { Filter = "IsPublic eq true" }).Value.TotalCount);
        app.MapPost("/similar", async (ReadOnlyMemory<float> query, VectorStoreCollection<string, Doc> docs) =>
        {
            var options = new VectorSearchOptions<Doc> { IncludeVectors = false };
            var count = 0;
            await foreach (var hit in docs.SearchAsync(query, 5, options))
            {
                count++;
            }

            return count;
        });
        app.Run();

        public sealed class Doc { public string Id { get; set; } = ""; public string TenantId { get; set; } = ""; public bool IsPublic { get; set; } }
        """, ["5", "6", "11"]);

    [Test]
    public Task TL5010_searches_filtered_on_the_caller_are_not_reported() => AssertNone("TL5010", """
        using System.Security.Claims;
        using Azure.Search.Documents;
        using Microsoft.Extensions.VectorData;

        var app = WebApplication.CreateBuilder(args).Build();
        app.MapGet("/search", (string q, ClaimsPrincipal user, SearchClient search) =>
            search.Search<Doc>(q, new SearchOptions { Filter = $"TenantId eq '{user.FindFirstValue("tid")}'" }).Value.TotalCount);
        app.MapPost("/similar", async (ReadOnlyMemory<float> query, string tenant, VectorStoreCollection<string, Doc> docs) =>
        {
            var options = new VectorSearchOptions<Doc>();
            options.Filter = d => d.TenantId == tenant;
            var count = 0;
            await foreach (var hit in docs.SearchAsync(query, 5, options))
            {
                count++;
            }

            return count;
        });
        app.Run();

        public sealed class Doc { public string Id { get; set; } = ""; public string TenantId { get; set; } = ""; public bool IsPublic { get; set; } }
        """);

    // TL5011 agent-tool-excessive-agency

    [Test]
    public Task TL5011_KernelFunction_tools_with_automatic_invocation_by_name() => AssertFindings("TL5011", """
        using System.ComponentModel;
        using System.Diagnostics;
        using Microsoft.SemanticKernel;
        using Microsoft.SemanticKernel.Connectors.OpenAI;

        var settings = new OpenAIPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() };

        public sealed class ShellPlugin
        {
            [KernelFunction, Description("Runs a shell command")]
            public string Run(string command) => Process.Start("/bin/sh", "-c " + command)!.StandardOutput.ReadToEnd();

            [KernelFunction]
            public string Today() => DateTime.UtcNow.ToString("O");
        }
        """, ["11"]);

    [Test]
    public Task TL5011_AIFunctionFactory_tools_with_function_invocation_by_name() => AssertFindings("TL5011", """
        using System.Net.Http;
        using Microsoft.Extensions.AI;

        IChatClient inner = null!;
        var client = new ChatClientBuilder(inner).UseFunctionInvocation().Build();
        var options = new ChatOptions();
        options.Tools = [AIFunctionFactory.Create(Browser.FetchAsync), AIFunctionFactory.Create((string path, string text) => System.IO.File.WriteAllText(path, text))];
        options.Tools.Add(AIFunctionFactory.Create(Browser.Now));
        Console.WriteLine(await client.GetResponseAsync("Summarize https://example.com", options));

        static class Browser
        {
            public static async Task<string> FetchAsync(string url)
            {
                using var http = new HttpClient();
                return await http.GetStringAsync(url);
            }

            public static string Now() => DateTime.UtcNow.ToString("O");
        }
        """, ["7", "13"]);

    [Test]
    public Task TL5011_tools_without_automatic_invocation_are_not_reported() => AssertNone("TL5011", """
        using System.ComponentModel;
        using System.Diagnostics;
        using Microsoft.SemanticKernel;
        using Microsoft.SemanticKernel.Connectors.OpenAI;

        var settings = new OpenAIPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto(autoInvoke: false) };

        public sealed class ShellPlugin
        {
            [KernelFunction, Description("Runs a shell command")]
            public string Run(string command) => Process.Start("/bin/sh", "-c " + command)!.StandardOutput.ReadToEnd();
        }
        """);

    // Unresolved types of other names, and the project's own types of the SDKs' names, are never taken for the SDKs.

    [Test]
    public Task Unresolved_types_of_other_names_and_own_types_are_not_the_SDKs() => AssertNone("TL5006", """
        using System.Diagnostics;
        using Microsoft.Extensions.AI;

        var app = WebApplication.CreateBuilder(args).Build();
        app.MapPost("/run", async (string goal, ShellClient shell, LocalChat chat) =>
        {
            var command = (await shell.GetResponseAsync(goal)).Text;
            Process.Start("/bin/bash", "-c " + command);
            var echoed = await chat.GetResponseAsync(goal);
            Process.Start("/bin/echo", echoed);
            return "started";
        });
        app.Run();

        public sealed class LocalChat { public Task<string> GetResponseAsync(string text) => Task.FromResult(text.Trim()); }
        """, compileWithPackages: false);
}
