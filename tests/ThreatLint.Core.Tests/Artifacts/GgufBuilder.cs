using System.Text;

namespace ThreatLint.Core.Tests.Artifacts;

/// <summary>Builds GGUF headers (v1–v3, either byte order) with typed metadata.</summary>
internal sealed class GgufBuilder
{
    private readonly List<Action<GgufBuilder>> _entries = [];
    private readonly MemoryStream _stream = new();

    public GgufBuilder(uint version = 3, bool bigEndian = false)
    {
        Version = version;
        BigEndian = bigEndian;
    }

    public uint Version { get; }

    public bool BigEndian { get; }

    public ulong TensorCount { get; init; } = 291;

    /// <summary>Overrides the metadata count written in the header.</summary>
    public ulong? DeclaredCount { get; init; }

    public GgufBuilder String(string key, string value) => Add(b =>
    {
        b.Key(key);
        b.U32(8);
        b.Str(value);
    });

    public GgufBuilder UInt32(string key, uint value) => Add(b =>
    {
        b.Key(key);
        b.U32(4);
        b.U32(value);
    });

    public GgufBuilder Float32(string key, float value) => Add(b =>
    {
        b.Key(key);
        b.U32(6);
        b.Raw(BitConverter.GetBytes(value), 4);
    });

    public GgufBuilder Bool(string key, bool value) => Add(b =>
    {
        b.Key(key);
        b.U32(7);
        b._stream.WriteByte(value ? (byte)1 : (byte)0);
    });

    public GgufBuilder StringArray(string key, IEnumerable<string> values) => Add(b =>
    {
        var list = values.ToList();
        b.Key(key);
        b.U32(9);
        b.U32(8);
        b.Count((ulong)list.Count);
        foreach (var value in list)
        {
            b.Str(value);
        }
    });

    public GgufBuilder Int32Array(string key, int count) => Add(b =>
    {
        b.Key(key);
        b.U32(9);
        b.U32(5);
        b.Count((ulong)count);
        for (var i = 0; i < count; i++)
        {
            b.U32((uint)i);
        }
    });

    /// <summary>An array header claiming <paramref name="count"/> elements of <paramref name="elementType"/>, with no elements after it.</summary>
    public GgufBuilder ArrayClaim(string key, uint elementType, ulong count) => Add(b =>
    {
        b.Key(key);
        b.U32(9);
        b.U32(elementType);
        b.Count(count);
    });

    public byte[] Build()
    {
        _stream.SetLength(0);
        _stream.Write("GGUF"u8);
        U32(Version);
        Count(TensorCount);
        Count(DeclaredCount ?? (ulong)_entries.Count);
        foreach (var entry in _entries)
        {
            entry(this);
        }

        return _stream.ToArray();
    }

    private GgufBuilder Add(Action<GgufBuilder> entry)
    {
        _entries.Add(entry);
        return this;
    }

    private void Key(string key) => Str(key);

    private void Str(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Count((ulong)bytes.Length);
        _stream.Write(bytes);
    }

    private void Count(ulong value)
    {
        if (Version == 1)
        {
            U32((uint)value);
        }
        else
        {
            Raw(BitConverter.GetBytes(value), 8);
        }
    }

    private void U32(uint value) => Raw(BitConverter.GetBytes(value), 4);

    private void Raw(byte[] littleEndian, int width)
    {
        if (BigEndian)
        {
            Array.Reverse(littleEndian, 0, width);
        }

        _stream.Write(littleEndian, 0, width);
    }
}
