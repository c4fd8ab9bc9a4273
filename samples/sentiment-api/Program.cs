using System.ClientModel;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using OpenAI.Chat;
using SentimentApi;
using SentimentEngine = Microsoft.ML.PredictionEngine<SentimentApi.SentimentInput, SentimentApi.SentimentPrediction>;

var builder = WebApplication.CreateBuilder(args);

// The model is loaded once at startup. A PredictionEngine is not thread-safe, so each request
// borrows one from a pool instead of sharing a single instance.
var modelPath = Path.Combine(AppContext.BaseDirectory, builder.Configuration["Model:Path"] ?? "Models/sentiment.zip");
var mlContext = new MLContext();
var model = mlContext.Model.Load(modelPath, out _);
builder.Services.AddSingleton(new DefaultObjectPoolProvider().Create(new PredictionEnginePolicy(mlContext, model)));

// FAKE key, planted on purpose for the ThreatLint sample (rule TL5008): it is not a real
// credential and grants access to nothing. Real code reads the key from configuration or a vault.
builder.Services.AddSingleton(new ChatClient(
    builder.Configuration["OpenAI:Model"] ?? "gpt-4o-mini",
    new ApiKeyCredential("sk-proj-whyj296KA4X2O0uhZGUYmWKgo8IKxFZY3PwxOGvF")));

builder.Services.AddHealthChecks();

var app = builder.Build();

app.MapHealthChecks("/healthz");

app.MapPost("/api/sentiment", (SentimentRequest request, ObjectPool<SentimentEngine> engines) =>
{
    if (string.IsNullOrWhiteSpace(request.Text))
    {
        return Results.ValidationProblem(new Dictionary<string, string[]> { ["text"] = ["Text is required."] });
    }

    var engine = engines.Get();
    try
    {
        var prediction = engine.Predict(new SentimentInput { Text = request.Text });
        return Results.Ok(new SentimentResponse(prediction.PredictedLabel, prediction.Score));
    }
    finally
    {
        engines.Return(engine);
    }
});

app.MapPost("/api/explain", async (SentimentRequest request, ObjectPool<SentimentEngine> engines, ChatClient chat, CancellationToken cancellationToken) =>
{
    if (string.IsNullOrWhiteSpace(request.Text))
    {
        return Results.ValidationProblem(new Dictionary<string, string[]> { ["text"] = ["Text is required."] });
    }

    string label;
    var engine = engines.Get();
    try
    {
        label = engine.Predict(new SentimentInput { Text = request.Text }).PredictedLabel;
    }
    finally
    {
        engines.Return(engine);
    }

    ChatMessage[] messages =
    [
        new SystemChatMessage("You explain the output of a sentiment classifier to customer support agents, in two sentences at most."),
        new UserChatMessage($"Text: {request.Text}\nPredicted sentiment: {label}"),
    ];
    var options = new ChatCompletionOptions { MaxOutputTokenCount = 150 };
    ChatCompletion completion = await chat.CompleteChatAsync(messages, options, cancellationToken);
    return Results.Ok(new ExplainResponse(label, completion.Content[0].Text));
});

app.Run();

record SentimentRequest(string Text);

record SentimentResponse(string Label, float[] Score);

record ExplainResponse(string Label, string Explanation);

sealed class PredictionEnginePolicy(MLContext mlContext, ITransformer model) : IPooledObjectPolicy<SentimentEngine>
{
    public SentimentEngine Create() => mlContext.Model.CreatePredictionEngine<SentimentInput, SentimentPrediction>(model);

    public bool Return(SentimentEngine engine) => true;
}
