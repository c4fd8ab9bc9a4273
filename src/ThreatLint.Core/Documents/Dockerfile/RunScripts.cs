using System.Text;
using ThreatLint.Documents.Shell;
using ThreatLint.Findings;

namespace ThreatLint.Documents.Dockerfile;

public enum RunScriptSource
{
    /// <summary><c>RUN curl … | sh</c>: the arguments, as <c>/bin/sh -c</c> gets them.</summary>
    ShellForm,

    /// <summary><c>RUN ["sh", "-c", "…"]</c> or <c>CMD ["python", "serve.py"]</c>: the array as one command.</summary>
    ExecForm,

    /// <summary><c>RUN &lt;&lt;EOF</c> or <c>RUN bash &lt;&lt;EOF</c>: a heredoc body the shell runs.</summary>
    Heredoc,
}

/// <summary>A shell script a Dockerfile instruction runs, and the way from its offsets back to the file.</summary>
public sealed class RunScript
{
    private readonly Func<int, int, SourceSpan> _spanOf;

    internal RunScript(DockerInstruction instruction, ShellScript script, RunScriptSource source, Heredoc? heredoc, Func<int, int, SourceSpan> spanOf)
    {
        Instruction = instruction;
        Script = script;
        Source = source;
        Heredoc = heredoc;
        _spanOf = spanOf;
    }

    public DockerInstruction Instruction { get; }

    public ShellScript Script { get; }

    public RunScriptSource Source { get; }

    /// <summary>The heredoc whose body this is, for <see cref="RunScriptSource.Heredoc"/>.</summary>
    public Heredoc? Heredoc { get; }

    /// <summary>The file span of a range of <see cref="ShellScript.Text"/>.</summary>
    public SourceSpan SpanOf(int offset, int length) => _spanOf(offset, length);

    public SourceSpan SpanOf(ShellWord word) => SpanOf(word.Offset, word.Length);

    public SourceSpan SpanOf(ShellCommand command) => SpanOf(command.Offset, command.Length);

    /// <summary>From the start of <paramref name="first"/> to the end of <paramref name="last"/>.</summary>
    public SourceSpan SpanOf(ShellWord first, ShellWord last) =>
        SpanOf(first.Offset, Math.Max(first.Length, last.Offset + last.Length - first.Offset));

    public override string ToString() => Instruction.Keyword + " " + Script.Text;
}

/// <summary>
/// The shell scripts of RUN (and, separately, CMD and ENTRYPOINT): the shell form as written, the exec form as one
/// command (whose <c>sh -c</c> string the shell model parses), and the heredoc bodies that a shell runs — the body of
/// <c>RUN &lt;&lt;EOF</c> alone (unless a shebang names another interpreter) and of <c>RUN bash &lt;&lt;EOF</c>. A heredoc
/// fed to another program (<c>cat &lt;&lt;EOF &gt; file</c>, <c>python3 &lt;&lt;EOF</c>) is data, not a script.
/// </summary>
/// <remarks>
/// Decision: every script is read as POSIX sh, whatever a SHELL instruction says; PowerShell and cmd lines still
/// split into the commands, pipes and flags the rules look for. Scripts are parsed once per instruction and cached.
/// </remarks>
public static class RunScripts
{
    /// <summary>The scripts of every RUN, in file order.</summary>
    public static IEnumerable<RunScript> RunScriptsOf(this DockerfileDocument document) =>
        document.Instructions.Where(i => i.Keyword == "RUN").SelectMany(ScriptsOf);

    /// <summary>The scripts of every CMD and ENTRYPOINT, in file order.</summary>
    public static IEnumerable<RunScript> CommandScriptsOf(this DockerfileDocument document) =>
        document.Instructions.Where(i => i.Keyword is "CMD" or "ENTRYPOINT").SelectMany(ScriptsOf);

    /// <summary>The scripts of one RUN, CMD or ENTRYPOINT; empty for other instructions.</summary>
    public static IReadOnlyList<RunScript> ScriptsOf(this DockerInstruction instruction) =>
        instruction.Keyword is "RUN" or "CMD" or "ENTRYPOINT" ? ParsedOf(instruction).Scripts : [];

