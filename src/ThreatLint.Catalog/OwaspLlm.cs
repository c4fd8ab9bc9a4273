namespace ThreatLint.Catalog;

/// <summary>OWASP Top 10 for LLM Applications 2025 ids (checked against catalogs/owasp-llm-2025.yaml by a test).</summary>
public static class OwaspLlm
{
    public const string LLM01 = "LLM01";
    public const string LLM02 = "LLM02";
    public const string LLM03 = "LLM03";
    public const string LLM04 = "LLM04";
    public const string LLM05 = "LLM05";
    public const string LLM06 = "LLM06";
    public const string LLM07 = "LLM07";
    public const string LLM08 = "LLM08";
    public const string LLM09 = "LLM09";
    public const string LLM10 = "LLM10";
}
