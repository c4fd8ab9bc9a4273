using System.Globalization;
using System.IO.Compression;
using ThreatLint.Documents.Archives;
using ThreatLint.Documents.Pickle;

namespace ThreatLint.Documents.Artifacts;

/// <summary>
/// Finds and disassembles the pickle streams of a model file: the file itself (raw, or a joblib file compressed
/// with zlib or gzip), the five pickles of a legacy PyTorch file, the data after an object-dtype .npy header, and
/// in a zip (PyTorch checkpoint, .npz) every member that starts with a PROTO opcode, whatever its name, plus .npy
/// members with object dtype. Torch archives passed as constants to <c>torch.storage._load_from_bytes</c> are
/// opened too. Reads the zip directory and the pickle members only; large tensor data is never read.
/// </summary>
internal static class PickleArtifactReader
{
    /// <summary>Bytes read from one pickle member of a zip (PyTorch's data.pkl is kilobytes to a few megabytes).</summary>
    private const long MaxMemberPickleBytes = 64L * 1024 * 1024;

    /// <summary>Bytes inflated from a compressed joblib file (its arrays are inline and must be read through).</summary>
    private const long MaxDecompressedBytes = 1024L * 1024 * 1024;

    /// <summary>Zip archives inside pickles inside zip archives…</summary>
    private const int MaxArchiveDepth = 2;

    private static readonly PickleLimits MemberLimits = PickleLimits.Default with { MaxBytesRead = MaxMemberPickleBytes };

    public static ArtifactPickles Read(ModelArtifact artifact)
    {
        var found = new Found();
        try
        {
            using var stream = artifact.OpenRead();
            switch (artifact.Format)
            {
                case ArtifactFormat.Pickle:
                    ReadPickleFile(stream, artifact, found);
                    break;
                case ArtifactFormat.PyTorchLegacy:
                    found.Describe("a legacy PyTorch checkpoint (pickled)");
                    Add(found, null, string.Empty, PickleDisassembler.Disassemble(stream, new PickleReadOptions { StreamCount = 5 }), 0);
                    break;
                case ArtifactFormat.Npy:
                    ReadNpy(stream, null, string.Empty, found, 0);
                    break;
                case ArtifactFormat.Zip:
                    ReadZip(stream, string.Empty, found, 0);
                    break;
                default:
                    return ArtifactPickles.None;
            }
        }
        catch (ScanLimitException e)
        {
            found.Problem(isLimit: true, e.Message);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            found.Problem(isLimit: false, e.Message);
        }

        return found.Build();
    }

    private static void ReadPickleFile(Stream stream, ModelArtifact artifact, Found found)
    {
        var head = artifact.Head;
        var extension = Path.GetExtension(artifact.RelativePath).ToLowerInvariant();
        var kind = extension switch
        {
            ".joblib" => "a joblib pickle",
            ".dill" => "a dill pickle",
            _ => "a pickle",
        };

        if (Compression(head) is { } compression)
        {
            found.Describe(kind + " (" + compression + "-compressed)");
            Stream? inflated = compression switch
            {
                "zlib" => SkipZlibHeader(stream),
                "gzip" => new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true),
                _ => null,
            };
            if (inflated is null)
            {
                found.Problem(isLimit: false, "the file is compressed with " + compression + ", which ThreatLint cannot decompress yet; the pickle inside was not checked");
                return;
            }

            using var budget = new BudgetStream(inflated, MaxDecompressedBytes, "the " + compression + "-compressed file");
            var where = " of the " + compression + "-decompressed stream";
            Add(found, null, where, PickleDisassembler.Disassemble(budget), 0);
            return;
        }

