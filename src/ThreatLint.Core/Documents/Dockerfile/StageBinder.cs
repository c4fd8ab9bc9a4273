using ThreatLint.Findings;

namespace ThreatLint.Documents.Dockerfile;

/// <summary>
/// The semantic half of the parser: groups instructions into stages, resolves FROM against earlier stages, and
/// substitutes variables statically in instruction order: global ARGs (before the first FROM) in FROM; the stage's
/// ARG and ENV, and ENV inherited from a FROM stage, in the other instructions Docker substitutes.
/// </summary>
internal sealed class StageBinder
{
    // Matching an unresolved FROM against earlier stage names is bounded so a hostile file stays linear.
    private const int MaxStagesMatchedByPattern = 64;

    private static readonly HashSet<string> SubstitutedKeywords =
        new(StringComparer.Ordinal) { "ADD", "COPY", "EXPOSE", "FROM", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR" };

    private static readonly HashSet<string> KnownKeywords = new(StringComparer.Ordinal)
    {
        "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL", "MAINTAINER",
        "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
    };

    private readonly char _escape;
    private readonly DiagnosticList _diagnostics;
    private readonly VariableScope _global = new(inherited: null);
    private readonly List<VariableScope> _stageScopes = [];
    private OpenStage? _open;

    public StageBinder(char escape, DiagnosticList diagnostics)
    {
        _escape = escape;
        _diagnostics = diagnostics;
    }

    public List<DockerInstruction> Instructions { get; } = [];

    public List<NameValue> GlobalArgs { get; } = [];

    public List<BuildStage> Stages { get; } = [];

    public Dictionary<string, BuildStage> StagesByName { get; } = new(StringComparer.OrdinalIgnoreCase);

    public void Add(LogicalInstruction logical)
    {
        var keyword = logical.Syntax.Keyword;
        if (!KnownKeywords.Contains(keyword))
        {
            _diagnostics.Add(logical.Map.PositionOf(0).Line, "unknown instruction " + Printable(keyword));
        }

        if (keyword == "FROM")
        {
            Close(isFinal: false);
            Open(logical);
            return;
        }

        var scope = _open?.Scope ?? _global;
        var nameValues = keyword is "ARG" or "ENV" or "LABEL" ? ReadNameValues(logical.Syntax, scope) : [];
        var expanded = SubstitutedKeywords.Contains(keyword) ? Expand(logical.Syntax.Arguments, scope) : null;
        var instruction = new DockerInstruction(logical, expanded, nameValues);
        Instructions.Add(instruction);

        if (_open is null)
        {
            if (keyword == "ARG")
            {
                GlobalArgs.AddRange(nameValues);
                Bind(_global, nameValues);
            }
            else
            {
                _diagnostics.Add(instruction.Line, keyword + " before the first FROM: only ARG may come first");
            }

            return;
        }

        _open.Instructions.Add(instruction);
        if (keyword == "ARG")
        {
            Bind(_open.Scope, nameValues);
        }
        else if (keyword == "ENV")
        {
            foreach (var pair in nameValues)
            {
                _open.Scope.SetEnv(pair.Name, StaticValue(pair.Value));
            }
        }
    }

    public void Complete() => Close(isFinal: true);

    private void Open(LogicalInstruction logical)
    {
        var syntax = logical.Syntax;
        var words = syntax.Words;
        string? name = null;
        if (words.Count == 3 && string.Equals(words[1].Text, "AS", StringComparison.OrdinalIgnoreCase))
        {
            name = words[2].Text;
        }
        else if (words.Count != 1)
        {
            _diagnostics.Add(logical.Map.PositionOf(0).Line, "FROM takes an image and an optional AS name");
        }

        var from = new DockerInstruction(logical, Expand(syntax.Arguments, _global), []);
        Instructions.Add(from);
        var baseName = words.Count > 0 ? Expand(words[0].Text, _global) : ExpandedText.Literal(string.Empty);
        var baseNameSpan = words.Count > 0 ? from.SpanOf(words[0].Offset, words[0].Text.Length) : from.Span;
        var baseStage = baseName.IsResolved && StagesByName.TryGetValue(baseName.Value, out var stage) ? stage : null;
        var mayBeStage = !baseName.IsResolved && CouldNameAStage(baseName);
        _open = new OpenStage(name, from, baseName, baseNameSpan, baseStage, mayBeStage, new VariableScope(baseStage is null ? null : _stageScopes[baseStage.Index]));
    }

    private bool CouldNameAStage(ExpandedText baseName)
    {
        for (var i = Stages.Count - 1; i >= 0 && i >= Stages.Count - MaxStagesMatchedByPattern; i--)
        {
            if (Stages[i].Name is { } name && baseName.CouldBe(name))
            {
                return true;
            }
        }

        return false;
    }

    private void Close(bool isFinal)
    {
        if (_open is not { } open)
        {
            return;
        }

        var stage = new BuildStage(Stages.Count, open.Name, open.From, open.BaseName, open.BaseNameSpan, open.BaseStage, open.BaseMayBeStage, [.. open.Instructions], isFinal);
        Stages.Add(stage);
        _stageScopes.Add(open.Scope);
        if (open.Name is not null)
        {
            StagesByName[open.Name] = stage;
        }

        _open = null;
    }

    /// <summary>
    /// Binds ARGs. <c>ARG NAME</c> in a stage takes the global ARG's default, as Docker does; a value that is not
    /// static (or no value at all) leaves the variable declared but unresolved.
    /// </summary>
    private void Bind(VariableScope scope, IReadOnlyList<NameValue> args)
    {
        foreach (var arg in args)
        {
            var value = arg.RawValue is null
                ? (scope == _global ? null : _global.Lookup(arg.Name))
                : StaticValue(arg.Value);
            scope.SetArg(arg.Name, value);
        }
    }

    /// <summary>
    /// Reads <c>NAME=value …</c> pairs (quotes and escapes as Docker reads them), the legacy <c>ENV NAME value</c>
    /// form, and bare <c>ARG NAME</c>. All values of one instruction are substituted with the variables as they were
    /// before it, as Docker documents for <c>ENV a=1 b=$a</c>.
    /// </summary>
    private List<NameValue> ReadNameValues(InstructionSyntax syntax, VariableScope scope)
    {
        var pairs = new List<NameValue>();
        var words = syntax.Words;
        if (syntax.Keyword != "ARG" && words.Count > 0 && words[0].Text.IndexOf('=') < 0)
        {
            var first = words[0];
            var rest = syntax.Text.Substring(first.Offset + first.Text.Length).Trim();
            pairs.Add(new NameValue(first.Text, rest, Expand(rest, scope), first.Offset));
            return pairs;
        }

        foreach (var word in words)
        {
            var equals = word.Text.IndexOf('=');
            if (equals < 0)
            {
                pairs.Add(new NameValue(word.Text, null, null, word.Offset));
                continue;
            }

            var raw = word.Text.Substring(equals + 1);
            pairs.Add(new NameValue(word.Text.Substring(0, equals), raw, Expand(raw, scope), word.Offset));
        }

        return pairs;
    }

    private ExpandedText Expand(string text, VariableScope scope) => VariableExpander.Expand(text, _escape, scope.Lookup);

    private static string? StaticValue(ExpandedText? value) => value is { IsResolved: true } ? value.Value : null;

    private static string Printable(string keyword)
    {
        var shown = keyword.Length > 40 ? keyword.Substring(0, 40) + "…" : keyword;
        return new string([.. shown.Select(c => char.IsControl(c) ? '?' : c)]);
    }

    private sealed record OpenStage(
        string? Name,
        DockerInstruction From,
        ExpandedText BaseName,
        SourceSpan BaseNameSpan,
        BuildStage? BaseStage,
        bool BaseMayBeStage,
        VariableScope Scope)
    {
        public List<DockerInstruction> Instructions { get; } = [];
    }
}
