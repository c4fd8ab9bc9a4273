using System.Globalization;
using ThreatLint.Catalog;
using ThreatLint.Documents.Yaml;
using ThreatLint.Rules.Pipelines;

namespace ThreatLint.Rules.ContainerImages;

/// <summary>
/// TL3008 on pipeline files: pip/uv commands of each step's scripts and argv (a second index, a plain-http index;
/// unpinned ML packages with low severity, unless the install reads a requirements/constraints file or the
/// environment sets <c>PIP_CONSTRAINT</c>/<c>PIP_REQUIRE_HASHES</c>), and index variables set in any environment
/// block (<c>PIP_EXTRA_INDEX_URL</c>, <c>UV_EXTRA_INDEX_URL</c>, plain-http <c>PIP_INDEX_URL</c>).
/// </summary>
public sealed partial class PackageIndexUntrusted
{
    partial void CheckPipelines(YamlFile document, RuleContext context)
    {
        var shell = PipelineShell.Of(document, context.Path);
        if (!shell.Pipeline.IsPipeline)
        {
            return;
        }

        foreach (var variable in shell.Pipeline.Variables)
        {
            if (variable.Scalar?.Text is { } value && value.IndexOf("${{", StringComparison.Ordinal) < 0)
            {
                var setting = new VariableSetting(variable.Name, value, variable.Name + "=" + value, variable.NameNode.Span, "env " + variable.Name + "=" + value);
                if (SettingProblem(setting) is { } problem)
                {
                    context.Report(Descriptor, variable.NameNode.Span, setting.Evidence, ["env " + problem]);
                }
            }
        }

        var pinsElsewhere = shell.Pipeline.Variables.Any(v => v.Name is "PIP_CONSTRAINT" or "PIP_REQUIRE_HASHES" && v.Scalar?.Text?.Trim().Length > 0);
        foreach (var step in shell.Steps)
        {
            foreach (var line in step.Lines)
            {
                if (PipCommand.From(line.Command) is not { } pip)
                {
                    continue;
                }

                var shownPrefix = step.Step.Label + " " + pip.Tool + (pip.Subcommand.Length == 0 ? string.Empty : " " + pip.Subcommand);
                foreach (var (word, problem) in IndexProblems(pip, shownPrefix))
                {
                    context.Report(Descriptor, line.SpanOf(word), VariableSettings.Evidence(line.Command) + " [" + word.Text + "]", [problem]);
                }

                var unpinned = pinsElsewhere ? [] : Unpinned(pip);
                if (unpinned.Count > 0)
                {
                    var names = string.Join(", ", unpinned.Take(10).Select(w => w.Text)) + (unpinned.Count > 10 ? " and " + (unpinned.Count - 10).ToString(CultureInfo.InvariantCulture) + " more" : string.Empty);
                    var first = line.SpanOf(unpinned[0]);
                    var last = line.SpanOf(unpinned[unpinned.Count - 1]);
                    context.Report(
                        Descriptor,
                        new Findings.SourceSpan(first.Line, first.Column, last.EndLine, last.EndColumn),
                        VariableSettings.Evidence(line.Command),
                        [shownPrefix + " installs " + names + " with no pinned version (==) and no hashes: a new or hijacked release runs in the pipeline unreviewed"],
                        Severity.Low);
                }
            }
        }
    }
}
