using ThreatLint.Catalog;
using ThreatLint.Documents.Kubernetes;
using ThreatLint.Documents.Properties;
using ThreatLint.Documents.Yaml;

namespace ThreatLint.Rules.Serving;

/// <summary>
/// TL2011: any web origin may call the inference endpoint from a visitor's browser: TorchServe
/// <c>cors_allowed_origin=*</c>; an nginx Ingress with <c>enable-cors: "true"</c> whose <c>cors-allow-origin</c> is
/// <c>*</c> or unset (nginx's default is *) while credentials stay allowed (<c>cors-allow-credentials</c> defaults to
/// true).
/// </summary>
public sealed class InferenceCorsWildcard : IPropertiesRule, IYamlRule
{
    private const string Nginx = "nginx.ingress.kubernetes.io/";

    public RuleDescriptor Descriptor => Catalog.Rules.InferenceCorsWildcard;

    public void Check(PropertiesFile document, RuleContext context)
    {
        if (TorchServeConfig.Of(document)?.CorsAllowedOrigin is { } origin && origin.Value.Trim() == "*")
        {
            context.Report(Descriptor, origin.ValueSpan, "cors_allowed_origin *", ["TorchServe cors_allowed_origin=*"]);
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
            var ingress = route.Object;
            if (ingress.Annotation(Nginx + "enable-cors") is not { } enabled || !enabled.Equals("true", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var origin = ingress.Annotation(Nginx + "cors-allow-origin");
            var credentials = ingress.Annotation(Nginx + "cors-allow-credentials") ?? "true";
            if ((origin is null || origin.Trim() == "*") && credentials.Equals("true", StringComparison.OrdinalIgnoreCase))
            {
                var at = ingress.AnnotationNode(Nginx + "cors-allow-origin") ?? ingress.AnnotationNode(Nginx + "enable-cors")!;
                context.Report(Descriptor, at.Span, ingress.DisplayName + " cors", [ingress.DisplayName + " (enable-cors with origin " + (origin ?? "* by default") + " and credentials allowed)"]);
            }
        }
    }
}
