using ThreatLint.Findings;

namespace ThreatLint.Documents.Dockerfile;

/// <summary>
/// One instruction (<c>RUN</c>, <c>FROM</c>…). Its <see cref="Text"/> is the logical line: the physical lines joined
/// without continuation characters and without the comment and blank lines between them, as BuildKit sees it;
/// <see cref="PositionOf"/> maps offsets in it back to the file. Heredoc bodies are not part of the text.
/// </summary>
public sealed class DockerInstruction
{
    private readonly LineMap _map;

    internal DockerInstruction(LogicalInstruction logical, ExpandedText? expandedArguments, IReadOnlyList<NameValue> nameValues)
    {
        var syntax = logical.Syntax;
        _map = logical.Map;
        Keyword = syntax.Keyword;
        Text = syntax.Text;
        KeywordOffset = syntax.KeywordOffset;
        (Line, Column) = _map.PositionOf(syntax.KeywordOffset);
        EndLine = logical.EndLine;
        Flags = syntax.Flags;
        ArgumentsOffset = syntax.ArgumentsOffset;
        Arguments = syntax.Arguments;
        Words = syntax.Words;
        ExecForm = syntax.ExecForm;
        Heredocs = logical.Heredocs;
        ExpandedArguments = expandedArguments;
        NameValues = nameValues;
    }

    /// <summary>The instruction keyword in upper case (<c>FROM</c>), whatever case it was written in.</summary>
    public string Keyword { get; }

    /// <summary>The logical text, from the keyword on.</summary>
    public string Text { get; }

    /// <summary>Offset of the keyword in <see cref="Text"/> (0 unless the first physical line held only a continuation).</summary>
    public int KeywordOffset { get; }

    /// <summary>1-based line of the keyword.</summary>
    public int Line { get; }

    /// <summary>1-based column of the keyword.</summary>
    public int Column { get; }

    /// <summary>The last line that belongs to the instruction, heredoc bodies and delimiters included.</summary>
    public int EndLine { get; }

    /// <summary>Flags before the arguments (<c>--platform</c>, <c>--from</c>, <c>--chown</c>, <c>--mount</c>, <c>--checksum</c>…).</summary>
    public IReadOnlyList<InstructionFlag> Flags { get; }

    /// <summary>Offset of <see cref="Arguments"/> in <see cref="Text"/>.</summary>
    public int ArgumentsOffset { get; }

    /// <summary>What follows the keyword and flags, as written (not substituted), trailing white space trimmed.</summary>
    public string Arguments { get; }

    /// <summary>The arguments split at white space outside quotes, with offsets.</summary>
    public IReadOnlyList<InstructionWord> Words { get; }

    /// <summary>The exec form (<c>["python", "serve.py"]</c>) of RUN, CMD, ENTRYPOINT, SHELL, ADD, COPY and VOLUME; null for the shell form.</summary>
    public IReadOnlyList<string>? ExecForm { get; }

    public bool IsExecForm => ExecForm is not null;

    /// <summary>The heredocs of RUN, COPY and ADD, in the order of their markers.</summary>
    public IReadOnlyList<Heredoc> Heredocs { get; }

    /// <summary>
    /// <see cref="Arguments"/> after static substitution, for the instructions Docker substitutes (FROM, USER, WORKDIR,
    /// COPY, ADD, EXPOSE, VOLUME, STOPSIGNAL); null for the others. FROM uses the global ARGs, the rest the stage's
    /// ARG and ENV (and the ENV inherited from a FROM stage) as they are at this instruction.
    /// </summary>
    public ExpandedText? ExpandedArguments { get; }

    /// <summary>The name/value pairs of ARG, ENV and LABEL; empty for other instructions.</summary>
    public IReadOnlyList<NameValue> NameValues { get; }

    /// <summary>The shell scripts of a RUN, CMD or ENTRYPOINT, parsed once on first use (see <see cref="RunScripts"/>).</summary>
    internal object? ScriptCache { get; set; }

    /// <summary>The first flag with this name (without dashes, case-insensitive), or null.</summary>
    public InstructionFlag? FindFlag(string name) =>
        Flags.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The file position of an offset in <see cref="Text"/>.</summary>
    public LinePosition PositionOf(int offset) => _map.PositionOf(offset);

    /// <summary>The file span of a range of <see cref="Text"/>; it may cover several lines.</summary>
    public SourceSpan SpanOf(int offset, int length)
    {
        var start = _map.PositionOf(offset);
        if (length <= 0)
        {
            return new SourceSpan(start.Line, start.Column, start.Line, start.Column);
        }

        var last = _map.PositionOf(offset + length - 1);
        return new SourceSpan(start.Line, start.Column, last.Line, last.Column + 1);
    }

    /// <summary>From the keyword to the end of the logical text.</summary>
    public SourceSpan Span => SpanOf(KeywordOffset, Text.TrimEnd().Length - KeywordOffset);

    public override string ToString() => Text;
}
