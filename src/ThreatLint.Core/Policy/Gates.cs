using ThreatLint.Catalog;
using ThreatLint.Configuration;

namespace ThreatLint.Policy;

/// <summary>
/// Which finding fails which gate, in one place: a finding fails a gate at <c>failOn</c> when it is not suppressed
/// (comment, annotation, configuration or baseline) and its effective severity — the configured one, else the
/// detector's — is at or above the gate. For the analyzer, whose diagnostics the compiler gates, this becomes the
/// list of TL5xxx codes to pass as <c>WarningsAsErrors</c> and those switched off (<c>NoWarn</c>).
/// </summary>
public static class Gates
{
    /// <summary>The gate: an explicit value (command line, MSBuild property) wins over the configuration's <c>failOn</c>.</summary>
    /// <returns>False when <paramref name="explicitValue"/> is not a valid threshold.</returns>
    public static bool TryResolveFailOn(string? explicitValue, ThreatLintConfig config, out Severity? failOn)
    {
        if (!string.IsNullOrWhiteSpace(explicitValue))
        {
            return SeverityText.TryParseThreshold(explicitValue, out failOn);
        }

        failOn = config.FailOn;
        return true;
    }

    /// <summary>The analyzer rules (TL5xxx) whose effective severity is at or above <paramref name="failOn"/>.</summary>
    public static IReadOnlyList<string> AnalyzerErrorCodes(ThreatLintConfig config, Severity? failOn) =>
        failOn is not { } gate
            ? []
            : [.. AnalyzerRules().Where(r => !config.IsOff(r.Id) && config.EffectiveSeverity(r.Id, r.DefaultSeverity) >= gate).Select(r => r.Id)];

    /// <summary>The analyzer rules switched off by the configuration.</summary>
    public static IReadOnlyList<string> AnalyzerOffCodes(ThreatLintConfig config) =>
        [.. AnalyzerRules().Where(r => config.IsOff(r.Id)).Select(r => r.Id)];

    private static IEnumerable<RuleDescriptor> AnalyzerRules() =>
        Catalog.Rules.All.Where(r => r.Family == RuleFamily.CSharpCode && r.IsImplemented);
}
