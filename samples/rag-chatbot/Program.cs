using System.Text;
using Azure;
using Azure.Search.Documents;
using Azure.Search.Documents.Models;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using RagChatbot;

var builder = WebApplication.CreateBuilder(args);
var config = builder.Configuration;

// The OpenAI key comes from configuration (docker-compose.yml sets it for local runs).
var openAiKey = config["OpenAI:ApiKey"] ?? throw new InvalidOperationException("OpenAI:ApiKey is not set.");
builder.Services.AddKernel()
    .AddOpenAIChatCompletion(config["OpenAI:ChatModel"] ?? "gpt-4o-mini", openAiKey)
    .AddOpenAIEmbeddingGenerator(config["OpenAI:EmbeddingModel"] ?? "text-embedding-3-small", openAiKey);

// One index holds every chunk of every contract, whoever may read it.
builder.Services.AddSingleton(_ => new SearchClient(
    new Uri(config["Search:Endpoint"] ?? "https://contoso-legal.search.windows.net"),
    config["Search:Index"] ?? "contracts",
    new AzureKeyCredential(config["Search:ApiKey"] ?? throw new InvalidOperationException("Search:ApiKey is not set."))));

builder.Services.AddHealthChecks();

var app = builder.Build();

app.MapPost("/api/chat", async (
    ChatRequest request,
    Kernel kernel,
    SearchClient search,
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    CancellationToken cancellationToken) =>
{
    if (string.IsNullOrWhiteSpace(request.Question))
    {
        return Results.BadRequest(new { error = "question is required" });
    }

    // Retrieve: hybrid search over the whole index. Nothing restricts the chunks to what the caller may read.
    var vector = await embeddings.GenerateVectorAsync(request.Question, cancellationToken: cancellationToken);
    var options = new SearchOptions
    {
        Size = 5,
        VectorSearch = new() { Queries = { new VectorizedQuery(vector) { KNearestNeighborsCount = 5, Fields = { "contentVector" } } } },
    };
    var results = await search.SearchAsync<DocumentChunk>(request.Question, options, cancellationToken);

    var excerpts = new StringBuilder();
    await foreach (var result in results.Value.GetResultsAsync())
    {
        excerpts.Append("[").Append(result.Document.Title).Append("] ").AppendLine(result.Document.Content);
    }

    // Generate: the excerpts and the question go into the system message.
    var history = new ChatHistory();
    history.AddSystemMessage(
        $"""
        You are Contoso's contracts assistant. Answer only from these excerpts and cite their titles.
        {excerpts}
        The employee asks: {request.Question}
        """);
    history.AddUserMessage(request.Question);

    var chat = kernel.GetRequiredService<IChatCompletionService>();
    var settings = new OpenAIPromptExecutionSettings { MaxTokens = 400, Temperature = 0.1 };
    var answer = await chat.GetChatMessageContentAsync(history, settings, kernel, cancellationToken);
    return Results.Ok(new ChatAnswer(answer.Content ?? string.Empty));
});

app.MapHealthChecks("/healthz");

app.Run();
