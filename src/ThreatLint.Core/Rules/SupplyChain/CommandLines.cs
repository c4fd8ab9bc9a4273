using ThreatLint.Documents;
using ThreatLint.Documents.Dockerfile;
using ThreatLint.Documents.Python;
using ThreatLint.Documents.Shell;
using ThreatLint.Findings;

namespace ThreatLint.Rules.SupplyChain;

/// <summary>
/// One command line the supply-chain rules read: the words of a shell command with the file span of each, where it
/// comes from (<c>RUN</c>, <c>CMD</c>, <c>ENTRYPOINT</c>, a notebook's <c>!</c> line) and the order it runs in.
/// The exec-form ENTRYPOINT and CMD that a container runs are one line (<c>ENTRYPOINT ["vllm", "serve"]</c> +
/// <c>CMD ["org/model"]</c>).
/// </summary>
internal sealed class CommandLine
{
    private readonly Func<ShellWord, SourceSpan> _spanOf;
    private string[]? _baseNames;

    public CommandLine(string source, int order, int stage, ShellCommand command, IReadOnlyList<ShellWord> words, Func<ShellWord, SourceSpan> spanOf)
    {
        Source = source;
        Order = order;
        Stage = stage;
        Command = command;
        Words = words;
        _spanOf = spanOf;
    }

    /// <summary><c>RUN</c>, <c>CMD</c>, <c>ENTRYPOINT</c> or <c>!</c> (a notebook shell line).</summary>
    public string Source { get; }

    /// <summary>Position among the instructions (Dockerfile) or shell lines (notebook): what runs later has a larger one.</summary>
    public int Order { get; }

    /// <summary>The index of the Dockerfile build stage the line belongs to; -1 for notebooks.</summary>
    public int Stage { get; }

    /// <summary>The (first) command the words belong to.</summary>
    public ShellCommand Command { get; }

    public IReadOnlyList<ShellWord> Words { get; }

    /// <summary>The file span of the word at <paramref name="index"/> (worked out on demand: a line may have many words).</summary>
    public SourceSpan SpanAt(int index) => _spanOf(Words[index]);

    /// <summary>The file span of a word of the line, or of an assignment before its command.</summary>
    public SourceSpan SpanOf(ShellWord word) => _spanOf(word);

    /// <summary>The line the command starts on.</summary>
    public int Line => Words.Count > 0 ? SpanAt(0).Line : 0;

    /// <summary>Index of the word <paramref name="name"/> (a program, by base name) followed by <paramref name="subcommand"/>; -1 when absent.</summary>
    public int IndexOfProgram(string name, string? subcommand = null)
    {
        // The rules ask each line for several programs (git, hf, huggingface-cli, vllm, ollama…): the words' base
        // names are worked out once per line.
        var names = _baseNames ??= BaseNames(Words);
        for (var i = 0; i < names.Length; i++)
        {
            if (names[i] == name
                && (subcommand is null || (i + 1 < Words.Count && Words[i + 1].Text == subcommand)))
            {
                return i;
            }
        }

        return -1;
    }

    private static string[] BaseNames(IReadOnlyList<ShellWord> words)
    {
        var names = new string[words.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = ShellCommandNames.BaseName(words[i].Text);
        }

        return names;
    }

    /// <summary>
    /// The value of the first of the flags named (<c>--flag value</c> or <c>--flag=value</c>), the word that holds it
    /// and its index; null when none is present.
    /// </summary>
    public (string Value, int Index)? Flag(params string[] names)
    {
        for (var i = 0; i < Words.Count; i++)
        {
            var text = Words[i].Text;
            foreach (var name in names)
            {
                if (text == name && i + 1 < Words.Count)
                {
                    return (Words[i + 1].Text, i + 1);
                }

                if (text.Length > name.Length && text[name.Length] == '=' && text.StartsWith(name, StringComparison.Ordinal))
                {
                    return (text.Substring(name.Length + 1), i);
                }
            }
        }

        return null;
    }

    public bool HasWord(string text) => Words.Any(w => w.Text == text);

