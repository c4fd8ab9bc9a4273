using ThreatLint.Catalog;
using ThreatLint.Rules.ContainerImages;
using ThreatLint.Rules.ModelArtifacts;
using ThreatLint.Rules.Pipelines;
using ThreatLint.Rules.Serving;
using ThreatLint.Rules.SupplyChain;

namespace ThreatLint.Rules;

/// <summary>Every detector, registered explicitly. A test checks this list against the catalog.</summary>
public static class RuleRegistry
{
    public static IReadOnlyList<IRule> All { get; } =
    [
        // TL1xxx — model artifacts and model supply chain
        new PickleCodeExecution(),
        new PickleUnknownImport(),
        new UnsafeModelFormat(),
        new ModelArtifactUnsigned(),
        new KerasLambdaLayer(),
        new OnnxExternalDataEscape(),
        new GgufTemplateCode(),
        new ThirdPartyModelUnpinned(),
        new TrustRemoteCode(),
        new ArtifactDownloadUnverified(),
        new UnsafeModelLoadCall(),

        // TL2xxx — model serving exposure
        new InferenceNoRateLimit(),
        new ModelManagementApiExposed(),
        new InferenceNoAuth(),
        new ModelUrlAllowlistOpen(),
        new ModelServerUnboundedResources(),
        new RequestSizeUnbounded(),
        new InferencePayloadLogging(),
        new ModelServerPrivileged(),
        new ModelStorageInsecureUri(),
        new AiCredentialInConfig(),
        new InferenceCorsWildcard(),

        // TL3xxx — training and delivery pipelines
        new PipelineDependencyUnpinned(),
        new PipelineUntrustedCheckout(),
        new PipelineExpressionInjection(),
        new PipelineExcessivePermissions(),
        new ModelPublishedUnsigned(),
        new TrainingDataUnverified(),
        new PipelineSecretExposure(),
        new PackageIndexUntrusted(),
        new PipelineImageUnpinned(),
        new GpuRunnerExposed(),

        // TL4xxx — container images
        new ImageRunsAsRoot(),
        new BaseImageUnpinned(),
        new RemoteAddUnverified(),
        new SecretInImage(),
        new AdminPortExposed(),
        new RemoteScriptExecution(),
        new TlsVerificationDisabled(),

        // TL9xxx — the scan itself: model headers that are malformed or too large
        new ModelHeaderIntegrity(),
    ];

    /// <summary>The detectors for one document kind.</summary>
    public static IReadOnlyList<T> For<T>()
        where T : IRule => [.. All.OfType<T>()];

    /// <summary>Rules reported by the engine itself rather than by a detector.</summary>
    public static IReadOnlyList<RuleDescriptor> EngineRules { get; } = [Catalog.Rules.FileUnreadable, Catalog.Rules.FileSkippedLimit, Catalog.Rules.ConfigInvalid, Catalog.Rules.SuppressionUnused];
}
