namespace ThreatLint.Findings;

/// <summary>A 1-based range in a file. <see cref="EndLine"/>/<see cref="EndColumn"/> are inclusive-exclusive like Roslyn's.</summary>
public readonly record struct SourceSpan(int Line, int Column, int EndLine, int EndColumn)
{
    /// <summary>The start of a file, for findings about the file as a whole.</summary>
    public static SourceSpan FileStart { get; } = new(1, 1, 1, 1);

    public static SourceSpan At(int line, int column, int length) => new(line, column, line, column + Math.Max(length, 0));
}
