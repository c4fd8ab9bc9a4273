using ThreatLint.Analyzers.Rules;
using ThreatLint.CodeFixes;

namespace ThreatLint.Analyzers.Tests;

/// <summary>The code fixes for TL5001, TL5002, TL5007 and TL5008: each turns the failing snippet into one the rule accepts.</summary>
public sealed class CodeFixTests
{
    private const string Key = "sk-proj-4f9Q2xY7LmN3pR8sT1vW6zA0bC5dE2fG";

    [Test]
    public async Task TL5001_chains_RequireRateLimiting_with_a_todo() =>
        await VerifyCodeFix.RunAsync<InferenceEndpointAnalyzer, InferenceEndpointNoRateLimitCodeFix>("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.AI;

            var app = WebApplication.CreateBuilder(args).Build();
            app.{|TL5001:MapPost|}("/chat", async (string q, IChatClient chat) => (await chat.GetResponseAsync(q)).Text).RequireAuthorization();
            app.Run();
            """, """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.AI;

            var app = WebApplication.CreateBuilder(args).Build();
            // TODO: register the "fixed" policy: builder.Services.AddRateLimiter(o => o.AddFixedWindowLimiter("fixed", ...)) and app.UseRateLimiter()
            app.MapPost("/chat", async (string q, IChatClient chat) => (await chat.GetResponseAsync(q)).Text).RequireRateLimiting("fixed").RequireAuthorization();
            app.Run();
            """);

    [Test]
    public async Task TL5001_adds_EnableRateLimiting_to_an_action() =>
        await VerifyCodeFix.RunAsync<InferenceEndpointAnalyzer, InferenceEndpointNoRateLimitCodeFix>("""
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.AI;

            WebApplication.CreateBuilder(args).Build().Run();

            public sealed class ChatController(IChatClient chat) : ControllerBase
            {
                public async Task<string> {|TL5001:Ask|}(string q) => (await chat.GetResponseAsync(q)).Text;
            }
            """, """
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.AI;
            using Microsoft.AspNetCore.RateLimiting;

            WebApplication.CreateBuilder(args).Build().Run();

            public sealed class ChatController(IChatClient chat) : ControllerBase
            {
                [EnableRateLimiting("fixed")]
                public async Task<string> Ask(string q) => (await chat.GetResponseAsync(q)).Text;
            }
            """);

    [Test]
    public async Task TL5002_chains_RequireAuthorization() =>
        await VerifyCodeFix.RunAsync<InferenceEndpointAnalyzer, InferenceEndpointNoAuthorizationCodeFix>("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.ML;

            var app = WebApplication.CreateBuilder(args).Build();
            app.{|TL5002:MapPost|}("/classify", (Ticket t, PredictionEngine<Ticket, Category> engine) => engine.Predict(t).Name);
            app.Run();

            public sealed class Ticket { public string Text { get; set; } = ""; }
            public sealed class Category { public string Name { get; set; } = ""; }
            """, """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.ML;

            var app = WebApplication.CreateBuilder(args).Build();
            app.MapPost("/classify", (Ticket t, PredictionEngine<Ticket, Category> engine) => engine.Predict(t).Name).RequireAuthorization();
            app.Run();

            public sealed class Ticket { public string Text { get; set; } = ""; }
            public sealed class Category { public string Name { get; set; } = ""; }
            """);

    [Test]
    public async Task TL5002_adds_Authorize_below_existing_attributes() =>
        await VerifyCodeFix.RunAsync<InferenceEndpointAnalyzer, InferenceEndpointNoAuthorizationCodeFix>("""
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.AI;

            WebApplication.CreateBuilder(args).Build().Run();

            [ApiController]
            public sealed class ChatController(IChatClient chat) : ControllerBase
            {
                [HttpPost("ask")]
                public async Task<string> {|TL5002:Ask|}(string q) => (await chat.GetResponseAsync(q)).Text;
            }
            """, """
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.AI;
            using Microsoft.AspNetCore.Authorization;

            WebApplication.CreateBuilder(args).Build().Run();

            [ApiController]
            public sealed class ChatController(IChatClient chat) : ControllerBase
            {
                [HttpPost("ask")]
                [Authorize]
                public async Task<string> Ask(string q) => (await chat.GetResponseAsync(q)).Text;
            }
            """);

