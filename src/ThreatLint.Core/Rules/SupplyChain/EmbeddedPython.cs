using ThreatLint.Documents;
using ThreatLint.Documents.Dockerfile;
using ThreatLint.Documents.Python;
using ThreatLint.Documents.Shell;
using ThreatLint.Findings;

namespace ThreatLint.Rules.SupplyChain;

/// <summary>
/// The Python that RUN instructions carry — <c>python3 -c '…'</c> and heredocs fed to Python
/// (<c>python3 &lt;&lt;EOF</c>, or <c>RUN &lt;&lt;EOF</c> with a python shebang) — so that a model pulled while the image
/// is built is judged like one pulled by a script. Positions are exact in heredocs and in a quoted <c>-c</c> string
/// without escapes; otherwise a finding points at the whole string.
/// </summary>
internal static class EmbeddedPython
{
    /// <summary>The Python of every RUN, parsed once per document and shared by the rules that read it (TL1010–TL1012).</summary>
    public static IEnumerable<PythonDocument> Of(DockerfileDocument document) =>
        document.Derived(DocumentKey, d => new MemoizedSequence<PythonDocument>(Read(d)));

    private static readonly object DocumentKey = new();

    private static IEnumerable<PythonDocument> Read(DockerfileDocument document)
    {
        foreach (var instruction in document.Instructions.Where(i => i.Keyword == "RUN"))
        {
            var scripts = instruction.ScriptsOf();
            foreach (var script in scripts)
            {
                foreach (var command in script.Script.Commands.Where(IsPython))
                {
                    if (command.FindFlags("-c").FirstOrDefault() is { ValueWord: { } word })
                    {
                        yield return PythonDocument.ParseEmbedded(word.Text, SpanMap(script, word));
                    }
                }
            }

            if (scripts.Any(s => s.Source == RunScriptSource.ShellForm))
            {
                foreach (var heredoc in PythonHeredocs(instruction))
                {
                    yield return Heredoc(instruction, heredoc);
                }
            }
        }
    }

    private static bool IsPython(ShellCommand command) =>
        command.Name.StartsWith("python", StringComparison.Ordinal) && command.Name.Skip(6).All(c => char.IsDigit(c) || c == '.');

    /// <summary>Exact offsets when the word is one quoted string with nothing escaped; else the whole word.</summary>
    private static Func<int, int, SourceSpan> SpanMap(RunScript script, ShellWord word)
    {
        var raw = word.Raw;
        var exact = word.Length == raw.Length && raw.Length == word.Text.Length + 2 && raw[0] is '\'' or '"' && raw[raw.Length - 1] == raw[0]
            && string.CompareOrdinal(raw, 1, word.Text, 0, word.Text.Length) == 0;
        return exact ? (offset, length) => script.SpanOf(word.Offset + 1 + offset, length) : (_, _) => script.SpanOf(word);
    }

    /// <summary>Heredocs whose body Python runs: fed to a python command, or the whole RUN with a python shebang.</summary>
    private static IEnumerable<Heredoc> PythonHeredocs(DockerInstruction instruction)
    {
        foreach (var heredoc in instruction.Heredocs)
        {
            var owner = instruction.CommandFedBy(heredoc);
            var shebang = heredoc.Lines.Count > 0 && heredoc.Lines[0].Text.StartsWith("#!", StringComparison.Ordinal)
                && heredoc.Lines[0].Text.IndexOf("python", StringComparison.Ordinal) > 0;
            if ((owner is not null && IsPython(owner) && !owner.HasFlag("-c")) || (owner is { Words.Count: 0 } && shebang))
            {
                yield return heredoc;
            }
        }
    }

    private static PythonDocument Heredoc(DockerInstruction instruction, Heredoc heredoc)
    {
        var starts = new int[heredoc.Lines.Count];
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < heredoc.Lines.Count; i++)
        {
            starts[i] = text.Length;
            text.Append(heredoc.Lines[i].Text).Append('\n');
        }

        (int Line, int Column) PositionOf(int offset)
        {
            if (heredoc.Lines.Count == 0)
            {
                return (instruction.Line, instruction.Column);
            }

            var index = Array.BinarySearch(starts, offset);
            index = index >= 0 ? index : Math.Max(0, ~index - 1);
            var line = heredoc.Lines[index];
            return (line.Line, line.Column + Math.Min(offset - starts[index], line.Text.Length));
        }

        return PythonDocument.ParseEmbedded(text.ToString(), (offset, length) =>
        {
            var start = PositionOf(offset);
            var end = length <= 0 ? start : PositionOf(offset + length - 1);
            return new SourceSpan(start.Line, start.Column, end.Line, end.Column + (length <= 0 ? 0 : 1));
        });
    }
}
