namespace ThreatLint.Core.Tests.Rules.Secrets;

/// <summary>
/// Credentials that have the format of real ones and are obviously not real: most say "ThreatLintFixture". Never
/// put a real key in a test.
/// </summary>
internal static class FakeKeys
{
    public const string OpenAiProject = "sk-proj-ThreatLintFixture_k7Qm2Xv9Rb4Tn8Wz3Lp6Hd1Jc5";
    public const string OpenAiLegacy = "sk-ThreatLintFixtureK7qM2xV9rB4tN8wZ3lP6hD1jC5fG0sa";
    public const string Anthropic = "sk-ant-api03-ThreatLintFixture-Hq3Vn7Kx2Mb9Pw4Rz8Ld6Tf1Yc5Jg0Ns";
    public const string HuggingFace = "hf_ThreatLintFixtureTokenKq7Wm2Rv9Zp4Bn";
    public const string Replicate = "r8_ThreatLintFixtureQm2Xv9Rb4Tn8Wz3Lp6Hd";
    public const string Groq = "gsk_ThreatLintFixtureQm2Xv9Rb4Tn8Wz3Lp6Hd1Jc5Kf7Ys0Ga";
    public const string Google = "AIzaSyThreatLintFixture_Qm2Xv9Rb4Tn8Wz3";
    public const string Nvidia = "nvapi-ThreatLintFixture-Qm2Xv9Rb4Tn8Wz3Lp6Hd1Jc5Kf7Ys0GaMe4Ub";
    public const string WandB = "3f9a7c2e1b8d4f6a0c5e9b7d2a4f8c1e6b3d9a70";
    public const string AzureOpenAi = "7d2c9f4e1a8b3c6d0e5f2a9b4c7d1e8f";
    public const string Cohere = "ThreatLintFixtureQm2Xv9Rb4Tn8Wz3Lp6Hd1Jc";
    public const string AwsSecret = "ThreatLintFixture/Qm2Xv9Rb4Tn8Wz3Lp6Hd1J";
    public const string AwsKeyId = "AKIAIOSFODNN7THREATL";

    /// <summary>The body of a service-account private key as the JSON holds it (<c>\n</c> escapes).</summary>
    public const string GcpPrivateKey =
        @"-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCThreatLintFixtureQm2Xv9Rb4Tn8Wz3Lp6Hd1Jc5Kf7Ys0GaMe4Ub\n-----END PRIVATE KEY-----\n";

    /// <summary>Every fake key, for the "never in a message" assertions.</summary>
    public static readonly string[] All = [OpenAiProject, OpenAiLegacy, Anthropic, HuggingFace, Replicate, Groq, Google, Nvidia, WandB, AzureOpenAi, Cohere, AwsSecret];
}
