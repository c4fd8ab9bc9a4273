using System.IO.Compression;
using ThreatLint.Catalog;
using ThreatLint.Core.Tests.Archives;
using ThreatLint.Core.Tests.Pickle;
using ThreatLint.Rules.ModelArtifacts;

namespace ThreatLint.Core.Tests.Rules.ModelArtifacts;

public class PickleCodeExecutionTests
{
    private static readonly PickleCodeExecution Rule = new();

    private ModelFiles _files = null!;

    [SetUp]
    public void SetUp() => _files = new ModelFiles();

    [TearDown]
    public void TearDown() => _files.Dispose();

    [TestCase(0, 0)]
    [TestCase(1, 0)]
    [TestCase(2, 2)]
    [TestCase(3, 2)]
    [TestCase(4, 19)]
    [TestCase(5, 19)]
    public void Fires_on_a_raw_pickle_of_every_protocol(int protocol, int offset)
    {
        var p = new PickleBuilder();
        if (protocol >= 2)
        {
            p.Proto(protocol);
        }

        var findings = _files.Scan("model.pkl", p.SystemCall(protocol).Stop().ToArray(), Rule);

        Assert.That(findings, Has.Count.EqualTo(1));
        var finding = findings[0];
        Assert.Multiple(() =>
        {
            Assert.That(finding.RuleId, Is.EqualTo("TL1001"));
            Assert.That(finding.Severity, Is.EqualTo(Severity.Critical));
            Assert.That(finding.Confidence, Is.EqualTo(Confidence.High));
            Assert.That(finding.Span.Line, Is.EqualTo(1));
            Assert.That(finding.Span.Column, Is.EqualTo(1));
            Assert.That(finding.Message, Is.EqualTo($"Pickle stream imports posix.system at byte {offset}: loading this file runs attacker-chosen code"));
        });
    }

    [Test]
    public void Silent_on_a_clean_PyTorch_state_dict_zip()
    {
        var file = ModelFixtures.TorchZip(ModelFixtures.TorchStateDict(ModelFixtures.Linear), ModelFixtures.Linear);

        var findings = _files.Scan("resnet/pytorch_model.bin", file);

        Assert.That(findings.Summaries(), Is.EqualTo(new[] { "TL1003 pytorch_model.bin is stored as a PyTorch zip checkpoint (pickled)" }));
    }

    [Test]
    public void Fires_on_a_PyTorch_zip_whose_pickle_member_is_renamed()
    {
        var pickle = ModelFixtures.TorchStateDict(ModelFixtures.Linear, p => p.SystemCall(2, "os").Pop());
        var file = ModelFixtures.TorchZip(pickle, ModelFixtures.Linear, root: "archive", pickleName: "weights.bin");

        var findings = _files.Scan("model.pt", file);

        Assert.That(findings.Summaries(), Is.EquivalentTo(new[]
        {
            "TL1001 os.system at byte 315 of archive/weights.bin",
            "TL1003 model.pt is stored as a zip archive with pickled members",
        }));
    }

    [Test]
    public void Fires_on_a_ZIP64_checkpoint_with_the_pickle_in_any_folder()
    {
        var pickle = ModelFixtures.TorchStateDict(ModelFixtures.Linear, p => p.SystemCall(2, "subprocess").Pop());
        var file = ModelFixtures.TorchZip(pickle, ModelFixtures.Linear, root: "checkpoint-1200/model", zip64: true);

        var findings = _files.Scan("model.pth", file, Rule);

        Assert.That(findings.Summaries(), Is.EqualTo(new[] { "TL1001 subprocess.system at byte 315 of checkpoint-1200/model/data.pkl" }));
    }

