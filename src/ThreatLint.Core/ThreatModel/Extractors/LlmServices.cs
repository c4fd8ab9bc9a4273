namespace ThreatLint.ThreatModel.Extractors;

/// <summary>Hosted LLM APIs recognised by configuration names and SDK packages.</summary>
internal static class LlmServices
{
    /// <summary>An environment variable such as <c>AZURE_OPENAI_ENDPOINT</c> says the workload calls that service.</summary>
    public static void FromVariable(ModelDraft draft, string from, string variable)
    {
        var upper = variable.ToUpperInvariant();
        var service = upper.Contains("AZURE_OPENAI") ? "Azure OpenAI"
            : upper.Contains("OPENAI") ? "OpenAI API"
            : upper.Contains("ANTHROPIC") ? "Anthropic API"
            : null;
        if (service is not null)
        {
            draft.Flow(from, Add(draft, service), "prompts");
        }
    }

    public static string Add(ModelDraft draft, string service) => draft.Add(ComponentKind.LlmService, service, TrustZone.ThirdParty);
}
