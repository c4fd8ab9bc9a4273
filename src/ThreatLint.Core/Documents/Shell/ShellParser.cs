namespace ThreatLint.Documents.Shell;

/// <summary>
/// A tolerant recursive-descent reader of POSIX sh and bash: tokens are read on demand, a word's substitutions are
/// parsed as they are met, and whatever does not fit the grammar is skipped rather than rejected. Nesting is bounded
/// by <see cref="MaxDepth"/>: deeper substitutions and subshells are skipped by a linear scan, so no input recurses
/// deeply or takes more than linear time.
/// </summary>
internal sealed partial class ShellParser
{
    public const int MaxDepth = 32;
    public const int MaxCommands = 100_000;

    private static readonly HashSet<string> CloserWords = new(StringComparer.Ordinal) { "}", "then", "elif", "else", "fi", "do", "done", "esac" };
    // Longest first: the first that matches is the operator.
    private static readonly string[] AmpersandOperators = ["&&", "&>>", "&>", "&"];
    private static readonly string[] PipeOperators = ["||", "|&", "|"];
    private static readonly string[] SemicolonOperators = [";;&", ";;", ";&", ";"];
    private static readonly string[] OpenOperator = ["("];
    private static readonly string[] CloseOperator = [")"];
    private static readonly string[] InputOperators = ["<<<", "<<-", "<<", "<&", "<>", "<"];
    private static readonly string[] OutputOperators = [">>", ">&", ">|", ">"];
    private static readonly HashSet<string> RedirectionOperators = new(StringComparer.Ordinal) { "<", ">", ">>", "<<", "<<-", "<<<", "<&", ">&", "<>", ">|", "&>", "&>>" };

    private readonly ShellSource _source;
    private readonly string _text;
    private readonly ShellParseOutput _output;
    private readonly int _reparseLevel;
    private readonly List<PendingHeredoc> _pending = [];
    private readonly Stack<WordBuilder> _freeWordBuilders = new();
    private Dictionary<string, int> _stops = new(StringComparer.Ordinal);
    private List<int>? _record;
    private Token? _peeked;
    private int _limit;
    private int _pos;
    private int _depth;
    private int _lastEnd;
    private int _consumed;

    public ShellParser(ShellSource source, int start, int limit, int depth, int reparseLevel, ShellParseOutput output)
    {
        _source = source;
        _text = source.Text;
        _pos = start;
        _limit = Math.Min(limit, _text.Length);
        _depth = depth;
        _reparseLevel = reparseLevel;
        _output = output;
    }

    private enum TokenKind
    {
        End,
        Word,
        Operator,
        Newline,
    }

    /// <summary>Parses to the limit; returns the commands at the top of this text.</summary>
    public List<ShellCommand> ParseAll() => ParseList();

    /// <summary>Reads the word at <paramref name="start"/> again, recording where each character of its value comes from.</summary>
    public static (string Text, int[] Map) Relex(ShellWord word, ShellParseOutput output)
    {
        var record = new List<int>();
        var parser = new ShellParser(word.Source, word.Start, word.Source.Text.Length, MaxDepth, 0, output) { _record = record };
        var (value, _) = parser.ReadWord(word.Start);
        var map = new int[record.Count];
        for (var i = 0; i < map.Length; i++)
        {
            map[i] = word.Source.RootOffset(record[i]);
        }

        return (value.Text, map);
    }

    // ── Grammar ─────────────────────────────────────────────────────────────────────────────

