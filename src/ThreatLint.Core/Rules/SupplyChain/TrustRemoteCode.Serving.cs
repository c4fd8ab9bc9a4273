using ThreatLint.Documents.Kubernetes;
using ThreatLint.Documents.Yaml;
using ThreatLint.Rules.Serving;

namespace ThreatLint.Rules.SupplyChain;

/// <summary>
/// TL1011 in serving manifests (Kubernetes workloads, KServe, Seldon, KubeRay, compose, Helm values): the flag in a
/// container's argv (also inside <c>sh -c</c>), <c>TRUST_REMOTE_CODE</c> / <c>HF_DATASETS_TRUST_REMOTE_CODE</c> set to
/// true by a literal env value, and configuration keys <c>trust_remote_code</c> / <c>trustRemoteCode</c> set to true
/// (Helm values, BentoML and Ray Serve configs). Pipeline files are the pipeline detector's.
/// </summary>
public sealed partial class TrustRemoteCode
{
    private static readonly string[] ConfigKeys = ["trust_remote_code", "trustRemoteCode", "trust-remote-code"];

    partial void CheckServing(YamlFile document, RuleContext context)
    {
        if (ServingYaml.IsPipelineFile(context.Path, document))
        {
            return;
        }

        foreach (var process in ServingYaml.Processes(document, context.Path))
        {
            CheckShell(process.Lines, context);
            foreach (var env in process.Env.Where(e => e.Source == EnvSource.Literal && Variables.Contains(e.Name)))
            {
                var value = env.Value is { } v ? ValueOf(env, v) : null;
                if (value is not null && ModelShellCommands.IsTrue(value))
                {
                    var what = process.DisplayName + " env " + env.Name + "=" + value;
                    context.Report(Descriptor, env.Node.Span, what, [what]);
                }
            }
        }

        foreach (var root in document.Roots)
        {
            foreach (var node in YamlFile.Walk(root))
            {
                foreach (var entry in node.Entries)
                {
                    if (entry.KeyText is { } key && Array.IndexOf(ConfigKeys, key) >= 0
                        && (entry.Value is YamlScalar { AsBoolean: true } || entry.Value is YamlScalar { Style: YamlScalarStyle.SingleQuoted or YamlScalarStyle.DoubleQuoted, Value: "true" or "True" }))
                    {
                        var what = key + ": " + ((YamlScalar)entry.Value).Value;
                        context.Report(Descriptor, entry.Key.Span, what, [what]);
                    }
                }
            }
        }
    }

    /// <summary>The value of a literal env entry: a compose list item <c>KEY=value</c> holds both.</summary>
    private static string ValueOf(EnvVar env, YamlScalar value) =>
        value.Value.StartsWith(env.Name + "=", StringComparison.Ordinal) ? value.Value.Substring(env.Name.Length + 1) : value.Value;
}
