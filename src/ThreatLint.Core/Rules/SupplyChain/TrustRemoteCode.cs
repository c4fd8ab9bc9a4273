using ThreatLint.Catalog;
using ThreatLint.Documents.Dockerfile;
using ThreatLint.Documents.Python;
using ThreatLint.Documents.Shell;
using ThreatLint.Documents.Yaml;

namespace ThreatLint.Rules.SupplyChain;

/// <summary>
/// TL1011: a model loader is told to import the Python files that ship with the model repository
/// (<c>trust_remote_code=True</c>, <c>--trust-remote-code</c>, <c>TRUST_REMOTE_CODE=true</c>): whoever can push to
/// that repository runs code in the process that loads it.
/// </summary>
/// <remarks>
/// <para>
/// Python: the keyword on any call (also through <c>**{…}</c> and <c>**dict(…)</c>), and a
/// <c>"trust_remote_code": True</c> entry of any dict literal (<c>model_kwargs={…}</c>, configuration dicts). Only
/// the literal <c>True</c> counts: a variable (<c>trust_remote_code=args.trust_remote_code</c>) is a choice made
/// elsewhere, usually off by default, and is not reported.
/// </para>
/// <para>
/// Dockerfiles and notebook shell lines: the flag on any command of RUN, of the container's ENTRYPOINT/CMD and of
/// <c>!</c> lines; <c>TRUST_REMOTE_CODE</c> (TGI) and <c>HF_DATASETS_TRUST_REMOTE_CODE</c> (datasets) set to true by
/// ENV or by a shell assignment.
/// </para>
/// </remarks>
public sealed partial class TrustRemoteCode : IPythonRule, IDockerfileRule, IYamlRule
{
    private static readonly string[] Variables = ["TRUST_REMOTE_CODE", "HF_DATASETS_TRUST_REMOTE_CODE"];

    public RuleDescriptor Descriptor => Catalog.Rules.TrustRemoteCode;

    /// <summary>
    /// YAML: serving manifests (Kubernetes, KServe, compose… — in <c>TrustRemoteCode.Serving.cs</c>) and pipeline files (workflows,
    /// CI, Kubeflow/Argo, DVC, MLflow — in <c>TrustRemoteCode.Pipelines.cs</c>).
    /// </summary>
    public void Check(YamlFile document, RuleContext context)
    {
        CheckServing(document, context);
        CheckPipelines(document, context);
    }

    partial void CheckServing(YamlFile document, RuleContext context);

    partial void CheckPipelines(YamlFile document, RuleContext context);

    public void Check(PythonDocument document, RuleContext context)
    {
        var reported = new HashSet<int>();
        foreach (var call in document.Calls)
        {
            if (call.Keyword("trust_remote_code") is { Literal.IsTrue: true } argument && reported.Add(argument.KeywordToken))
            {
                var what = call.Callee + "(" + ModelArgument(document, call) + "trust_remote_code=True)";
                context.Report(Descriptor, argument.KeywordSpan, what, [what]);
            }
        }

        var holders = new Dictionary<int, (PythonCall Call, PythonArgument Argument)>();
        foreach (var call in document.Calls)
        {
            foreach (var argument in call.Arguments.Where(a => a.Kind == PythonArgumentKind.Keyword && a.FromUnpacking is null))
            {
                if (argument.Value.Dict is { } held)
                {
                    holders[held.OpenToken] = (call, argument);
                }
            }
        }

        foreach (var dict in document.Dicts)
        {
            if (dict.Entries.LastOrDefault(e => e.Key?.Literal is { IsString: true, Value: "trust_remote_code" }) is { Key: { } key, Value.Literal.IsTrue: true }
                && reported.Add(key.FirstToken))
            {
                var entry = "{\"trust_remote_code\": True}";
                var what = holders.TryGetValue(dict.OpenToken, out var holder) ? holder.Call.Callee + "(" + holder.Argument.Keyword + "=" + entry + ")" : entry;
                context.Report(Descriptor, key.Span, what, [what]);
            }
        }

        CheckShell(CommandLine.Of(document), context);
    }

    public void Check(DockerfileDocument document, RuleContext context)
    {
        foreach (var python in EmbeddedPython.Of(document))
        {
            Check(python, context);
        }

        foreach (var instruction in document.Instructions.Where(i => i.Keyword == "ENV"))
        {
            foreach (var pair in instruction.NameValues)
            {
                if (Variables.Contains(pair.Name) && pair.Value is { } value && ModelShellCommands.IsTrue(value.Value))
                {
                    var what = "ENV " + pair.Name + "=" + value.Value;
                    context.Report(Descriptor, instruction.SpanOf(pair.Offset, pair.Name.Length), what, [what]);
                }
            }
        }

        CheckShell(CommandLine.Of(document), context);
    }

    private void CheckShell(IEnumerable<CommandLine> lines, RuleContext context)
    {
        foreach (var line in lines)
        {
            foreach (var index in ModelShellCommands.TrustRemoteCode(line))
            {
                var program = line.Command.Name is { Length: > 0 } name && !name.StartsWith("-", StringComparison.Ordinal) ? name + " " : string.Empty;
                var what = line.Source + " " + program + line.Words[index].Text;
                context.Report(Descriptor, line.SpanAt(index), what, [what]);
            }

            foreach (var assignment in Assignments(line.Command))
            {
                if (Variables.Contains(assignment.Name) && ModelShellCommands.IsTrue(assignment.Value))
                {
                    var what = line.Source + " " + assignment.Name + "=" + assignment.Value;
                    context.Report(Descriptor, line.SpanOf(assignment.Word), what, [what]);
                }
            }
        }
    }

    /// <summary>The assignments before a command and those that <c>export</c> or <c>env</c> make.</summary>
    private static IEnumerable<ShellAssignment> Assignments(ShellCommand command)
    {
        foreach (var assignment in command.Assignments)
        {
            yield return assignment;
        }

        for (var i = 0; i < command.Words.Count; i++)
        {
            // export NAME=…, and env NAME=… (env is a wrapper: its assignments come before the program).
            if ((command.Name == "export" || i < command.NameIndex) && ShellAssignment.TryParse(command.Words[i]) is { } assignment)
            {
                yield return assignment;
            }
        }
    }

    /// <summary>The model a loader is given, as written, followed by ", " (or "…, " when it is not a literal).</summary>
    private static string ModelArgument(PythonDocument document, PythonCall call)
    {
        var model = call.Keyword("pretrained_model_name_or_path") ?? call.Keyword("model") ?? call.Keyword("model_name_or_path") ?? call.PositionalAt(0);
        if (model is null)
        {
            return string.Empty;
        }

        return document.ResolveString(model.Value) is { Length: > 0 and <= 120 } value ? PythonStrings.Quote(value) + ", " : "…, ";
    }
}
