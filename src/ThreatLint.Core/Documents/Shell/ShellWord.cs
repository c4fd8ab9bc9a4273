namespace ThreatLint.Documents.Shell;

/// <summary>
/// One word of a command, as the shell splits it. <see cref="Text"/> is the value with quotes removed and escapes
/// resolved; what the shell only knows at run time (<c>$VAR</c>, <c>$(…)</c>, globs) stays as written.
/// </summary>
public sealed class ShellWord
{
    internal ShellWord(string text, string raw, int offset, int length, bool isQuoted, bool hasExpansion, IReadOnlyList<ShellSubstitution> substitutions, ShellSource source, int start)
    {
        Text = text;
        Raw = raw;
        Offset = offset;
        Length = length;
        IsQuoted = isQuoted;
        HasExpansion = hasExpansion;
        Substitutions = substitutions;
        Source = source;
        Start = start;
    }

    /// <summary>The value: <c>'a b'"c"</c> is <c>a bc</c>, <c>$'\t'</c> a tab, <c>\$x</c> is <c>$x</c>.</summary>
    public string Text { get; }

    /// <summary>The word as written in the script it was read from (for a <c>sh -c</c> script, that string).</summary>
    public string Raw { get; }

    /// <summary>Offset in the text given to <see cref="ShellScript.Parse"/>, also for words of nested scripts.</summary>
    public int Offset { get; }

    /// <summary>Length in the text given to <see cref="ShellScript.Parse"/>.</summary>
    public int Length { get; }

    /// <summary>True when any part was quoted or escaped.</summary>
    public bool IsQuoted { get; }

    /// <summary>True when the value depends on run time: a parameter, a command or an arithmetic expansion.</summary>
    public bool HasExpansion { get; }

    /// <summary>The <c>$(…)</c>, backtick, <c>&lt;(…)</c> and <c>&gt;(…)</c> parts, in order.</summary>
    public IReadOnlyList<ShellSubstitution> Substitutions { get; }

    internal ShellSource Source { get; }

    /// <summary>Where <see cref="Raw"/> starts in <see cref="Source"/>.</summary>
    internal int Start { get; }

    public override string ToString() => Text;
}

/// <summary>A command substitution or a process substitution inside a word.</summary>
/// <param name="Kind">Which kind.</param>
/// <param name="Offset">Offset of <c>$(</c>, the backtick, <c>&lt;(</c> or <c>&gt;(</c> in the parsed text.</param>
/// <param name="Length">Length up to and including the closing character.</param>
/// <param name="Commands">The commands directly inside (their own substitutions nest further).</param>
public sealed record ShellSubstitution(ShellSubstitutionKind Kind, int Offset, int Length, IReadOnlyList<ShellCommand> Commands);

public enum ShellSubstitutionKind
{
    /// <summary><c>$(…)</c> or <c>`…`</c>: the output becomes text.</summary>
    Command,

    /// <summary><c>&lt;(…)</c>: the output becomes a file to read.</summary>
    ProcessInput,

    /// <summary><c>&gt;(…)</c>: a file to write that feeds the commands.</summary>
    ProcessOutput,
}

/// <summary>A redirection: <c>&gt; file</c>, <c>2&gt;&amp;1</c>, <c>&lt; in</c>, <c>&lt;&lt;EOF</c>, <c>&lt;&lt;&lt; word</c>.</summary>
/// <param name="Operator">The operator without its file descriptor (<c>&gt;&gt;</c>, <c>&lt;&lt;-</c>).</param>
/// <param name="FileDescriptor">The number before the operator (<c>2</c> in <c>2&gt;</c>), or null.</param>
/// <param name="Target">The file, descriptor, here-string or heredoc delimiter; null when missing.</param>
/// <param name="Offset">Offset of the redirection (its file descriptor included) in the parsed text.</param>
/// <param name="HeredocBody">For <c>&lt;&lt;</c> and <c>&lt;&lt;-</c>: the lines up to the delimiter, as written; else null.</param>
/// <param name="HeredocBodyOffset">Offset of <paramref name="HeredocBody"/> in the parsed text.</param>
public sealed record ShellRedirection(string Operator, int? FileDescriptor, ShellWord? Target, int Offset, string? HeredocBody, int HeredocBodyOffset)
{
    public bool IsHeredoc => Operator is "<<" or "<<-";

