namespace ThreatLint.Documents.Dockerfile;

/// <summary>
/// The variables visible to an instruction: ARG and ENV of the current stage, and the ENV of the stage it is built
/// FROM (image configuration is inherited, build arguments are not). A null value means "declared, but with no
/// static value".
/// </summary>
internal sealed class VariableScope
{
    // Lookups walk the FROM-stage chain; real files have a handful of stages, hostile ones must not make this quadratic.
    private const int MaxInheritanceDepth = 32;

    private readonly Dictionary<string, (string? Value, bool IsEnv)> _variables = new(StringComparer.Ordinal);
    private readonly VariableScope? _inherited;

    public VariableScope(VariableScope? inherited) => _inherited = inherited;

    /// <summary>ENV always wins over an ARG of the same name, as Docker documents.</summary>
    public void SetArg(string name, string? value)
    {
        if (!(_variables.TryGetValue(name, out var existing) && existing.IsEnv) && FindInheritedEnv(name) is null)
        {
            _variables[name] = (value, false);
        }
    }

    public void SetEnv(string name, string? value) => _variables[name] = (value, true);

    /// <summary>The static value, or null when the variable is unknown or has none.</summary>
    public string? Lookup(string name)
    {
        if (_variables.TryGetValue(name, out var own) && own.IsEnv)
        {
            return own.Value;
        }

        if (FindInheritedEnv(name) is { } inherited)
        {
            return inherited.Value;
        }

        return own.Value;
    }

    private (string? Value, bool IsEnv)? FindInheritedEnv(string name)
    {
        var scope = _inherited;
        for (var depth = 0; scope is not null && depth < MaxInheritanceDepth; depth++, scope = scope._inherited)
        {
            if (scope._variables.TryGetValue(name, out var variable) && variable.IsEnv)
            {
                return variable;
            }
        }

        return null;
    }
}
