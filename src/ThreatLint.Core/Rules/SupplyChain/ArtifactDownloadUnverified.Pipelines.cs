using ThreatLint.Documents.Yaml;
using ThreatLint.Rules.Pipelines;

namespace ThreatLint.Rules.SupplyChain;

/// <summary>
/// TL1012 on pipeline files: <c>curl</c>/<c>wget</c> of a model or dataset file in a step with no checksum
/// verification after it in the same step (<c>sha256sum -c</c>, a digest compared in <c>$(…)</c>, <c>gpg --verify</c>,
/// <c>cosign verify-blob</c>) — a later step does not help: the file was already used or cached by then.
/// </summary>
public sealed partial class ArtifactDownloadUnverified
{
    partial void CheckPipelines(YamlFile document, RuleContext context)
    {
        foreach (var step in PipelineShell.Of(document, context.Path).Steps)
        {
            var lines = step.Lines.ToList();
            var downloads = Downloads(lines);
            if (downloads.Count == 0)
            {
                continue;
            }

            var checks = Enumerable.Range(0, lines.Count).Where(i => ModelShellCommands.Verifies(lines[i].Command)).ToList();
            var names = downloads.Select(d => d.File).Distinct(StringComparer.Ordinal).Take(64).ToList();
            foreach (var (index, url, file) in downloads)
            {
                if (!ChecksAfter(checks, index).Any(c => Covers(lines[c], file, names)))
                {
                    ReportShell(context, lines[index], url, file, null);
                }
            }
        }
    }
}
