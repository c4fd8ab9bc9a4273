using ThreatLint.Documents.Pipelines;
using ThreatLint.Documents.Shell;
using ThreatLint.Documents.Yaml;
using ThreatLint.Findings;
using ThreatLint.Rules.SupplyChain;

namespace ThreatLint.Rules.Pipelines;

/// <summary>A script of a pipeline step, parsed once by the shell model, with spans into its YAML scalar.</summary>
internal sealed record StepScript(YamlScalar Scalar, ShellScript Script)
{
    public SourceSpan SpanOf(int offset, int length) => Scalar.SpanOf(offset, length);

    public SourceSpan SpanOf(ShellWord word) => Scalar.SpanOf(word.Offset, word.Length);
}

/// <summary>A step with its parsed scripts and command lines (each script's lines have its index as their order).</summary>
internal sealed class StepShell
{
    public StepShell(PipelineStep step, IReadOnlyList<StepScript> scripts, IReadOnlyList<CommandLine> lines)
    {
        Step = step;
        Scripts = scripts;
        Lines = lines;
    }

    public PipelineStep Step { get; }

    public IReadOnlyList<StepScript> Scripts { get; }

    public IReadOnlyList<CommandLine> Lines { get; }
}

/// <summary>
/// The shell side of a pipeline file: every step's scripts parsed once and shared by the rules that read commands
/// (<see cref="YamlFile.View{T}"/>). Scripts a shell does not run (<c>shell: python</c>, <c>shell: pwsh</c> in GitHub
/// steps) are left out.
/// </summary>
internal sealed class PipelineShell
{
    private PipelineShell(PipelineFile pipeline, IReadOnlyList<StepShell> steps)
    {
        Pipeline = pipeline;
        Steps = steps;
    }

    public PipelineFile Pipeline { get; }

    public IReadOnlyList<StepShell> Steps { get; }

    public IEnumerable<CommandLine> Lines => Steps.SelectMany(s => s.Lines);

    public static PipelineShell Of(YamlFile file, string path) => file.View(f => Build(PipelineFile.Of(f, path)));

    private static PipelineShell Build(PipelineFile pipeline)
    {
        var steps = new List<StepShell>();
        foreach (var step in pipeline.Steps)
        {
            var shell = step.GitHub?.Node["shell"]?.Text ?? step.GitHub?.Job.Node["defaults"]?["run"]?["shell"]?.Text;
            if (shell is not null && !(shell.StartsWith("bash", StringComparison.Ordinal) || shell.StartsWith("sh", StringComparison.Ordinal)))
            {
                continue;
            }

            var scripts = step.Scripts.Select(s => new StepScript(s, ShellScript.Parse(s.Value))).ToList();
            var lines = new List<CommandLine>();
            for (var i = 0; i < scripts.Count; i++)
            {
                var script = scripts[i];
                lines.AddRange(CommandLine.Of(script.Script, step.ScriptKey, i, -1, script.SpanOf));
            }

            if (YamlCommandLines.OfArgv(step.Argv, "args:", scripts.Count) is { } argv)
            {
                lines.Add(argv);
            }

            if (scripts.Count > 0 || lines.Count > 0)
            {
                steps.Add(new StepShell(step, scripts, lines));
            }
        }

        return new PipelineShell(pipeline, steps);
    }
}
