using System.Text;
using ThreatLint.Core.Tests.Artifacts;
using ThreatLint.Documents.Keras;

namespace ThreatLint.Core.Tests.Keras;

public class KerasConfigTests
{
    [Test]
    public void Lists_every_serialized_object_with_its_path_and_names()
    {
        var config = KerasConfig.Parse(KerasBuilder.Keras3Lambda, "config.json");

        Assert.That(
            config.Objects.Select(o => o.ClassName + "@" + o.Path + (o.Name is null ? string.Empty : "#" + o.Name)),
            Is.EqualTo(new[]
            {
                "Sequential@#sequential",
                "InputLayer@config.layers[0]#input_layer",
                "Lambda@config.layers[1]#scale",
                "__lambda__@config.layers[1].config.function",
                "Dense@config.layers[2]#dense",
            }));
        Assert.That(config.Objects[1].Module, Is.EqualTo("keras.layers"));
        Assert.That(config.Objects[2].Config!["arguments"]!.IsObject, Is.True);
    }

    [Test]
    public void Hdf5_byte_search_finds_the_model_config_between_binary_data()
    {
        var bytes = KerasBuilder.Hdf5Blob(KerasBuilder.Keras2Lambda, 100_000);
        var scan = KerasHdf5.Scan(new MemoryStream(bytes), bytes.Length);

        Assert.Multiple(() =>
        {
            Assert.That(scan.Configs, Has.Count.EqualTo(1));
            Assert.That(scan.Configs[0].Objects.Select(o => o.ClassName), Does.Contain("Lambda"));
            Assert.That(scan.MentionsModelConfig, Is.True);
            Assert.That(scan.SearchedWholeFile, Is.True);
            Assert.That(scan.Truncated, Is.False);
        });
    }

    [Test]
    public void Hdf5_byte_search_reads_only_its_windows_of_a_large_file()
    {
        var head = KerasBuilder.Hdf5Blob(KerasBuilder.Keras2Dense, 0);
        var stream = new CountingStream(head, 4L * 1024 * 1024 * 1024);
        var limits = new KerasHdf5Limits(HeadBytes: 1024 * 1024, TailBytes: 64 * 1024);

        var scan = KerasHdf5.Scan(stream, stream.Length, limits);

        Assert.That(scan.Configs, Has.Count.EqualTo(1));
        Assert.That(scan.SearchedWholeFile, Is.False);
        Assert.That(stream.BytesRead, Is.LessThan(2 * 1024 * 1024));
    }

    [Test]
    public void Weights_only_files_and_stray_braces_yield_nothing()
    {
        var weights = KerasBuilder.Hdf5Blob(null, 50_000);
        var decoy = KerasBuilder.Hdf5Blob(null, 0).Concat(Encoding.ASCII.GetBytes("{\"module\" {\"class_name\": \"x\", \0 {\"class_name\": ")).ToArray();
        foreach (var bytes in new[] { weights, decoy })
        {
            var scan = KerasHdf5.Scan(new MemoryStream(bytes), bytes.Length);
            Assert.That(scan.Configs, Is.Empty);
            Assert.That(scan.MentionsModelConfig, Is.False);
        }
    }

    [Test]
    public void A_config_longer_than_the_bound_is_reported_as_truncated()
    {
        var bytes = KerasBuilder.Hdf5Blob(KerasBuilder.Keras2Lambda, 1000);
        var scan = KerasHdf5.Scan(new MemoryStream(bytes), bytes.Length, new KerasHdf5Limits(MaxJsonBytes: 256));
        Assert.That(scan.Truncated, Is.True);
    }
}
