using ThreatLint.Catalog;
using ThreatLint.Documents.Artifacts;
using ThreatLint.Findings;

namespace ThreatLint.Rules.ModelArtifacts;

/// <summary>
/// TL1004: a model file with nothing beside it that lets a loader check it is the model that was meant: no signature
/// sidecar, no folder signature, no sha256 pin in a manifest.
/// </summary>
/// <remarks>
/// Decisions: every file whose bytes are a model format fires, test fixtures included (a fixture that is loaded is a
/// model like any other; suppress it). The accepted evidence is one table (<see cref="SignatureEvidence.Patterns"/>):
/// sidecars <c>&lt;model&gt;.sig/.sigstore/.sigstore.json/.bundle</c> and a <c>&lt;model&gt;.sha256</c> digest in the
/// model's folder; OpenSSF <c>model.sig</c> and manifests (SHA256SUMS, checksums.txt, MANIFEST, manifest.json,
/// *.sha256…) that list the model's path with a 64-hex digest, in its folder or any parent up to the scan root. Only
/// presence is checked — verifying signatures is the loader's job. Confidence is medium: signatures kept in a
/// registry are invisible from the repository.
/// </remarks>
public sealed class ModelArtifactUnsigned : IModelArtifactRule
{
    public RuleDescriptor Descriptor => Catalog.Rules.ModelArtifactUnsigned;

    public void Check(ModelArtifact artifact, RuleContext context)
    {
        if (artifact.Format == ArtifactFormat.Unknown || SignatureEvidence.Find(artifact.FullPath, artifact.RelativePath, context.Settings) is not null)
        {
            return;
        }

        context.Report(Descriptor, SourceSpan.FileStart, "unsigned", [artifact.FileName], confidence: Confidence.Medium);
    }
}
