using ThreatLint.Catalog;
using ThreatLint.Documents.Pipelines;
using ThreatLint.Documents.Yaml;

namespace ThreatLint.Rules.Pipelines;

/// <summary>
/// TL3005: a pipeline publishes a model or a model image — to a registry, the Hub, a bucket, an OCI registry, a DVC
/// remote — and no step of the same pipeline signs or attests it. Whoever can write to that destination later can
/// swap the model, and nothing downstream can tell.
/// </summary>
/// <remarks>
/// <para>
/// Publishing: <c>docker</c>/<c>podman push</c>, <c>docker buildx build --push</c>, <c>docker/build-push-action</c>
/// with <c>push</c>, Azure's <c>Docker@2</c> push, <c>oras push</c>, <c>dvc push</c>, <c>huggingface-cli</c>/<c>hf
/// upload</c>, <c>az ml model create</c>, <c>mlflow models</c>, <c>python -c</c> with <c>register_model</c> /
/// <c>push_to_hub</c>, and <c>aws s3</c>/<c>gsutil</c>/<c>gcloud storage</c>/<c>azcopy</c> copies of model files or
/// folders to a bucket. Images are reported with medium confidence (an image may hold no model).
/// </para>
/// <para>
/// Signing, anywhere in the same file (the workflow, the Azure or GitLab pipeline): <c>cosign sign|attest</c>,
/// <c>notation sign</c>, <c>model_signing sign</c>, <c>sigstore sign</c>, <c>docker trust sign</c> or
/// <c>DOCKER_CONTENT_TRUST=1</c>, <c>actions/attest-build-provenance</c>, <c>actions/attest</c>, the sigstore and
/// notation actions, and SLSA generator workflows. One finding per publishing step.
/// </para>
/// </remarks>
public sealed class ModelPublishedUnsigned : IYamlRule
{
    public RuleDescriptor Descriptor => Catalog.Rules.ModelPublishedUnsigned;

    public void Check(YamlFile document, RuleContext context)
    {
        var pipeline = PipelineFile.Of(document, context.Path);
        if (!pipeline.IsPipeline || pipeline.Steps.Count == 0)
        {
            return;
        }

        var shell = PipelineShell.Of(document, context.Path);
        var publications = PipelinePublishing.Of(pipeline, shell);
        if (publications.Count == 0 || PipelinePublishing.Signs(pipeline, shell))
        {
            return;
        }

        foreach (var publication in publications.GroupBy(p => p.Step).Select(g => g.First()))
        {
            context.Report(
                Descriptor,
                publication.Span,
                publication.How + " " + publication.What,
                [publication.Step.Label + " (" + publication.How + ")", publication.What],
                confidence: publication.Confidence);
        }
    }
}
