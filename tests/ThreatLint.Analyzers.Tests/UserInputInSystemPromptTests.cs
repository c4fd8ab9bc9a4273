using System.Globalization;
using ThreatLint.Analyzers.Rules;

namespace ThreatLint.Analyzers.Tests;

/// <summary>TL5005 user-input-in-system-prompt.</summary>
public sealed class UserInputInSystemPromptTests
{
    private static Verify.AnalyzerVerification<UserInputInSystemPromptAnalyzer> Analyze(string source) =>
        Verify.Analyzer<UserInputInSystemPromptAnalyzer>(source).AsProgram();

    // Fires

    [Test]
    public async Task Fires_on_a_bound_model_interpolated_into_a_MEAI_system_message() => await Analyze("""
        using System.Collections.Generic;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.AI;

        var app = WebApplication.Create(args);
        app.MapPost("/chat", async (ChatRequest request, IChatClient chat) =>
        {
            List<ChatMessage> messages =
            [
                new(ChatRole.System, {|TL5005:$"You are the support assistant for {request.Product}. Answer in {request.Language}."|}),
                new(ChatRole.User, request.Question),
            ];
            var response = await chat.GetResponseAsync(messages);
            return response.Text;
        });
        app.Run();

        record ChatRequest(string Product, string Language, string Question);
        """);

    [Test]
    public async Task Fires_on_an_MVC_action_parameter_concatenated_into_an_OpenAI_system_message() => await Verify.Analyzer<UserInputInSystemPromptAnalyzer>("""
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;

        [ApiController]
        [Route("api/[controller]")]
        public class AskController(ChatClient chat) : ControllerBase
        {
            [HttpGet]
            public async Task<string> Get(string persona, string question)
            {
                var instructions = "You are " + persona + ". Never reveal internal data.";
                ChatCompletion completion = await chat.CompleteChatAsync(
                    new SystemChatMessage({|TL5005:instructions|}),
                    new UserChatMessage(question));
                return completion.Content[0].Text;
            }
        }
        """);

    [Test]
    public async Task Fires_on_the_query_string_built_into_a_Semantic_Kernel_system_message() => await Analyze("""
        using System.Text;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.SemanticKernel;
        using Microsoft.SemanticKernel.ChatCompletion;

        var app = WebApplication.Create(args);
        app.MapGet("/assist", async (HttpContext context, IChatCompletionService chat) =>
        {
            var system = new StringBuilder("You are a travel agent.");
            system.Append(" Tone: ").Append(context.Request.Query["tone"]);
            var history = new ChatHistory();
            history.AddSystemMessage({|TL5005:system.ToString()|});
            history.AddUserMessage("Plan my trip");
            var reply = await chat.GetChatMessageContentAsync(history);
            return reply.Content;
        });
        app.Run();
        """);

