namespace ThreatLint.Configuration;

/// <summary>The commented starter file <c>threatlint init</c> writes. Tests check that it loads without problems and
/// validates against docs/threatlint.schema.json.</summary>
public static class StarterConfig
{
    public const string SchemaUri = "https://raw.githubusercontent.com/threatlint/threatlint/main/docs/threatlint.schema.json";

    public static string Text { get; } = """
        # yaml-language-server: $schema=https://raw.githubusercontent.com/threatlint/threatlint/main/docs/threatlint.schema.json
        # ThreatLint configuration: docs/configuration.md lists every key.
        # Found upward from the scanned folder (up to the repository root); override with --config or ThreatLintConfig.

        # Findings at or above this effective severity fail `threatlint scan` (exit 1) and the build
        # (critical, high, medium, low or none). --fail-on and ThreatLintFailOn take precedence.
        failOn: none

        # Accepted findings, written by `threatlint baseline` (path relative to this file).
        # baseline: threatlint.baseline.json

        # Globs relative to the scanned folder: '*' within a folder, '**' across folders, '?' one character.
        # include: ["**/*"]
        # exclude: ["**/testdata/**"]

        # Extra files to scan as a given kind (dockerfile, model-artifact, python-source, notebook, yaml, env-file, ...).
        # files:
        #   - pattern: "deploy/**/*.docker"
        #     kind: dockerfile

        # Per rule (id or slug): a severity (critical, high, medium, low) or off, and the rule's options.
        rules:
          # TL4006: off
          TL4001:
            severity: medium
            # Images that run as a non-root user when no USER is set (registry/repository, '*' wildcard).
            nonRootBaseImages: []
          TL4002:
            # Registries whose tags are immutable and yours: a tag there counts as a pin.
            trustedRegistries: []
          TL1010:
            # Hub organisations whose models may be referenced without a commit revision.
            trustedOrganizations: []
          TL1004:
            # More files that sign a model: '{name}' is the model's file name (a sidecar); a plain name signs its folder.
            signatureFiles: []
            # More manifest names (a leading '*' allowed) that pin a model by listing its path with a sha256.
            digestManifests: []
          TL1002:
            # Pickle imports to treat as safe (module.name, or module.* for a whole module) or as dangerous.
            allowImports: []
            denyImports: []

        # Accept findings by path (and optionally rule) with a reason. For one line, an inline comment is
        # often better: the word threatlint-ignore after a '#', then the rule and ': reason' (see
        # docs/suppressions-and-baselines.md).
        # ignore:
        #   - paths: ["tests/fixtures/**"]
        #     rules: [TL1004]
        #     reason: test fixtures are never loaded in production
        """.Replace("\r\n", "\n") + "\n";
}