    /// <summary>The command lines of every command of a script (nested ones included), in text order.</summary>
    public static IEnumerable<CommandLine> Of(ShellScript script, string source, int order, int stage, Func<ShellWord, SourceSpan> spanOf) =>
        script.Commands.Where(c => c.Kind == ShellCommandKind.Simple && c.Words.Count > 0)
            .Select(c => new CommandLine(source, order, stage, c, c.Words, spanOf));

    /// <summary>The command lines of a notebook's shell lines and shell cells.</summary>
    public static IEnumerable<CommandLine> Of(PythonDocument notebook) =>
        notebook.ShellCommands.SelectMany((shell, index) => Of(shell.Script, "!", index, -1, shell.SpanOf));

    /// <summary>
    /// The command lines of a Dockerfile: every RUN of every stage (a build stage may download what the final one
    /// copies), and the ENTRYPOINT and CMD the final stage runs (its own or those it inherits from a FROM stage).
    /// </summary>
    public static IEnumerable<CommandLine> Of(DockerfileDocument document) =>
        document.Derived(DocumentKey, d => new MemoizedSequence<CommandLine>(Read(d)));

    /// <summary>Identifies the command lines among a document's shared analyses.</summary>
    private static readonly object DocumentKey = new();

    private static IEnumerable<CommandLine> Read(DockerfileDocument document)
    {
        var order = new Dictionary<DockerInstruction, int>();
        for (var i = 0; i < document.Instructions.Count; i++)
        {
            order[document.Instructions[i]] = i;
        }

        var stages = new Dictionary<DockerInstruction, int>();
        foreach (var stage in document.Stages)
        {
            foreach (var instruction in stage.Instructions)
            {
                stages[instruction] = stage.Index;
            }
        }

        int StageOf(DockerInstruction instruction) => stages.TryGetValue(instruction, out var index) ? index : -1;

        foreach (var script in document.RunScriptsOf())
        {
            foreach (var line in Of(script.Script, "RUN", order[script.Instruction], StageOf(script.Instruction), script.SpanOf))
            {
                yield return line;
            }
        }

        var (entrypoint, cmd) = ContainerCommand(document);
        var joined = entrypoint is { IsExecForm: true } && cmd is not null ? Join(entrypoint, cmd, order, StageOf(cmd)) : null;
        if (joined is not null)
        {
            yield return joined;
        }

        foreach (var instruction in new[] { entrypoint, cmd })
        {
            if (instruction is null)
            {
                continue;
            }

            foreach (var script in instruction.ScriptsOf())
            {
                // The top command of a joined exec form is in the joined line; its nested scripts (sh -c) are not.
                var lines = Of(script.Script, instruction.Keyword, order[instruction], StageOf(instruction), script.SpanOf);
                foreach (var line in joined is null ? lines : lines.Where(l => l.Command.Depth > 0))
                {
                    yield return line;
                }
            }
        }
    }

    /// <summary>The ENTRYPOINT and CMD in effect at the end of the final stage, or null.</summary>
    private static (DockerInstruction? Entrypoint, DockerInstruction? Cmd) ContainerCommand(DockerfileDocument document)
    {
        DockerInstruction? entrypoint = null, cmd = null;
        for (var stage = document.FinalStage; stage is not null && (entrypoint is null || cmd is null); stage = stage.BaseStage)
        {
            entrypoint ??= stage.Instructions.LastOrDefault(i => i.Keyword == "ENTRYPOINT");
            cmd ??= stage.Instructions.LastOrDefault(i => i.Keyword == "CMD");
        }

        return (entrypoint, cmd);
    }

    private static CommandLine? Join(DockerInstruction entrypoint, DockerInstruction cmd, Dictionary<DockerInstruction, int> order, int stage)
    {
        var first = entrypoint.ScriptsOf().FirstOrDefault();
        var second = cmd.ScriptsOf().FirstOrDefault();
        var head = first?.Script.Commands.FirstOrDefault(c => c.Depth == 0);
        var tail = second?.Script.Commands.FirstOrDefault(c => c.Depth == 0);
        if (first is null || second is null || head is null || tail is null)
        {
            return null;
        }

        var words = head.Words.Concat(tail.Words).ToList();
        var fromCmd = new HashSet<ShellWord>(tail.Words);
        return new CommandLine("CMD", order[cmd], stage, head, words, w => fromCmd.Contains(w) ? second.SpanOf(w) : first.SpanOf(w));
    }
}