    /// <summary>
    /// The command of a shell-form RUN whose input a heredoc is (<c>python3 &lt;&lt;EOF</c>, <c>cat &lt;&lt;EOF &gt; f</c>;
    /// for <c>RUN &lt;&lt;EOF</c> alone, a command with no words), or null. A dictionary lookup: use it rather than
    /// searching every command's redirections per heredoc, which is quadratic on hostile files.
    /// </summary>
    public static ShellCommand? CommandFedBy(this DockerInstruction instruction, Heredoc heredoc) =>
        instruction.Keyword == "RUN" && ParsedOf(instruction).Owners.TryGetValue(heredoc.MarkerOffset - instruction.ArgumentsOffset, out var owner)
            ? owner
            : null;

    /// <summary>
    /// The instruction's parsed scripts, read on first use and kept on the instruction (every Dockerfile rule reads
    /// them; a field is much cheaper than a weak table). Two threads racing on one document both parse and one
    /// result wins: both are equal.
    /// </summary>
    private static Parsed ParsedOf(DockerInstruction instruction)
    {
        if (instruction.ScriptCache is Parsed parsed)
        {
            return parsed;
        }

        parsed = Read(instruction);
        instruction.ScriptCache = parsed;
        return parsed;
    }

    private static Parsed Read(DockerInstruction instruction)
    {
        if (instruction.ExecForm is { } exec)
        {
            return new Parsed([ExecFormScript(instruction, exec)], []);
        }

        var line = ShellScript.Parse(instruction.Arguments);
        var scripts = new List<RunScript>
        {
            new(instruction, line, RunScriptSource.ShellForm, null, (offset, length) => instruction.SpanOf(instruction.ArgumentsOffset + offset, length)),
        };
        if (instruction.Heredocs.Count == 0)
        {
            return new Parsed(scripts, []);
        }

        // The command each heredoc redirects, by the offset of its marker.
        var owners = new Dictionary<int, ShellCommand>();
        foreach (var command in line.Commands)
        {
            foreach (var redirection in command.Redirections.Where(r => r.IsHeredoc && !owners.ContainsKey(r.Offset)))
            {
                owners.Add(redirection.Offset, command);
            }
        }

        var readsStdin = new Dictionary<ShellCommand, bool>();
        foreach (var heredoc in instruction.Heredocs)
        {
            if (owners.TryGetValue(heredoc.MarkerOffset - instruction.ArgumentsOffset, out var owner) && IsScript(instruction, line, heredoc, owner, readsStdin))
            {
                scripts.Add(HeredocScript(instruction, heredoc));
            }
        }

        return new Parsed(scripts, owners);
    }

    private static bool IsScript(DockerInstruction instruction, ShellScript line, Heredoc heredoc, ShellCommand owner, Dictionary<ShellCommand, bool> readsStdin)
    {
        // BuildKit runs the body of a RUN that is nothing but one heredoc as the script itself.
        if (owner.Words.Count == 0 && line.Commands.Count == 1 && instruction.Heredocs.Count == 1)
        {
            var first = heredoc.Lines.Count == 0 ? string.Empty : heredoc.Lines[0].Text;
            return !first.StartsWith("#!", StringComparison.Ordinal) || ShebangIsShell(first);
        }

        if (!readsStdin.TryGetValue(owner, out var reads))
        {
            readsStdin[owner] = reads = owner.ReadsScriptFromStdin;
        }

        return reads;
    }

    private static bool ShebangIsShell(string line)
    {
        var words = ShellScript.Parse(line.Substring(2)).Commands.FirstOrDefault();
        return words is not null && words.IsShell;
    }

