using System.Text;

namespace ThreatLint.Core.Tests.Artifacts;

/// <summary>Builds safetensors files: 8-byte little-endian header length, JSON header, data.</summary>
internal static class SafetensorsBuilder
{
    public static byte[] Build(string headerJson, int dataLength)
    {
        var header = Encoding.UTF8.GetBytes(headerJson);
        var bytes = new byte[8 + header.Length + dataLength];
        BitConverter.GetBytes((ulong)header.Length).CopyTo(bytes, 0);
        header.CopyTo(bytes, 8);
        return bytes;
    }

    /// <summary>The file a real writer produces for two float32 tensors of shapes [2,2] and [4].</summary>
    public static byte[] WellFormed() => Build(
        """{"__metadata__":{"format":"pt"},"bias":{"dtype":"F32","shape":[4],"data_offsets":[16,32]},"weight":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}""",
        32);

    /// <summary>The header length prefix alone.</summary>
    public static byte[] LengthPrefix(ulong n) => BitConverter.GetBytes(n);
}
