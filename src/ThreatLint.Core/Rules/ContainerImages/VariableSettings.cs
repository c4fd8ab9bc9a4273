using ThreatLint.Documents;
using ThreatLint.Documents.Dockerfile;
using ThreatLint.Documents.Shell;
using ThreatLint.Findings;

namespace ThreatLint.Rules.ContainerImages;

/// <summary>An environment variable a Dockerfile sets: by ENV, by an ARG default, or in a script.</summary>
/// <param name="Name">The variable's name as written.</param>
/// <param name="Value">The value, quotes removed (ENV and ARG values substituted where Docker does).</param>
/// <param name="Shown">How the message shows it: <c>ENV PIP_TRUSTED_HOST=pypi.internal</c>, <c>RUN export GIT_SSL_NO_VERIFY=1</c>.</param>
/// <param name="Span">Where <c>name=value</c> is written.</param>
/// <param name="Evidence">The normalized instruction or command, for the fingerprint.</param>
internal sealed record VariableSetting(string Name, string Value, string Shown, SourceSpan Span, string Evidence);

/// <summary>Every variable a Dockerfile sets, and the small value tests the rules share.</summary>
internal static class VariableSettings
{
    /// <summary>
    /// ENV and ARG with a value, and in RUN/CMD/ENTRYPOINT scripts the assignments before a command
    /// (<c>GIT_SSL_NO_VERIFY=1 git clone</c>), after <c>env</c>, and the arguments of <c>export</c> and <c>declare -x</c>.
    /// </summary>
    public static IEnumerable<VariableSetting> Of(DockerfileDocument document) =>
        document.Derived(DocumentKey, d => new MemoizedSequence<VariableSetting>(Read(d)));

    /// <summary>Identifies the settings among a document's shared analyses (TL3008 and TL4007 both read them).</summary>
    private static readonly object DocumentKey = new();

    private static IEnumerable<VariableSetting> Read(DockerfileDocument document)
    {
        foreach (var instruction in document.Instructions.Where(i => i.Keyword is "ENV" or "ARG"))
        {
            foreach (var pair in instruction.NameValues)
            {
                if (pair.RawValue is null)
                {
                    continue;
                }

                var hasEquals = pair.Offset + pair.Name.Length < instruction.Text.Length && instruction.Text[pair.Offset + pair.Name.Length] == '=';
                var span = hasEquals
                    ? instruction.SpanOf(pair.Offset, pair.Name.Length + 1 + pair.RawValue.Length)
                    : instruction.SpanOf(pair.Offset, instruction.Text.TrimEnd().Length - pair.Offset);
                var shown = instruction.Keyword + " " + pair.Name + "=" + pair.RawValue;
                yield return new VariableSetting(pair.Name, pair.Value?.Value ?? pair.RawValue, shown, span, shown);
            }
        }

        foreach (var script in document.RunScriptsOf().Concat(document.CommandScriptsOf()))
        {
            foreach (var command in script.Script.Commands)
            {
                foreach (var (assignment, prefix) in Assignments(command))
                {
                    var shown = script.Instruction.Keyword + " " + prefix + assignment.Word.Text;
                    yield return new VariableSetting(assignment.Name, assignment.Value, shown, script.SpanOf(assignment.Word), Evidence(command));
                }
            }
        }
    }

    /// <summary>
    /// A command's normalized text as fingerprint evidence, cut at 300 characters: a hostile command with a million
    /// flags must not put a megabyte into each of its findings.
    /// </summary>
    public static string Evidence(ShellCommand command)
    {
        var text = command.ToString();
        return text.Length <= 300 ? text : text.Substring(0, 300);
    }

    /// <summary>False, as the tools that read these variables spell it: 0, false, no, off.</summary>
    public static bool IsFalse(string value) =>
        value.Trim() is var v && (v == "0" || v.Equals("false", StringComparison.OrdinalIgnoreCase)
            || v.Equals("no", StringComparison.OrdinalIgnoreCase) || v.Equals("off", StringComparison.OrdinalIgnoreCase));

    /// <summary>A URL fit for a message: user-info masked (index URLs carry tokens), long ones shortened.</summary>
    public static string ShownUrl(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0)
        {
            var hostEnd = url.IndexOfAny(['/', '?', '#'], scheme + 3);
            var at = url.LastIndexOf('@', hostEnd < 0 ? url.Length - 1 : hostEnd - 1);
            if (at > scheme)
            {
                url = url.Substring(0, scheme + 3) + "***" + url.Substring(at);
            }
        }

        return url.Length > 120 ? url.Substring(0, 119) + "…" : url;
    }

    private static IEnumerable<(ShellAssignment Assignment, string Prefix)> Assignments(ShellCommand command)
    {
        foreach (var assignment in command.Assignments)
        {
            yield return (assignment, string.Empty);
        }

        // env FOO=1 cmd: the words between env and the program.
        for (var i = 0; i < command.NameIndex; i++)
        {
            if (ShellAssignment.TryParse(command.Words[i]) is { } assignment)
            {
                yield return (assignment, "env ");
            }
        }

        if (command.Name is "export" or "declare" or "typeset")
        {
            foreach (var word in command.Arguments)
            {
                if (ShellAssignment.TryParse(word) is { } assignment)
                {
                    yield return (assignment, command.Name + " ");
                }
            }
        }
    }
}
