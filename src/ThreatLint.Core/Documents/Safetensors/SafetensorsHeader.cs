using System.Globalization;
using System.Text;
using ThreatLint.Documents.Json;

namespace ThreatLint.Documents.Safetensors;

/// <summary>One tensor entry of a safetensors header.</summary>
/// <param name="Name">The tensor's name (the JSON key).</param>
/// <param name="DataType">The dtype string, e.g. <c>F32</c>, <c>BF16</c>.</param>
/// <param name="Shape">Dimensions.</param>
/// <param name="Begin">Start of the tensor's bytes, relative to the data section.</param>
/// <param name="End">End (exclusive) of the tensor's bytes, relative to the data section.</param>
public sealed record SafetensorsTensor(string Name, string DataType, IReadOnlyList<ulong> Shape, ulong Begin, ulong End);

/// <summary>
/// The validated header of a safetensors file: an 8-byte little-endian length N, then N bytes of JSON that map tensor
/// names to dtype, shape and data offsets, plus an optional <c>__metadata__</c> object of strings. The checks are
/// those of the reference loader (huggingface/safetensors): N within 100,000,000 bytes and the file, UTF-8 JSON
/// starting with '{', known dtypes, byte counts that match shape and dtype without overflow, and offsets that tile the
/// data section exactly (sorted, contiguous from 0, ending at the end of the file). Duplicate tensor names are
/// rejected too: two readers may keep different ones. Only the header is read; tensor bytes never are.
/// </summary>
public sealed class SafetensorsHeader
{
    /// <summary>The format's own ceiling on N; the reference loader refuses larger headers.</summary>
    public const long FormatMaxHeaderBytes = 100_000_000;

    /// <summary>ThreatLint's bound on the header it parses (TL9002 above it); real headers are kilobytes.</summary>
    public const long DefaultMaxHeaderBytes = 32L * 1024 * 1024;

    /// <summary>Bits per element of each dtype the reference loader knows.</summary>
    private static readonly Dictionary<string, int> BitsPerElement = new(StringComparer.Ordinal)
    {
        ["BOOL"] = 8, ["U8"] = 8, ["I8"] = 8,
        ["F4"] = 4, ["F6_E2M3"] = 6, ["F6_E3M2"] = 6,
        ["F8_E5M2"] = 8, ["F8_E4M3"] = 8, ["F8_E8M0"] = 8, ["F8_E4M3FNUZ"] = 8, ["F8_E5M2FNUZ"] = 8,
        ["I16"] = 16, ["U16"] = 16, ["F16"] = 16, ["BF16"] = 16,
        ["I32"] = 32, ["U32"] = 32, ["F32"] = 32,
        ["I64"] = 64, ["U64"] = 64, ["F64"] = 64, ["C64"] = 64,
    };

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private SafetensorsHeader(long headerLength, IReadOnlyList<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        HeaderLength = headerLength;
        Tensors = tensors;
        Metadata = metadata;
    }

    /// <summary>N, the JSON header's length in bytes.</summary>
    public long HeaderLength { get; }

    /// <summary>The tensors, ordered by offset.</summary>
    public IReadOnlyList<SafetensorsTensor> Tensors { get; }

    /// <summary>The <c>__metadata__</c> strings (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>
    /// Reads and validates the header. A malformed header throws <see cref="InvalidDataException"/> naming the
    /// problem; a header larger than <paramref name="maxHeaderBytes"/> throws <see cref="ScanLimitException"/>.
    /// </summary>
    /// <param name="stream">The file, positioned at its start.</param>
    /// <param name="fileLength">The file's length (the data section must end exactly there).</param>
    /// <param name="maxHeaderBytes">ThreatLint's own bound on N.</param>
    public static SafetensorsHeader Read(Stream stream, long fileLength, long maxHeaderBytes = DefaultMaxHeaderBytes)
    {
        if (fileLength < 8)
        {
            throw Invalid(FormattableString.Invariant($"the file is {fileLength} bytes, shorter than the 8-byte header length"));
        }

        var prefix = ReadExactly(stream, 8);
        ulong n = 0;
        for (var i = 7; i >= 0; i--)
        {
            n = (n << 8) | prefix[i];
        }

        if (n > FormatMaxHeaderBytes)
        {
            throw Invalid(FormattableString.Invariant($"the header length {n} exceeds the format's limit of {FormatMaxHeaderBytes} bytes"));
        }

        if ((long)n > fileLength - 8)
        {
            throw Invalid(FormattableString.Invariant($"the header length {n} runs past the end of the {fileLength}-byte file (truncated?)"));
        }

        if ((long)n > maxHeaderBytes)
        {
            throw new ScanLimitException(FormattableString.Invariant($"safetensors header of {n} bytes is over the {maxHeaderBytes}-byte limit"));
        }

        var json = ReadExactly(stream, (int)n);
        string text;
        try
        {
            text = StrictUtf8.GetString(json);
        }
        catch (DecoderFallbackException)
        {
            throw Invalid("the header is not valid UTF-8");
        }

        if (text.Length == 0 || text[0] != '{')
        {
            throw Invalid("the header does not start with '{'");
        }

        JsonValue root;
        try
        {
            root = JsonParser.Parse(text, new JsonLimits(MaxDepth: 8, MaxValues: 10_000_000));
        }
        catch (InvalidDataException e)
        {
            throw Invalid("the header is not valid JSON: " + e.Message);
        }

        var (tensors, metadata) = ReadEntries(root);
        var dataLength = (ulong)(fileLength - 8 - (long)n);
        CheckLayout(tensors, dataLength);
        return new SafetensorsHeader((long)n, tensors, metadata);
    }

