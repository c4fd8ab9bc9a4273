namespace ThreatLint.Documents.Dockerfile;

/// <summary>
/// Maps offsets in an instruction's logical text (its physical lines joined without the continuation characters
/// and without the comment and blank lines in between) back to lines and columns of the file.
/// </summary>
internal sealed class LineMap
{
    private readonly List<(int Offset, int Line, int Column)> _segments;
    private readonly int _length;

    /// <param name="segments">For every physical line that contributed text: where its text starts in the logical
    /// text, its line, and the column of its first contributed character; in order.</param>
    /// <param name="length">Length of the logical text.</param>
    public LineMap(List<(int Offset, int Line, int Column)> segments, int length)
    {
        _segments = segments;
        _length = length;
    }

    public LinePosition PositionOf(int offset)
    {
        offset = Math.Max(0, Math.Min(offset, _length));
        int low = 0, high = _segments.Count - 1;
        while (low < high)
        {
            // The last segment that starts at or before the offset; empty segments give way to the next one.
            var mid = (low + high + 1) / 2;
            if (_segments[mid].Offset <= offset)
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        var segment = _segments[low];
        return new LinePosition(segment.Line, segment.Column + offset - segment.Offset);
    }
}
