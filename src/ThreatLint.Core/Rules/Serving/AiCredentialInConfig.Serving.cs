using System.Text;
using ThreatLint.Documents.Properties;
using ThreatLint.Documents.Yaml;
using ThreatLint.Rules.Secrets;

namespace ThreatLint.Rules.Serving;

/// <summary>
/// TL2010 in serving configuration: every scalar of a serving YAML file (Kubernetes manifests and their env
/// <c>value</c>s, ConfigMaps, Secret <c>stringData</c> and base64 <c>data</c>, compose environments as maps or
/// <c>KEY=value</c> lists, Helm values, BentoML configs), named by its key (an env entry by its <c>name</c>); and every
/// value of a properties file (TorchServe's <c>config.properties</c>). Placeholders are not credentials
/// (<see cref="SecretValues.IsPlaceholder"/>); references (<c>secretKeyRef</c>) hold no value to find. Pipeline files
/// are the pipeline detector's.
/// </summary>
public sealed partial class AiCredentialInConfig : IPropertiesRule
{
    /// <summary>Base64 Secret data longer than this is not decoded (keys are short; certificates and blobs are not ours).</summary>
    private const int MaxDecoded = 4096;

    partial void CheckServing(YamlFile document, RuleContext context)
    {
        if (ServingYaml.IsPipelineFile(context.Path, document))
        {
            return;
        }

        var reported = new HashSet<YamlNode>();
        foreach (var root in document.Roots)
        {
            var isSecret = root["kind"]?.Text == "Secret" && root["apiVersion"]?.Text == "v1";
            foreach (var node in YamlFile.Walk(root))
            {
                if (node is YamlMapping mapping)
                {
                    // An env entry {name: OPENAI_API_KEY, value: sk-…} is named by its name.
                    if (mapping["name"]?.Text is { } envName && mapping["value"] is YamlScalar envValue && reported.Add(envValue))
                    {
                        CheckScalar(context, envValue, "env " + envName, envName);
                    }

                    foreach (var entry in mapping.Entries)
                    {
                        if (entry.Value is YamlScalar scalar && entry.KeyText is { } key && reported.Add(scalar))
                        {
                            CheckScalar(context, scalar, key, key);
                        }
                    }

                    if (isSecret && ReferenceEquals(node, root["data"]))
                    {
                        CheckSecretData(context, mapping);
                    }
                }
                else if (node is YamlSequence sequence)
                {
                    foreach (var item in sequence.Items.OfType<YamlScalar>())
                    {
                        if (reported.Add(item))
                        {
                            var equals = item.Value.IndexOf('=');
                            var name = equals > 0 ? item.Value.Substring(0, equals) : null;
                            CheckScalar(context, item, name ?? "a list item", name ?? item.Value);
                        }
                    }
                }
            }
        }
    }

    public void Check(PropertiesFile document, RuleContext context)
    {
        foreach (var entry in document.Entries)
        {
            foreach (var match in AiCredentialPatterns.Find(entry.Value, entry.Key))
            {
                var span = entry.ValueSpan.Line == entry.KeySpan.Line
                    ? Findings.SourceSpan.At(entry.ValueSpan.Line, entry.ValueSpan.Column + match.Start, match.Length)
                    : entry.ValueSpan;
                Report(context, span, entry.Key, match, entry.Value);
            }
        }
    }

    private void CheckScalar(RuleContext context, YamlScalar scalar, string where, string name)
    {
        if (scalar.Value.Length < AiCredentialPatterns.MinLength)
        {
            return;
        }

        foreach (var match in AiCredentialPatterns.Find(scalar.Value, name + " " + scalar.Value))
        {
            var inner = NameBefore(scalar.Value, match.Start);
            Report(context, scalar.SpanOf(match.Start, match.Length), inner is null ? where : where + " (" + inner + ")", match, scalar.Value);
        }
    }

    /// <summary>A Secret's <c>data</c> is base64: decoded (bounded) and checked, reported at the encoded value.</summary>
    private void CheckSecretData(RuleContext context, YamlMapping data)
    {
        foreach (var entry in data.Entries)
        {
            if (entry.KeyText is not { } key || entry.Value is not YamlScalar { Value.Length: > 0 and <= MaxDecoded } scalar)
            {
                continue;
            }

            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(scalar.Value.Trim()));
            }
            catch (FormatException)
            {
                continue;
            }

            foreach (var match in AiCredentialPatterns.Find(decoded, key))
            {
                Report(context, scalar.Span, "Secret data " + key + " (base64)", match, decoded);
            }
        }
    }
}
