using ThreatLint.Analyzers.Rules;

namespace ThreatLint.Analyzers.Tests;

/// <summary>TL5007 llm-output-tokens-unbounded.</summary>
public sealed class LlmOutputTokensUnboundedTests
{
    private const string Usings = """
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.AI;
        using Microsoft.SemanticKernel;
        using Microsoft.SemanticKernel.ChatCompletion;
        using Microsoft.SemanticKernel.Connectors.OpenAI;
        using OpenAI.Chat;
        using ChatMessage = OpenAI.Chat.ChatMessage;

        var app = WebApplication.CreateBuilder(args).Build();

        """;

    private static Verify.AnalyzerVerification<LlmOutputTokensUnboundedAnalyzer> Analyze(string program) =>
        Verify.Analyzer<LlmOutputTokensUnboundedAnalyzer>(Usings + program).AsProgram();

    // Fires

    [Test]
    public async Task Fires_on_OpenAI_without_options() => await Analyze("""
        app.MapPost("/chat", async (string q, ChatClient chat) => (await chat.{|TL5007:CompleteChatAsync|}(new UserChatMessage(q))).Value.Content[0].Text);
        """);

    [Test]
    public async Task Fires_on_OpenAI_options_without_a_limit() => await Analyze("""
        app.MapPost("/chat", (string q, ChatClient chat) =>
        {
            var options = new ChatCompletionOptions { Temperature = 0.2f };
            return chat.{|TL5007:CompleteChat|}([new UserChatMessage(q)], options).Value.Content[0].Text;
        });
        """);

    [Test]
    public async Task Fires_on_IChatClient_without_options() => await Analyze("""
        app.MapPost("/chat", async (string q, IChatClient chat) => (await chat.{|TL5007:GetResponseAsync|}(q)).Text);
        """);

    [Test]
    public async Task Fires_on_Semantic_Kernel_settings_without_MaxTokens() => await Analyze("""
        app.MapPost("/chat", async (string q, IChatCompletionService chat) =>
        {
            var history = new ChatHistory();
            history.AddUserMessage(q);
            return (await chat.{|TL5007:GetChatMessageContentAsync|}(history, new OpenAIPromptExecutionSettings { Temperature = 0 })).Content;
        });
        """);

    [Test]
    public async Task Fires_in_a_controller_action() => await Analyze("""
        app.Run();

        public sealed class ChatController(IChatClient chat) : ControllerBase
        {
            public async Task<string> Ask(string q) => (await chat.{|TL5007:GetResponseAsync|}(q, new ChatOptions { Temperature = 0 })).Text;
        }
        """);

    // Does not fire

    [Test]
    public async Task Silent_with_a_limit_in_the_initializer_or_set_later() => await Analyze("""
        app.MapPost("/a", async (string q, ChatClient chat) =>
            (await chat.CompleteChatAsync([new UserChatMessage(q)], new ChatCompletionOptions { MaxOutputTokenCount = 300 })).Value.Content[0].Text);
        app.MapPost("/b", async (string q, IChatClient chat) =>
        {
            var options = new ChatOptions();
            options.MaxOutputTokens = 300;
            return (await chat.GetResponseAsync(q, options)).Text;
        });
        app.MapPost("/c", async (string q, IChatCompletionService chat) =>
            (await chat.GetChatMessageContentAsync(q, new OpenAIPromptExecutionSettings { MaxTokens = 300 })).Content);
        """);

    [Test]
    public async Task Silent_when_the_options_come_from_elsewhere() => await Analyze("""
        app.MapPost("/chat", async (string q, IChatClient chat, ChatOptions options) => (await chat.GetResponseAsync(q, options)).Text);
        """);

    [Test]
    public async Task Silent_off_request_paths() => await Analyze("""
        app.Run();

        sealed class Batch(IChatClient chat)
        {
            public async Task<string> Summarize(string text) => (await chat.GetResponseAsync(text)).Text;
        }
        """);

    [Test]
    public async Task Catalog_example_fails_once_and_its_fix_passes()
    {
        var example = Catalog.Rules.LlmOutputTokensUnbounded.Example!;

        var failing = await Verify.Diagnostics<LlmOutputTokensUnboundedAnalyzer>(example.Failing);
        var passing = await Verify.Diagnostics<LlmOutputTokensUnboundedAnalyzer>(example.Passing);

        Assert.That(failing.Select(d => d.Id), Is.EqualTo(new[] { "TL5007" }));
        Assert.Multiple(() =>
        {
            Assert.That(failing[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), Does.StartWith("ChatClient.CompleteChatAsync on a request path sets no maximum output tokens"));
            Assert.That(passing, Is.Empty);
        });
    }
}
