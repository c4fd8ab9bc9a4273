namespace ThreatLint.Documents.Shell;

/// <summary>
/// A POSIX sh / bash script parsed enough to know its commands, pipelines, connectors, words and flags; nothing is
/// run or expanded. Commands inside substitutions, subshells, groups, if/loop/case bodies, functions, <c>sh -c</c>
/// strings and heredocs fed to a shell are in <see cref="Commands"/> too, with their <see cref="ShellCommand.Parent"/>.
/// Parsing never throws and is linear in the input: nesting, nested scripts and the number of commands are bounded
/// (<see cref="IsTruncated"/> tells when a bound cut the parse short).
/// </summary>
public sealed class ShellScript
{
    /// <summary>How many <c>sh -c</c> strings and shell heredocs may nest in each other; each is parsed again.</summary>
    private const int MaxNestedScripts = 4;

    private IReadOnlyList<ShellCommand>? _deepestFirst;

    private ShellScript(string text, IReadOnlyList<ShellCommand> commands, IReadOnlyList<ShellPipeline> pipelines, bool isTruncated)
    {
        Text = text;
        Commands = commands;
        Pipelines = pipelines;
        IsTruncated = isTruncated;
    }

    /// <summary>The text parsed; every <see cref="ShellWord.Offset"/> and <see cref="ShellCommand.Offset"/> points into it.</summary>
    public string Text { get; }

    /// <summary>Every command, nested ones included, in text order (a command before the commands it contains).</summary>
    public IReadOnlyList<ShellCommand> Commands { get; }

    /// <summary>Every pipeline, nested ones included, in text order.</summary>
    public IReadOnlyList<ShellPipeline> Pipelines { get; }

    /// <summary>True when a nesting or size bound left part of the text unparsed.</summary>
    public bool IsTruncated { get; }

    public static ShellScript Parse(string text)
    {
        var output = new ShellParseOutput();
        new ShellParser(new ShellSource(text, null), 0, text.Length, 0, 0, output).ParseAll();
        for (var i = 0; i < output.Commands.Count; i++)
        {
            ParseNestedScript(output.Commands[i], output);
        }

        var commands = StableSort(output.Commands, c => c.Offset, c => c.Depth);
        var pipelines = StableSort(output.Pipelines, p => p.Commands[0].Offset, p => p.Commands[0].Depth);
        for (var i = 0; i < pipelines.Count; i++)
        {
            pipelines[i].Index = i;
        }

        return new ShellScript(text, commands, pipelines, output.IsTruncated);
    }

    /// <summary>
    /// <see cref="Commands"/> deepest first, then in text order: the order in which a rule that reports a value once
    /// names it by the innermost command that uses it (<c>sh -c "… URL"</c> holds the URL in the outer word too).
    /// Computed once and shared by the rules that need it.
    /// </summary>
    internal IReadOnlyList<ShellCommand> CommandsDeepestFirst => _deepestFirst ??= StableSort(Commands, c => -c.Depth, c => c.Offset);

    public override string ToString() => Text;

    /// <summary>
    /// The items ordered by two integer keys, ties kept in their original order: what <c>OrderBy().ThenBy()</c> gives,
    /// without its allocations. O(n log n) whatever the input.
    /// </summary>
    private static List<T> StableSort<T>(IReadOnlyList<T> items, Func<T, int> first, Func<T, int> second)
    {
        var keys = new (int First, int Second, int Index)[items.Count];
        var sorted = true;
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = (first(items[i]), second(items[i]), i);
            sorted = sorted && (i == 0 || Compare(keys[i - 1], keys[i]) <= 0);
        }

        if (!sorted)
        {
            Array.Sort(keys, (a, b) => Compare(a, b));
        }

        var result = new List<T>(keys.Length);
        foreach (var key in keys)
        {
            result.Add(items[key.Index]);
        }

        return result;
    }

    private static int Compare((int First, int Second, int Index) a, (int First, int Second, int Index) b) =>
        a.First != b.First ? a.First.CompareTo(b.First) : a.Second != b.Second ? a.Second.CompareTo(b.Second) : a.Index.CompareTo(b.Index);

    /// <summary>The script of <c>sh -c '…'</c>, of <c>bash &lt;&lt;EOF</c> or of <c>bash &lt;&lt;&lt; '…'</c>, as the command's body.</summary>
    private static void ParseNestedScript(ShellCommand command, ShellParseOutput output)
    {
        if (!command.IsShell)
        {
            return;
        }

        var heredoc = command.ReadsScriptFromStdin ? command.Redirections.LastOrDefault(r => r.IsHeredoc || r.Operator == "<<<") : null;
        if (command.ShellString is null && heredoc is null)
        {
            return;
        }

        if (command.ReparseLevel >= MaxNestedScripts)
        {
            output.IsTruncated = true;
            return;
        }

        var depth = command.Depth + 1;
        var level = command.ReparseLevel + 1;
        ShellParser parser;
        if ((command.ShellString ?? (heredoc!.IsHeredoc ? null : heredoc.Target)) is { } word)
        {
            var (text, map) = ShellParser.Relex(word, output);
            parser = new ShellParser(new ShellSource(text, map), 0, text.Length, depth, level, output);
        }
        else if (heredoc is { BodySource: { } source, HeredocBody: { } body })
        {
            parser = new ShellParser(source, heredoc.BodyStart, heredoc.BodyStart + body.Length, depth, level, output);
        }
        else
        {
            return;
        }

        var nesting = heredoc is { IsHeredoc: true } ? ShellNesting.Heredoc : ShellNesting.ShellString;
        foreach (var child in parser.ParseAll())
        {
            command.AddToBody(child, nesting);
        }
    }
}
