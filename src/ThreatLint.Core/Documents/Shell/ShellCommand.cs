namespace ThreatLint.Documents.Shell;

/// <summary>
/// One command of a script: a simple command (<c>FOO=1 sudo curl -k URL &gt; out</c>) or a compound one (subshell,
/// group, if, loop, case, function) whose commands are in <see cref="Body"/>. Commands nested in substitutions,
/// compound bodies, <c>sh -c</c> strings and shell heredocs are commands too, with <see cref="Parent"/> set.
/// </summary>
public sealed class ShellCommand
{
    private readonly List<ShellWord> _words = [];
    // Most commands have no assignments, redirections or body: those lists are made on first use.
    private List<ShellAssignment>? _assignments;
    private List<ShellRedirection>? _redirections;
    private List<ShellCommand>? _body;
    private int _nameIndex = -2;
    private IReadOnlyList<ShellWord>? _arguments;
    private string? _text;
    private string? _name;

    internal ShellCommand(ShellCommandKind kind, int depth, int reparseLevel)
    {
        Kind = kind;
        Depth = depth;
        ReparseLevel = reparseLevel;
    }

    public ShellCommandKind Kind { get; internal set; }

    /// <summary>All words, the wrappers (<c>sudo</c>, <c>env</c>…) included; for a compound command its header words (<c>for x in a b</c>).</summary>
    public IReadOnlyList<ShellWord> Words => _words;

    /// <summary>The <c>NAME=value</c> words before the command.</summary>
    public IReadOnlyList<ShellAssignment> Assignments => (IReadOnlyList<ShellAssignment>?)_assignments ?? [];

    public IReadOnlyList<ShellRedirection> Redirections => (IReadOnlyList<ShellRedirection>?)_redirections ?? [];

    /// <summary>For a compound command its commands; for a shell running a <c>-c</c> string or a heredoc, that script's.</summary>
    public IReadOnlyList<ShellCommand> Body => (IReadOnlyList<ShellCommand>?)_body ?? [];

    /// <summary>0 at the top of the script, one more for every substitution, body or nested script around it.</summary>
    public int Depth { get; }

    /// <summary>The command that contains this one, or null at the top.</summary>
    public ShellCommand? Parent { get; internal set; }

    public ShellNesting Nesting { get; internal set; }

    public ShellPipeline Pipeline { get; internal set; } = null!;

    /// <summary>0-based position in <see cref="Pipeline"/>.</summary>
    public int PositionInPipeline { get; internal set; }

    /// <summary>What follows: <see cref="ShellConnector.Pipe"/> inside a pipeline, else what follows the pipeline.</summary>
    public ShellConnector Connector { get; internal set; }

    /// <summary>Offset of the command in the parsed text.</summary>
    public int Offset { get; internal set; }

    public int Length { get; internal set; }

    internal int ReparseLevel { get; }

    /// <summary>Shell options that take the next word as their value.</summary>
    internal static string[] ShellFlagsWithValue { get; } = ["-o", "-O", "--rcfile", "--init-file"];

    /// <summary>The command that reads this one's standard output, or null.</summary>
    public ShellCommand? PipesTo =>
        Connector == ShellConnector.Pipe && PositionInPipeline + 1 < Pipeline.Commands.Count ? Pipeline.Commands[PositionInPipeline + 1] : null;

    /// <summary>The command whose standard output this one reads, or null.</summary>
    public ShellCommand? PipedFrom => PositionInPipeline > 0 ? Pipeline.Commands[PositionInPipeline - 1] : null;

    /// <summary>Index in <see cref="Words"/> of the program that runs, past <c>sudo</c>, <c>env VAR=x</c>, <c>time</c>, <c>nohup</c>, <c>exec</c>, <c>command</c>…; -1 when none.</summary>
    public int NameIndex => _nameIndex == -2 ? _nameIndex = Kind == ShellCommandKind.Simple ? ShellCommandNames.FindName(_words) : -1 : _nameIndex;

    public ShellWord? NameWord => NameIndex < 0 ? null : _words[NameIndex];

    /// <summary>The program's base name (<c>/usr/bin/curl</c> is <c>curl</c>, <c>curl.exe</c> too); empty when there is none.</summary>
    public string Name => _name ??= NameWord is { } word ? ShellCommandNames.BaseName(word.Text) : string.Empty;

    /// <summary>True when the program is a POSIX-family shell: sh, bash, dash, zsh, ash, ksh, mksh.</summary>
    public bool IsShell => Name is "sh" or "bash" or "dash" or "zsh" or "ash" or "ksh" or "mksh";

    /// <summary>For a shell run with <c>-c</c> (also <c>-ec</c>, <c>-lc</c>…): the word holding the script, else null.</summary>
    public ShellWord? ShellString =>
        IsShell && HasFlag("-c") ? Positionals(ShellFlagsWithValue).FirstOrDefault() : null;

    /// <summary>True for a shell that reads its script from standard input: <c>sh</c>, <c>bash -s -- arg</c>, <c>sudo bash -</c>.</summary>
    public bool ReadsScriptFromStdin =>
        IsShell && !HasFlag("-c") && (HasFlag("-s") || Positionals(ShellFlagsWithValue) is var operands && (operands.Count == 0 || operands[0].Text == "-"));

    /// <summary>The words after <see cref="Name"/>.</summary>
    public IReadOnlyList<ShellWord> Arguments => _arguments ??= NameIndex < 0 ? [] : _words.GetRange(NameIndex + 1, _words.Count - NameIndex - 1);

