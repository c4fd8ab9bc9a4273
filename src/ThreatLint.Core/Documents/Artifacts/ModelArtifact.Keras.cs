using ThreatLint.Documents.Archives;
using ThreatLint.Documents.Keras;

namespace ThreatLint.Documents.Artifacts;

public sealed partial class ModelArtifact
{
    /// <summary>Largest <c>config.json</c> read from a <c>.keras</c> archive.</summary>
    public const long MaxKerasConfigBytes = 64L * 1024 * 1024;

    /// <summary>
    /// The Keras model configuration, read once: <c>config.json</c> of a Keras v3 zip (a <c>.keras</c> file, or any zip
    /// with root <c>config.json</c> and <c>metadata.json</c>), or the <c>model_config</c> JSON of a legacy HDF5 file
    /// found by a bounded byte search. Other files yield <see cref="KerasModel.None"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">The archive or its configuration is malformed.</exception>
    /// <exception cref="ScanLimitException">The configuration is larger than ThreatLint reads.</exception>
    public KerasModel ReadKeras() => Format switch
    {
        ArtifactFormat.Hdf5 => View("keras", ReadKerasHdf5),
        ArtifactFormat.Zip => View("keras", ReadKerasArchive),
        _ => KerasModel.None,
    };

    private KerasModel ReadKerasHdf5(Stream stream)
    {
        var limits = KerasHdf5Limits.Default;
        var scan = KerasHdf5.Scan(stream, Length, limits);
        string? incomplete = null;
        if (scan.Truncated)
        {
            incomplete = FormattableString.Invariant($"a Keras configuration longer than {limits.MaxJsonBytes} bytes was not read to its end");
        }
        else if (scan.Configs.Count == 0 && scan.MentionsModelConfig && !scan.SearchedWholeFile)
        {
            incomplete = FormattableString.Invariant($"the model_config attribute is not within the first {limits.HeadBytes} or last {limits.TailBytes} bytes searched");
        }

        return new KerasModel(scan.Configs, incomplete);
    }

    private KerasModel ReadKerasArchive(Stream stream)
    {
        ZipReader zip;
        try
        {
            zip = ZipReader.Open(stream);
        }
        catch (Exception e) when (e is InvalidDataException or ScanLimitException)
        {
            // Every zip model goes through the archive reader of the pickle view, which reports a broken or oversized
            // archive (TL9001/TL9002) once; reporting it here too would double it. Only config.json is this view's.
            return KerasModel.None;
        }

        var config = zip.Entries.FirstOrDefault(e => e.Name == "config.json");
        var isKeras = config is not null
            && (FileName.EndsWith(".keras", StringComparison.OrdinalIgnoreCase) || zip.Entries.Any(e => e.Name == "metadata.json"));
        if (!isKeras)
        {
            return KerasModel.None;
        }

        if (config!.UncompressedSize > MaxKerasConfigBytes)
        {
            throw new ScanLimitException(FormattableString.Invariant($"config.json of {config.UncompressedSize} bytes is over the {MaxKerasConfigBytes}-byte limit"));
        }

        using var entry = zip.OpenEntry(config, MaxKerasConfigBytes);
        var bytes = ReadBounded(entry, MaxKerasConfigBytes);
        return new KerasModel([KerasConfig.Parse(TextFiles.Decode(bytes), "config.json")], null);
    }

    /// <summary>Reads a decompressing stream whole, refusing to go past <paramref name="max"/> whatever the header claimed.</summary>
    private static byte[] ReadBounded(Stream stream, long max)
    {
        var output = new MemoryStream();
        var buffer = new byte[81920];
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (output.Length + n > max)
            {
                throw new ScanLimitException(FormattableString.Invariant($"config.json inflates past the {max}-byte limit"));
            }

            output.Write(buffer, 0, n);
        }

        return output.ToArray();
    }
}
