namespace ThreatLint.Documents.Dockerfile;

/// <summary>
/// Text after static variable substitution (<c>$VAR</c>, <c>${VAR}</c>, <c>${VAR:-default}</c>…) and quote removal,
/// as Docker does for FROM, USER, COPY and the other instructions it expands. A variable without a static value
/// (a build argument with no default, an undeclared or platform variable) stays in <see cref="Value"/> as written
/// and is listed in <see cref="UnresolvedVariables"/>.
/// </summary>
public sealed class ExpandedText
{
    private readonly IReadOnlyList<(int Start, int Length)> _holes;

    internal ExpandedText(string value, IReadOnlyList<string> unresolvedVariables, IReadOnlyList<(int Start, int Length)> holes)
    {
        Value = value;
        UnresolvedVariables = unresolvedVariables;
        _holes = holes;
    }

    /// <summary>The substituted text, e.g. <c>nvcr.io/nvidia/tritonserver:24.08-py3</c> or <c>pytorch:${TAG}</c>.</summary>
    public string Value { get; }

    /// <summary>Names of the variables that have no static value, in order of appearance, without repeats.</summary>
    public IReadOnlyList<string> UnresolvedVariables { get; }

    /// <summary>True when every variable had a static value.</summary>
    public bool IsResolved => UnresolvedVariables.Count == 0;

    internal static ExpandedText Literal(string value) => new(value, [], []);

    /// <summary>
    /// Whether <paramref name="candidate"/> could be the value once the unresolved variables are known: the literal
    /// parts must match in order (case-insensitively), each unresolved variable matches any text.
    /// </summary>
    public bool CouldBe(string candidate)
    {
        if (_holes.Count == 0)
        {
            return string.Equals(Value, candidate, StringComparison.OrdinalIgnoreCase);
        }

        var prefixLength = _holes[0].Start;
        var lastHole = _holes[_holes.Count - 1];
        var suffixStart = lastHole.Start + lastHole.Length;
        var suffixLength = Value.Length - suffixStart;
        var limit = candidate.Length - suffixLength;
        if (limit < prefixLength
            || string.Compare(Value, 0, candidate, 0, prefixLength, StringComparison.OrdinalIgnoreCase) != 0
            || string.Compare(Value, suffixStart, candidate, limit, suffixLength, StringComparison.OrdinalIgnoreCase) != 0)
        {
            return false;
        }

        // Leftmost matching of the literal parts between holes is enough when every hole matches any text.
        var position = prefixLength;
        for (var i = 1; i < _holes.Count && position <= limit; i++)
        {
            var start = _holes[i - 1].Start + _holes[i - 1].Length;
            var length = _holes[i].Start - start;
            var found = length == 0 ? position : candidate.IndexOf(Value.Substring(start, length), position, limit - position, StringComparison.OrdinalIgnoreCase);
            if (found < 0)
            {
                return false;
            }

            position = found + length;
        }

        return position <= limit;
    }

    public override string ToString() => Value;
}