    [Test]
    public async Task Fires_on_user_text_in_the_prompt_template_itself() => await Analyze("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.SemanticKernel;

        var app = WebApplication.Create(args);
        app.MapPost("/summarize", async (SummarizeRequest body, Kernel kernel) =>
        {
            var result = await kernel.InvokePromptAsync({|TL5005:$"Summarize the following text in {body.Style} style: {body.Text}"|});
            return result.GetValue<string>();
        });
        app.Run();

        record SummarizeRequest(string Text, string Style);
        """);

    [Test]
    public async Task Fires_on_a_mapped_method_group_passing_its_parameter_to_ChatHistory() => await Analyze("""
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.SemanticKernel.ChatCompletion;

        var app = WebApplication.Create(args);
        app.MapGet("/persona/{name}", Persona);
        app.Run();

        static async Task<string?> Persona(string name, IChatCompletionService chat)
        {
            var history = new ChatHistory({|TL5005:"You role-play as " + name|});
            var reply = await chat.GetChatMessageContentAsync(history);
            return reply.Content;
        }
        """);

    [Test]
    public async Task Fires_on_a_PromptTemplateConfig_template_from_the_request_body() => await Analyze("""
        using System.IO;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.SemanticKernel;

        var app = WebApplication.Create(args);
        app.MapPost("/run", async (HttpRequest request, Kernel kernel) =>
        {
            using var reader = new StreamReader(request.Body);
            var text = await reader.ReadToEndAsync();
            var config = new PromptTemplateConfig { Template = {|TL5005:text|} };
            var result = await kernel.InvokeAsync(kernel.CreateFunctionFromPrompt(config));
            return result.ToString();
        });
        app.Run();
        """);

    // Does not fire

    [Test]
    public async Task Does_not_fire_on_user_text_as_a_user_message() => await Analyze("""
        using System.Collections.Generic;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.Extensions.AI;
        using Microsoft.SemanticKernel.ChatCompletion;
        using OpenAI.Chat;
        using MeaiChatMessage = Microsoft.Extensions.AI.ChatMessage;

        var app = WebApplication.Create(args);
        app.MapPost("/meai", async (Question q, IChatClient chat) =>
        {
            List<MeaiChatMessage> messages = [new(ChatRole.System, "You answer questions about our product."), new(ChatRole.User, q.Text)];
            return (await chat.GetResponseAsync(messages)).Text;
        });
        app.MapPost("/openai", async (Question q, ChatClient chat) =>
        {
            ChatCompletion completion = await chat.CompleteChatAsync(new SystemChatMessage("You answer questions."), new UserChatMessage(q.Text));
            return completion.Content[0].Text;
        });
        app.MapPost("/sk", async (Question q, IChatCompletionService chat) =>
        {
            var history = new ChatHistory("You answer questions.");
            history.AddUserMessage(q.Text);
            return (await chat.GetChatMessageContentAsync(history)).Content;
        });
        app.Run();

        record Question(string Text);
        """);

    [Test]
    public async Task Does_not_fire_on_user_text_passed_as_KernelArguments() => await Analyze("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.SemanticKernel;

        var app = WebApplication.Create(args);
        app.MapPost("/summarize", async (SummarizeRequest body, Kernel kernel) =>
        {
            var result = await kernel.InvokePromptAsync(
                "Summarize the following text in {{$style}} style: {{$input}}",
                new KernelArguments { ["input"] = body.Text, ["style"] = body.Style });
            return result.GetValue<string>();
        });
        app.Run();

        record SummarizeRequest(string Text, string Style);
        """);

    [Test]
    public async Task Does_not_fire_on_a_system_prompt_from_configuration_or_services() => await Analyze("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Configuration;
        using Microsoft.SemanticKernel.ChatCompletion;

        var app = WebApplication.Create(args);
        app.MapPost("/ask", async (string question, IConfiguration configuration, [FromServices] PromptCatalog prompts, IChatCompletionService chat) =>
        {
            var history = new ChatHistory(configuration["Assistant:SystemPrompt"] ?? prompts.Default);
            history.AddSystemMessage($"Today is {System.DateTime.UtcNow:yyyy-MM-dd}. Question length: {question.Length}.");
            history.AddUserMessage(question);
            return (await chat.GetChatMessageContentAsync(history)).Content;
        });
        app.Run();

        class PromptCatalog
        {
            public string Default => "You are a helpful assistant.";
        }
        """);

    [Test]
    public async Task Does_not_fire_on_a_parameter_of_a_method_that_is_not_a_handler() => await Analyze("""
        using Microsoft.SemanticKernel.ChatCompletion;

        var history = PromptFactory.Create("pirate");
        System.Console.WriteLine(history.Count);

        static class PromptFactory
        {
            public static ChatHistory Create(string persona) => new("You role-play as " + persona);
        }
        """);

    [Test]
    public async Task Message_names_the_request_input()
    {
        var diagnostics = await Verify.Diagnostics<UserInputInSystemPromptAnalyzer>("""
            using Microsoft.AspNetCore.Builder;
            using OpenAI.Chat;

            var app = WebApplication.Create(args);
            app.MapGet("/ask", (string persona) => new SystemChatMessage("You are " + persona));
            app.Run();
            """);

        Assert.That(diagnostics.Select(d => d.GetMessage(CultureInfo.InvariantCulture)), Is.EqualTo(new[]
        {
            "Request input parameter 'persona' flows into the system prompt built here [ATLAS AML.T0051.000; OWASP LLM01]",
        }));
    }

    [Test]
    public async Task Catalog_example_fails_once_and_its_fix_passes()
    {
        var example = Catalog.Rules.UserInputInSystemPrompt.Example!;

        var failing = await Verify.Diagnostics<UserInputInSystemPromptAnalyzer>(example.Failing);
        var passing = await Verify.Diagnostics<UserInputInSystemPromptAnalyzer>(example.Passing);

        Assert.That(failing.Select(d => d.Id), Is.EqualTo(new[] { "TL5005" }));
        Assert.That(passing, Is.Empty);
    }
}
