using System.Globalization;

namespace ThreatLint.Documents.Gguf;

/// <summary>GGUF metadata value types, as numbered by the format (gguf_type).</summary>
public enum GgufValueType : uint
{
    UInt8 = 0,
    Int8 = 1,
    UInt16 = 2,
    Int16 = 3,
    UInt32 = 4,
    Int32 = 5,
    Float32 = 6,
    Bool = 7,
    String = 8,
    Array = 9,
    UInt64 = 10,
    Int64 = 11,
    Float64 = 12,
}

/// <summary>
/// One metadata value. Scalars and strings keep their value; arrays keep only their element type and length (their
/// elements were skipped, not read).
/// </summary>
public sealed class GgufValue
{
    private readonly object? _scalar;

    internal GgufValue(GgufValueType type, object? scalar, GgufValueType elementType = GgufValueType.UInt8, ulong arrayLength = 0)
    {
        Type = type;
        _scalar = scalar;
        ElementType = elementType;
        ArrayLength = arrayLength;
    }

    public GgufValueType Type { get; }

    /// <summary>The string value, or null when this is not a string.</summary>
    public string? String => _scalar as string;

    /// <summary>The value of an integer of any width (unsigned 64-bit values above <see cref="long.MaxValue"/> are null).</summary>
    public long? Integer => _scalar switch
    {
        long l => l,
        ulong u when u <= long.MaxValue => (long)u,
        _ => null,
    };

    /// <summary>The value of a float32/float64.</summary>
    public double? Real => _scalar as double?;

    public bool? Boolean => _scalar as bool?;

    /// <summary>For arrays, the type of the elements.</summary>
    public GgufValueType ElementType { get; }

    /// <summary>For arrays, the number of elements.</summary>
    public ulong ArrayLength { get; }

    public override string ToString() => Type switch
    {
        GgufValueType.Array => string.Format(CultureInfo.InvariantCulture, "array of {0} {1}", ArrayLength, ElementType),
        _ => Convert.ToString(_scalar, CultureInfo.InvariantCulture) ?? string.Empty,
    };
}
