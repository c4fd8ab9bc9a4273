using ThreatLint.Catalog;
using ThreatLint.Documents.Artifacts;
using ThreatLint.Documents.Pickle;
using ThreatLint.Findings;

namespace ThreatLint.Rules.ModelArtifacts;

/// <summary>
/// TL1002: a pickle-family model file imports a callable that is on neither the dangerous list nor the allow-list of
/// known rebuilders.
/// </summary>
/// <remarks>
/// Decisions: scikit-learn estimators, pandas frames and user classes land here, not in TL1001: they run code on load
/// (constructors, <c>__setstate__</c>) but are not known gadgets, so they deserve review, not alarm. Each distinct
/// import is reported once per stream, at its first offset.
/// </remarks>
public sealed class PickleUnknownImport(PickleImportPolicy? policy = null) : IModelArtifactRule
{
    private readonly PickleImportPolicy? _policy = policy;

    public RuleDescriptor Descriptor => Catalog.Rules.PickleUnknownImport;

    public void Check(ModelArtifact artifact, RuleContext context)
    {
        var pickles = artifact.Pickles;
        PickleFindings.ReportProblemsOnce(pickles, context);
        foreach (var (stream, import) in PickleFindings.DistinctImports(pickles))
        {
            if ((_policy ?? context.Settings.PickleImports).Classify(import).Safety == PickleImportSafety.Unknown)
            {
                context.Report(Descriptor, SourceSpan.FileStart, PickleFindings.Evidence(stream, import), [PickleFindings.Describe(import), stream.Locate(import)]);
            }
        }
    }
}
