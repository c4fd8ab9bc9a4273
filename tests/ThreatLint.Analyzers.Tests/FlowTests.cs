using ThreatLint.Analyzers.Rules;

namespace ThreatLint.Analyzers.Tests;

/// <summary>
/// The taint helper (Flow/) through TL5005 and TL5012: which handler parameters count as request input, and how text
/// travels through locals, string building and member access.
/// </summary>
public sealed class FlowTests
{
    private static Verify.AnalyzerVerification<UserInputInSystemPromptAnalyzer> Analyze(string source) =>
        Verify.Analyzer<UserInputInSystemPromptAnalyzer>(source).AsProgram();

    [Test]
    public async Task String_Format_Join_Concat_and_a_foreach_variable_carry_request_text() => await Analyze("""
        using System.Linq;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;

        var app = WebApplication.Create(args);
        app.MapGet("/a", (string tone) => new SystemChatMessage({|TL5005:string.Format("Answer in a {0} tone.", tone)|}));
        app.MapGet("/b", ([FromQuery] string[] topics) => new SystemChatMessage({|TL5005:string.Join(", ", topics)|}));
        app.MapGet("/c", (string name) => new SystemChatMessage({|TL5005:string.Concat("You are ", name.Trim(), ".")|}));
        app.MapGet("/d", ([FromQuery] string[] rules) =>
        {
            var text = "Rules:";
            foreach (var rule in rules)
            {
                text += "\n- " + rule;
            }

            return new SystemChatMessage({|TL5005:text|});
        });
        app.Run();
        """);

    [Test]
    public async Task Headers_form_and_route_values_are_request_input() => await Analyze("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using OpenAI.Chat;

        var app = WebApplication.Create(args);
        app.MapPost("/a", (HttpContext context) => new SystemChatMessage({|TL5005:"Locale: " + context.Request.Headers.AcceptLanguage|}));
        app.MapPost("/b", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            return new SystemChatMessage({|TL5005:$"Persona: {form["persona"]}"|});
        });
        app.MapPost("/c/{persona}", (HttpRequest request) => new SystemChatMessage({|TL5005:request.RouteValues["persona"]?.ToString() ?? "default"|}));
        app.Run();
        """);

    [Test]
    public async Task Injected_services_are_not_request_input() => await Analyze("""
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;

        var app = WebApplication.Create(args);
        app.MapGet("/a", (PromptLibrary prompts) => new SystemChatMessage(prompts.For("support")));
        app.MapGet("/b", ([FromServices] Persona persona) => new SystemChatMessage("You are " + persona.Name));
        app.Run();

        class PromptLibrary
        {
            public string For(string name) => "You are the " + name + " assistant.";
        }

        record Persona(string Name);
        """);

    [Test]
    public async Task A_NonAction_controller_method_is_not_a_handler() => await Verify.Analyzer<UserInputInSystemPromptAnalyzer>("""
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;

        public class ChatController : Controller
        {
            public SystemChatMessage Ask(string persona) => new({|TL5005:"You are " + persona|});

            [NonAction]
            public SystemChatMessage Build(string persona) => new("You are " + persona);
        }
        """);

    [Test]
    public async Task Reassigning_a_local_from_model_output_taints_it_for_TL5012() => await Verify.Analyzer<PromptLoggedAnalyzer>("""
        using System.Text;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.Logging;

        class Summarizer(IChatClient chat, ILogger<Summarizer> logger)
        {
            public async Task<string> RunAsync(string text)
            {
                var summary = "";
                summary = (await chat.GetResponseAsync("Summarize: " + text)).Messages[^1].Text;
                var report = new StringBuilder().AppendLine("Summary:").Append(summary);
                logger.LogInformation("{Report}", {|TL5012:report.ToString()|});
                logger.LogInformation("Summarized {Count} characters", text.Length);
                return summary;
            }
        }
        """);
}
