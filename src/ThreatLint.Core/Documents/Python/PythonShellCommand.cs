using ThreatLint.Documents.Shell;
using ThreatLint.Findings;

namespace ThreatLint.Documents.Python;

/// <summary>
/// A shell line of a notebook (<c>!pip install …</c>, <c>!huggingface-cli download …</c>) or the body of a
/// <c>%%bash</c> / <c>%%sh</c> cell, parsed by the shell model, with the way back to the notebook file.
/// </summary>
public sealed class PythonShellCommand
{
    private readonly PythonSourceMap _map;

    internal PythonShellCommand(ShellScript script, PythonSourceMap map)
    {
        Script = script;
        _map = map;
    }

    public ShellScript Script { get; }

    /// <summary>The file span of a range of <see cref="ShellScript.Text"/>.</summary>
    public SourceSpan SpanOf(int offset, int length) => _map.SpanOf(offset, length);

    public SourceSpan SpanOf(ShellWord word) => SpanOf(word.Offset, word.Length);

    public override string ToString() => "!" + Script.Text;
}
