using ThreatLint.Findings;

namespace ThreatLint.Documents.Dockerfile;

/// <summary>
/// A build stage: a FROM instruction and the instructions up to the next FROM. A stage whose base names an
/// earlier stage (by its alias, case-insensitively, as BuildKit resolves FROM) inherits that stage's image
/// configuration: its USER and ENV.
/// </summary>
public sealed class BuildStage
{
    internal BuildStage(
        int index,
        string? name,
        DockerInstruction from,
        ExpandedText baseName,
        SourceSpan baseNameSpan,
        BuildStage? baseStage,
        bool baseMayBeStage,
        IReadOnlyList<DockerInstruction> instructions,
        bool isFinal)
    {
        Index = index;
        Name = name;
        From = from;
        BaseName = baseName;
        BaseNameSpan = baseNameSpan;
        BaseStage = baseStage;
        BaseMayBeStage = baseStage is not null || baseMayBeStage;
        BaseImage = baseStage is null ? ImageReference.Parse(baseName.Value) : null;
        Instructions = instructions;
        IsFinal = isFinal;
        LastUser = instructions.LastOrDefault(i => i.Keyword == "USER");
        EffectiveUser = LastUser ?? baseStage?.EffectiveUser;
        Origin = baseStage?.Origin ?? this;
    }

    /// <summary>0-based position among the stages (what <c>COPY --from=0</c> refers to).</summary>
    public int Index { get; }

    /// <summary>The alias after <c>AS</c> as written, or null.</summary>
    public string? Name { get; }

    public DockerInstruction From { get; }

    /// <summary>The image or stage the FROM names, after substituting the global ARGs (those before the first FROM).</summary>
    public ExpandedText BaseName { get; }

    /// <summary>Where the base name is written in the FROM instruction.</summary>
    public SourceSpan BaseNameSpan { get; }

    /// <summary>The earlier stage this one is built from, or null when it is built from an image.</summary>
    public BuildStage? BaseStage { get; }

    /// <summary>
    /// True when the base is an earlier stage, or when <see cref="BaseName"/> is not resolved and could still name
    /// an earlier stage once its build arguments are known (<c>FROM base-${TARGETARCH}</c>).
    /// </summary>
    public bool BaseMayBeStage { get; }

    /// <summary>
    /// The base image when the base is not a stage (<c>scratch</c> included); when <see cref="BaseName"/> is not
    /// resolved its unresolved parts stay as written. Null for a stage base or an empty or malformed name.
    /// </summary>
    public ImageReference? BaseImage { get; }

    /// <summary>The instructions after the FROM, up to the next FROM.</summary>
    public IReadOnlyList<DockerInstruction> Instructions { get; }

    /// <summary>True for the last stage: what <c>docker build</c> produces without <c>--target</c>.</summary>
    public bool IsFinal { get; }

    /// <summary>This stage's last USER instruction, or null.</summary>
    public DockerInstruction? LastUser { get; }

    /// <summary>The USER in effect at the end of the stage: its own last USER, else the one inherited through <see cref="BaseStage"/>.</summary>
    public DockerInstruction? EffectiveUser { get; }

    /// <summary>The first stage of the FROM-stage chain: the one whose base is an image (itself, when the base is an image).</summary>
    public BuildStage Origin { get; }

    public override string ToString() => Name is null ? "stage " + Index + " (" + BaseName + ")" : Name;
}
