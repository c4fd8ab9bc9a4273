using ThreatLint.Findings;

namespace ThreatLint.Documents.Python;

/// <summary>
/// From offsets in a text the rules read (Python source, or the code and shell lines taken out of a notebook) to
/// 1-based lines and columns of the file. Columns count UTF-16 characters; a tab is one.
/// </summary>
internal sealed class PythonSourceMap
{
    private readonly int[] _lineStarts;
    private readonly int[]? _toFile;
    private readonly int _fileLength;
    private readonly Func<int, int, SourceSpan>? _spanOf;

    private PythonSourceMap(int[] lineStarts, int[]? toFile, int fileLength, Func<int, int, SourceSpan>? spanOf = null)
    {
        _lineStarts = lineStarts;
        _toFile = toFile;
        _fileLength = fileLength;
        _spanOf = spanOf;
    }

    /// <summary>The text is the file.</summary>
    public static PythonSourceMap Identity(string text) => new(LineStarts(text), null, text.Length);

    /// <summary>Character <c>i</c> of the text is character <c>toFile[i]</c> of <paramref name="file"/>.</summary>
    public static PythonSourceMap Mapped(string file, int[] toFile) => new(LineStarts(file), toFile, file.Length);

    /// <summary>Another text of the same file: character <c>i</c> is character <c>toFile[i]</c> of it (the lines are not counted again).</summary>
    public PythonSourceMap Remapped(int[] toFile) => new(_lineStarts, toFile, _fileLength);

    /// <summary>Code held in another document (a Dockerfile's <c>python -c</c>): that document maps the ranges.</summary>
    public static PythonSourceMap Embedded(Func<int, int, SourceSpan> spanOf) => new([0], null, 0, spanOf);

    public SourceSpan SpanOf(int offset, int length)
    {
        if (_spanOf is not null)
        {
            return _spanOf(offset, length);
        }

        var (line, column) = PositionOf(offset);
        if (length <= 0)
        {
            return new SourceSpan(line, column, line, column);
        }

        var (endLine, endColumn) = PositionOf(offset + length - 1);
        return endLine < line || (endLine == line && endColumn < column)
            ? new SourceSpan(line, column, line, column + 1)
            : new SourceSpan(line, column, endLine, endColumn + 1);
    }

    public (int Line, int Column) PositionOf(int offset)
    {
        var fileOffset = FileOffset(offset);
        var index = Array.BinarySearch(_lineStarts, fileOffset);
        index = index >= 0 ? index : ~index - 1;
        index = Math.Max(0, index);
        return (index + 1, fileOffset - _lineStarts[index] + 1);
    }

    private int FileOffset(int offset)
    {
        if (_toFile is null)
        {
            return Math.Max(0, Math.Min(offset, _fileLength));
        }

        return _toFile.Length == 0 ? 0 : _toFile[Math.Max(0, Math.Min(offset, _toFile.Length - 1))];
    }

    /// <summary>Where each line starts; <c>\r\n</c>, <c>\n</c> and a lone <c>\r</c> end lines.</summary>
    private static int[] LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
            {
                starts.Add(i + 1);
            }
        }

        return [.. starts];
    }
}
