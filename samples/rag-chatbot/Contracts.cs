namespace RagChatbot;

/// <summary>A question from the chat UI.</summary>
public sealed record ChatRequest(string Question);

/// <summary>The assistant's answer.</summary>
public sealed record ChatAnswer(string Answer);

/// <summary>One chunk of a contract as stored in the search index (see ingest/ingest.py).</summary>
public sealed class DocumentChunk
{
    public string Id { get; set; } = string.Empty;

    public string Title { get; set; } = string.Empty;

    public string Content { get; set; } = string.Empty;

    /// <summary>The group allowed to read the source document. Set at ingestion, never used at query time.</summary>
    public string AllowedGroup { get; set; } = string.Empty;
}
