using ThreatLint.Findings;

namespace ThreatLint.Documents.Python;

/// <summary>
/// From offsets in a text the rules read (Python source, or the code and shell lines taken out of a notebook) to
/// 1-based lines and columns of the file. Columns count UTF-16 characters; a tab is one.
/// </summary>
internal sealed class PythonSourceMap
{
    private readonly TextLines _lines;
    private readonly int[]? _toFile;
    private readonly int _fileLength;
    private readonly Func<int, int, SourceSpan>? _spanOf;

    private PythonSourceMap(TextLines lines, int[]? toFile, int fileLength, Func<int, int, SourceSpan>? spanOf = null)
    {
        _lines = lines;
        _toFile = toFile;
        _fileLength = fileLength;
        _spanOf = spanOf;
    }

    /// <summary>The text is the file.</summary>
    public static PythonSourceMap Identity(string text) => new(new TextLines(text), null, text.Length);

    /// <summary>Character <c>i</c> of the text is character <c>toFile[i]</c> of <paramref name="file"/>.</summary>
    public static PythonSourceMap Mapped(string file, int[] toFile) => new(new TextLines(file), toFile, file.Length);

    /// <summary>Another text of the same file: character <c>i</c> is character <c>toFile[i]</c> of it (the lines are not counted again).</summary>
    public PythonSourceMap Remapped(int[] toFile) => new(_lines, toFile, _fileLength);

    /// <summary>Code held in another document (a Dockerfile's <c>python -c</c>): that document maps the ranges.</summary>
    public static PythonSourceMap Embedded(Func<int, int, SourceSpan> spanOf) => new(new TextLines(string.Empty), null, 0, spanOf);

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

    public (int Line, int Column) PositionOf(int offset) => _lines.PositionOf(FileOffset(offset));

    private int FileOffset(int offset)
    {
        if (_toFile is null)
        {
            return Math.Max(0, Math.Min(offset, _fileLength));
        }

        return _toFile.Length == 0 ? 0 : _toFile[Math.Max(0, Math.Min(offset, _toFile.Length - 1))];
    }
}
