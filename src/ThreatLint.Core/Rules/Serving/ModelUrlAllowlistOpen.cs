using ThreatLint.Catalog;
using ThreatLint.Documents.Properties;

namespace ThreatLint.Rules.Serving;

/// <summary>
/// TL2004: TorchServe registers model archives from any URL: <c>allowed_urls</c> is missing (the default allows every
/// http(s) and file URL) or matches everything (<c>.*</c>, <c>http(s)?://.*</c>). Not reported when the file turns
/// model registration off (<c>enable_model_api=false</c>).
/// </summary>
public sealed class ModelUrlAllowlistOpen : IPropertiesRule
{
    private static readonly string[] Open = [".*", "^.*$", "http(s)?://.*", "https?://.*", "https://.*", "http://.*", "file://.*|http(s)?://.*", "(.*)", ".+"];

    public RuleDescriptor Descriptor => Catalog.Rules.ModelUrlAllowlistOpen;

    public void Check(PropertiesFile document, RuleContext context)
    {
        if (TorchServeConfig.Of(document) is not { } config || config.ModelApiDisabled)
        {
            return;
        }

        if (config.AllowedUrls is { } allowed)
        {
            var patterns = allowed.Value.Split(',').Select(p => p.Trim()).ToList();
            if (patterns.FirstOrDefault(p => Array.IndexOf(Open, p) >= 0) is { } open)
            {
                context.Report(Descriptor, allowed.ValueSpan, "allowed_urls " + open, ["TorchServe allowed_urls=" + allowed.Value]);
            }

            return;
        }

        var at = config.ManagementAddress ?? document.Entries[0];
        context.Report(Descriptor, at.KeySpan, "allowed_urls missing", ["TorchServe config without allowed_urls (the default accepts any http(s) or file URL)"],
            confidence: config.ManagementAddress is null ? Confidence.Medium : Confidence.High);
    }
}
