using System.Globalization;
using ThreatLint.Analyzers.Rules;

namespace ThreatLint.Analyzers.Tests;

/// <summary>TL5012 prompt-logged.</summary>
public sealed class PromptLoggedTests
{
    private static Verify.AnalyzerVerification<PromptLoggedAnalyzer> Analyze(string source) =>
        Verify.Analyzer<PromptLoggedAnalyzer>(source).AsProgram();

    // Fires

    [Test]
    public async Task Fires_on_request_text_and_model_output_logged_at_Information_and_Warning() => await Analyze("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.Logging;

        var app = WebApplication.Create(args);
        app.MapPost("/chat", async (ChatRequest request, IChatClient chat, ILogger<ChatRequest> logger) =>
        {
            logger.LogInformation("Question from {User}: {Question}", "anonymous", {|TL5012:request.Question|});
            var response = await chat.GetResponseAsync(request.Question);
            logger.LogWarning({|TL5012:$"Model answered: {response.Text}"|});
            return response.Text;
        });
        app.Run();

        record ChatRequest(string Question);
        """);

    [Test]
    public async Task Fires_on_Log_with_a_constant_level_in_a_controller() => await Verify.Analyzer<PromptLoggedAnalyzer>("""
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Logging;
        using OpenAI.Chat;

        [ApiController]
        [Route("api/ask")]
        public class AskController(ChatClient chat, ILogger<AskController> logger) : ControllerBase
        {
            [HttpPost]
            public async Task<string> Post([FromBody] string prompt)
            {
                ChatCompletion completion = await chat.CompleteChatAsync(prompt);
                logger.Log(LogLevel.Error, "Prompt {Prompt}", {|TL5012:prompt|});
                logger.LogCritical("Completion {Text}", {|TL5012:completion.Content[0].Text|});
                return completion.Content[0].Text;
            }
        }
        """);

    [Test]
    public async Task Fires_on_a_LoggerMessage_method_at_Information() => await Analyze("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.Logging;

        var app = WebApplication.Create(args);
        app.MapGet("/search", (string q, ILogger<Program> logger) =>
        {
            Search.Received(logger, {|TL5012:q|});
            return "ok";
        });
        app.Run();

        static partial class Search
        {
            [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Search for {Query}")]
            public static partial void Received(ILogger logger, string query);

            public static partial void Received(ILogger logger, string query) { }
        }
        """);

    // Does not fire

    [Test]
    public async Task Does_not_fire_at_Debug_or_Trace() => await Analyze("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.Logging;

        var app = WebApplication.Create(args);
        app.MapPost("/chat", async (ChatRequest request, IChatClient chat, ILogger<ChatRequest> logger) =>
        {
            logger.LogDebug("Question: {Question}", request.Question);
            var response = await chat.GetResponseAsync(request.Question);
            logger.LogTrace("Answer: {Answer}", response.Text);
            logger.Log(LogLevel.Debug, "Answer again: {Answer}", response.Text);
            return response.Text;
        });
        app.Run();

        record ChatRequest(string Question);
        """);

    [Test]
    public async Task Does_not_fire_on_lengths_ids_and_constants() => await Analyze("""
        using System;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.Logging;

        var app = WebApplication.Create(args);
        app.MapPost("/chat", async (ChatRequest request, IChatClient chat, ILogger<ChatRequest> logger) =>
        {
            var id = Guid.NewGuid();
            logger.LogInformation("Chat {Id}: question of {Length} characters", id, request.Question.Length);
            var response = await chat.GetResponseAsync(request.Question);
            logger.LogInformation("Chat {Id}: {Tokens} output tokens", id, response.Usage?.OutputTokenCount);
            return response.Text;
        });
        app.Run();

        record ChatRequest(string Question);
        """);

    [Test]
    public async Task Message_names_the_call_what_is_logged_and_the_level()
    {
        var diagnostics = await Verify.Diagnostics<PromptLoggedAnalyzer>("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.Logging;

            var app = WebApplication.Create(args);
            app.MapGet("/ask", (string question, ILogger<WebApplication> logger) => logger.LogInformation("Asked {Question}", question));
            app.Run();
            """);

        Assert.That(diagnostics.Select(d => d.GetMessage(CultureInfo.InvariantCulture)), Is.EqualTo(new[]
        {
            "LogInformation logs request input parameter 'question' at Information level [ATLAS AML.T0057; OWASP LLM02]",
        }));
    }

    [Test]
    public async Task Catalog_example_fails_once_and_its_fix_passes()
    {
        var example = Catalog.Rules.PromptLogged.Example!;

        var failing = await Verify.Diagnostics<PromptLoggedAnalyzer>(example.Failing);
        var passing = await Verify.Diagnostics<PromptLoggedAnalyzer>(example.Passing);

        Assert.That(failing.Select(d => d.Id), Is.EqualTo(new[] { "TL5012" }));
        Assert.That(passing, Is.Empty);
    }
}
