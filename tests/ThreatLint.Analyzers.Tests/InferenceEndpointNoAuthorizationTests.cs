using ThreatLint.Analyzers.Rules;

namespace ThreatLint.Analyzers.Tests;

/// <summary>TL5002 inference-endpoint-no-authorization.</summary>
public sealed class InferenceEndpointNoAuthorizationTests
{
    private const string Usings = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.ML;
        using OpenAI.Chat;

        """;

    private const string Types = """

        public sealed class Ticket { public string Text { get; set; } = ""; }
        public sealed class TicketCategory { public string Category { get; set; } = ""; }
        """;

    private static Verify.AnalyzerVerification<InferenceEndpointAnalyzer> Analyze(string program) =>
        Verify.Analyzer<InferenceEndpointAnalyzer>(Usings + program + Types).AsProgram().Only("TL5002");

    // Fires

    [Test]
    public async Task Fires_on_an_OpenAI_chat_endpoint() => await Analyze("""
        var app = WebApplication.CreateBuilder(args).Build();
        app.{|TL5002:MapPost|}("/chat", async (string q, ChatClient chat) => (await chat.CompleteChatAsync(q)).Value.Content[0].Text)
            .RequireRateLimiting("chat");
        app.Run();
        """);

    [Test]
    public async Task Fires_when_the_endpoint_allows_anonymous_despite_the_group() => await Analyze("""
        var app = WebApplication.CreateBuilder(args).Build();
        var api = app.MapGroup("/api").RequireAuthorization();
        api.{|TL5002:MapPost|}("/classify", (Ticket t, PredictionEngine<Ticket, TicketCategory> engine) => engine.Predict(t).Category).AllowAnonymous();
        app.Run();
        """);

    [Test]
    public async Task Fires_on_an_anonymous_action_of_an_authorized_controller() => await Analyze("""
        WebApplication.CreateBuilder(args).Build().Run();

        [ApiController]
        [Authorize]
        public sealed class ChatController(IChatClient chat) : ControllerBase
        {
            [AllowAnonymous]
            [HttpPost]
            public async Task<string> {|TL5002:Ask|}(string question) => (await chat.GetResponseAsync(question)).Text;
        }
        """);

    // Does not fire

    [Test]
    public async Task Silent_with_authorization_on_the_group() => await Analyze("""
        var app = WebApplication.CreateBuilder(args).Build();
        var api = app.MapGroup("/api").RequireAuthorization("inference");
        api.MapPost("/classify", (Ticket t, PredictionEngine<Ticket, TicketCategory> engine) => engine.Predict(t).Category);
        app.Run();
        """);

    [Test]
    public async Task Silent_with_a_fallback_policy() => await Analyze("""
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        var app = builder.Build();
        app.MapPost("/chat", async (string q, IChatClient chat) => (await chat.GetResponseAsync(q)).Text);
        app.Run();
        """);

    [Test]
    public async Task Silent_with_a_fallback_policy_from_the_authorization_builder() => await Analyze("""
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddAuthorizationBuilder().SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        var app = builder.Build();
        app.MapPost("/chat", async (string q, IChatClient chat) => (await chat.GetResponseAsync(q)).Text);
        app.Run();
        """);

    [Test]
    public async Task Silent_on_an_authorized_controller_and_handler() => await Analyze("""
        var app = WebApplication.CreateBuilder(args).Build();
        app.MapPost("/chat", [Authorize] async (string q, IChatClient chat) => (await chat.GetResponseAsync(q)).Text);
        app.Run();

        [Authorize(Roles = "analyst")]
        public sealed class ChatController(IChatClient chat) : ControllerBase
        {
            public async Task<string> Ask(string question) => (await chat.GetResponseAsync(question)).Text;
        }
        """);

    [Test]
    public async Task Silent_on_controllers_under_a_global_AuthorizeFilter_but_not_on_minimal_endpoints() => await Analyze("""
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddControllers(o => o.Filters.Add(new Microsoft.AspNetCore.Mvc.Authorization.AuthorizeFilter()));
        var app = builder.Build();
        app.MapControllers();
        app.{|TL5002:MapPost|}("/chat", async (string q, IChatClient chat) => (await chat.GetResponseAsync(q)).Text);
        app.Run();

        public sealed class ChatController(IChatClient chat) : ControllerBase
        {
            public async Task<string> Ask(string question) => (await chat.GetResponseAsync(question)).Text;
        }
        """);

    [Test]
    public async Task Catalog_example_fails_once_and_its_fix_passes()
    {
        var example = Catalog.Rules.InferenceEndpointNoAuthorization.Example!;

        var failing = await Verify.Diagnostics<InferenceEndpointAnalyzer>(example.Failing, "TL5002");
        var passing = await Verify.Diagnostics<InferenceEndpointAnalyzer>(example.Passing, "TL5002");

        Assert.That(failing.Select(d => d.Id), Is.EqualTo(new[] { "TL5002" }));
        Assert.Multiple(() =>
        {
            Assert.That(failing[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), Does.StartWith("Endpoint POST /classify runs inference with no authorization"));
            Assert.That(passing, Is.Empty);
        });
    }
}