    [Test]
    public void Fires_on_a_legacy_PyTorch_checkpoint()
    {
        // The object pickle is the fourth: after the magic number, protocol version and sys info pickles (137 bytes).
        var main = ModelFixtures.TorchStateDict(ModelFixtures.Linear, p => p.SystemCall(2, "runpy").Pop(), legacyStorageKeys: true);
        var file = ModelFixtures.LegacyTorch(main, ["94660", "94661"]);

        var findings = _files.Scan("old.pth", file);

        Assert.That(findings.Summaries(), Is.EquivalentTo(new[]
        {
            "TL1001 runpy.system at byte 460",
            "TL1003 old.pth is stored as a legacy PyTorch checkpoint (pickled)",
        }));
    }

    [Test]
    public void Silent_on_a_clean_legacy_checkpoint_even_when_storage_bytes_look_like_opcodes()
    {
        var storage = new PickleBuilder().Proto(2).SystemCall(2).Stop().ToArray();
        var file = ModelFixtures.LegacyTorch(ModelFixtures.TorchStateDict(ModelFixtures.Linear, legacyStorageKeys: true), ["94660", "94661"], storage);

        Assert.That(_files.Scan("old.pth", file, Rule), Is.Empty);
    }

    [Test]
    public void Fires_on_an_object_dtype_npy_with_the_offset_in_the_file()
    {
        var file = ModelFixtures.ObjectNpy(p => p.BinUnicode("label").SystemCall(3, "nt"), 2);

        var findings = _files.Scan("features.npy", file);

        Assert.That(findings.Summaries(), Is.EquivalentTo(new[]
        {
            "TL1001 nt.system at byte 286",
            "TL1003 features.npy is stored as a NumPy array with object dtype (pickled)",
        }));
    }

