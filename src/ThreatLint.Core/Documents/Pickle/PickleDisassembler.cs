namespace ThreatLint.Documents.Pickle;

/// <summary>
/// A static interpreter for pickle protocols 0–5. It follows the unpickler's stack, mark stack and memo closely enough
/// to name every import (GLOBAL, STACK_GLOBAL with operands from string opcodes or the memo, INST, EXT codes), the
/// target of every call (REDUCE, OBJ, INST, NEWOBJ, NEWOBJ_EX), <c>getattr</c>/<c>__import__</c> chains, pickles
/// embedded as constants and passed to a loader, and joblib's raw array bytes between opcodes. It never imports,
/// calls or builds anything, and every dimension is bounded (<see cref="PickleLimits"/>).
/// </summary>
public static class PickleDisassembler
{
    /// <summary>Disassembles the pickles at the stream's current position (the stream is read forward only).</summary>
    public static PickleDisassembly Disassemble(Stream stream, PickleReadOptions? options = null)
    {
        options ??= PickleReadOptions.Default;
        var interpreter = new PickleInterpreter(options.Limits);
        var reader = new PickleReader(stream, options.BaseOffset, options.Limits.MaxBytesRead);
        var isPickle = interpreter.RunStreams(reader, options.StreamCount, options.Speculative);
        return interpreter.Result(isPickle, reader.Position);
    }

    public static PickleDisassembly Disassemble(byte[] bytes, PickleReadOptions? options = null)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return Disassemble(stream, options);
    }
}
