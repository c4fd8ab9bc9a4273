using ThreatLint.Analyzers.Rules;

namespace ThreatLint.Analyzers.Tests;

/// <summary>TL5001 inference-endpoint-no-rate-limit.</summary>
public sealed class InferenceEndpointNoRateLimitTests
{
    private const string Usings = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.RateLimiting;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.ML;
        using Microsoft.ML.OnnxRuntime;
        using Microsoft.SemanticKernel;

        """;

    private const string Types = """

        public sealed class Ticket { public string Text { get; set; } = ""; }
        public sealed class TicketCategory { public string Category { get; set; } = ""; }
        """;

    private static Verify.AnalyzerVerification<InferenceEndpointAnalyzer> Analyze(string program) =>
        Verify.Analyzer<InferenceEndpointAnalyzer>(Usings + program + Types).AsProgram().Only("TL5001");

    // Fires

    [Test]
    public async Task Fires_on_a_chat_endpoint_lambda() => await Analyze("""
        var app = WebApplication.CreateBuilder(args).Build();
        app.{|TL5001:MapPost|}("/chat", async (string question, IChatClient chat) => (await chat.GetResponseAsync(question)).Text);
        app.Run();
        """);

    [Test]
    public async Task Fires_on_a_prediction_engine_endpoint_with_authorization_only() => await Analyze("""
        var app = WebApplication.CreateBuilder(args).Build();
        app.{|TL5001:MapPost|}("/classify", (Ticket ticket, PredictionEngine<Ticket, TicketCategory> engine) => engine.Predict(ticket).Category)
            .RequireAuthorization();
        app.Run();
        """);

    [Test]
    public async Task Fires_on_an_onnx_session_run_in_a_method_group_handler() => await Analyze("""
        var app = WebApplication.CreateBuilder(args).Build();
        app.{|TL5001:MapGet|}("/score", Handlers.Score);
        app.Run();

        static class Handlers
        {
            public static string Score(InferenceSession session) =>
                session.Run(new List<NamedOnnxValue>()).Count.ToString();
        }
        """);

    [Test]
    public async Task Fires_when_the_handler_calls_a_service_that_runs_inference() => await Analyze("""
        var app = WebApplication.CreateBuilder(args).Build();
        app.{|TL5001:MapPost|}("/classify", (Ticket ticket, Classifier classifier) => classifier.Classify(ticket));
        app.Run();

        sealed class Classifier(PredictionEngine<Ticket, TicketCategory> engine)
        {
            public string Classify(Ticket ticket) => engine.Predict(ticket).Category;
        }
        """);

    [Test]
    public async Task Fires_on_a_PredictionEnginePool_recognised_by_name() => await Analyze("""
        var app = WebApplication.CreateBuilder(args).Build();
        app.{|TL5001:MapPost|}("/classify", (Ticket t, Microsoft.Extensions.ML.PredictionEnginePool<Ticket, TicketCategory> pool) => pool.Predict(t).Category);
        app.Run();

        // Microsoft.Extensions.ML is not referenced here: a stand-in with the same metadata name.
        namespace Microsoft.Extensions.ML
        {
            public class PredictionEnginePool<TData, TPrediction> where TPrediction : class, new()
            {
                public TPrediction Predict(TData example) => new();
            }
        }
        """);

    [Test]
    public async Task Fires_on_a_Semantic_Kernel_prompt_and_an_onnx_session_created_in_the_handler() => await Analyze("""
        var app = WebApplication.CreateBuilder(args).Build();
        app.{|TL5001:MapPost|}("/ask", async (string q, Kernel kernel) => (await kernel.InvokePromptAsync(q)).ToString());
        app.{|TL5001:MapPost|}("/embed", () => { using var session = new InferenceSession("model.onnx"); return session.InputNames.Count; });
        app.Run();
        """);

    [Test]
    public async Task Fires_on_a_group_without_a_policy() => await Analyze("""
        var app = WebApplication.CreateBuilder(args).Build();
        var api = app.MapGroup("/api").RequireAuthorization();
        api.{|TL5001:MapPost|}("/chat", async (string q, IChatClient chat) => (await chat.GetResponseAsync(q)).Text);
        app.Run();
        """);

    [Test]
    public async Task Fires_when_rate_limiting_is_disabled_despite_a_global_limiter() => await Analyze("""
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddRateLimiter(o => o.GlobalLimiter = System.Threading.RateLimiting.PartitionedRateLimiter.Create<HttpContext, string>(
            _ => System.Threading.RateLimiting.RateLimitPartition.GetNoLimiter("all")));
        var app = builder.Build();
        app.UseRateLimiter();
        app.{|TL5001:MapPost|}("/chat", async (string q, IChatClient chat) => (await chat.GetResponseAsync(q)).Text).DisableRateLimiting();
        app.Run();
        """);

    [Test]
    public async Task Fires_on_a_controller_action() => await Analyze("""
        WebApplication.CreateBuilder(args).Build().Run();

