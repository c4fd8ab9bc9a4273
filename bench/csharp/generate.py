#!/usr/bin/env python3
"""Generates a realistic ASP.NET Core + ML project of N C# files (default 500) for bench/analyzer-cost.sh.

The project uses the real packages (ML.NET, OpenAI, Semantic Kernel): minimal APIs and controllers that run
predictions and chat completions, services, ML.NET model classes, and the plain code (DTOs, validators,
repositories) that makes up most of a real service. About a third of the endpoints are protected, a third of
the chat calls bounded, so the analyzers both fire and stay quiet. Deterministic: same N, same files.

Usage: generate.py OUTDIR [--files 500] [--analyzers DIR-with-ThreatLint.Analyzers.dll]
"""
import argparse
import os
import textwrap

KINDS = ["minimal", "controller", "chat", "kernel", "model", "dto", "validator", "repository", "mapper", "options"]


def minimal(i):
    protect = ['', '.RequireRateLimiting("fixed")', '.RequireAuthorization()', '.RequireRateLimiting("fixed").RequireAuthorization()'][i % 4]
    return f'''
using Bench.Models;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using OpenAI.Chat;

namespace Bench.Endpoints;

public static class Scoring{i}Endpoints
{{
    public static void MapScoring{i}(this IEndpointRouteBuilder app)
    {{
        var group = app.MapGroup("/api/v{i % 3 + 1}/scoring{i}");
        group.MapPost("/predict", (Review{i} request, ObjectPool<PredictionEngine<Review{i}, Sentiment{i}>> engines) =>
        {{
            if (string.IsNullOrWhiteSpace(request.Text))
            {{
                return Results.BadRequest();
            }}

            var engine = engines.Get();
            try
            {{
                var prediction = engine.Predict(request);
                return Results.Ok(new {{ prediction.Label, Confidence = prediction.Score.Max() }});
            }}
            finally
            {{
                engines.Return(engine);
            }}
        }}){protect};

        group.MapPost("/explain", async (Review{i} request, ChatClient chat, CancellationToken cancellationToken) =>
        {{
            ChatMessage[] messages =
            [
                new SystemChatMessage("You explain sentiment labels in one sentence."),
                new UserChatMessage(request.Text),
            ];
            var options = new ChatCompletionOptions {{ MaxOutputTokenCount = {100 + i % 50} }};
            ChatCompletion completion = await chat.CompleteChatAsync(messages, options, cancellationToken);
            return Results.Ok(completion.Content[0].Text);
        }}){protect};

        group.MapGet("/health", () => Results.Ok("ok"));
    }}
}}
'''


def controller(i):
    attr = ['', '[Authorize]', '[EnableRateLimiting("fixed")]', '[Authorize]\n[EnableRateLimiting("fixed")]'][i % 4]
    return f'''
using Bench.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace Bench.Controllers;

[ApiController]
[Route("api/[controller]")]
{attr}
public sealed class Assistant{i}Controller(Kernel kernel, ILogger<Assistant{i}Controller> logger) : ControllerBase
{{
    [HttpPost("ask")]
    public async Task<ActionResult<string>> Ask([FromBody] Question{i % 50} question, CancellationToken cancellationToken)
    {{
        if (question.Text.Length > 4000)
        {{
            return BadRequest("too long");
        }}

        var chat = kernel.GetRequiredService<IChatCompletionService>();
        var history = new ChatHistory("You answer questions about orders.");
        history.AddUserMessage(question.Text);
        var settings = new OpenAIPromptExecutionSettings {{ MaxTokens = {200 + i % 100} }};
        var reply = await chat.GetChatMessageContentAsync(history, settings, kernel, cancellationToken);
        logger.LogInformation("Answered question {{Id}}", question.Id);
        return Ok(reply.Content ?? string.Empty);
    }}

    [HttpGet("status")]
    public ActionResult<string> Status() => Ok("ready");

    [NonAction]
    public static int Weight(string text) => text.Length % {i + 7};
}}
'''


def chat(i):
    bounded = i % 3 != 0
    opts = f"new ChatCompletionOptions {{ MaxOutputTokenCount = {128 + i} }}" if bounded else "new ChatCompletionOptions { Temperature = 0.2f }"
    return f'''
using OpenAI.Chat;

namespace Bench.Services;

public sealed class Summarizer{i}(ChatClient chat, ILogger<Summarizer{i}> logger)
{{
    private readonly List<string> _recent = [];

    public async Task<string> SummarizeAsync(IReadOnlyList<string> paragraphs, CancellationToken cancellationToken)
    {{
        var text = string.Join("\\n\\n", paragraphs.Where(p => !string.IsNullOrWhiteSpace(p)).Take(20));
        List<ChatMessage> messages =
        [
            new SystemChatMessage("Summarize the document in three bullet points."),
            new UserChatMessage(text),
        ];
        var completion = await chat.CompleteChatAsync(messages, {opts}, cancellationToken);
        var summary = completion.Value.Content.Count > 0 ? completion.Value.Content[0].Text : string.Empty;
        _recent.Add(summary);
        if (_recent.Count > {10 + i % 5})
        {{
            _recent.RemoveAt(0);
        }}

        logger.LogDebug("Summarized {{Count}} paragraphs", paragraphs.Count);
        return summary;
    }}

    public IReadOnlyList<string> Recent => _recent;
}}
'''


