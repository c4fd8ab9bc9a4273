using ThreatLint.Findings;

namespace ThreatLint.Documents.Yaml;

/// <summary>The text of a YAML file and its line starts, shared by every node of the file.</summary>
internal sealed class YamlSource
{
    private readonly int[] _lineStarts;

    public YamlSource(string text, string? parsedText = null)
    {
        Text = text;
        ParsedText = parsedText ?? text;
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        _lineStarts = [.. starts];
    }

    public string Text { get; }

    /// <summary>The text the parser read: <see cref="Text"/> with template actions masked (same length), for mapping scalar values back.</summary>
    public string ParsedText { get; }

    public int LineCount => _lineStarts.Length;

    /// <summary>1-based line of a character offset.</summary>
    public int LineOf(int offset)
    {
        var index = Array.BinarySearch(_lineStarts, Math.Max(0, offset));
        return index >= 0 ? index + 1 : ~index;
    }

    public SourceSpan SpanOf(int from, int to)
    {
        var line = LineOf(from);
        var endLine = LineOf(to);
        return new SourceSpan(line, from - _lineStarts[line - 1] + 1, endLine, to - _lineStarts[endLine - 1] + 1);
    }

    /// <summary>The offset of the first character of a 1-based line.</summary>
    public int LineStart(int line) => _lineStarts[Math.Max(1, Math.Min(line, _lineStarts.Length)) - 1];
}