        [ApiController]
        [Route("chat")]
        public sealed class ChatController(IChatClient chat) : ControllerBase
        {
            [HttpPost]
            public async Task<string> {|TL5001:Ask|}(string question) => (await chat.GetResponseAsync(question)).Text;

            [HttpGet("health")]
            public string Health() => "ok";
        }
        """);

    // Does not fire

    [Test]
    public async Task Silent_with_a_policy_on_the_endpoint() => await Analyze("""
        var app = WebApplication.CreateBuilder(args).Build();
        app.MapPost("/chat", async (string q, IChatClient chat) => (await chat.GetResponseAsync(q)).Text).RequireAuthorization().RequireRateLimiting("chat");
        app.Run();
        """);

    [Test]
    public async Task Silent_with_a_policy_on_the_group_local() => await Analyze("""
        var app = WebApplication.CreateBuilder(args).Build();
        var api = app.MapGroup("/api");
        api.RequireRateLimiting("per-user");
        var v1 = api.MapGroup("/v1");
        v1.MapPost("/chat", async (string q, IChatClient chat) => (await chat.GetResponseAsync(q)).Text);
        app.Run();
        """);

    [Test]
    public async Task Silent_with_a_policy_applied_to_the_stored_endpoint_builder() => await Analyze("""
        var app = WebApplication.CreateBuilder(args).Build();
        var chatEndpoint = app.MapPost("/chat", async (string q, IChatClient chat) => (await chat.GetResponseAsync(q)).Text);
        chatEndpoint.RequireRateLimiting("chat");
        app.Run();
        """);

    [Test]
    public async Task Silent_with_a_global_limiter() => await Analyze("""
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddRateLimiter(o => o.GlobalLimiter = System.Threading.RateLimiting.PartitionedRateLimiter.Create<HttpContext, string>(
            context => System.Threading.RateLimiting.RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "", _ => new()
            {
                PermitLimit = 10,
                Window = TimeSpan.FromMinutes(1),
            })));
        var app = builder.Build();
        app.UseRateLimiter();
        app.MapPost("/chat", async (string q, IChatClient chat) => (await chat.GetResponseAsync(q)).Text);
        app.Run();
        """);

    [Test]
    public async Task Silent_on_an_attributed_handler_and_controller() => await Analyze("""
        var app = WebApplication.CreateBuilder(args).Build();
        app.MapPost("/chat", [EnableRateLimiting("chat")] async (string q, IChatClient chat) => (await chat.GetResponseAsync(q)).Text);
        app.MapControllers();
        app.Run();

        [ApiController]
        [EnableRateLimiting("chat")]
        public sealed class ChatController(IChatClient chat) : ControllerBase
        {
            [HttpPost]
            public async Task<string> Ask(string question) => (await chat.GetResponseAsync(question)).Text;
        }
        """);

    [Test]
    public async Task Silent_on_controllers_mapped_with_a_policy() => await Analyze("""
        var app = WebApplication.CreateBuilder(args).Build();
        app.MapControllers().RequireRateLimiting("chat");
        app.Run();

        public sealed class ChatController(IChatClient chat) : ControllerBase
        {
            public async Task<string> Ask(string question) => (await chat.GetResponseAsync(question)).Text;
        }
        """);

    [Test]
    public async Task Silent_on_endpoints_that_run_no_inference() => await Analyze("""
        var app = WebApplication.CreateBuilder(args).Build();
        app.MapGet("/health", () => "ok");
        app.MapPost("/echo", (Ticket ticket) => ticket.Text);
        app.Run();

        sealed class Unused(IChatClient chat)
        {
            public Task<ChatResponse> Ask(string q) => chat.GetResponseAsync(q);
        }
        """);

    [Test]
    public async Task Silent_without_ASP_NET_Core_endpoints() => await Verify.Analyzer<InferenceEndpointAnalyzer>("""
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        sealed class Worker(IChatClient chat)
        {
            public Task<ChatResponse> Ask(string q) => chat.GetResponseAsync(q);
        }
        """);

    [Test]
    public async Task Catalog_example_fails_once_and_its_fix_passes()
    {
        var example = Catalog.Rules.InferenceEndpointNoRateLimit.Example!;

        var failing = await Verify.Diagnostics<InferenceEndpointAnalyzer>(example.Failing, "TL5001");
        var passing = await Verify.Diagnostics<InferenceEndpointAnalyzer>(example.Passing, "TL5001");

        Assert.That(failing.Select(d => d.Id), Is.EqualTo(new[] { "TL5001" }));
        Assert.Multiple(() =>
        {
            Assert.That(failing[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), Does.StartWith("Endpoint POST /chat runs inference with no rate limiting"));
            Assert.That(passing, Is.Empty);
        });
    }
}