    private static (List<SafetensorsTensor> Tensors, Dictionary<string, string> Metadata) ReadEntries(JsonValue root)
    {
        var tensors = new List<SafetensorsTensor>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in root.Members)
        {
            if (!names.Add(member.Name))
            {
                throw Invalid("the key '" + Shorten(member.Name) + "' appears twice");
            }

            if (member.Name == "__metadata__")
            {
                if (!member.Value.IsObject)
                {
                    throw Invalid("__metadata__ is not an object");
                }

                foreach (var entry in member.Value.Members)
                {
                    metadata[entry.Name] = entry.Value.AsString ?? throw Invalid("__metadata__ value '" + Shorten(entry.Name) + "' is not a string");
                }

                continue;
            }

            tensors.Add(ReadTensor(member.Name, member.Value));
        }

        return (tensors, metadata);
    }

    private static SafetensorsTensor ReadTensor(string name, JsonValue value)
    {
        var shown = "tensor '" + Shorten(name) + "'";
        if (!value.IsObject)
        {
            throw Invalid(shown + " is not an object");
        }

        var dtype = value["dtype"]?.AsString ?? throw Invalid(shown + " has no dtype");
        if (!BitsPerElement.TryGetValue(dtype, out var bits))
        {
            throw Invalid(shown + " has unknown dtype '" + Shorten(dtype) + "'");
        }

        if (value["shape"] is not { IsArray: true } shapeValue)
        {
            throw Invalid(shown + " has no shape array");
        }

        var shape = new List<ulong>(shapeValue.Items.Count);
        var elements = 1UL;
        foreach (var dimension in shapeValue.Items)
        {
            if (!dimension.TryGetUInt64(out var size))
            {
                throw Invalid(shown + " has a shape entry that is not a non-negative integer");
            }

            shape.Add(size);
            elements = CheckedMultiply(elements, size, shown);
        }

        if (value["data_offsets"] is not { IsArray: true, Items.Count: 2 } offsets
            || !offsets.Items[0].TryGetUInt64(out var begin)
            || !offsets.Items[1].TryGetUInt64(out var end))
        {
            throw Invalid(shown + " has no data_offsets pair of non-negative integers");
        }

        if (end < begin)
        {
            throw Invalid(FormattableString.Invariant($"{shown} ends (at {end}) before it begins (at {begin})"));
        }

        var totalBits = CheckedMultiply(elements, (ulong)bits, shown);
        if (totalBits % 8 != 0)
        {
            throw Invalid(shown + " does not fill a whole number of bytes");
        }

        if (end - begin != totalBits / 8)
        {
            throw Invalid(FormattableString.Invariant($"{shown} spans {end - begin} bytes but its shape and dtype {dtype} need {totalBits / 8}"));
        }

        return new SafetensorsTensor(name, dtype, shape, begin, end);
    }

    private static void CheckLayout(List<SafetensorsTensor> tensors, ulong dataLength)
    {
        tensors.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        ulong expected = 0;
        SafetensorsTensor? previous = null;
        foreach (var tensor in tensors)
        {
            if (tensor.Begin < expected)
            {
                throw Invalid(FormattableString.Invariant($"tensors '{Shorten(previous!.Name)}' and '{Shorten(tensor.Name)}' overlap (bytes {tensor.Begin}..{Math.Min(expected, tensor.End)})"));
            }

            if (tensor.Begin > expected)
            {
                throw Invalid(FormattableString.Invariant($"bytes {expected}..{tensor.Begin} of the data section belong to no tensor (before '{Shorten(tensor.Name)}')"));
            }

            expected = tensor.End;
            previous = tensor;
        }

        if (expected != dataLength)
        {
            throw Invalid(expected > dataLength
                ? FormattableString.Invariant($"the tensors need {expected} bytes of data but the file holds {dataLength} (truncated?)")
                : FormattableString.Invariant($"the data section holds {dataLength} bytes but the tensors cover only {expected}"));
        }
    }

    private static ulong CheckedMultiply(ulong a, ulong b, string shown)
    {
        if (a != 0 && b > ulong.MaxValue / a)
        {
            throw Invalid(shown + " has a shape whose size overflows");
        }

        return a * b;
    }

    private static byte[] ReadExactly(Stream stream, int count)
    {
        var buffer = new byte[count];
        var read = 0;
        while (read < count)
        {
            var n = stream.Read(buffer, read, count - read);
            if (n == 0)
            {
                throw Invalid(FormattableString.Invariant($"the file ends after {read} of {count} header bytes (truncated?)"));
            }

            read += n;
        }

        return buffer;
    }

    private static string Shorten(string text) =>
        text.Length <= 64 ? text : text.Substring(0, 61) + "...";

    private static InvalidDataException Invalid(string problem) => new("malformed safetensors header: " + problem);

    public override string ToString() =>
        string.Format(CultureInfo.InvariantCulture, "safetensors header of {0} bytes, {1} tensors", HeaderLength, Tensors.Count);
}