    [Test]
    public async Task TL5007_adds_the_limit_to_the_options_initializer() =>
        await VerifyCodeFix.RunAsync<LlmOutputTokensUnboundedAnalyzer, LlmOutputTokensUnboundedCodeFix>("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.AI;
            using OpenAI.Chat;

            var app = WebApplication.CreateBuilder(args).Build();
            app.MapPost("/a", (string q, ChatClient chat) =>
            {
                var options = new ChatCompletionOptions { Temperature = 0.2f };
                return chat.{|TL5007:CompleteChat|}([new UserChatMessage(q)], options).Value.Content[0].Text;
            });
            app.MapPost("/b", async (string q, IChatClient chat) => (await chat.{|TL5007:GetResponseAsync|}(q, new ChatOptions())).Text);
            app.Run();
            """, """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.AI;
            using OpenAI.Chat;

            var app = WebApplication.CreateBuilder(args).Build();
            app.MapPost("/a", (string q, ChatClient chat) =>
            {
                var options = new ChatCompletionOptions { Temperature = 0.2f, MaxOutputTokenCount = 1024 };
                return chat.CompleteChat([new UserChatMessage(q)], options).Value.Content[0].Text;
            });
            app.MapPost("/b", async (string q, IChatClient chat) => (await chat.GetResponseAsync(q, new ChatOptions() { MaxOutputTokens = 1024 })).Text);
            app.Run();
            """);

    [Test]
    public async Task TL5007_offers_nothing_without_an_options_object() =>
        await VerifyCodeFix.NoFixAsync<LlmOutputTokensUnboundedAnalyzer, LlmOutputTokensUnboundedCodeFix>("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.AI;

            var app = WebApplication.CreateBuilder(args).Build();
            app.MapPost("/b", async (string q, IChatClient chat) => (await chat.{|TL5007:GetResponseAsync|}(q)).Text);
            app.Run();
            """);

    [Test]
    public async Task TL5008_reads_the_key_from_the_environment() =>
        await VerifyCodeFix.RunAsync<AiApiKeyHardcodedAnalyzer, AiApiKeyHardcodedCodeFix>($$"""
            using System;
            using System.ClientModel;
            using OpenAI.Chat;

            var chat = new ChatClient("gpt-4o-mini", new ApiKeyCredential({|TL5008:"{{Key}}"|}));
            """, """
            using System;
            using System.ClientModel;
            using OpenAI.Chat;

            var chat = new ChatClient("gpt-4o-mini", new ApiKeyCredential(Environment.GetEnvironmentVariable("OPENAI_API_KEY") ?? throw new InvalidOperationException("OPENAI_API_KEY is not set")));
            """);

    [Test]
    public async Task TL5008_reads_the_key_from_the_builder_configuration() =>
        await VerifyCodeFix.RunAsync<AiApiKeyHardcodedAnalyzer, AiApiKeyHardcodedCodeFix>($$"""
            using System;
            using System.ClientModel;
            using Microsoft.AspNetCore.Builder;
            using OpenAI.Chat;

            var builder = WebApplication.CreateBuilder(args);
            var chat = new ChatClient("gpt-4o-mini", new ApiKeyCredential({|TL5008:"{{Key}}"|}));
            """, """
            using System;
            using System.ClientModel;
            using Microsoft.AspNetCore.Builder;
            using OpenAI.Chat;

            var builder = WebApplication.CreateBuilder(args);
            var chat = new ChatClient("gpt-4o-mini", new ApiKeyCredential(builder.Configuration["OpenAI:ApiKey"] ?? throw new InvalidOperationException("OpenAI:ApiKey is not configured")));
            """);
}