    [Test]
    public void Silent_on_numeric_npy_and_npz()
    {
        var npz = new ZipBuilder().Add("arr_0.npy", ModelFixtures.NumericNpy(100), deflate: true).Add("arr_1.npy", ModelFixtures.NumericNpy(3)).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(_files.Scan("x.npy", ModelFixtures.NumericNpy(1000)), Is.Empty);
            Assert.That(_files.Scan("x.npz", npz), Is.Empty);
        });
    }

    [Test]
    public void Fires_on_an_npz_with_a_malicious_object_array()
    {
        var npz = new ZipBuilder()
            .Add("weights.npy", ModelFixtures.NumericNpy(10))
            .Add("labels.npy", ModelFixtures.ObjectNpy(p => p.SystemCall(3, "os"), 1), deflate: true)
            .ToArray();

        var findings = _files.Scan("data.npz", npz);

        Assert.That(findings.Summaries(), Is.EquivalentTo(new[]
        {
            "TL1001 os.system at byte 276 of labels.npy",
            "TL1003 data.npz is stored as a NumPy .npz archive with object arrays (pickled)",
        }));
    }

    [Test]
    public void Fires_on_a_second_pickle_appended_to_a_benign_one()
    {
        var file = PickleBuilder.Concat(
            new PickleBuilder().Proto(4).Frame(3).EmptyDict().Memoize().Stop().ToArray(),
            new PickleBuilder().Proto(4).SystemCall(4, "os").Stop().ToArray());

        Assert.That(_files.Scan("model.pkl", file, Rule).Summaries(), Is.EqualTo(new[] { "TL1001 os.system at byte 30" }));
    }

    [Test]
    public void Fires_on_a_pickle_inside_a_pickle()
    {
        var inner = new PickleBuilder().Proto(4).SystemCall(4, "os").Stop().ToArray();
        var file = new PickleBuilder().Proto(4).StackGlobal("pickle", "loads").BinBytes(inner).Tuple1().Reduce().Stop().ToArray();

        Assert.That(_files.Scan("model.pkl", file, Rule).Summaries(), Is.EqualTo(new[]
        {
            "TL1001 pickle.loads at byte 19",
            "TL1001 os.system at byte 42 (in the pickle loaded by pickle.loads)",
        }));
    }

    [Test]
    public void Fires_on_a_torch_archive_hidden_in_load_from_bytes()
    {
        var archive = ModelFixtures.TorchZip(ModelFixtures.TorchStateDict(ModelFixtures.Linear, p => p.SystemCall(2, "os").Pop()), ModelFixtures.Linear);
        var file = new PickleBuilder().Proto(2).Global("torch.storage", "_load_from_bytes").BinBytes(archive).Tuple1().Reduce().Stop().ToArray();

        Assert.That(_files.Scan("tensor.pkl", file, Rule).Summaries(), Is.EqualTo(new[]
        {
            "TL1001 torch.storage._load_from_bytes at byte 2",
            "TL1001 os.system at byte 315 of archive/data.pkl in the archive at byte 39 (loaded by torch.storage._load_from_bytes)",
        }));
    }

    [Test]
    public void Names_what_a_getattr_chain_reaches()
    {
        var file = new PickleBuilder().Proto(2)
            .Global("__builtin__", "getattr").BinPut(0)
            .Global("__builtin__", "__import__").ShortBinString("os").Tuple1().Reduce()
            .ShortBinString("system").Tuple2().Reduce()
            .ShortBinString("id").Tuple1().Reduce().Stop().ToArray();

        Assert.That(_files.Scan("model.pkl", file, Rule).Summaries(), Is.EqualTo(new[]
        {
            "TL1001 __builtin__.getattr at byte 2",
            "TL1001 __builtin__.__import__ at byte 25",
            "TL1001 os.system (reached through __builtin__.getattr at byte 64) at byte 64",
        }));
    }

    [Test]
    public void An_unresolvable_STACK_GLOBAL_fires_with_medium_confidence()
    {
        var file = new PickleBuilder().Proto(4)
            .StackGlobal("builtins", "str").ShortBinUnicode("os").Tuple1().Reduce()
            .ShortBinUnicode("system").StackGlobal().EmptyTuple().Reduce().Stop().ToArray();

        var finding = _files.Scan("model.pkl", file, Rule).Single();

        Assert.Multiple(() =>
        {
            Assert.That(finding.Confidence, Is.EqualTo(Confidence.Medium));
            Assert.That(finding.Message, Does.StartWith("Pickle stream imports a hidden callable (STACK_GLOBAL operands are not string constants"));
        });
    }

    [Test]
    public void An_extension_code_fires()
    {
        var file = new PickleBuilder().Proto(2).Ext2(1000).EmptyTuple().Reduce().Stop().ToArray();

        Assert.That(_files.Scan("model.pkl", file, Rule).Single().Message, Does.Contain("a hidden callable (EXT2 code 1000 from the copyreg extension registry) at byte 2"));
    }

    [Test]
    public void A_truncated_file_reports_what_precedes_the_cut_and_one_TL9001()
    {
        var whole = new PickleBuilder().Proto(2).SystemCall(2).Global("collections", "OrderedDict").EmptyTuple().Reduce().Stop().ToArray();

        var findings = _files.Scan("model.pkl", whole[..^6]);

        Assert.That(findings.Summaries(), Is.EquivalentTo(new[]
        {
            "TL1001 posix.system at byte 2",
            "TL1003 model.pkl is stored as a pickle",
            "TL9001 pickle at byte 43: the stream ends inside a text argument (truncated?); what comes before it was checked",
        }));
    }

    [Test]
    public void A_zip_bomb_is_one_TL9002_and_costs_nothing()
    {
        var bomb = new ZipBuilder { Zip64 = true }.Add("archive/data.pkl", new byte[100_000], deflate: true, declaredSize: 1L << 40).ToArray();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();

        var findings = _files.Scan("bomb.pt", bomb);

        Assert.Multiple(() =>
        {
            Assert.That(findings.Select(f => f.RuleId), Is.EqualTo(new[] { "TL9002" }));
            Assert.That(findings[0].Message, Does.Contain("zip bomb"));
            Assert.That(stopwatch.Elapsed, Is.LessThan(HangGuard.Limit));
            Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(16 * 1024 * 1024));
        });
    }

    [Test]
    public void A_member_named_to_climb_out_of_the_archive_is_still_checked()
    {
        var zip = new ZipBuilder().Add("archive/version", "3\n").Add("../evil", new PickleBuilder().Proto(4).SystemCall(4).Stop().ToArray()).ToArray();

        Assert.That(_files.Scan("model.pt", zip, Rule).Summaries(), Is.EqualTo(new[] { "TL1001 posix.system at byte 19 of ../evil (an unsafe member path)" }));
    }

    [TestCase("zlib")]
    [TestCase("gzip")]
    public void Fires_inside_a_compressed_joblib_file(string compression)
    {
        var pickle = ModelFixtures.SklearnJoblib(afterArray: p => p.ShortBinUnicode("hook").Memoize().SystemCall(4, "os"));
        using var output = new MemoryStream();
        using (Stream compressor = compression == "zlib" ? new ZLibStream(output, CompressionLevel.Optimal, true) : new GZipStream(output, CompressionLevel.Optimal, true))
        {
            compressor.Write(pickle);
        }

        var findings = _files.Scan("model.joblib", output.ToArray());

        Assert.That(findings.Summaries().Where(s => !s.StartsWith("TL1002", StringComparison.Ordinal)), Is.EquivalentTo(new[]
        {
            $"TL1001 os.system at byte {FirstOffset(pickle, "os")} of the {compression}-decompressed stream",
            $"TL1003 model.joblib is stored as a joblib pickle ({compression}-compressed)",
        }));
    }

    [Test]
    public void An_lz4_joblib_file_is_reported_as_not_checked()
    {
        var findings = _files.Scan("model.joblib", [0x04, 0x22, 0x4D, 0x18, 0x64, 0x40, 0xA7, 1, 2, 3]);

        Assert.That(findings.Summaries(), Is.EquivalentTo(new[]
        {
            "TL1003 model.joblib is stored as a joblib pickle (lz4-compressed)",
            "TL9001 the file is compressed with lz4, which ThreatLint cannot decompress yet; the pickle inside was not checked",
        }));
    }

    [Test]
    public void The_fingerprint_ignores_the_offset()
    {
        var near = _files.Scan("a.pkl", new PickleBuilder().Proto(4).SystemCall(4).Stop().ToArray(), Rule).Single();
        var far = _files.Scan("a.pkl", new PickleBuilder().Proto(4).BinBytes(new byte[500]).Pop().SystemCall(4).Stop().ToArray(), Rule).Single();

        Assert.Multiple(() =>
        {
            Assert.That(far.Message, Is.Not.EqualTo(near.Message));
            Assert.That(far.Fingerprint, Is.EqualTo(near.Fingerprint));
        });
    }

    [Test]
    public void The_scanner_reports_it_for_a_checkpoint_in_a_repository()
    {
        var pickle = ModelFixtures.TorchStateDict(ModelFixtures.Linear, p => p.SystemCall(2, "os").Pop());
        _files.Write("models/classifier/pytorch_model.bin", ModelFixtures.TorchZip(pickle, ModelFixtures.Linear));

        var result = Scanner.Scan(new ScanOptions(_files.Root) { RespectGitIgnore = false });

        Assert.That(result.Findings.Select(f => f.Path + " " + f.RuleId), Is.SupersetOf(new[]
        {
            "models/classifier/pytorch_model.bin TL1001", "models/classifier/pytorch_model.bin TL1003",
        }));
    }

    /// <summary>Offset of the STACK_GLOBAL after the first memoized <c>module</c> string of an os.system call.</summary>
    private static int FirstOffset(byte[] pickle, string module)
    {
        var needle = PickleBuilder.Concat([0x8C, (byte)module.Length], PickleBuilder.Latin1(module), [0x94, 0x8C, 6], "system"u8.ToArray(), [0x94, 0x93]);
        for (var i = 0; i <= pickle.Length - needle.Length; i++)
        {
            if (pickle.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i + needle.Length - 1;
            }
        }

        throw new InvalidOperationException("no such call");
    }
}