    /// <summary>The text the heredoc body was read from, to parse it as a script.</summary>
    internal ShellSource? BodySource { get; init; }

    /// <summary>Where the body starts in <see cref="BodySource"/>.</summary>
    internal int BodyStart { get; init; }
}

/// <summary>A <c>NAME=value</c> before a command (or an argument of <c>export</c>, <c>env</c>…).</summary>
/// <param name="Name">The variable name.</param>
/// <param name="Value">The value with quotes removed; expansions stay as written.</param>
/// <param name="Word">The whole word.</param>
public sealed record ShellAssignment(string Name, string Value, ShellWord Word)
{
    /// <summary>The assignment a word spells (<c>NAME=value</c>, <c>NAME+=value</c>), or null.</summary>
    public static ShellAssignment? TryParse(ShellWord word)
    {
        var raw = word.Raw;
        var i = 0;
        while (i < raw.Length && (raw[i] == '_' || IsAsciiLetter(raw[i]) || (i > 0 && raw[i] is >= '0' and <= '9')))
        {
            i++;
        }

        var nameEnd = i;
        if (i < raw.Length && raw[i] == '+')
        {
            i++;
        }

        if (nameEnd == 0 || i >= raw.Length || raw[i] != '=')
        {
            return null;
        }

        var name = raw.Substring(0, nameEnd);
        var equals = word.Text.IndexOf('=');
        return new ShellAssignment(name, equals < 0 ? string.Empty : word.Text.Substring(equals + 1), word);
    }

    private static bool IsAsciiLetter(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');
}

/// <summary>A flag found on a command line.</summary>
/// <param name="Name">The flag asked for (<c>-k</c>, <c>--insecure</c>).</param>
/// <param name="Value">Its value: after <c>=</c>, the rest of a short-flag cluster, or the next word; null when there is none.</param>
/// <param name="Word">The word holding the flag (<c>-fsSLk</c> for <c>-k</c>).</param>
/// <param name="ValueWord">The next word when it supplied the value, else null.</param>
public sealed record ShellFlag(string Name, string? Value, ShellWord Word, ShellWord? ValueWord);

/// <summary>How a command is nested in the one that contains it.</summary>
public enum ShellNesting
{
    /// <summary>At the top of the script.</summary>
    None,

    /// <summary>Inside a substitution in a word of <see cref="ShellCommand.Parent"/>.</summary>
    Substitution,

    /// <summary>In the body of a compound command: subshell, group, if, loop, case, function.</summary>
    Body,

    /// <summary>In the string given to <c>sh -c</c> (or a here-string fed to a shell).</summary>
    ShellString,

    /// <summary>In a heredoc fed to a shell (<c>bash &lt;&lt;EOF</c>).</summary>
    Heredoc,
}

public enum ShellCommandKind
{
    Simple,
    Subshell,
    Group,
    If,
    Loop,
    Case,
    Function,
    Arithmetic,
}

/// <summary>What follows a command (or a pipeline).</summary>
public enum ShellConnector
{
    /// <summary>Nothing: the end of the script, a substitution or a compound body.</summary>
    None,
    Pipe,
    And,
    Or,
    Semicolon,
    Background,
    Newline,
}

/// <summary>The text a word was read from, and where its characters are in the root script.</summary>
internal sealed class ShellSource
{
    private readonly int[]? _map;

    public ShellSource(string text, int[]? map)
    {
        Text = text;
        _map = map;
    }

    public string Text { get; }

    /// <summary>The offset in the root script of a character of <see cref="Text"/>.</summary>
    public int RootOffset(int index)
    {
        if (_map is null)
        {
            return index;
        }

        return _map.Length == 0 ? 0 : _map[Math.Max(0, Math.Min(index, _map.Length - 1))];
    }

    /// <summary>The root offset and length of a range of <see cref="Text"/>.</summary>
    public (int Offset, int Length) RootRange(int start, int end)
    {
        var offset = RootOffset(start);
        return end <= start ? (offset, 0) : (offset, Math.Max(0, RootOffset(end - 1) + 1 - offset));
    }
}
