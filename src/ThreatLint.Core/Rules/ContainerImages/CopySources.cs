using ThreatLint.Documents.Dockerfile;
using ThreatLint.Findings;

namespace ThreatLint.Rules.ContainerImages;

/// <summary>The sources and destination of COPY and ADD, substituted where Docker substitutes them, with where each is written.</summary>
internal static class CopySources
{
    /// <summary>Every argument but the destination; heredoc markers (<c>&lt;&lt;EOF</c>) are not sources.</summary>
    public static IEnumerable<CopyArgument> Sources(DockerInstruction instruction)
    {
        var arguments = Arguments(instruction);
        for (var i = 0; i < arguments.Count - 1; i++)
        {
            if (!arguments[i].Written.StartsWith("<<", StringComparison.Ordinal))
            {
                yield return arguments[i];
            }
        }
    }

    /// <summary>The last argument, or null when there are fewer than two.</summary>
    public static CopyArgument? Destination(DockerInstruction instruction)
    {
        var arguments = Arguments(instruction);
        return arguments.Count < 2 ? null : arguments[arguments.Count - 1];
    }

    private static List<CopyArgument> Arguments(DockerInstruction instruction)
    {
        var result = new List<CopyArgument>();
        if (instruction.ExecForm is { } exec)
        {
            var searchFrom = instruction.ArgumentsOffset;
            foreach (var item in exec)
            {
                var offset = instruction.Text.IndexOf(item, searchFrom, StringComparison.Ordinal);
                result.Add(new CopyArgument(item, item, offset < 0 ? instruction.Span : instruction.SpanOf(offset, item.Length)));
                searchFrom = offset < 0 ? searchFrom : offset + item.Length;
            }

            return result;
        }

        // Substitution can change the number of words (a variable holding two paths); then the words stay as written.
        var words = instruction.Words;
        var expanded = instruction.ExpandedArguments?.Value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var sameShape = expanded is not null && expanded.Length == words.Count;
        for (var i = 0; i < words.Count; i++)
        {
            var written = words[i].Text;
            result.Add(new CopyArgument(written, sameShape ? expanded![i] : written, instruction.SpanOf(words[i].Offset, written.Length)));
        }

        return result;
    }
}

/// <summary>A COPY or ADD argument.</summary>
/// <param name="Written">As written in the file.</param>
/// <param name="Value">After substitution and quote removal.</param>
/// <param name="Span">Where it is written.</param>
internal sealed record CopyArgument(string Written, string Value, SourceSpan Span);