    private List<ShellCommand> ParseList(params string[] stops)
    {
        foreach (var stop in stops)
        {
            _stops[stop] = _stops.TryGetValue(stop, out var count) ? count + 1 : 1;
        }

        var commands = new List<ShellCommand>();
        while (true)
        {
            var token = Peek();
            if (token.Kind == TokenKind.End)
            {
                break;
            }

            if (token.Kind == TokenKind.Newline || token.Operator is ";" or "&")
            {
                Next();
                continue;
            }

            if (Closer(token) is { } closer)
            {
                if (_stops.TryGetValue(closer, out var active) && active > 0)
                {
                    break;
                }

                Next(); // a stray "fi", ")" or ";;"
                continue;
            }

            var before = _consumed;
            ParseAndOr(commands);
            if (_consumed == before)
            {
                Next(); // an operator where a command should be
            }
        }

        foreach (var stop in stops)
        {
            _stops[stop]--;
        }

        return commands;
    }

    private void ParseAndOr(List<ShellCommand> commands)
    {
        var pipeline = ParsePipeline(commands);
        while (pipeline is not null)
        {
            var token = Peek();
            var connector = token.Kind == TokenKind.Newline ? ShellConnector.Newline : token.Operator switch
            {
                "&&" => ShellConnector.And,
                "||" => ShellConnector.Or,
                ";" => ShellConnector.Semicolon,
                "&" => ShellConnector.Background,
                _ => ShellConnector.None,
            };
            if (connector == ShellConnector.None)
            {
                return;
            }

            pipeline.Commands[pipeline.Commands.Count - 1].Connector = connector;
            Next();
            if (connector is not (ShellConnector.And or ShellConnector.Or))
            {
                return;
            }

            SkipNewlines();
            pipeline = ParsePipeline(commands);
        }
    }

    private ShellPipeline? ParsePipeline(List<ShellCommand> commands)
    {
        var negated = IsPlainWord(Peek(), "!");
        if (negated)
        {
            Next();
        }

        if (ParseCommand() is not { } command)
        {
            return null;
        }

        var pipeline = new ShellPipeline { IsNegated = negated };
        _output.Pipelines.Add(pipeline);
        pipeline.Add(command);
        commands.Add(command);
        while (Peek().Operator is "|" or "|&")
        {
            Next();
            command.Connector = ShellConnector.Pipe;
            SkipNewlines();
            if (ParseCommand() is not { } next)
            {
                break;
            }

            pipeline.Add(next);
            commands.Add(next);
            command = next;
        }

        return pipeline;
    }

    private ShellCommand? ParseCommand()
    {
        var token = Peek();
        if (Closer(token) is not null || !(token.Kind == TokenKind.Word || token.Operator == "(" || IsRedirection(token)))
        {
            return null;
        }

        var keyword = token.Kind == TokenKind.Word && !token.Word!.IsQuoted && _depth < MaxDepth ? token.Word.Raw : null;
        var command = keyword switch
        {
            "{" => ParseGroup(),
            "if" => ParseKeywordList(ShellCommandKind.If, ["then", "elif", "else", "fi"], ["then", "elif", "else"], "fi"),
            "while" or "until" => ParseKeywordList(ShellCommandKind.Loop, ["do", "done"], ["do"], "done"),
            "for" or "select" => ParseFor(),
            "case" => ParseCase(),
            "function" => ParseFunction(NewCommand(ShellCommandKind.Function), named: true),
            _ when token.Operator == "(" => ParseSubshell(),
            _ => ParseSimple(),
        };

        if (command.Kind != ShellCommandKind.Simple)
        {
            while (IsRedirection(Peek()))
            {
                ReadRedirection(command);
            }
        }

        (command.Offset, command.Length) = _source.RootRange(token.Start, Math.Max(token.Start, _lastEnd));
        AdoptSubstitutions(command);
        return command;
    }

