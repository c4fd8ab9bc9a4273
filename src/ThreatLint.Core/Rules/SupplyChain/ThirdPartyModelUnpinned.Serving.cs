using ThreatLint.Catalog;
using ThreatLint.Documents.Kubernetes;
using ThreatLint.Documents.Yaml;
using ThreatLint.Findings;
using ThreatLint.Rules.Serving;

namespace ThreatLint.Rules.SupplyChain;

/// <summary>
/// TL1010 in serving manifests: KServe <c>storageUri: hf://org/model</c> without <c>:&lt;commit&gt;</c>, Seldon v2
/// <c>Model.spec.storageUri</c> likewise; vLLM/SGLang/KServe <c>--model</c>/<c>--model_id</c>/<c>vllm serve</c> without a
/// commit <c>--revision</c>/<c>--model_revision</c>; <c>huggingface-cli download</c> in a container script; TGI's
/// <c>MODEL_ID</c> (SageMaker's <c>HF_MODEL_ID</c>) in a container's environment without a commit in <c>REVISION</c>
/// (<c>HF_MODEL_REVISION</c>) or on its command line. Values from Secrets or ConfigMaps are decided elsewhere and are
/// not reported.
/// </summary>
public sealed partial class ThirdPartyModelUnpinned
{
    partial void CheckServing(YamlFile document, RuleContext context)
    {
        if (ServingYaml.IsPipelineFile(context.Path, document))
        {
            return;
        }

        foreach (var process in ServingYaml.Processes(document, context.Path))
        {
            CheckShell([.. process.Lines], context);
            foreach (var (modelName, revisionName) in new[] { ("MODEL_ID", "REVISION"), ("HF_MODEL_ID", "HF_MODEL_REVISION") })
            {
                if (process.EnvNamed(modelName) is not { Source: EnvSource.Literal, Value: { } value } model)
                {
                    continue;
                }

                var id = Literal(model, value);
                if (ModelReferences.Classify(id) != HubName.Repository)
                {
                    continue;
                }

                var revisionEnv = process.EnvNamed(revisionName);
                if (revisionEnv is { Source: not EnvSource.Literal })
                {
                    continue; // a Secret or ConfigMap decides
                }

                var revision = revisionEnv?.Value is { } r ? Literal(revisionEnv, r) : process.Flag("--revision");
                if (ModelReferences.IsCommit(revision))
                {
                    continue;
                }

                var reason = revision is null
                    ? "env " + modelName + " without " + revisionName + "=<40-hex commit>"
                    : revisionName + "=" + revision + " is a branch or tag, not a commit";
                Report(context, ValueSpan(model, value, id), process.DisplayName + " env " + modelName + " " + id, id, reason, Confidence.High);
            }
        }

        var manifest = KubernetesManifest.Of(document);
        foreach (var obj in manifest.Objects)
        {
            var uris = obj.Group switch
            {
                "serving.kserve.io" when obj.Kind == "InferenceService" =>
                    new[] { "predictor", "transformer", "explainer" }.SelectMany(p => StorageUris(obj.Spec?[p])),
                "mlops.seldon.io" when obj.Kind == "Model" => [obj.Spec?["storageUri"]],
                "machinelearning.seldon.io" => (obj.Spec?["predictors"]?.Items ?? []).Select(p => p["graph"]?["modelUri"]),
                _ => [],
            };
            foreach (var uri in uris.OfType<YamlScalar>().Distinct())
            {
                CheckHubUri(obj, uri, context);
            }
        }
    }

    private static IEnumerable<YamlNode?> StorageUris(YamlNode? component)
    {
        if (component is null)
        {
            yield break;
        }

        yield return component["model"]?["storageUri"];
        yield return component["storageUri"];
        foreach (var entry in component.Entries)
        {
            yield return entry.Value["storageUri"];
        }
    }

    /// <summary><c>hf://org/model</c> is pinned by <c>hf://org/model:&lt;40-hex commit&gt;</c> (KServe's storage initializer reads the part after ':' as the revision).</summary>
    private void CheckHubUri(KubernetesObject obj, YamlScalar uri, RuleContext context)
    {
        var text = uri.Value;
        if (!text.StartsWith("hf://", StringComparison.Ordinal))
        {
            return;
        }

        var rest = text.Substring(5);
        var colon = rest.IndexOf(':');
        var model = colon < 0 ? rest : rest.Substring(0, colon);
        var revision = colon < 0 ? null : rest.Substring(colon + 1);
        if (ModelReferences.IsCommit(revision) || model.IndexOf('$') >= 0)
        {
            return;
        }

        var reason = revision is null ? "storageUri without :<40-hex commit>" : ":" + revision + " is a branch or tag, not a commit";
        Report(context, uri.Span, obj.DisplayName + " storageUri " + text, model, reason, Confidence.High);
    }

    /// <summary>The value of a literal env entry (a compose list item <c>KEY=value</c> holds both).</summary>
    private static string Literal(EnvVar env, YamlScalar value) =>
        value.Value.StartsWith(env.Name + "=", StringComparison.Ordinal) ? value.Value.Substring(env.Name.Length + 1) : value.Value;

    private static SourceSpan ValueSpan(EnvVar env, YamlScalar value, string id)
    {
        var at = value.Value.LastIndexOf(id, StringComparison.Ordinal);
        return at >= 0 ? value.SpanOf(at, id.Length) : env.Node.Span;
    }
}