    private static RunScript HeredocScript(DockerInstruction instruction, Heredoc heredoc)
    {
        var starts = new int[heredoc.Lines.Count];
        var text = new StringBuilder();
        for (var i = 0; i < heredoc.Lines.Count; i++)
        {
            starts[i] = text.Length;
            text.Append(heredoc.Lines[i].Text).Append('\n');
        }

        LinePosition PositionOf(int offset)
        {
            if (heredoc.Lines.Count == 0)
            {
                return new(instruction.Line, instruction.Column);
            }

            var index = Array.BinarySearch(starts, offset);
            index = index >= 0 ? index : Math.Max(0, ~index - 1);
            var line = heredoc.Lines[index];
            return new(line.Line, line.Column + Math.Min(offset - starts[index], line.Text.Length));
        }

        return new RunScript(instruction, ShellScript.Parse(text.ToString()), RunScriptSource.Heredoc, heredoc, (offset, length) =>
        {
            var start = PositionOf(offset);
            var end = length <= 0 ? start : PositionOf(offset + length - 1);
            return new SourceSpan(start.Line, start.Column, end.Line, end.Column + (length <= 0 ? 0 : 1));
        });
    }

    /// <summary>
    /// The exec form as a command line whose every element is single-quoted, so the shell model sees the same words.
    /// Offsets map back into the JSON strings exactly when an element has no JSON escape and no quote; otherwise to
    /// the whole string.
    /// </summary>
    private static RunScript ExecFormScript(DockerInstruction instruction, IReadOnlyList<string> exec)
    {
        var tokens = JsonStringTokens(instruction.Arguments);
        var text = new StringBuilder();
        var elements = new List<(int Start, int End, int TokenStart, int TokenEnd, bool Exact)>();
        for (var i = 0; i < exec.Count; i++)
        {
            if (i > 0)
            {
                text.Append(' ');
            }

            var (tokenStart, tokenEnd) = tokens.Count == exec.Count ? tokens[i] : (0, instruction.Arguments.Length);
            var exact = tokens.Count == exec.Count && exec[i].IndexOf('\'') < 0 && tokenEnd - tokenStart == exec[i].Length + 2;
            var start = text.Length;
            text.Append('\'').Append(exec[i].Replace("'", "'\\''")).Append('\'');
            elements.Add((start, text.Length, tokenStart, tokenEnd, exact));
        }

        // The characters of the arguments that a character of the command line stands for.
        (int Start, int End) RangeOf(int offset)
        {
            if (elements.Count == 0)
            {
                return (0, instruction.Arguments.Length);
            }

            var element = elements.LastOrDefault(e => e.Start <= offset);
            if (!element.Exact)
            {
                return (element.TokenStart, element.TokenEnd);
            }

            var position = element.TokenStart + Math.Min(offset - element.Start, element.TokenEnd - element.TokenStart - 1);
            return (position, position + 1);
        }

        return new RunScript(instruction, ShellScript.Parse(text.ToString()), RunScriptSource.ExecForm, null, (offset, length) =>
        {
            var first = RangeOf(offset);
            var last = RangeOf(offset + Math.Max(length, 1) - 1);
            var end = length <= 0 ? first.Start : Math.Max(first.End, last.End);
            return instruction.SpanOf(instruction.ArgumentsOffset + first.Start, end - first.Start);
        });
    }

    /// <summary>An instruction's scripts, and for a shell-form RUN the command each heredoc marker redirects.</summary>
    private sealed record Parsed(IReadOnlyList<RunScript> Scripts, Dictionary<int, ShellCommand> Owners);

    /// <summary>Where each JSON string of an exec-form array is written, quotes included.</summary>
    private static List<(int Start, int End)> JsonStringTokens(string arguments)
    {
        var tokens = new List<(int, int)>();
        for (var i = 0; i < arguments.Length; i++)
        {
            if (arguments[i] != '"')
            {
                continue;
            }

            var start = i;
            for (i++; i < arguments.Length && arguments[i] != '"'; i++)
            {
                if (arguments[i] == '\\')
                {
                    i++;
                }
            }

            tokens.Add((start, Math.Min(i + 1, arguments.Length)));
        }

        return tokens;
    }
}
