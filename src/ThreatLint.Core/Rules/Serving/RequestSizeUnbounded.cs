using System.Globalization;
using ThreatLint.Catalog;
using ThreatLint.Documents.Kubernetes;
using ThreatLint.Documents.Properties;
using ThreatLint.Documents.Yaml;

namespace ThreatLint.Rules.Serving;

/// <summary>
/// TL2006: request or generation size has no bound, or an absurd one: nginx <c>proxy-body-size: "0"</c> on an Ingress
/// that reaches a model server (or in a serving manifest), TorchServe <c>max_request_size</c> above 1 GiB, TGI
/// <c>MAX_TOTAL_TOKENS</c>/<c>MAX_INPUT_TOKENS</c>/<c>--max-total-tokens</c>/<c>--max-input-tokens</c> and vLLM
/// <c>--max-model-len</c> above 1,048,576 tokens.
/// </summary>
public sealed class RequestSizeUnbounded : IPropertiesRule, IYamlRule
{
    private const long MaxBytes = 1L << 30;

    private const long MaxTokens = 1 << 20;

    private static readonly string[] TokenFlags = ["--max-total-tokens", "--max-input-tokens", "--max-input-length", "--max-model-len", "--max-batch-total-tokens"];

    private static readonly string[] TokenVariables = ["MAX_TOTAL_TOKENS", "MAX_INPUT_TOKENS", "MAX_INPUT_LENGTH", "MAX_BATCH_TOTAL_TOKENS"];

    public RuleDescriptor Descriptor => Catalog.Rules.RequestSizeUnbounded;

    public void Check(PropertiesFile document, RuleContext context)
    {
        if (TorchServeConfig.Of(document)?.MaxRequestSize is { } size
            && long.TryParse(size.Value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var bytes) && (bytes > MaxBytes || bytes < 0))
        {
            context.Report(Descriptor, size.ValueSpan, "max_request_size", ["TorchServe max_request_size=" + size.Value.Trim()]);
        }
    }

    public void Check(YamlFile document, RuleContext context)
    {
        if (ServingYaml.IsPipelineFile(context.Path, document))
        {
            return;
        }

        foreach (var route in KubernetesManifest.Of(document).Routes.Where(r => r.Kind == RouteKind.Ingress))
        {
            if (route.Object.AnnotationNode("nginx.ingress.kubernetes.io/proxy-body-size") is YamlScalar { Value: "0" or "0m" or "0M" } body)
            {
                context.Report(Descriptor, body.Span, route.Object.DisplayName + " proxy-body-size", [route.Object.DisplayName + " (nginx proxy-body-size: 0 turns the body limit off)"]);
            }
        }

        foreach (var process in ServingYaml.Processes(document, context.Path).Where(p => p.Server is not null))
        {
            foreach (var line in process.Lines)
            {
                foreach (var flag in TokenFlags)
                {
                    if (line.Flag(flag) is { } value && IsAbsurd(value.Value))
                    {
                        context.Report(Descriptor, line.SpanAt(value.Index), process.DisplayName + " " + flag, [process.DisplayName + " (" + flag + " " + value.Value + ")"]);
                    }
                }
            }

            foreach (var env in process.Env.Where(e => e.Source == EnvSource.Literal && Array.IndexOf(TokenVariables, e.Name) >= 0 && e.Value is not null))
            {
                var value = env.Value!.Value.StartsWith(env.Name + "=", StringComparison.Ordinal) ? env.Value.Value.Substring(env.Name.Length + 1) : env.Value.Value;
                if (IsAbsurd(value))
                {
                    context.Report(Descriptor, env.Value.Span, process.DisplayName + " " + env.Name, [process.DisplayName + " (" + env.Name + "=" + value + ")"]);
                }
            }
        }
    }

    private static bool IsAbsurd(string value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var tokens) && tokens > MaxTokens;
}