def kernel(i):
    return f'''
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace Bench.Services;

public sealed class Classifier{i}(Kernel kernel)
{{
    private static readonly string[] Labels = ["billing", "shipping", "returns", "other"];

    public async Task<string> ClassifyAsync(string ticket, CancellationToken cancellationToken)
    {{
        var settings = new OpenAIPromptExecutionSettings {{ MaxTokens = 16, Temperature = 0 }};
        var prompt = "Classify the ticket into one of: " + string.Join(", ", Labels) + ". Ticket: {{{{$ticket}}}}";
        var arguments = new KernelArguments(settings) {{ ["ticket"] = ticket }};
        var result = await kernel.InvokePromptAsync(prompt, arguments, cancellationToken: cancellationToken);
        var label = result.GetValue<string>()?.Trim().ToLowerInvariant() ?? "other";
        return Labels.Contains(label) ? label : "other";
    }}
}}
'''


def model(i):
    return f'''
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Bench.Models;

public sealed class Review{i}
{{
    [LoadColumn(0)]
    public string Label {{ get; set; }} = "";

    [LoadColumn(1)]
    public string Text {{ get; set; }} = "";
}}

public sealed class Sentiment{i}
{{
    [ColumnName("PredictedLabel")]
    public string Label {{ get; set; }} = "";

    public float[] Score {{ get; set; }} = [];
}}

public sealed class Sentiment{i}Model(MLContext context, string path)
{{
    private readonly Lazy<ITransformer> _model = new(() => context.Model.Load(path, out _));

    public PredictionEngine<Review{i}, Sentiment{i}> CreateEngine() => context.Model.CreatePredictionEngine<Review{i}, Sentiment{i}>(_model.Value);
}}
'''


def dto(i):
    return f'''
namespace Bench.Contracts;

public sealed record Question{i}(int Id, string Text, string? Locale = null);

public sealed record Order{i}(Guid Id, string Customer, decimal Total, DateTimeOffset PlacedAt)
{{
    public bool IsLarge => Total > {1000 + i};

    public string Describe() => $"{{Customer}} ordered {{Total:C}} on {{PlacedAt:d}}";
}}
'''


def validator(i):
    return f'''
using System.Text.RegularExpressions;

namespace Bench.Validation;

public static partial class Order{i}Validator
{{
    public static IReadOnlyList<string> Validate(Bench.Contracts.Order{i} order)
    {{
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(order.Customer))
        {{
            errors.Add("customer is required");
        }}
        else if (!Name().IsMatch(order.Customer))
        {{
            errors.Add("customer has invalid characters");
        }}

        if (order.Total < 0 || order.Total > {100000 + i})
        {{
            errors.Add("total is out of range");
        }}

        return errors;
    }}

    [GeneratedRegex("^[A-Za-z .'-]{{1,80}}$")]
    private static partial Regex Name();
}}
'''


def repository(i):
    return f'''
using System.Collections.Concurrent;

namespace Bench.Data;

public interface IOrder{i}Repository
{{
    Task<Bench.Contracts.Order{i}?> FindAsync(Guid id, CancellationToken cancellationToken);

    Task SaveAsync(Bench.Contracts.Order{i} order, CancellationToken cancellationToken);
}}

public sealed class InMemoryOrder{i}Repository : IOrder{i}Repository
{{
    private readonly ConcurrentDictionary<Guid, Bench.Contracts.Order{i}> _orders = new();

    public Task<Bench.Contracts.Order{i}?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        Task.FromResult(_orders.TryGetValue(id, out var order) ? order : null);

    public Task SaveAsync(Bench.Contracts.Order{i} order, CancellationToken cancellationToken)
    {{
        _orders[order.Id] = order;
        return Task.CompletedTask;
    }}

    public IEnumerable<Bench.Contracts.Order{i}> Largest(int count) => _orders.Values.OrderByDescending(o => o.Total).Take(count);
}}
'''


def mapper(i):
    return f'''
namespace Bench.Mapping;

public static class Order{i}Mapper
{{
    public static Dictionary<string, object> ToDictionary(Bench.Contracts.Order{i} order) => new()
    {{
        ["id"] = order.Id,
        ["customer"] = order.Customer,
        ["total"] = order.Total,
        ["placedAt"] = order.PlacedAt,
        ["large"] = order.IsLarge,
    }};

    public static string ToCsv(IEnumerable<Bench.Contracts.Order{i}> orders) =>
        string.Join("\\n", orders.Select(o => string.Join(",", o.Id, o.Customer.Replace(",", " "), o.Total, o.PlacedAt.ToUnixTimeSeconds())));
}}
'''


