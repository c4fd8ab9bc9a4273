using ThreatLint.Catalog;
using ThreatLint.Documents.Kubernetes;
using ThreatLint.Documents.Yaml;

namespace ThreatLint.Rules.Serving;

/// <summary>
/// TL2007: full inference payloads (prompts, personal data, model outputs) are shipped to a log sink: a KServe
/// component <c>logger</c> whose <c>mode</c> is <c>all</c> or unset (all is KServe's default), a Seldon graph node
/// <c>logger</c> with <c>mode: all</c> (or request/response), vLLM <c>--enable-log-requests</c>, TGI
/// <c>--log-level debug</c> / <c>RUST_LOG=debug</c> that logs request bodies.
/// </summary>
public sealed class InferencePayloadLogging : IYamlRule
{
    public RuleDescriptor Descriptor => Catalog.Rules.InferencePayloadLogging;

    public void Check(YamlFile document, RuleContext context)
    {
        if (ServingYaml.IsPipelineFile(context.Path, document))
        {
            return;
        }

        foreach (var obj in KubernetesManifest.Of(document).Objects)
        {
            if (obj.Is("serving.kserve.io", "InferenceService"))
            {
                foreach (var part in new[] { "predictor", "transformer", "explainer" })
                {
                    if (obj.Spec?[part]?["logger"] is YamlMapping logger)
                    {
                        var mode = logger["mode"]?.Text;
                        if (mode is null or "all")
                        {
                            var sink = logger["url"]?.Text is { } url ? " to " + url : string.Empty;
                            context.Report(Descriptor, (logger["mode"] ?? obj.Spec[part]!.Entries.First(e => e.KeyText == "logger").Key).Span, obj.DisplayName + " " + part + " logger",
                                [obj.DisplayName + " " + part + " (logger mode " + (mode ?? "all by default") + sink + ")"]);
                        }
                    }
                }
            }
            else if (obj.Group == "machinelearning.seldon.io")
            {
                foreach (var node in YamlFile.Walk(obj.Node))
                {
                    if (node["logger"]?["mode"] is YamlScalar { Value: "all" or "request" or "response" } mode)
                    {
                        context.Report(Descriptor, mode.Span, obj.DisplayName + " logger " + (node["name"]?.Text ?? string.Empty), [obj.DisplayName + " graph node " + (node["name"]?.Text ?? "?") + " (logger mode " + mode.Value + ")"]);
                    }
                }
            }
        }

        foreach (var process in ServingYaml.Processes(document, context.Path))
        {
            foreach (var line in process.Lines)
            {
                for (var i = 0; i < line.Words.Count; i++)
                {
                    if (line.Words[i].Text is "--enable-log-requests")
                    {
                        context.Report(Descriptor, line.SpanAt(i), process.DisplayName + " --enable-log-requests", [process.DisplayName + " (--enable-log-requests)"]);
                    }
                }
            }
        }
    }
}
