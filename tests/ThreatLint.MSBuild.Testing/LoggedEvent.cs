namespace ThreatLint.MSBuild.Testing;

/// <summary>A warning, error or message as MSBuild logged it, without MSBuild types.</summary>
public sealed record LoggedEvent(string Kind, string? Code, string? File, int Line, int Column, string? Message, string? HelpLink);

/// <summary>The outcome of an in-process build.</summary>
public sealed record BuildOutcome(bool Success, IReadOnlyList<LoggedEvent> Events)
{
    public IEnumerable<LoggedEvent> Warnings => Events.Where(e => e.Kind == "warning");

    public IEnumerable<LoggedEvent> Errors => Events.Where(e => e.Kind == "error");

    public IEnumerable<LoggedEvent> Messages => Events.Where(e => e.Kind == "message");
}