        // A pickle extension and PROTO first: certainly a pickle, read strictly (a broken one is reported). With only
        // one of the two (protocol 0/1 pickles have no magic; a .bin may start with 0x80 0x02 by chance) the bytes are
        // read speculatively, and a file that is not a pickle at all is left alone.
        var proto = head.Count >= 2 && head[0] == 0x80 && head[1] <= 5;
        var pickleExtension = extension is ".pkl" or ".pickle" or ".joblib" or ".dill" or ".ckpt" or ".pt" or ".pth";
        var disassembly = PickleDisassembler.Disassemble(stream, new PickleReadOptions { Speculative = !(proto && pickleExtension) });
        if (disassembly.IsPickle)
        {
            found.Describe(kind);
            Add(found, null, string.Empty, disassembly, 0);
        }
    }

    /// <summary>joblib's compressors, from the first bytes (joblib/compressor.py magic numbers).</summary>
    private static string? Compression(IReadOnlyList<byte> head)
    {
        bool Starts(params byte[] magic) => head.Count >= magic.Length && magic.Select((b, i) => head[i] == b).All(x => x);

        if (head.Count >= 2 && head[0] == 0x78 && ((head[0] << 8) | head[1]) % 31 == 0)
        {
            return "zlib";
        }

        return Starts(0x1F, 0x8B) ? "gzip"
            : Starts((byte)'B', (byte)'Z', (byte)'h') ? "bz2"
            : Starts(0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00) ? "xz"
            : Starts(0x5D, 0x00, 0x00) ? "lzma"
            : Starts(0x04, 0x22, 0x4D, 0x18) ? "lz4"
            : null;
    }

    private static DeflateStream SkipZlibHeader(Stream stream)
    {
        stream.Position = 2;
        return new DeflateStream(stream, CompressionMode.Decompress, leaveOpen: true);
    }

    /// <summary>An .npy file or member: with an object dtype, a pickle follows the header.</summary>
    private static bool ReadNpy(Stream stream, string? member, string where, Found found, int depth)
    {
        var header = NpyHeader.Read(stream);
        if (!header.HasObjects)
        {
            return false;
        }

        if (member is null)
        {
            found.Describe("a NumPy array with object dtype (pickled)");
        }

        var options = new PickleReadOptions { BaseOffset = header.DataOffset, Limits = MemberLimits };
        Add(found, member, where, PickleDisassembler.Disassemble(stream, options), depth);
        return true;
    }

    /// <summary>Records a stream, then opens the torch.save archives it hands to loaders as constants.</summary>
    private static void Add(Found found, string? member, string where, PickleDisassembly disassembly, int depth)
    {
        found.Add(member, where, disassembly);
        foreach (var payload in disassembly.NestedPayloads)
        {
            if (depth + 1 > MaxArchiveDepth)
            {
                found.Problem(isLimit: true, FormattableString.Invariant($"pickle{where}: an archive nested more than {MaxArchiveDepth} deep at byte {payload.Offset} was not checked"));
                continue;
            }

            try
            {
                using var archive = new MemoryStream([.. payload.Content], writable: false);
                var container = " in the archive at byte " + payload.Offset.ToString(CultureInfo.InvariantCulture) + where + " (loaded by " + payload.Loader + ")";
                ReadZip(archive, container, found, depth + 1);
            }
            catch (ScanLimitException e)
            {
                found.Problem(isLimit: true, "the archive at byte " + payload.Offset.ToString(CultureInfo.InvariantCulture) + where + ": " + e.Message);
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                found.Problem(isLimit: false, "the archive at byte " + payload.Offset.ToString(CultureInfo.InvariantCulture) + where + ": " + e.Message);
            }
        }
    }

    private static void ReadZip(Stream stream, string container, Found found, int depth)
    {
        var zip = ZipReader.Open(stream);
        var pickleMembers = new List<string>();
        var npyObjects = false;
        foreach (var entry in zip.Entries.Where(e => !e.IsDirectory))
        {
            var where = " of " + entry.Name + (entry.HasUnsafePath ? " (an unsafe member path)" : string.Empty) + container;
            try
            {
                if (entry.Name.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
                {
                    var prefix = zip.ReadPrefix(entry, 6);
                    if (prefix.Length == 6 && prefix[0] == 0x93)
                    {
                        using var npy = zip.OpenEntry(entry, MaxMemberPickleBytes);
                        npyObjects |= ReadNpy(npy, entry.Name, where, found, depth);
                    }

                    continue;
                }

                var magic = zip.ReadPrefix(entry, 2);
                var proto = magic.Length == 2 && magic[0] == 0x80 && magic[1] is >= 2 and <= 5;
                var named = entry.Name.EndsWith(".pkl", StringComparison.OrdinalIgnoreCase) || entry.Name.EndsWith(".pickle", StringComparison.OrdinalIgnoreCase);
                if (!proto && !named)
                {
                    continue;
                }

                using var member = zip.OpenEntry(entry, MaxMemberPickleBytes);
                var disassembly = PickleDisassembler.Disassemble(member, new PickleReadOptions { Limits = MemberLimits, Speculative = !named || !proto });
                if (!disassembly.IsPickle)
                {
                    continue;
                }

                pickleMembers.Add(entry.Name);
                Add(found, entry.Name, where, disassembly, depth);
            }
            catch (ScanLimitException e)
            {
                found.Problem(isLimit: true, "zip member " + entry.Name + container + ": " + e.Message);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException)
            {
                found.Problem(isLimit: false, "zip member " + entry.Name + container + ": " + e.Message);
            }
        }

        if (depth > 0)
        {
            return;
        }

        if (pickleMembers.Count > 0)
        {
            found.Describe(pickleMembers.Any(m => m == "data.pkl" || m.EndsWith("/data.pkl", StringComparison.Ordinal))
                ? "a PyTorch zip checkpoint (pickled)"
                : "a zip archive with pickled members");
        }
        else if (npyObjects)
        {
            found.Describe("a NumPy .npz archive with object arrays (pickled)");
        }
    }

    /// <summary>What the reading found so far; survives an exception part-way.</summary>
    private sealed class Found
    {
        private readonly List<ArtifactPickleStream> _streams = [];
        private readonly List<ArtifactProblem> _problems = [];
        private string? _description;

        public void Describe(string description) => _description ??= description;

        public void Add(string? member, string where, PickleDisassembly disassembly)
        {
            _streams.Add(new ArtifactPickleStream(member, where, disassembly));
            foreach (var problem in disassembly.Problems)
            {
                var at = "pickle" + where + " at byte " + problem.Offset.ToString(CultureInfo.InvariantCulture);
                Problem(problem.Kind == PickleProblemKind.Limit, at + ": " + problem.Message + (problem.Kind == PickleProblemKind.Limit
                    ? "; the rest of the stream was not read"
                    : "; what comes before it was checked"));
            }
        }

        public void Problem(bool isLimit, string message) => _problems.Add(new ArtifactProblem(isLimit, message));

        public ArtifactPickles Build() => new(_description, _streams, _problems);
    }
}
