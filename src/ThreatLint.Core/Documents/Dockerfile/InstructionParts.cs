namespace ThreatLint.Documents.Dockerfile;

/// <summary>A flag before an instruction's arguments: <c>--platform=linux/amd64</c>, <c>--mount=type=cache,target=/root/.cache</c>.</summary>
/// <param name="Name">The name without dashes (<c>platform</c>).</param>
/// <param name="Value">The value with quotes removed, or null for a bare <c>--flag</c>.</param>
/// <param name="Offset">Offset of the leading <c>--</c> in <see cref="DockerInstruction.Text"/>.</param>
/// <param name="Length">Length of the flag as written.</param>
public sealed record InstructionFlag(string Name, string? Value, int Offset, int Length);

/// <summary>A white-space separated word of an instruction's arguments, quotes and escapes kept as written.</summary>
/// <param name="Text">The word as written.</param>
/// <param name="Offset">Offset in <see cref="DockerInstruction.Text"/>.</param>
public sealed record InstructionWord(string Text, int Offset);

/// <summary>A <c>name=value</c> pair of ARG, ENV or LABEL (also the legacy <c>ENV name value</c> form).</summary>
/// <param name="Name">The name as written.</param>
/// <param name="RawValue">The value as written, or null for <c>ARG name</c> without a default.</param>
/// <param name="Value">The value after static substitution and quote removal, or null when there is none.</param>
/// <param name="Offset">Offset of the name in <see cref="DockerInstruction.Text"/>.</param>
public sealed record NameValue(string Name, string? RawValue, ExpandedText? Value, int Offset);
