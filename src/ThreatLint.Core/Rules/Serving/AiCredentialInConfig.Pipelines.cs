using ThreatLint.Documents.Pipelines;
using ThreatLint.Documents.Yaml;
using ThreatLint.Rules.Secrets;

namespace ThreatLint.Rules.Serving;

/// <summary>
/// TL2010 on pipeline files (GitHub, Azure, GitLab, Argo/Kubeflow, Azure ML, DVC, MLflow): every scalar of the file —
/// environment blocks, <c>with:</c>/<c>inputs:</c>, scripts, container args — read for AI-service keys by their
/// format, each named by the key that holds it (<c>env OPENAI_API_KEY</c>, <c>run: … --token</c>). Masked like
/// everywhere: the evidence is the provider, the place and a SHA-256 of the value.
/// </summary>
public sealed partial class AiCredentialInConfig
{
    partial void CheckPipelines(YamlFile document, RuleContext context)
    {
        if (!PipelineFile.Of(document, context.Path).IsPipeline)
        {
            return;
        }

        var stack = new Stack<(YamlNode Node, string Key)>();
        foreach (var root in document.Roots)
        {
            stack.Push((root, string.Empty));
        }

        var visits = 0;
        var seen = new HashSet<YamlNode>();
        while (stack.Count > 0 && ++visits <= YamlFile.MaxWalk)
        {
            var (node, key) = stack.Pop();
            switch (node)
            {
                case YamlMapping mapping:
                    if (seen.Add(mapping))
                    {
                        // A container env item {name: X, value: …} is named by its name, not by "value".
                        var itemName = mapping["name"]?.Text is { Length: > 0 and <= 80 } n && mapping.Has("value") ? n : null;
                        foreach (var entry in mapping.Entries)
                        {
                            stack.Push((entry.Value, entry.KeyText == "value" && itemName is not null ? itemName : entry.KeyText ?? key));
                        }
                    }

                    break;
                case YamlSequence sequence:
                    if (seen.Add(sequence))
                    {
                        foreach (var item in sequence.Items)
                        {
                            stack.Push((item, key));
                        }
                    }

                    break;
                case YamlScalar { Text: { } text } scalar when text.Length >= AiCredentialPatterns.MinLength && seen.Add(scalar):
                    foreach (var match in AiCredentialPatterns.Find(text, key + " " + text))
                    {
                        var name = NameBefore(text, match.Start);
                        var where = (key.Length > 0 ? key : "a value") + (name is null || name == key ? string.Empty : " " + name);
                        Report(context, scalar.SpanOf(match.Start, match.Length), where, match, text);
                    }

                    break;
            }
        }
    }
}
