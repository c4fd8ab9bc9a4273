// Generated from catalogs/atlas.yaml (MITRE ATLAS 5.6.0); AtlasIdTests checks every constant
// against the embedded catalog. Add an id by copying it from the catalog, never from memory.
namespace ThreatLint.Catalog;

/// <summary>MITRE ATLAS technique ids used by ThreatLint rules.</summary>
public static class AtlasTechnique
{
    /// <summary>AML.T0010.001 — AI Supply Chain Compromise: AI Software.</summary>
    public const string T0010_001 = "AML.T0010.001";

    /// <summary>AML.T0010.002 — AI Supply Chain Compromise: Data.</summary>
    public const string T0010_002 = "AML.T0010.002";

    /// <summary>AML.T0010.003 — AI Supply Chain Compromise: Model.</summary>
    public const string T0010_003 = "AML.T0010.003";

    /// <summary>AML.T0010.004 — AI Supply Chain Compromise: Container Registry.</summary>
    public const string T0010_004 = "AML.T0010.004";

    /// <summary>AML.T0011.000 — User Execution: Unsafe AI Artifacts.</summary>
    public const string T0011_000 = "AML.T0011.000";

    /// <summary>AML.T0011.001 — User Execution: Malicious Package.</summary>
    public const string T0011_001 = "AML.T0011.001";

    /// <summary>AML.T0018 — Manipulate AI Model.</summary>
    public const string T0018 = "AML.T0018";

    /// <summary>AML.T0018.002 — Manipulate AI Model: Embed Malware.</summary>
    public const string T0018_002 = "AML.T0018.002";

    /// <summary>AML.T0020 — Poison Training Data.</summary>
    public const string T0020 = "AML.T0020";

    /// <summary>AML.T0024 — Exfiltration via AI Inference API.</summary>
    public const string T0024 = "AML.T0024";

    /// <summary>AML.T0024.001 — Exfiltration via AI Inference API: Invert AI Model.</summary>
    public const string T0024_001 = "AML.T0024.001";

    /// <summary>AML.T0024.002 — Exfiltration via AI Inference API: Extract AI Model.</summary>
    public const string T0024_002 = "AML.T0024.002";

    /// <summary>AML.T0029 — Denial of AI Service.</summary>
    public const string T0029 = "AML.T0029";

    /// <summary>AML.T0034 — Cost Harvesting.</summary>
    public const string T0034 = "AML.T0034";

    /// <summary>AML.T0034.000 — Cost Harvesting: Excessive Queries.</summary>
    public const string T0034_000 = "AML.T0034.000";

    /// <summary>AML.T0034.001 — Cost Harvesting: Resource-Intensive Queries.</summary>
    public const string T0034_001 = "AML.T0034.001";

    /// <summary>AML.T0040 — AI Model Inference API Access.</summary>
    public const string T0040 = "AML.T0040";

    /// <summary>AML.T0049 — Exploit Public-Facing Application.</summary>
    public const string T0049 = "AML.T0049";

    /// <summary>AML.T0051.000 — LLM Prompt Injection: Direct.</summary>
    public const string T0051_000 = "AML.T0051.000";

    /// <summary>AML.T0053 — AI Agent Tool Invocation.</summary>
    public const string T0053 = "AML.T0053";

    /// <summary>AML.T0055 — Unsecured Credentials.</summary>
    public const string T0055 = "AML.T0055";

    /// <summary>AML.T0057 — LLM Data Leakage.</summary>
    public const string T0057 = "AML.T0057";

    /// <summary>AML.T0058 — Publish Poisoned Models.</summary>
    public const string T0058 = "AML.T0058";

    /// <summary>AML.T0077 — LLM Response Rendering.</summary>
    public const string T0077 = "AML.T0077";

    /// <summary>AML.T0109 — AI Supply Chain Rug Pull.</summary>
    public const string T0109 = "AML.T0109";
}

/// <summary>MITRE ATLAS mitigation ids used by ThreatLint rules.</summary>
public static class AtlasMitigation
{
    /// <summary>AML.M0002 — Passive AI Output Obfuscation.</summary>
    public const string M0002 = "AML.M0002";

    /// <summary>AML.M0004 — Restrict Number of AI Model Queries.</summary>
    public const string M0004 = "AML.M0004";

    /// <summary>AML.M0005 — Control Access to AI Models and Data at Rest.</summary>
    public const string M0005 = "AML.M0005";

    /// <summary>AML.M0011 — Restrict Library Loading.</summary>
    public const string M0011 = "AML.M0011";

    /// <summary>AML.M0012 — Encrypt Sensitive Information.</summary>
    public const string M0012 = "AML.M0012";

    /// <summary>AML.M0013 — Code Signing.</summary>
    public const string M0013 = "AML.M0013";

    /// <summary>AML.M0014 — Verify AI Artifacts.</summary>
    public const string M0014 = "AML.M0014";

    /// <summary>AML.M0016 — Vulnerability Scanning.</summary>
    public const string M0016 = "AML.M0016";

    /// <summary>AML.M0019 — Control Access to AI Models and Data in Production.</summary>
    public const string M0019 = "AML.M0019";

    /// <summary>AML.M0020 — Generative AI Guardrails.</summary>
    public const string M0020 = "AML.M0020";

    /// <summary>AML.M0024 — AI Telemetry Logging.</summary>
    public const string M0024 = "AML.M0024";

    /// <summary>AML.M0025 — Maintain AI Dataset Provenance.</summary>
    public const string M0025 = "AML.M0025";

    /// <summary>AML.M0029 — Human In-the-Loop for AI Agent Actions.</summary>
    public const string M0029 = "AML.M0029";

    /// <summary>AML.M0033 — Input and Output Validation for AI Agent Components.</summary>
    public const string M0033 = "AML.M0033";
}