def options(i):
    return f'''
namespace Bench.Configuration;

public sealed class Feature{i}Options
{{
    public const string Section = "Features:F{i}";

    public bool Enabled {{ get; set; }} = {"true" if i % 2 else "false"};

    public int MaxItems {{ get; set; }} = {10 + i};

    public TimeSpan Timeout {{ get; set; }} = TimeSpan.FromSeconds({5 + i % 30});

    public string[] AllowedOrigins {{ get; set; }} = [];
}}
'''


PROGRAM = '''
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Bench.Endpoints;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.SemanticKernel;
using OpenAI.Chat;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddControllers();
builder.Services.AddAuthorization();
builder.Services.AddRateLimiter(o => o.AddFixedWindowLimiter("fixed", w => { w.PermitLimit = 10; w.Window = TimeSpan.FromSeconds(1); }));
builder.Services.AddSingleton(new ChatClient("gpt-4o-mini", builder.Configuration["OpenAI:Key"] ?? throw new InvalidOperationException("OpenAI:Key")));
builder.Services.AddSingleton(sp => Kernel.CreateBuilder().AddOpenAIChatCompletion("gpt-4o-mini", builder.Configuration["OpenAI:Key"] ?? "").Build());
builder.Services.AddSingleton(new MLContext(seed: 1));
builder.Services.AddSingleton<ObjectPoolProvider, DefaultObjectPoolProvider>();

var app = builder.Build();
app.UseRateLimiter();
app.UseAuthorization();
app.MapControllers();
{maps}
app.Run();
'''

GENERATORS = {"minimal": minimal, "controller": controller, "chat": chat, "kernel": kernel, "model": model, "dto": dto,
              "validator": validator, "repository": repository, "mapper": mapper, "options": options}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("outdir")
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--analyzers", help="folder holding ThreatLint.Analyzers.dll and ThreatLint.Catalog.dll")
    args = parser.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    counts = {k: 0 for k in KINDS}
    # Program.cs is one file; the rest cycle through the kinds. Models and DTOs come first in each cycle so every
    # endpoint or service finds the types it names (Review{i}/Sentiment{i} by the minimal-API index, Question{i % 50}).
    n = max(args.files - 1, len(KINDS))
    for f in range(n):
        kind = KINDS[f % len(KINDS)]
        counts[kind] += 1
    # Each minimal-API file i uses Review{i}/Sentiment{i}: emit as many models as minimal files.
    counts["model"] = max(counts["model"], counts["minimal"])
    counts["dto"] = max(counts["dto"], 50, counts["validator"], counts["repository"], counts["mapper"])
    total = 1
    for kind in KINDS:
        folder = os.path.join(args.outdir, kind.capitalize())
        os.makedirs(folder, exist_ok=True)
        for i in range(counts[kind]):
            with open(os.path.join(folder, f"{kind.capitalize()}{i}.cs"), "w") as out:
                out.write(textwrap.dedent(GENERATORS[kind](i)).lstrip())
            total += 1
    maps = "\n".join(f"app.MapScoring{i}();" for i in range(counts["minimal"]))
    with open(os.path.join(args.outdir, "Program.cs"), "w") as out:
        out.write(PROGRAM.lstrip().replace("{maps}", maps))
    analyzers = ""
    if args.analyzers:
        analyzers = f'''
  <ItemGroup>
    <Analyzer Include="{args.analyzers}/ThreatLint.Analyzers.dll" />
    <Analyzer Include="{args.analyzers}/ThreatLint.Catalog.dll" />
  </ItemGroup>'''
    with open(os.path.join(args.outdir, "Bench.csproj"), "w") as out:
        out.write(f'''<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <RootNamespace>Bench</RootNamespace>
    <NoWarn>$(NoWarn);SKEXP0001;SKEXP0010;OPENAI001</NoWarn>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Microsoft.ML" Version="5.0.1" />
    <PackageReference Include="OpenAI" Version="2.15.0" />
    <PackageReference Include="Microsoft.SemanticKernel.Connectors.OpenAI" Version="1.82.0" />
  </ItemGroup>{analyzers}
</Project>
''')
    for name in ("Directory.Build.props", "Directory.Build.targets"):
        with open(os.path.join(args.outdir, name), "w") as out:
            out.write("<Project />\n")
    with open(os.path.join(args.outdir, "Directory.Packages.props"), "w") as out:
        out.write("<Project><PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>\n")
    print(f"{total} C# files in {args.outdir}")


if __name__ == "__main__":
    main()
