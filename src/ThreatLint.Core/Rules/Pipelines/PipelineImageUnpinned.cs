using ThreatLint.Catalog;
using ThreatLint.Documents.Pipelines;
using ThreatLint.Documents.Yaml;

namespace ThreatLint.Rules.Pipelines;

/// <summary>
/// TL3009: a pipeline step runs in a container image named by a tag (<c>:latest</c>, <c>:2.3-cuda12</c>, no tag at
/// all) instead of a digest: whoever can push that tag — the image's publisher, or anyone who steals their registry
/// credentials — chooses the code the step runs, with the step's data, secrets and model.
/// </summary>
/// <remarks>
/// Images of Argo templates and Kubeflow executors, Azure ML environments, GitHub job containers, services and
/// <c>docker://</c> actions, Azure Pipelines container resources and job containers, GitLab <c>image</c> and
/// <c>services</c>, MLflow <c>docker_env</c>. An image held in a variable or a template parameter
/// (<c>$IMAGE</c>, <c>{{inputs.parameters.image}}</c>, <c>${{ matrix.image }}</c>) is chosen elsewhere and not
/// reported. <c>latest</c> and untagged images are high severity; other tags medium.
/// </remarks>
public sealed class PipelineImageUnpinned : IYamlRule
{
    public RuleDescriptor Descriptor => Catalog.Rules.PipelineImageUnpinned;

    public void Check(YamlFile document, RuleContext context)
    {
        foreach (var image in PipelineFile.Of(document, context.Path).Images)
        {
            var text = image.Node.Text!.Trim();
            text = text.StartsWith("docker://", StringComparison.Ordinal) ? text.Substring(9) : text;
            if (text.Length == 0 || text.IndexOf("@sha256:", StringComparison.Ordinal) > 0 || text.IndexOfAny(['$', '{', '}', '(', ' ']) >= 0)
            {
                continue;
            }

            var slash = text.LastIndexOf('/');
            var colon = text.LastIndexOf(':');
            var tag = colon > slash ? text.Substring(colon + 1) : null;
            var loose = tag is null or "latest";
            context.Report(
                Descriptor,
                image.Node.Span,
                text,
                [text + (tag is null ? " (no tag, so :latest)" : string.Empty) + " in " + image.Where],
                loose ? Severity.High : null);
        }
    }
}
