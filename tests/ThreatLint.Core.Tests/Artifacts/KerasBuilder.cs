using System.IO.Compression;
using System.Text;

namespace ThreatLint.Core.Tests.Artifacts;

/// <summary>Keras model files as Keras writes them: v3 .keras zips and legacy .h5 byte layouts.</summary>
internal static class KerasBuilder
{
    public const string Keras3Dense = """
        {"module": "keras", "class_name": "Sequential", "config": {"name": "sequential", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "layers": [{"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 4], "dtype": "float32", "sparse": false, "name": "input_layer"}, "registered_name": null}, {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "units": 1, "activation": "sigmoid", "use_bias": true, "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null}, "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}, "kernel_regularizer": null, "bias_regularizer": null, "kernel_constraint": null, "bias_constraint": null}, "registered_name": null, "build_config": {"input_shape": [null, 4]}}], "build_input_shape": [null, 4]}, "registered_name": null, "build_config": {"input_shape": [null, 4]}, "compile_config": {"optimizer": {"module": "keras.optimizers", "class_name": "Adam", "config": {"name": "adam", "learning_rate": 0.0010000000474974513}, "registered_name": null}, "loss": "binary_crossentropy", "metrics": ["accuracy"]}}
        """;

    public const string Keras3Lambda = """
        {"module": "keras", "class_name": "Sequential", "config": {"name": "sequential", "trainable": true, "layers": [{"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 4], "dtype": "float32", "name": "input_layer"}, "registered_name": null}, {"module": "keras.layers", "class_name": "Lambda", "config": {"name": "scale", "trainable": true, "function": {"class_name": "__lambda__", "config": {"code": "4wEAAAAAAAAAAAAAAAEAAAADAAAA8woAAACXAHwAZAEaAFMAKQJO6QIAAACpACkB2gF4cwEAAAAg+gg8bGFtYmRhPnIFAAAAAQAAAHMIAAAAgADYGxyYcZkVkCByAwAAAA==", "defaults": null, "closure": null}}, "arguments": {}}, "registered_name": null}, {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "units": 1}, "registered_name": null}]}, "registered_name": null}
        """;

    /// <summary>CVE-2025-1550 shape: a function reference that Keras imports and calls during deserialization.</summary>
    public const string Keras3ModuleReference = """
        {"module": "keras", "class_name": "Sequential", "config": {"name": "sequential", "layers": [{"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "units": 1, "activation": {"module": "os", "class_name": "function", "config": "system", "registered_name": "function"}}, "registered_name": null}]}, "registered_name": null}
        """;

    public const string Keras2Lambda = """
        {"class_name": "Sequential", "config": {"name": "sequential", "layers": [{"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4], "dtype": "float32", "sparse": false, "ragged": false, "name": "input_1"}}, {"class_name": "Lambda", "config": {"name": "lambda", "trainable": true, "dtype": "float32", "function": ["4wEAAAAAAAAAAAAAAAEAAAAEAAAAQwAAAHMMAAAAdABqAWQBgwEBAHwAUwApAk56BmlkID4mMikC2gJvc9oGc3lzdGVtKQHaAXipAHIEAAAA+gc8c3RkaW4+2gg8bGFtYmRhPgEAAADzAAAAAA==\n", null, null], "function_type": "lambda", "module": "__main__", "output_shape": null, "output_shape_type": "raw", "output_shape_module": null, "arguments": {}}}, {"class_name": "Dense", "config": {"name": "dense", "trainable": true, "dtype": "float32", "units": 1, "activation": "linear", "use_bias": true, "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}}}}]}, "keras_version": "2.13.1", "backend": "tensorflow"}
        """;

    public const string Keras2Dense = """
        {"class_name": "Sequential", "config": {"name": "sequential", "layers": [{"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4], "dtype": "float32", "name": "input_1"}}, {"class_name": "Dense", "config": {"name": "dense", "units": 1, "activation": "sigmoid", "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}}}]}, "keras_version": "2.13.1", "backend": "tensorflow"}
        """;

    public const string Metadata = """{"keras_version": "3.5.0", "date_saved": "2024-09-12@10:31:02"}""";

    /// <summary>A .keras archive: config.json, metadata.json and a weights file.</summary>
    public static byte[] KerasZip(string? config, string? metadata = Metadata)
    {
        var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            if (metadata is not null)
            {
                Add(zip, "metadata.json", Encoding.UTF8.GetBytes(metadata));
            }

            if (config is not null)
            {
                Add(zip, "config.json", Encoding.UTF8.GetBytes(config.Trim()));
            }

            Add(zip, "model.weights.h5", Hdf5Blob(null, 4096));
        }

        return output.ToArray();
    }

    /// <summary>
    /// Bytes laid out like a legacy Keras HDF5 file: the signature and superblock, a root object header naming the
    /// model_config attribute, its JSON value (NUL padded), then weights.
    /// </summary>
    public static byte[] Hdf5Blob(string? modelConfig, int weightBytes, int configOffset = 2048)
    {
        var output = new MemoryStream();
        output.Write([0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x08, 0x00]);
        var random = new Random(7);
        var filler = new byte[512];
        random.NextBytes(filler);
        output.Write(filler);
        if (modelConfig is not null)
        {
            output.Write("\u0001\u0000\u000dmodel_config\u0000\u0000\u0000\u0013"u8);
            while (output.Length < configOffset)
            {
                output.WriteByte(0);
            }

            output.Write(Encoding.UTF8.GetBytes(modelConfig.Trim()));
            output.Write(new byte[16]);
        }

        var weights = new byte[weightBytes];
        random.NextBytes(weights);
        output.Write(weights);
        return output.ToArray();
    }

    private static void Add(ZipArchive zip, string name, byte[] content)
    {
        using var stream = zip.CreateEntry(name).Open();
        stream.Write(content);
    }
}
