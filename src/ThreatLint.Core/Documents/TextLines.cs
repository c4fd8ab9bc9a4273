using ThreatLint.Findings;

namespace ThreatLint.Documents;

/// <summary>
/// Where each line of a text starts, to turn character offsets into 1-based lines and columns. <c>\r\n</c>,
/// <c>\n</c> and a lone <c>\r</c> end lines. Shared by the documents that report positions from file offsets.
/// </summary>
internal sealed class TextLines
{
    private readonly int[] _starts;

    public TextLines(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
            {
                starts.Add(i + 1);
            }
        }

        _starts = [.. starts];
    }

    /// <summary>The 1-based line and column of a character offset (clamped to the text).</summary>
    public (int Line, int Column) PositionOf(int offset)
    {
        offset = Math.Max(0, offset);
        var index = Array.BinarySearch(_starts, offset);
        index = index >= 0 ? index : ~index - 1;
        return (index + 1, offset - _starts[index] + 1);
    }

    /// <summary>The 1-based line of a character offset.</summary>
    public int LineOf(int offset) => PositionOf(offset).Line;

    /// <summary>The range from offset <paramref name="from"/> to offset <paramref name="to"/> (exclusive).</summary>
    public SourceSpan SpanOf(int from, int to)
    {
        var (line, column) = PositionOf(from);
        var (endLine, endColumn) = PositionOf(to);
        return new SourceSpan(line, column, endLine, endColumn);
    }
}