    /// <summary>
    /// Every occurrence among the arguments of the flags named, up to <c>--</c>: <c>-k</c> also in clusters such as
    /// <c>-fsSLk</c>, <c>--name</c> also as <c>--name=value</c>. Short names are case-sensitive.
    /// </summary>
    public IEnumerable<ShellFlag> FindFlags(params string[] names)
    {
        var arguments = Arguments;
        for (var i = 0; i < arguments.Count; i++)
        {
            var text = arguments[i].Text;
            if (text == "--")
            {
                yield break;
            }

            if (text.Length < 2 || text[0] != '-')
            {
                continue;
            }

            var next = i + 1 < arguments.Count ? arguments[i + 1] : null;
            foreach (var name in names)
            {
                if (FindFlag(name, arguments[i], next) is { } flag)
                {
                    yield return flag;
                }
            }
        }
    }

    public bool HasFlag(params string[] names) => FindFlags(names).Any();

    /// <summary>The value of the first of the flags found, or null.</summary>
    public string? FlagValue(params string[] names) => FindFlags(names).FirstOrDefault()?.Value;

    /// <summary>
    /// The arguments that are not flags: a word that starts with <c>-</c> is a flag, and the flags named here take
    /// the next word as their value (also at the end of a cluster, <c>-qO</c>); every word after <c>--</c> counts.
    /// </summary>
    public IReadOnlyList<ShellWord> Positionals(params string[] flagsWithValue)
    {
        var result = new List<ShellWord>();
        var arguments = Arguments;
        var endOfFlags = false;
        for (var i = 0; i < arguments.Count; i++)
        {
            var text = arguments[i].Text;
            if (endOfFlags || text.Length < 2 || text[0] != '-')
            {
                result.Add(arguments[i]);
            }
            else if (text == "--")
            {
                endOfFlags = true;
            }
            else if (TakesNextWord(text, flagsWithValue))
            {
                i++;
            }
        }

        return result;
    }

    /// <summary>The assignments and words as text, single-spaced: stable evidence for fingerprints. Computed once.</summary>
    public override string ToString()
    {
        if (_text is null)
        {
            var parts = Assignments.Select(a => a.Word.Text).Concat(_words.Select(w => w.Text));
            if (Kind != ShellCommandKind.Simple)
            {
                parts = new[] { Kind.ToString().ToLowerInvariant() }.Concat(parts);
            }

            _text = string.Join(" ", parts);
        }

        return _text;
    }

    internal void AddWord(ShellWord word) => _words.Add(word);

    internal void AddAssignment(ShellAssignment assignment) => (_assignments ??= []).Add(assignment);

    internal void AddRedirection(ShellRedirection redirection) => (_redirections ??= []).Add(redirection);

    internal void ReplaceRedirection(int index, ShellRedirection redirection) => _redirections![index] = redirection;

    internal void AddToBody(ShellCommand command, ShellNesting nesting)
    {
        command.Parent = this;
        command.Nesting = nesting;
        (_body ??= []).Add(command);
    }

    private static ShellFlag? FindFlag(string name, ShellWord word, ShellWord? next)
    {
        var text = word.Text;
        if (name.Length == 2 && name[0] == '-' && name[1] != '-')
        {
            if (text[1] == '-')
            {
                return null;
            }

            for (var j = 1; j < text.Length && IsFlagCharacter(text[j]); j++)
            {
                if (text[j] == name[1])
                {
                    return j + 1 < text.Length
                        ? new ShellFlag(name, text.Substring(j + 1), word, null)
                        : new ShellFlag(name, next?.Text, word, next);
                }
            }

            return null;
        }

        if (text == name)
        {
            return new ShellFlag(name, next?.Text, word, next);
        }

        return text.Length > name.Length && text[name.Length] == '=' && text.StartsWith(name, StringComparison.Ordinal)
            ? new ShellFlag(name, text.Substring(name.Length + 1), word, null)
            : null;
    }

    private static bool TakesNextWord(string text, string[] flagsWithValue)
    {
        foreach (var flag in flagsWithValue)
        {
            if (text == flag)
            {
                return true;
            }

            // A cluster that ends with a short flag taking a value: -qO, -fsSLo.
            if (flag.Length == 2 && flag[1] != '-' && text[1] != '-' && text[text.Length - 1] == flag[1] && text.Skip(1).All(IsFlagCharacter))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsFlagCharacter(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9');
}

/// <summary>Commands joined by <c>|</c> (or a single command).</summary>
public sealed class ShellPipeline
{
    private readonly List<ShellCommand> _commands = [];

    public IReadOnlyList<ShellCommand> Commands => _commands;

    /// <summary>Position among <see cref="ShellScript.Pipelines"/>, in text order.</summary>
    public int Index { get; internal set; }

    /// <summary>True for <c>! cmd</c>.</summary>
    public bool IsNegated { get; internal set; }

    /// <summary>What follows the pipeline: <c>&amp;&amp;</c>, <c>||</c>, <c>;</c>, <c>&amp;</c>, a newline or nothing.</summary>
    public ShellConnector Connector => _commands.Count == 0 ? ShellConnector.None : _commands[_commands.Count - 1].Connector;

    internal void Add(ShellCommand command)
    {
        command.Pipeline = this;
        command.PositionInPipeline = _commands.Count;
        _commands.Add(command);
    }

    public override string ToString() => string.Join(" | ", _commands);
}
