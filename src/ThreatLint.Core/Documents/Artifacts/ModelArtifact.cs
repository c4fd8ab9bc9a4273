namespace ThreatLint.Documents.Artifacts;

/// <summary>
/// A model file, read only where needed: the format comes from the first bytes; format-specific views
/// (pickle streams, zip members, ONNX graph facts, GGUF metadata, safetensors header…) are partial-class
/// members in the files beside this one, each parsed lazily, bounded, and never executed.
/// </summary>
public sealed partial class ModelArtifact
{
    private const int HeadLength = 64;

    private ModelArtifact(string fullPath, string relativePath, long length, byte[] head, ArtifactFormat format)
    {
        FullPath = fullPath;
        RelativePath = relativePath;
        Length = length;
        Head = head;
        Format = format;
    }

    public string FullPath { get; }

    /// <summary>Path relative to the scan root, with '/' separators.</summary>
    public string RelativePath { get; }

    public string FileName => RelativePath.Substring(RelativePath.LastIndexOf('/') + 1);

    public long Length { get; }

    /// <summary>The first bytes of the file (at most 64).</summary>
    public IReadOnlyList<byte> Head { get; }

    public ArtifactFormat Format { get; }

    /// <summary>Reads the head of the file and decides its format. Nothing else is read here.</summary>
    public static ModelArtifact Open(string fullPath, string relativePath)
    {
        using var stream = OpenRead(fullPath);
        var head = new byte[(int)Math.Min(HeadLength, stream.Length)];
        var read = 0;
        while (read < head.Length && stream.Read(head, read, head.Length - read) is var n and > 0)
        {
            read += n;
        }

        return new ModelArtifact(fullPath, relativePath, stream.Length, head, Sniff(head, relativePath));
    }

    /// <summary>Opens the file for reading (shared, sequential). Callers dispose it.</summary>
    public Stream OpenRead() => OpenRead(FullPath);

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 81920, FileOptions.SequentialScan);

    private static readonly byte[] GitLfsPointerStart = System.Text.Encoding.ASCII.GetBytes("version https://git-lfs.github.com/spec/");

    private static bool IsGitLfsPointer(byte[] head) =>
        head.Length >= GitLfsPointerStart.Length && GitLfsPointerStart.Select((b, i) => head[i] == b).All(x => x);

    private static ArtifactFormat Sniff(byte[] head, string relativePath)
    {
        bool StartsWith(params byte[] magic) => head.Length >= magic.Length && magic.Select((b, i) => head[i] == b).All(x => x);

        if (StartsWith(0x50, 0x4B, 0x03, 0x04) || StartsWith(0x50, 0x4B, 0x05, 0x06))
        {
            return ArtifactFormat.Zip;
        }

        if (StartsWith(0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'))
        {
            return ArtifactFormat.Npy;
        }

        if (StartsWith(0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A))
        {
            return ArtifactFormat.Hdf5;
        }

        if (StartsWith((byte)'G', (byte)'G', (byte)'U', (byte)'F'))
        {
            return ArtifactFormat.Gguf;
        }

        // Legacy PyTorch: a pickle of the magic number 0x1950a86a20f9469cfc6c (protocol 2, LONG1).
        if (StartsWith(0x80, 0x02, 0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19))
        {
            return ArtifactFormat.PyTorchLegacy;
        }

        // Pickle protocol 2+ starts with PROTO; protocol 0/1 streams are only trusted by extension.
        if (head.Length >= 2 && head[0] == 0x80 && head[1] is >= 2 and <= 5)
        {
            return ArtifactFormat.Pickle;
        }

        var extension = Path.GetExtension(relativePath).ToLowerInvariant();
        switch (extension)
        {
            case ".pkl" or ".pickle" or ".joblib" or ".dill" or ".ckpt" or ".pt" or ".pth" when head.Length > 0:
                return ArtifactFormat.Pickle;
            // A Git LFS pointer (the repository was cloned without LFS) is a small text file, not the model; its oid
            // already pins the model's sha256.
            case ".safetensors" when head.Length >= 8 && !IsGitLfsPointer(head):
                return ArtifactFormat.Safetensors;
            case ".onnx" when head.Length > 0 && !IsGitLfsPointer(head):
                return ArtifactFormat.Onnx;
            case ".tflite" or ".mlmodel" or ".pb":
                return ArtifactFormat.OtherModel;
            default:
                return ArtifactFormat.Unknown;
        }
    }
}
