using ThreatLint.Documents.Yaml;

namespace ThreatLint.Documents.Pipelines;

/// <summary>GitHub Actions workflows and composite actions: steps (scripts, actions, inputs, env in scope), job images and services, the actions and reusable workflows they call.</summary>
public sealed partial class PipelineFile
{
    private void ReadGitHub(GitHubWorkflow workflow)
    {
        AddVariables(workflow.Env);
        foreach (var job in workflow.Jobs)
        {
            AddVariables(job.Node["env"]?.Entries ?? []);
            var group = workflow.IsAction ? "action" : "job " + job.Id;
            foreach (var image in job.Images)
            {
                _images.Add(new PipelineImage(image, group + " container"));
            }

            if (job.Uses is { Text: { } reusable } uses && !reusable.StartsWith("./", StringComparison.Ordinal))
            {
                _references.Add(Reference(uses, "reusable workflow"));
            }

            foreach (var step in job.Steps)
            {
                var stepEnv = step.Node["env"]?.Entries ?? [];
                AddVariables(stepEnv);
                var env = VariablesOf(job.Env.Concat(stepEnv));
                var label = workflow.IsAction ? "action " + step.Label : group + " " + step.Label;
                _steps.Add(new PipelineStep(Kind, group, label, step.Node)
                {
                    Scripts = step.Run is { Text: not null } run ? [run] : [],
                    ScriptKey = "run:",
                    Action = step.Uses,
                    Inputs = step.With,
                    Env = env,
                    GitHub = step,
                });
                if (step.Uses is { Text: { } action } uses2)
                {
                    if (action.StartsWith("docker://", StringComparison.Ordinal))
                    {
                        _images.Add(new PipelineImage(uses2, label));
                    }
                    else if (!action.StartsWith("./", StringComparison.Ordinal) && !action.StartsWith(".\\", StringComparison.Ordinal))
                    {
                        _references.Add(Reference(uses2, "action"));
                    }
                }
            }
        }
    }

    private static PipelineReference Reference(YamlScalar uses, string what)
    {
        var text = uses.Text!;
        var at = text.LastIndexOf('@');
        return new PipelineReference(uses, what, at < 0 ? text : text.Substring(0, at), at < 0 ? null : text.Substring(at + 1));
    }
}
