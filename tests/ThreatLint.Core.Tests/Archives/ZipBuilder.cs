using System.IO.Compression;
using System.Text;

namespace ThreatLint.Core.Tests.Archives;

/// <summary>
/// Writes zip archives byte by byte so tests control what real writers do (PyTorch's 64-byte aligned stored members
/// with an "FB" padding field, ZIP64 records, data descriptors) and what hostile ones do (wrong CRCs, lying sizes,
/// overlapping members, climbing names).
/// </summary>
internal sealed class ZipBuilder
{
    private readonly List<Member> _members = [];
    private readonly List<(string Name, int Of)> _aliases = [];

    /// <summary>Write ZIP64 end records and extended information for every member, as PyTorch does for big files.</summary>
    public bool Zip64 { get; init; }

    /// <summary>Align stored data to this many bytes with an "FB" extra field (PyTorch uses 64); 0 for none.</summary>
    public int Alignment { get; init; }

    /// <summary>Bytes before the first local header (a self-extracting stub).</summary>
    public byte[] Prefix { get; init; } = [];

    public ZipBuilder Add(string name, byte[] data, bool deflate = false, uint? crc = null, long? declaredSize = null, bool dataDescriptor = false)
    {
        _members.Add(new Member(name, data, deflate, crc, declaredSize, dataDescriptor));
        return this;
    }

    public ZipBuilder Add(string name, string text) => Add(name, Encoding.UTF8.GetBytes(text));

    /// <summary>A second central directory entry pointing at member <paramref name="of"/>'s local header.</summary>
    public ZipBuilder Alias(string name, int of)
    {
        _aliases.Add((name, of));
        return this;
    }

    public byte[] ToArray()
    {
        using var output = new MemoryStream();
        output.Write(Prefix);
        var written = new List<(Member Member, long Offset, byte[] Stored)>();
        foreach (var member in _members)
        {
            var stored = member.Deflate ? Deflate(member.Data) : member.Data;
            var offset = output.Position;
            var name = Encoding.UTF8.GetBytes(member.Name);
            var extra = new List<byte>();
            if (Zip64)
            {
                extra.AddRange(U16(1));
                extra.AddRange(U16(16));
                extra.AddRange(U64(member.DeclaredSize ?? member.Data.Length));
                extra.AddRange(U64(stored.Length));
            }

            if (Alignment > 0 && !member.Deflate)
            {
                var dataStart = offset + 30 + name.Length + extra.Count + 4;
                var padding = (int)((Alignment - (dataStart % Alignment)) % Alignment);
                extra.AddRange(U16(0x4246)); // "FB"
                extra.AddRange(U16(padding));
                extra.AddRange(Enumerable.Repeat((byte)'Z', padding));
            }

            var flags = (member.DataDescriptor ? 8 : 0) | 0x800;
            var crc = member.Crc ?? Crc32(member.Data);
            Write(output, U32(0x04034b50), U16(Zip64 ? 45 : 20), U16(flags), U16(member.Deflate ? 8 : 0), U16(0), U16(0x21));
            if (member.DataDescriptor)
            {
                Write(output, U32(0), U32(0), U32(0));
            }
            else
            {
                Write(output, U32(crc), U32(Zip64 ? uint.MaxValue : (uint)stored.Length), U32(Zip64 ? uint.MaxValue : (uint)(member.DeclaredSize ?? member.Data.Length)));
            }

            Write(output, U16(name.Length), U16(extra.Count), name, [.. extra], stored);
            if (member.DataDescriptor)
            {
                Write(output, U32(0x08074b50), U32(crc), U32((uint)stored.Length), U32((uint)(member.DeclaredSize ?? member.Data.Length)));
            }

            written.Add((member, offset, stored));
        }

        var directoryStart = output.Position;
        var entries = written.Select(w => (w.Member.Name, w)).Concat(_aliases.Select(a => (a.Name, written[a.Of]))).ToList();
        foreach (var (entryName, (member, offset, stored)) in entries)
        {
            var name = Encoding.UTF8.GetBytes(entryName);
            var declared = member.DeclaredSize ?? member.Data.Length;
            var extra = Zip64 ? [.. U16(1), .. U16(24), .. U64(declared), .. U64(stored.Length), .. U64(offset)] : Array.Empty<byte>();
            Write(
                output,
                U32(0x02014b50),
                U16(Zip64 ? 45 : 20),
                U16(Zip64 ? 45 : 20),
                U16((member.DataDescriptor ? 8 : 0) | 0x800),
                U16(member.Deflate ? 8 : 0),
                U16(0),
                U16(0x21),
                U32(member.Crc ?? Crc32(member.Data)),
                U32(Zip64 ? uint.MaxValue : (uint)stored.Length),
                U32(Zip64 ? uint.MaxValue : (uint)declared),
                U16(name.Length),
                U16(extra.Length),
                U16(0),
                U16(0),
                U16(0),
                U32(0),
                U32(Zip64 ? uint.MaxValue : (uint)offset),
                name,
                extra);
        }

        var directorySize = output.Position - directoryStart;
        if (Zip64)
        {
            var zip64End = output.Position;
            Write(output, U32(0x06064b50), U64(44), U16(45), U16(45), U32(0), U32(0), U64(entries.Count), U64(entries.Count), U64(directorySize), U64(directoryStart));
            Write(output, U32(0x07064b50), U32(0), U64(zip64End), U32(1));
            Write(output, U32(0x06054b50), U16(0xFFFF), U16(0xFFFF), U16(0xFFFF), U16(0xFFFF), U32(uint.MaxValue), U32(uint.MaxValue), U16(0));
        }
        else
        {
            Write(output, U32(0x06054b50), U16(0), U16(0), U16(entries.Count), U16(entries.Count), U32((uint)directorySize), U32((uint)directoryStart), U16(0));
        }

        return output.ToArray();
    }

    public static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(data);
        }

        return output.ToArray();
    }

    public static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static readonly uint[] CrcTable = [.. Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++)
        {
            c = (c & 1) != 0 ? (c >> 1) ^ 0xEDB88320u : c >> 1;
        }

        return c;
    })];

    private static void Write(Stream stream, params byte[][] parts)
    {
        foreach (var part in parts)
        {
            stream.Write(part);
        }
    }

    private static byte[] U16(int value) => [(byte)value, (byte)(value >> 8)];

    private static byte[] U32(uint value) => BitConverter.GetBytes(value);

    private static byte[] U64(long value) => BitConverter.GetBytes(value);

    private sealed record Member(string Name, byte[] Data, bool Deflate, uint? Crc, long? DeclaredSize, bool DataDescriptor);
}
