using ThreatLint.Findings;

namespace ThreatLint.Documents.Yaml;

/// <summary>The text of a YAML file and its lines, shared by every node of the file.</summary>
internal sealed class YamlSource
{
    private readonly TextLines _lines;

    public YamlSource(string text, string? parsedText = null)
    {
        Text = text;
        ParsedText = parsedText ?? text;
        _lines = new TextLines(text);
    }

    public string Text { get; }

    /// <summary>The text the parser read: <see cref="Text"/> with template actions masked (same length), for mapping scalar values back.</summary>
    public string ParsedText { get; }

    /// <summary>1-based line of a character offset.</summary>
    public int LineOf(int offset) => _lines.LineOf(offset);

    public SourceSpan SpanOf(int from, int to) => _lines.SpanOf(from, to);
}
