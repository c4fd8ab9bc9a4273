using System.Globalization;

namespace ThreatLint.Documents.Dockerfile;

/// <summary>
/// A parsed Dockerfile: parser directives, instructions with positions, build stages with their bases resolved,
/// and static ARG/ENV substitution. Parsing follows BuildKit's rules and never fails: what Docker would reject is
/// recorded in <see cref="Diagnostics"/>.
/// </summary>
public sealed class DockerfileDocument
{
    private readonly IReadOnlyDictionary<string, BuildStage> _stagesByName;
    private Dictionary<object, object>? _derived;

    private DockerfileDocument(DockerfileReader reader, StageBinder binder, DiagnosticList diagnostics)
    {
        EscapeCharacter = reader.Escape;
        Directives = reader.Directives;
        Comments = reader.Comments;
        LineCount = reader.LineCount;
        Instructions = binder.Instructions;
        GlobalArgs = binder.GlobalArgs;
        Stages = binder.Stages;
        _stagesByName = binder.StagesByName;
        Diagnostics = diagnostics.Items;
    }

    /// <summary>The escape character: <c>\</c>, or <c>`</c> after <c># escape=`</c>. It also continues lines.</summary>
    public char EscapeCharacter { get; }

    /// <summary>The parser directives at the top of the file.</summary>
    public IReadOnlyList<ParserDirective> Directives { get; }

    /// <summary>Comment lines, also those inside continued instructions; directives are not comments here.</summary>
    public IReadOnlyList<DockerfileComment> Comments { get; }

    /// <summary>Every instruction in file order, those before the first FROM included.</summary>
    public IReadOnlyList<DockerInstruction> Instructions { get; }

    /// <summary>The ARGs before the first FROM: the only variables FROM lines can use.</summary>
    public IReadOnlyList<NameValue> GlobalArgs { get; }

    public IReadOnlyList<BuildStage> Stages { get; }

    /// <summary>The last stage, what <c>docker build</c> produces without <c>--target</c>; null when there is no FROM.</summary>
    public BuildStage? FinalStage => Stages.Count == 0 ? null : Stages[Stages.Count - 1];

    /// <summary>What Docker would reject or warn about (bounded in number).</summary>
    public IReadOnlyList<DockerfileDiagnostic> Diagnostics { get; }

    public int LineCount { get; }

    /// <summary>Parses Dockerfile text. Linear in the input; never throws on malformed input.</summary>
    public static DockerfileDocument Parse(string text)
    {
        var diagnostics = new DiagnosticList();
        var reader = new DockerfileReader(text, diagnostics);
        var binder = new StageBinder(reader.Escape, diagnostics);
        foreach (var instruction in reader.ReadInstructions())
        {
            binder.Add(instruction);
        }

        binder.Complete();
        return new DockerfileDocument(reader, binder, diagnostics);
    }

    /// <summary>
    /// An analysis of the document that several rules read (the command lines of its scripts, the Python it embeds),
    /// computed on first use and kept with the document. <paramref name="key"/> identifies the analysis (a static
    /// object of its owner). Not thread-safe: one document is checked by one thread.
    /// </summary>
    internal T Derived<T>(object key, Func<DockerfileDocument, T> create)
        where T : class
    {
        _derived ??= [];
        if (_derived.TryGetValue(key, out var value))
        {
            return (T)value;
        }

        var created = create(this);
        _derived[key] = created;
        return created;
    }

    /// <summary>
    /// Drops the analyses computed for the per-file rules (parsed scripts, command lines, embedded Python): the
    /// document outlives its scan for the repository rules and the threat model, and keeping every file's analyses
    /// alive until the end of the scan made each garbage collection copy them. Recomputed if read again.
    /// </summary>
    internal void ReleaseDerived() => _derived = null;

    /// <summary>
    /// The stage a <c>--from</c> flag names: by alias (case-insensitive), else by index. Null when it names an image.
    /// (FROM itself resolves aliases only; see <see cref="BuildStage.BaseStage"/>.)
    /// </summary>
    public BuildStage? FindStage(string reference)
    {
        if (_stagesByName.TryGetValue(reference, out var stage))
        {
            return stage;
        }

        return int.TryParse(reference, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < Stages.Count
            ? Stages[index]
            : null;
    }
}
