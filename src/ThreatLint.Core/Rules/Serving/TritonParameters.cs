using ThreatLint.Documents.Pbtxt;

namespace ThreatLint.Rules.Serving;

/// <summary>One Triton parameter: <c>parameters { key: "K" value: { string_value: "V" } }</c>, or an agent's <c>parameters { key: "K" value: "V" }</c>.</summary>
internal sealed record TritonParameter(string Key, PbtxtScalar KeyScalar, PbtxtScalar? Value);

/// <summary>Reads the parameters of a Triton <c>config.pbtxt</c> (the model's and its repository agents').</summary>
internal static class TritonParameters
{
    /// <summary>Every parameter in the document, in file order; the key is as written (Triton's keys are case-sensitive).</summary>
    public static IEnumerable<TritonParameter> Of(PbtxtDocument document)
    {
        foreach (var message in document.Messages())
        {
            foreach (var parameter in message.Messages("parameters"))
            {
                if (parameter.Scalar("key") is not { Kind: PbtxtScalarKind.String } key)
                {
                    continue;
                }

                var value = parameter.Scalar("value") ?? parameter.Messages("value").LastOrDefault()?.Scalar("string_value");
                yield return new TritonParameter(key.Text, key, value is { Kind: PbtxtScalarKind.String } ? value : null);
            }
        }
    }

    /// <summary>The last parameter whose key is one of <paramref name="keys"/> (case-insensitive), or null.</summary>
    public static TritonParameter? Find(IReadOnlyList<TritonParameter> parameters, params string[] keys) =>
        parameters.LastOrDefault(p => keys.Any(k => k.Equals(p.Key, StringComparison.OrdinalIgnoreCase)));
}