    private ShellCommand ParseSimple()
    {
        var command = NewCommand(ShellCommandKind.Simple);
        var inTest = false;
        while (true)
        {
            var token = Peek();
            if (token.Kind == TokenKind.Word)
            {
                Next();
                if (command.Words.Count == 0 && ShellAssignment.TryParse(token.Word!) is { } assignment)
                {
                    command.AddAssignment(assignment);
                    continue;
                }

                command.AddWord(token.Word!);
                inTest = token.Word!.Raw switch
                {
                    "[[" when command.Words.Count == 1 => true,
                    "]]" => false,
                    _ => inTest,
                };
            }
            else if (IsRedirection(token))
            {
                ReadRedirection(command);
            }
            else if (inTest && token.Kind == TokenKind.Operator)
            {
                Next(); // [[ a < b && c ]]: the operators belong to the test
            }
            else if (token.Operator == "(" && command.Words.Count == 1 && command.Assignments.Count == 0)
            {
                Next();
                if (Peek().Operator == ")")
                {
                    Next();
                }

                command.Kind = ShellCommandKind.Function;
                return ParseFunction(command, named: false);
            }
            else
            {
                return command;
            }
        }
    }

    private ShellCommand ParseGroup()
    {
        var command = NewCommand(ShellCommandKind.Group);
        Next();
        AddBody(command, ParseNested("}"));
        Accept("}");
        return command;
    }

    /// <summary>if/then/elif/else/fi and while/until/do/done, flattened: every list between the keywords is body.</summary>
    private ShellCommand ParseKeywordList(ShellCommandKind kind, string[] stops, string[] continuations, string end)
    {
        var command = NewCommand(kind);
        Next();
        while (true)
        {
            AddBody(command, ParseNested(stops));
            if (Accept(end) || !continuations.Any(Accept))
            {
                return command;
            }
        }
    }

    private ShellCommand ParseFor()
    {
        var command = NewCommand(ShellCommandKind.Loop);
        Next();
        var token = Peek();
        if (token.Operator == "(")
        {
            SkipArithmetic(token);
        }
        else if (token.Kind == TokenKind.Word)
        {
            command.AddWord(Next().Word!);
            SkipNewlines();
            if (IsPlainWord(Peek(), "in"))
            {
                Next();
                while (Peek().Kind == TokenKind.Word)
                {
                    command.AddWord(Next().Word!);
                }
            }
        }

        while (Peek().Kind == TokenKind.Newline || Peek().Operator == ";")
        {
            Next();
        }

        if (Accept("do"))
        {
            AddBody(command, ParseNested("done"));
            Accept("done");
        }
        else if (IsPlainWord(Peek(), "{") && _depth < MaxDepth)
        {
            var body = new List<ShellCommand>();
            _depth++;
            ParsePipeline(body);
            _depth--;
            AddBody(command, body);
        }

        return command;
    }

    private ShellCommand ParseCase()
    {
        var command = NewCommand(ShellCommandKind.Case);
        Next();
        if (Peek().Kind == TokenKind.Word)
        {
            command.AddWord(Next().Word!);
        }

        SkipNewlines();
        Accept("in");
        while (true)
        {
            var before = _consumed;
            while (Peek().Kind == TokenKind.Newline || Peek().Operator == ";")
            {
                Next();
            }

            if (Accept("esac") || Peek().Kind == TokenKind.End)
            {
                return command;
            }

            // A pattern: (a|b) or a|b)
            if (Peek().Operator == "(")
            {
                Next();
            }

            while (Peek().Kind == TokenKind.Word || Peek().Operator == "|")
            {
                Next();
            }

            if (Peek().Operator != ")")
            {
                return command;
            }

            Next();
            AddBody(command, ParseNested(";;", ";&", ";;&", "esac"));
            if (Peek().Operator is ";;" or ";&" or ";;&")
            {
                Next();
            }

            if (_consumed == before)
            {
                return command;
            }
        }
    }

    private ShellCommand ParseFunction(ShellCommand command, bool named)
    {
        if (named)
        {
            Next(); // function
            if (Peek().Kind == TokenKind.Word)
            {
                command.AddWord(Next().Word!);
            }

            if (Peek().Operator == "(")
            {
                Next();
                if (Peek().Operator == ")")
                {
                    Next();
                }
            }
        }

        SkipNewlines();
        if (_depth < MaxDepth)
        {
            var body = new List<ShellCommand>();
            _depth++;
            ParsePipeline(body);
            _depth--;
            AddBody(command, body);
        }

        return command;
    }

