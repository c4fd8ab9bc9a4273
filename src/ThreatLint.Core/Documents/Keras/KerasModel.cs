namespace ThreatLint.Documents.Keras;

/// <summary>The Keras configurations found in a model file.</summary>
/// <param name="Configs">Configurations read (none when the file is not a Keras model, e.g. a weights-only .h5).</param>
/// <param name="Incomplete">Why part of the file could not be checked, or null when everything was read.</param>
public sealed record KerasModel(IReadOnlyList<KerasConfig> Configs, string? Incomplete)
{
    public static KerasModel None { get; } = new([], null);
}
