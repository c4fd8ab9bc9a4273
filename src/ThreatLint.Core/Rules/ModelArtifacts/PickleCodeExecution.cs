using ThreatLint.Catalog;
using ThreatLint.Documents.Artifacts;
using ThreatLint.Documents.Pickle;
using ThreatLint.Findings;

namespace ThreatLint.Rules.ModelArtifacts;

/// <summary>
/// TL1001: a pickle-family model file imports a callable that runs code or touches the OS, or hides what it imports.
/// </summary>
/// <remarks>
/// Decisions: an unresolvable import — a STACK_GLOBAL whose operands are computed at load time, or an EXT code from the
/// copyreg extension registry — is reported here, not as TL1002: no pickler writes either for a model, and the only
/// reason to build a name at load time is to keep scanners from reading it. It has medium confidence, since the
/// target itself is unknown. Imports reached through <c>getattr</c>/<c>__import__</c> chains are reported besides the
/// <c>getattr</c> itself, so the message names what finally runs. Findings sit on line 1 (binary file); the byte
/// offset and zip member are in the message, and the evidence is the import and member, not the offset.
/// </remarks>
public sealed class PickleCodeExecution(PickleImportPolicy? policy = null) : IModelArtifactRule
{
    private readonly PickleImportPolicy? _policy = policy;

    public RuleDescriptor Descriptor => Catalog.Rules.PickleCodeExecution;

    public void Check(ModelArtifact artifact, RuleContext context)
    {
        var pickles = artifact.Pickles;
        PickleFindings.ReportProblemsOnce(pickles, context);
        foreach (var (stream, import) in PickleFindings.DistinctImports(pickles))
        {
            if ((_policy ?? context.Settings.PickleImports).Classify(import).Safety == PickleImportSafety.Dangerous)
            {
                context.Report(
                    Descriptor,
                    SourceSpan.FileStart,
                    PickleFindings.Evidence(stream, import),
                    [PickleFindings.Describe(import), stream.Locate(import)],
                    confidence: import.Kind == PickleImportKind.Unresolved ? Confidence.Medium : Confidence.High);
            }
        }
    }
}
