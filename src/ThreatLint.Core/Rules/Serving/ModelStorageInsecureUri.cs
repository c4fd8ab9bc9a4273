using ThreatLint.Catalog;
using ThreatLint.Documents.Kubernetes;
using ThreatLint.Documents.Yaml;
using ThreatLint.Findings;
using ThreatLint.Rules.SupplyChain;

namespace ThreatLint.Rules.Serving;

/// <summary>
/// TL2009: a model server loads its model over plain http (anyone on the path swaps the weights) or from an OCI image
/// by a tag that can be pushed again: KServe <c>storageUri</c> (model, framework shorthands, ServingRuntime-less
/// components), Seldon <c>modelUri</c> / v2 <c>storageUri</c>, Triton <c>--model-repository</c>, MLflow server
/// <c>--backend-store-uri</c>/<c>--default-artifact-root</c>/<c>--artifacts-destination</c> and
/// <c>MLFLOW_TRACKING_URI</c>/<c>MLFLOW_S3_ENDPOINT_URL</c> in container environments. A cluster-internal http host
/// (<c>*.svc</c>, <c>*.cluster.local</c>, <c>localhost</c>) is reported with medium confidence.
/// </summary>
public sealed partial class ModelStorageInsecureUri : IYamlRule
{
    private static readonly string[] UriFlags = ["--model-repository", "--model-store", "--backend-store-uri", "--default-artifact-root", "--artifacts-destination", "--registry-store-uri"];

    private static readonly string[] UriVariables = ["MLFLOW_TRACKING_URI", "MLFLOW_S3_ENDPOINT_URL", "STORAGE_URI", "MODEL_URI"];

    public RuleDescriptor Descriptor => Catalog.Rules.ModelStorageInsecureUri;

    public void Check(YamlFile document, RuleContext context)
    {
        if (ServingYaml.IsPipelineFile(context.Path, document))
        {
            return;
        }

        var manifest = KubernetesManifest.Of(document);
        foreach (var obj in manifest.Objects)
        {
            IEnumerable<YamlNode?> uris = obj.Group switch
            {
                "serving.kserve.io" when obj.Kind == "InferenceService" =>
                    new[] { "predictor", "transformer", "explainer" }.Select(p => obj.Spec?[p]).OfType<YamlNode>()
                        .SelectMany(c => new[] { c["storageUri"] }.Concat(c.Entries.Select(e => e.Value["storageUri"]))),
                "mlops.seldon.io" when obj.Kind == "Model" => [obj.Spec?["storageUri"]],
                "machinelearning.seldon.io" => (obj.Spec?["predictors"]?.Items ?? []).SelectMany(p => YamlFile.Walk(p).Select(n => n["modelUri"])),
                _ => [],
            };
            foreach (var uri in uris.OfType<YamlScalar>().Distinct())
            {
                Check(context, uri.Span, obj.DisplayName + " " + (obj.Group.StartsWith("serving", StringComparison.Ordinal) || obj.Kind == "Model" ? "storageUri" : "modelUri"), uri.Value);
            }
        }

        foreach (var process in ServingYaml.Processes(document, context.Path))
        {
            foreach (var line in process.Lines)
            {
                var flag = line.Flag(UriFlags);
                if (flag is { } f && (ModelReferences.IsPlainHttp(f.Value) || f.Value.StartsWith("oci://", StringComparison.Ordinal)))
                {
                    Check(context, line.SpanAt(f.Index), process.DisplayName + " " + line.Words[f.Index].Text.Split('=')[0], f.Value);
                }
            }

            foreach (var env in process.Env.Where(e => e.Source == EnvSource.Literal && Array.IndexOf(UriVariables, e.Name) >= 0 && e.Value is not null))
            {
                var value = env.Value!.Value.StartsWith(env.Name + "=", StringComparison.Ordinal) ? env.Value.Value.Substring(env.Name.Length + 1) : env.Value.Value;
                Check(context, env.Value.Span, process.DisplayName + " env " + env.Name, value);
            }
        }
    }

    private void Check(RuleContext context, SourceSpan span, string where, string uri)
    {
        if (ModelReferences.IsPlainHttp(uri))
        {
            var host = ModelReferences.HostOf(uri);
            var internalHost = host is "localhost" or "127.0.0.1" || host.EndsWith(".svc", StringComparison.Ordinal) || host.IndexOf(".svc.", StringComparison.Ordinal) > 0
                || host.EndsWith(".cluster.local", StringComparison.Ordinal) || host.IndexOf('.') < 0;
            context.Report(Descriptor, span, where + " " + uri, [where + " " + uri, "is fetched over plain http: anyone on the network path can swap the model"],
                confidence: internalHost ? Confidence.Medium : Confidence.High);
        }
        else if (uri.StartsWith("oci://", StringComparison.Ordinal) && uri.IndexOf("@sha256:", StringComparison.Ordinal) < 0 && uri.IndexOf('$') < 0)
        {
            context.Report(Descriptor, span, where + " " + uri, [where + " " + uri, "names an OCI image by tag: whoever can push the tag changes the model (pin @sha256:<digest>)"]);
        }
    }
}
