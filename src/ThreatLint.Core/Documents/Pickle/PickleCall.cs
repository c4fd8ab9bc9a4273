namespace ThreatLint.Documents.Pickle;

/// <summary>A call the unpickler would make: the target of <c>REDUCE</c>, <c>INST</c>, <c>OBJ</c>, <c>NEWOBJ</c> or
/// <c>NEWOBJ_EX</c>.</summary>
/// <param name="Target">The callable, when the stream names it (directly or through the memo); null when the callable is
/// itself computed at load time.</param>
/// <param name="Offset">Byte offset of the calling opcode.</param>
/// <param name="Opcode">The calling opcode's name.</param>
public sealed record PickleCall(PickleImport? Target, long Offset, string Opcode);
