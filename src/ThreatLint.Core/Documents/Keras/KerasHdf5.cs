using System.Text;
using ThreatLint.Documents.Json;

namespace ThreatLint.Documents.Keras;

/// <summary>Bounds of the HDF5 byte search.</summary>
/// <param name="HeadBytes">How much of the start of the file is searched.</param>
/// <param name="TailBytes">How much of the end of the file is searched.</param>
/// <param name="MaxJsonBytes">Longest configuration JSON followed.</param>
/// <param name="MaxCandidates">Most places tried as the start of a configuration.</param>
/// <param name="MaxBytesFollowed">Most bytes read while following candidates, all together.</param>
public sealed record KerasHdf5Limits(
    int HeadBytes = 8 * 1024 * 1024,
    int TailBytes = 1024 * 1024,
    int MaxJsonBytes = 16 * 1024 * 1024,
    int MaxCandidates = 256,
    long MaxBytesFollowed = 64L * 1024 * 1024)
{
    public static KerasHdf5Limits Default { get; } = new();
}

/// <summary>What the byte search of a legacy Keras HDF5 file found.</summary>
/// <param name="Configs">Configuration JSON objects found, in file order.</param>
/// <param name="MentionsModelConfig">The searched bytes contain the attribute name <c>model_config</c>.</param>
/// <param name="SearchedWholeFile">The windows covered every byte of the file.</param>
/// <param name="Truncated">A configuration was found but was longer than the bound and not followed to its end.</param>
public sealed record KerasHdf5Scan(IReadOnlyList<KerasConfig> Configs, bool MentionsModelConfig, bool SearchedWholeFile, bool Truncated);

/// <summary>
/// Finds the Keras model configuration in a legacy <c>.h5</c> file without implementing HDF5: Keras stores it as the
/// JSON string attribute <c>model_config</c> (and <c>training_config</c>) on the root group, written before the
/// weights, and HDF5 keeps attribute values contiguous and uncompressed. So the start and the end of the file are
/// searched for <c>{"class_name"</c> / <c>{"module"</c>, the balanced JSON object that starts there is cut out (string
/// and escape aware, bounded) and parsed. Candidates that are not JSON are ignored.
/// </summary>
public static class KerasHdf5
{
    private static readonly byte[][] Markers = [Encoding.ASCII.GetBytes("\"class_name\""), Encoding.ASCII.GetBytes("\"module\"")];
    private static readonly byte[] ModelConfigName = Encoding.ASCII.GetBytes("model_config");
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static KerasHdf5Scan Scan(Stream stream, long length, KerasHdf5Limits? limits = null)
    {
        limits ??= KerasHdf5Limits.Default;
        var configs = new List<KerasConfig>();
        var headLength = (int)Math.Min(length, limits.HeadBytes);
        var tailStart = Math.Max(headLength, length - limits.TailBytes);
        var windows = new List<(long Start, byte[] Bytes)> { (0, ReadAt(stream, 0, headLength)) };
        if (tailStart < length)
        {
            windows.Add((tailStart, ReadAt(stream, tailStart, (int)(length - tailStart))));
        }

        var mentions = false;
        var truncated = false;
        var candidates = 0;
        var budget = limits.MaxBytesFollowed;
        foreach (var (windowStart, bytes) in windows)
        {
            mentions |= IndexOf(bytes, ModelConfigName, 0) >= 0;
            var position = 0;
            while (candidates < limits.MaxCandidates && budget > 0 && NextCandidate(bytes, position) is var start and >= 0)
            {
                candidates++;
                var json = ReadBalanced(stream, windowStart + start, length, limits.MaxJsonBytes, ref budget, out var hitLimit);
                truncated |= hitLimit;
                if (json is not null && TryParse(json) is { } config)
                {
                    configs.Add(config);
                    position = start + json.Length;
                }
                else
                {
                    position = start + 1;
                }
            }
        }

        return new KerasHdf5Scan(configs, mentions, headLength + (length - tailStart) >= length, truncated);
    }

    /// <summary>The next '{' followed (after white space) by one of the markers.</summary>
    private static int NextCandidate(byte[] bytes, int from)
    {
        for (var i = from; i < bytes.Length; i++)
        {
            if (bytes[i] != (byte)'{')
            {
                continue;
            }

            var j = i + 1;
            while (j < bytes.Length && bytes[j] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
            {
                j++;
            }

            foreach (var marker in Markers)
            {
                if (StartsWithAt(bytes, j, marker))
                {
                    return i;
                }
            }
        }

        return -1;
    }

    private static KerasConfig? TryParse(byte[] json)
    {
        try
        {
            var root = JsonParser.Parse(Utf8.GetString(json));
            return root["class_name"] is { IsString: true } ? KerasConfig.FromJson(root, "model_config attribute") : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>The bytes of the balanced JSON object at <paramref name="start"/>, or null when it does not close within bounds.</summary>
    private static byte[]? ReadBalanced(Stream stream, long start, long length, int max, ref long budget, out bool hitLimit)
    {
        hitLimit = false;
        stream.Seek(start, SeekOrigin.Begin);
        var output = new MemoryStream();
        var chunk = new byte[4096];
        var depth = 0;
        var inString = false;
        var escaped = false;
        var position = start;
        while (position < length)
        {
            var n = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, length - position));
            if (n == 0)
            {
                return null;
            }

            budget -= n;
            for (var i = 0; i < n; i++)
            {
                if (output.Length + i >= max)
                {
                    hitLimit = true;
                    return null;
                }

                var b = chunk[i];
                if (inString)
                {
                    if (escaped)
                    {
                        escaped = false;
                    }
                    else if (b == '\\')
                    {
                        escaped = true;
                    }
                    else if (b == '"')
                    {
                        inString = false;
                    }
                    else if (b < 0x20)
                    {
                        return null; // not JSON text
                    }
                }
                else if (b == '"')
                {
                    inString = true;
                }
                else if (b == '{' || b == '[')
                {
                    depth++;
                }
                else if (b == '}' || b == ']')
                {
                    if (--depth == 0)
                    {
                        output.Write(chunk, 0, i + 1);
                        return output.ToArray();
                    }
                }
                else if (b == 0)
                {
                    return null; // the attribute ended without closing the object
                }
            }

            output.Write(chunk, 0, n);
            position += n;
            if (budget <= 0)
            {
                hitLimit = true;
                return null;
            }

            if (chunk.Length < 64 * 1024)
            {
                chunk = new byte[chunk.Length * 2];
            }
        }

        return null;
    }

    private static byte[] ReadAt(Stream stream, long offset, int count)
    {
        stream.Seek(offset, SeekOrigin.Begin);
        var buffer = new byte[count];
        var read = 0;
        while (read < count && stream.Read(buffer, read, count - read) is var n and > 0)
        {
            read += n;
        }

        return read == count ? buffer : buffer.Take(read).ToArray();
    }

    private static int IndexOf(byte[] haystack, byte[] needle, int from)
    {
        for (var i = from; i <= haystack.Length - needle.Length; i++)
        {
            if (StartsWithAt(haystack, i, needle))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool StartsWithAt(byte[] bytes, int index, byte[] marker)
    {
        if (index + marker.Length > bytes.Length)
        {
            return false;
        }

        for (var k = 0; k < marker.Length; k++)
        {
            if (bytes[index + k] != marker[k])
            {
                return false;
            }
        }

        return true;
    }
}
