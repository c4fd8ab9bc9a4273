using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using ThreatLint.Analyzers.Rules;

namespace ThreatLint.Analyzers.Tests;

/// <summary>
/// The name-based fallbacks (UnresolvedImports): when the AI/ML packages a file imports are not referenced — the CLI
/// on a repository that was never restored — the rules still report what the names say, at lower confidence; with
/// the packages referenced they report from symbols, with no confidence property, and the fallbacks stay silent.
/// </summary>
public sealed class PartialCompilationTests
{
    private const string Program = """
        using System.ClientModel;
        using Microsoft.ML;
        using OpenAI.Chat;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddSingleton(new ChatClient("gpt-4o-mini", new ApiKeyCredential("sk-proj-whyj296KA4X2O0uhZGUYmWKgo8IKxFZY3PwxOGvF")));
        var app = builder.Build();
        app.MapPost("/classify", (Ticket ticket, PredictionEngine<Ticket, Prediction> engine) =>
        {
            var prediction = engine.Predict(ticket);
            return Results.Ok(new Scored(prediction.Label, prediction.Score));
        });
        app.MapPost("/ask", async (string question, ChatClient chat) => (await chat.CompleteChatAsync(question)).Value.Content[0].Text);
        app.MapGet("/health", () => "ok");
        app.Run();

        sealed record Scored(string Label, float[] Score);
        public sealed class Ticket { public string Text { get; set; } = ""; }
        public sealed class Prediction { public string Label { get; set; } = ""; public float[] Score { get; set; } = []; }
        """;

    private const string WebUsings = """
        global using System;
        global using System.Threading.Tasks;
        global using Microsoft.AspNetCore.Builder;
        global using Microsoft.AspNetCore.Http;
        global using Microsoft.Extensions.DependencyInjection;
        """;

    [Test]
    public async Task Unresolved_packages_still_yield_the_findings_by_name_at_lower_confidence()
    {
        var diagnostics = await Analyze(Program, withPackages: false);

        Assert.That(
            diagnostics.Select(d => $"{d.Id}@{d.Location.GetLineSpan().StartLinePosition.Line + 1} {Confidence(d)}"),
            Is.EquivalentTo(new[]
            {
                "TL5008@6 low", "TL5001@8 low", "TL5002@8 low", "TL5009@11 medium", "TL5001@13 low", "TL5002@13 low", "TL5007@13 low",
            }));
    }

    [Test]
    public async Task Resolved_packages_yield_the_findings_from_symbols_with_no_confidence_property()
    {
        var diagnostics = await Analyze(Program, withPackages: true);

        Assert.Multiple(() =>
        {
            Assert.That(
                diagnostics.Select(d => $"{d.Id}@{d.Location.GetLineSpan().StartLinePosition.Line + 1}"),
                Is.EquivalentTo(new[] { "TL5008@6", "TL5001@8", "TL5002@8", "TL5009@11", "TL5001@13", "TL5002@13", "TL5007@13" }));
            Assert.That(diagnostics.Select(Confidence), Is.All.EqualTo("high"));
        });
    }

    [Test]
    public async Task Types_of_the_same_names_that_resolve_are_not_taken_for_the_SDKs()
    {
        // The project's own ChatClient and ApiKeyCredential (no SDK imported): nothing is unresolved, nothing is guessed.
        var diagnostics = await Analyze("""
            var app = WebApplication.CreateBuilder(args).Build();
            app.MapPost("/ask", (string question, ChatClient chat) => chat.CompleteChat(question));
            var credential = new ApiKeyCredential("sk-proj-whyj296KA4X2O0uhZGUYmWKgo8IKxFZY3PwxOGvF");
            app.Run();

            sealed class ChatClient { public string CompleteChat(string q) => q; }
            sealed class ApiKeyCredential(string key) { public string Key { get; } = key; }
            """, withPackages: false);

        Assert.That(diagnostics, Is.Empty);
    }

    [Test]
    public async Task An_unresolved_type_of_another_name_is_not_an_inference_call()
    {
        var diagnostics = await Analyze("""
            using Microsoft.ML;

            var app = WebApplication.CreateBuilder(args).Build();
            app.MapPost("/classify", (string text, TextNormalizer normalizer) => normalizer.Predict(text));
            app.Run();
            """, withPackages: false);

        Assert.That(diagnostics, Is.Empty);
    }

    internal static string Confidence(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue("confidence", out var value) && value is not null ? value : "high";

    internal static async Task<ImmutableArray<Diagnostic>> Analyze(string program, bool withPackages)
    {
        // Without packages: the runtime and ASP.NET Core only, as the CLI compiles a repository that was never restored.
        var references = withPackages
            ? TestReferences.All
            : [.. TestReferences.All.Where(r => Path.GetFileName(r.Display) is { } name
                && !name.StartsWith("Microsoft.ML", StringComparison.Ordinal)
                && !name.StartsWith("OpenAI", StringComparison.Ordinal)
                && !name.StartsWith("System.ClientModel", StringComparison.Ordinal)
                && !name.StartsWith("Azure", StringComparison.Ordinal)
                && !name.StartsWith("Microsoft.SemanticKernel", StringComparison.Ordinal)
                && !name.StartsWith("Microsoft.Extensions.AI", StringComparison.Ordinal)
                && !name.StartsWith("Microsoft.Extensions.VectorData", StringComparison.Ordinal)
                && !name.StartsWith("Newtonsoft", StringComparison.Ordinal))];
        var compilation = CSharpCompilation.Create(
            "Partial",
            [CSharpSyntaxTree.ParseText(program, path: "Program.cs"), CSharpSyntaxTree.ParseText(WebUsings, path: "Usings.cs")],
            references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        if (withPackages)
        {
            Assert.That(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error), Is.Empty, "the program must compile with its packages");
        }

        var analyzers = typeof(Descriptors).Assembly.GetTypes()
            .Where(t => t.IsDefined(typeof(DiagnosticAnalyzerAttribute), inherit: false))
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
        return await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync();
    }
}
