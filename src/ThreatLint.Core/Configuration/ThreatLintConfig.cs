using ThreatLint.Catalog;
using ThreatLint.Discovery;
using ThreatLint.Rules;

namespace ThreatLint.Configuration;

/// <summary>What <c>.threatlint.yml</c> changes for one rule: its severity, or <c>off</c>.</summary>
/// <param name="Severity">The severity every finding of the rule gets, or null to keep the detector's.</param>
/// <param name="Off">True when the rule is switched off: its findings are dropped.</param>
public sealed record RuleOverride(Severity? Severity, bool Off);

/// <summary>Extra files to scan as a given kind: <c>files: [{ pattern: "ops/*.docker", kind: dockerfile }]</c>.</summary>
public sealed record FilePattern(string Pattern, DocumentKind Kind);

/// <summary>An <c>ignore</c> entry: findings of <see cref="Rules"/> (all rules when empty) in files matching <see cref="Paths"/>.</summary>
public sealed record IgnoreEntry(IReadOnlyList<string> Paths, IReadOnlyList<string> Rules, string Reason, int Line, int Column = 1);

/// <summary>A problem in the configuration file (TL9003): where, and what to write instead.</summary>
/// <param name="File">The configuration file's full path.</param>
public sealed record ConfigProblem(string File, int Line, int Column, string Message);

/// <summary>
/// The loaded <c>.threatlint.yml</c>. Never throws: whatever could not be understood is in <see cref="Problems"/>
/// (reported as TL9003 with file, line and the valid choices) and otherwise left at its default.
/// </summary>
public sealed record ThreatLintConfig
{
    public static ThreatLintConfig Empty { get; } = new();

    /// <summary>The file it was read from (full path), or null when there is none.</summary>
    public string? FilePath { get; init; }

    /// <summary>Overrides by rule id (<c>TL4001</c>).</summary>
    public IReadOnlyDictionary<string, RuleOverride> Rules { get; init; } = new Dictionary<string, RuleOverride>(StringComparer.Ordinal);

    public RuleSettings Settings { get; init; } = RuleSettings.Default;

    public IReadOnlyList<string> Include { get; init; } = [];

    public IReadOnlyList<string> Exclude { get; init; } = [];

    public IReadOnlyList<FilePattern> Files { get; init; } = [];

    public IReadOnlyList<IgnoreEntry> Ignore { get; init; } = [];

    /// <summary>The baseline file (full path, resolved against the configuration file's folder), or null.</summary>
    public string? Baseline { get; init; }

    /// <summary>The gate of <c>failOn</c>; <see cref="HasFailOn"/> tells "none" from "not set".</summary>
    public Severity? FailOn { get; init; }

    public bool HasFailOn { get; init; }

    public IReadOnlyList<ConfigProblem> Problems { get; init; } = [];

    public bool IsOff(string ruleId) => Rules.TryGetValue(ruleId, out var o) && o.Off;

    /// <summary>Configured severity when there is one, else <paramref name="detected"/> (the default, or what the detector chose).</summary>
    public Severity EffectiveSeverity(string ruleId, Severity detected) =>
        Rules.TryGetValue(ruleId, out var o) && o.Severity is { } s ? s : detected;
}
