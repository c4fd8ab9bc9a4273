using ThreatLint.Catalog;
using ThreatLint.Documents.Pipelines;
using ThreatLint.Documents.Yaml;

namespace ThreatLint.Rules.Pipelines;

/// <summary>
/// TL3004: a GitHub workflow hands its jobs a token that can rewrite the repository — <c>permissions: write-all</c>
/// at workflow or job level, or no <c>permissions:</c> at all in a workflow that publishes models or images (the
/// token then has the repository's default scopes, write to everything in older and many organization settings).
/// One compromised action or dependency in any step pushes code, tags or releases with it.
/// </summary>
/// <remarks>
/// <c>permissions: {}</c> and any explicit list of scopes are least privilege as far as this rule can tell. The
/// missing-block case is reported once per publishing job that has no job-level block either, with medium
/// confidence (the repository's default token setting is outside the file). Azure Pipelines tokens are scoped in
/// project settings, not in the YAML; what the YAML can do is leave the token behind for later steps
/// (<c>checkout: self</c> with <c>persistCredentials: true</c>), reported with medium confidence.
/// </remarks>
public sealed class PipelineExcessivePermissions : IYamlRule
{
    public RuleDescriptor Descriptor => Catalog.Rules.PipelineExcessivePermissions;

    public void Check(YamlFile document, RuleContext context)
    {
        var pipeline = PipelineFile.Of(document, context.Path);
        if (pipeline.Kind == PipelineKind.AzurePipelines)
        {
            CheckAzure(pipeline, context);
            return;
        }

        if (pipeline.GitHub is not { IsAction: false } workflow)
        {
            return;
        }

        if (IsWriteAll(workflow.Permissions))
        {
            context.Report(Descriptor, workflow.Permissions!.Value.Span, "workflow write-all", ["workflow permissions: write-all", "gives every job a token that can push code, tags and releases: one compromised step or action rewrites the repository"]);
        }

        foreach (var job in workflow.Jobs)
        {
            if (IsWriteAll(job.Permissions))
            {
                context.Report(Descriptor, job.Permissions!.Value.Span, "job " + job.Id + " write-all", ["job " + job.Id + " permissions: write-all", "gives the job a token that can push code, tags and releases: one compromised step or action rewrites the repository"]);
            }
        }

        if (workflow.Permissions is not null)
        {
            return;
        }

        var publications = PipelinePublishing.Of(pipeline, PipelineShell.Of(document, context.Path));
        foreach (var job in workflow.Jobs.Where(j => j.Permissions is null && j.Uses is null))
        {
            if (publications.FirstOrDefault(p => p.Step.GitHub?.Job == job) is { } publication)
            {
                context.Report(
                    Descriptor,
                    job.Entry.Key.Span,
                    "job " + job.Id + " no permissions",
                    ["job " + job.Id + " publishes " + publication.What + " (" + publication.How + ") with no permissions: block in the job or the workflow,", "so it runs with the repository's default token scopes: a compromised step can push code or releases as well as the model"],
                    confidence: Confidence.Medium);
            }
        }
    }

    /// <summary>
    /// Azure Pipelines scopes its token in project settings, but <c>checkout: self</c> with
    /// <c>persistCredentials: true</c> writes it into <c>.git/config</c> for every later step and task of the job.
    /// </summary>
    private void CheckAzure(PipelineFile pipeline, RuleContext context)
    {
        foreach (var step in pipeline.Steps)
        {
            if (step.Node["checkout"] is not null && step.Node["persistCredentials"] is YamlScalar { AsBoolean: true } persist)
            {
                context.Report(
                    Descriptor,
                    persist.Span,
                    step.Label + " persistCredentials",
                    [step.Label + " checkout persistCredentials: true", "leaves the pipeline's access token in .git/config for every later step and task: a compromised one pushes to the repository with it"],
                    confidence: Confidence.Medium);
            }
        }
    }

    private static bool IsWriteAll(YamlEntry? permissions) => permissions?.Value.Text is "write-all";
}
