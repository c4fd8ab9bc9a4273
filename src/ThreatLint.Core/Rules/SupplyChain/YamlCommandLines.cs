using System.Text;
using ThreatLint.Documents.Shell;
using ThreatLint.Documents.Yaml;

namespace ThreatLint.Rules.SupplyChain;

/// <summary>
/// Command lines held in YAML, read by the same shell model as Dockerfile RUN lines: a script in a scalar
/// (<c>run: |</c>, <c>script:</c> items, a container's <c>sh -c</c> string) and an argv list (a container's
/// <c>command</c> + <c>args</c>, which no shell interprets).
/// </summary>
internal static class YamlCommandLines
{
    /// <summary>The command lines of a shell script held in a scalar, each word with its exact span in the file.</summary>
    public static IEnumerable<CommandLine> OfScript(YamlScalar script, string source, int order = 0) =>
        CommandLine.Of(ShellScript.Parse(script.Value), source, order, -1, word => script.SpanOf(word.Offset, word.Length));

    /// <summary>
    /// An argv list as one command line (each item one word, whatever spaces or quotes it holds), each word spanning
    /// its YAML item; null when the list is empty.
    /// </summary>
    public static CommandLine? OfArgv(IReadOnlyList<YamlScalar> argv, string source, int order = 0)
    {
        if (argv.Count == 0)
        {
            return null;
        }

        // Single-quote every item for the shell reader and remember where each starts, to map words back to items.
        var text = new StringBuilder();
        var starts = new int[argv.Count];
        for (var i = 0; i < argv.Count; i++)
        {
            starts[i] = text.Length;
            text.Append('\'').Append(argv[i].Value.Replace("'", "'\\''")).Append("' ");
        }

        var command = ShellScript.Parse(text.ToString()).Commands.FirstOrDefault(c => c.Kind == ShellCommandKind.Simple && c.Words.Count > 0);
        return command is null
            ? null
            : new CommandLine(source, order, -1, command, command.Words, word =>
            {
                var index = Array.BinarySearch(starts, word.Offset);
                return argv[index >= 0 ? index : Math.Max(0, ~index - 1)].Span;
            });
    }
}