    private ShellCommand ParseSubshell()
    {
        var open = Next();
        var next = Peek();
        if (next.Operator == "(" && next.Start == open.End)
        {
            var arithmetic = NewCommand(ShellCommandKind.Arithmetic);
            SkipArithmetic(open);
            return arithmetic;
        }

        var command = NewCommand(ShellCommandKind.Subshell);
        if (_depth >= MaxDepth)
        {
            _output.IsTruncated = true;
            SkipArithmetic(open);
            return command;
        }

        AddBody(command, ParseNested(")"));
        if (Peek().Operator == ")")
        {
            Next();
        }

        return command;
    }

    private List<ShellCommand> ParseNested(params string[] stops)
    {
        _depth++;
        var commands = ParseList(stops);
        _depth--;
        return commands;
    }

    private void ReadRedirection(ShellCommand command)
    {
        var op = Next();
        var target = Peek().Kind == TokenKind.Word ? Next().Word : null;
        command.AddRedirection(new ShellRedirection(op.Operator, op.FileDescriptor, target, _source.RootOffset(op.Start), null, 0));
        if (op.Operator is "<<" or "<<-" && target is not null)
        {
            _pending.Add(new PendingHeredoc(command, command.Redirections.Count - 1, target.Text, op.Operator == "<<-"));
        }
    }

    private ShellCommand NewCommand(ShellCommandKind kind)
    {
        var command = new ShellCommand(kind, _depth, _reparseLevel);
        _output.Commands.Add(command);
        return command;
    }

    private static void AddBody(ShellCommand command, List<ShellCommand> body)
    {
        foreach (var child in body)
        {
            command.AddToBody(child, ShellNesting.Body);
        }
    }

    /// <summary>The commands in the substitutions of a command's words belong to it.</summary>
    private static void AdoptSubstitutions(ShellCommand command)
    {
        // Loops, not LINQ: this runs for every command of every script.
        foreach (var word in command.Words)
        {
            Adopt(command, word);
        }

        foreach (var assignment in command.Assignments)
        {
            Adopt(command, assignment.Word);
        }

        foreach (var redirection in command.Redirections)
        {
            if (redirection.Target is { } target)
            {
                Adopt(command, target);
            }
        }
    }

    private static void Adopt(ShellCommand command, ShellWord word)
    {
        foreach (var substitution in word.Substitutions)
        {
            foreach (var child in substitution.Commands)
            {
                child.Parent = command;
                child.Nesting = ShellNesting.Substitution;
            }
        }
    }

    private void SkipArithmetic(Token open)
    {
        _pos = SkipBalanced(open.Start, '(', ')');
        _peeked = null;
    }

    private void SkipNewlines()
    {
        while (Peek().Kind == TokenKind.Newline)
        {
            Next();
        }
    }

    private bool Accept(string keyword)
    {
        if (!IsPlainWord(Peek(), keyword))
        {
            return false;
        }

        Next();
        return true;
    }

    private static bool IsPlainWord(Token token, string text) =>
        token.Kind == TokenKind.Word && !token.Word!.IsQuoted && token.Word.Raw == text;

    private static string? Closer(Token token) => token.Kind switch
    {
        TokenKind.Operator when token.Operator is ")" or ";;" or ";&" or ";;&" => token.Operator,
        TokenKind.Word when !token.Word!.IsQuoted && CloserWords.Contains(token.Word.Raw) => token.Word.Raw,
        _ => null,
    };

    private static bool IsRedirection(Token token) => token.Kind == TokenKind.Operator && RedirectionOperators.Contains(token.Operator);
}

/// <summary>What one parse collects, nested scripts included.</summary>
internal sealed class ShellParseOutput
{
    public List<ShellCommand> Commands { get; } = [];

    public List<ShellPipeline> Pipelines { get; } = [];

    public bool IsTruncated { get; set; }
}
