using ThreatLint.Analyzers.Rules;

namespace ThreatLint.Analyzers.Tests;

/// <summary>TL5009 raw-scores-returned.</summary>
public sealed class RawScoresReturnedTests
{
    private const string Usings = """
        using System.Linq;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.ML;
        using Microsoft.ML.Data;

        var app = WebApplication.CreateBuilder(args).Build();

        """;

    private const string Types = """

        public sealed class Ticket { public string Text { get; set; } = ""; }
        public sealed class TicketPrediction
        {
            [ColumnName("PredictedLabel")] public string Label { get; set; } = "";
            public float[] Score { get; set; } = [];
        }
        public sealed class Sentiment
        {
            [ColumnName("Probability")] public float[] Confidences { get; set; } = [];
        }
        """;

    private static Verify.AnalyzerVerification<RawScoresReturnedAnalyzer> Analyze(string program) =>
        Verify.Analyzer<RawScoresReturnedAnalyzer>(Usings + program + Types).AsProgram();

    [Test]
    public async Task Fires_on_the_prediction_returned_whole() => await Analyze("""
        app.MapPost("/a", (Ticket t, PredictionEngine<Ticket, TicketPrediction> engine) => {|TL5009:engine.Predict(t)|});
        app.MapPost("/b", (Ticket t, PredictionEngine<Ticket, TicketPrediction> engine) => Results.Ok({|TL5009:engine.Predict(t)|}));
        """);

    [Test]
    public async Task Fires_on_the_score_member_in_an_anonymous_object() => await Analyze("""
        app.MapPost("/a", (Ticket t, PredictionEngine<Ticket, TicketPrediction> engine) =>
        {
            var p = engine.Predict(t);
            return TypedResults.Ok(new { p.Label, Scores = {|TL5009:p.Score|} });
        });
        """);

    [Test]
    public async Task Fires_on_a_column_named_probability_in_a_controller() => await Analyze("""
        app.Run();

        public sealed class SentimentController(PredictionEngine<Ticket, Sentiment> engine) : ControllerBase
        {
            public IActionResult Post(Ticket t) => Ok({|TL5009:engine.Predict(t)|});
        }
        """);

    [Test]
    public async Task Silent_on_the_label_and_a_rounded_confidence() => await Analyze("""
        app.MapPost("/a", (Ticket t, PredictionEngine<Ticket, TicketPrediction> engine) =>
        {
            var p = engine.Predict(t);
            return Results.Ok(new { p.Label, Confidence = MathF.Round(p.Score.Max(), 1) });
        });
        """);

    [Test]
    public async Task Silent_off_request_paths() => await Analyze("""
        app.Run();

        sealed class Scorer(PredictionEngine<Ticket, TicketPrediction> engine)
        {
            public TicketPrediction Score(Ticket t) => engine.Predict(t);
        }
        """);

    [Test]
    public async Task Catalog_example_fails_once_and_its_fix_passes()
    {
        var example = Catalog.Rules.RawScoresReturned.Example!;

        var failing = await Verify.Diagnostics<RawScoresReturnedAnalyzer>(example.Failing);
        var passing = await Verify.Diagnostics<RawScoresReturnedAnalyzer>(example.Passing);

        Assert.That(failing.Select(d => d.Id), Is.EqualTo(new[] { "TL5009" }));
        Assert.Multiple(() =>
        {
            Assert.That(failing[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), Does.StartWith("Endpoint POST /classify returns the full score vector TicketPrediction.Score"));
            Assert.That(passing, Is.Empty);
        });
    }
}
