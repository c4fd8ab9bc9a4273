using System.Diagnostics;
using ThreatLint.Core.Tests.Archives;
using ThreatLint.Documents.Pickle;

namespace ThreatLint.Core.Tests.Pickle;

public class PickleDisassemblerTests
{
    private static PickleDisassembly Dis(byte[] bytes, PickleReadOptions? options = null) => PickleDisassembler.Disassemble(bytes, options);

    private static string[] Names(PickleDisassembly d) => [.. d.Imports.Select(i => i.FullName)];

    [TestCase(0, PickleImportKind.Global)]
    [TestCase(1, PickleImportKind.Global)]
    [TestCase(2, PickleImportKind.Global)]
    [TestCase(3, PickleImportKind.Global)]
    [TestCase(4, PickleImportKind.StackGlobal)]
    [TestCase(5, PickleImportKind.StackGlobal)]
    public void Finds_the_import_and_the_call_in_every_protocol(int protocol, PickleImportKind kind)
    {
        var p = new PickleBuilder();
        if (protocol >= 2)
        {
            p.Proto(protocol);
        }

        if (protocol >= 4)
        {
            p.Frame(40);
        }

        var at = p.Offset;
        var d = Dis(p.SystemCall(protocol).Stop().ToArray());

        Assert.Multiple(() =>
        {
            Assert.That(d.Problems, Is.Empty);
            Assert.That(d.Imports, Has.Count.EqualTo(1));
            Assert.That(d.Imports[0].FullName, Is.EqualTo("posix.system"));
            Assert.That(d.Imports[0].Kind, Is.EqualTo(kind));
            Assert.That(d.Imports[0].Offset, Is.EqualTo(protocol >= 4 ? at + 17 : at), "GLOBAL at its opcode, STACK_GLOBAL at the 0x93 after two memoized strings");
            Assert.That(d.Calls.Single().Target?.FullName, Is.EqualTo("posix.system"));
            Assert.That(d.Calls.Single().Opcode, Is.EqualTo("REDUCE"));
            Assert.That(d.HighestProtocol, Is.EqualTo(protocol >= 2 ? protocol : 0));
            Assert.That(d.Streams, Is.EqualTo(1));
        });
    }

    [Test]
    public void Protocol_0_text_pickle_from_the_pickle_docs()
    {
        var d = Dis("cos\nsystem\n(S'echo hello world'\ntR."u8.ToArray());

        Assert.That(d.Imports.Single(), Is.EqualTo(new PickleImport("os", "system", 0, PickleImportKind.Global)));
    }

    [Test]
    public void INST_imports_and_calls_with_the_items_since_the_mark()
    {
        var d = Dis("(S'id'\nios\nsystem\n."u8.ToArray());

        Assert.Multiple(() =>
        {
            Assert.That(d.Imports.Single().Kind, Is.EqualTo(PickleImportKind.Inst));
            Assert.That(d.Imports.Single().FullName, Is.EqualTo("os.system"));
            Assert.That(d.Imports.Single().Offset, Is.EqualTo(7));
            Assert.That(d.Calls.Single().Opcode, Is.EqualTo("INST"));
            Assert.That(d.Problems, Is.Empty);
        });
    }

    [Test]
    public void OBJ_NEWOBJ_and_NEWOBJ_EX_record_their_class()
    {
        var d = Dis(new PickleBuilder().Proto(4)
            .Mark().StackGlobal("subprocess", "Popen").ShortBinUnicode("id").Obj()
            .StackGlobal("collections", "OrderedDict").EmptyTuple().NewObj()
            .StackGlobal("argparse", "Namespace").EmptyTuple().EmptyDict().NewObjEx()
            .Tuple3().Stop().ToArray());

        Assert.Multiple(() =>
        {
            Assert.That(d.Calls.Select(c => c.Opcode + " " + c.Target?.FullName), Is.EqualTo(new[]
            {
                "OBJ subprocess.Popen", "NEWOBJ collections.OrderedDict", "NEWOBJ_EX argparse.Namespace",
            }));
            Assert.That(d.Problems, Is.Empty);
        });
    }

    [Test]
    public void STACK_GLOBAL_operands_through_MEMOIZE_and_BINGET()
    {
        // The strings are memoized and dropped, then fetched back: a scanner that only looks at the two opcodes
        // before STACK_GLOBAL sees BINGETs.
        var d = Dis(new PickleBuilder().Proto(4)
            .ShortBinUnicode("builtins").Memoize().Pop()
            .ShortBinUnicode("exec").Memoize().Pop()
            .BinGet(0).BinGet(1).StackGlobal()
            .ShortBinUnicode("print(1)").Tuple1().Reduce().Stop().ToArray());

        Assert.Multiple(() =>
        {
            Assert.That(Names(d), Is.EqualTo(new[] { "builtins.exec" }));
            Assert.That(d.Problems, Is.Empty);
        });
    }

    [Test]
    public void STACK_GLOBAL_operands_through_LONG_BINPUT_and_LONG_BINGET()
    {
        var d = Dis(new PickleBuilder().Proto(4)
            .ShortBinUnicode("runpy").LongBinPut(70000).Pop()
            .ShortBinUnicode("_run_code").LongBinPut(70001)
            .LongBinGet(70000).LongBinGet(70001).StackGlobal().Stop().ToArray());

        Assert.That(Names(d), Does.Contain("runpy._run_code"));
    }

    [Test]
    public void STACK_GLOBAL_operands_through_text_PUT_and_GET()
    {
        var d = Dis(new PickleBuilder().Proto(4)
            .BinUnicode("os").Put(7).Pop().BinUnicode("system").Put(8).Pop()
            .Get(7).Get(8).StackGlobal().Stop().ToArray());

        Assert.That(Names(d), Is.EqualTo(new[] { "os.system" }));
    }

    [Test]
    public void STACK_GLOBAL_operands_from_every_string_opcode()
    {
        var d = Dis(new PickleBuilder().Proto(4)
            .StringLine("'o\\x73'").UnicodeLine("\\u0073ystem").StackGlobal().Pop()
            .BinString("subprocess").ShortBinString("run").StackGlobal().Pop()
            .BinUnicode8("pty").BinUnicode("spawn").StackGlobal().Pop()
            .StringLine("\"webbrowser\"").ShortBinUnicode("open").StackGlobal()
            .Stop().ToArray());

        Assert.Multiple(() =>
        {
            Assert.That(Names(d), Is.EqualTo(new[] { "os.system", "subprocess.run", "pty.spawn", "webbrowser.open" }));
            Assert.That(d.Problems, Is.Empty);
        });
    }

    [Test]
    public void STACK_GLOBAL_after_DUP_POP_and_POP_MARK_keeps_the_right_operands()
    {
        var d = Dis(new PickleBuilder().Proto(4)
            .ShortBinUnicode("os").Dup().Pop()
            .Mark().ShortBinUnicode("decoy").ShortBinUnicode("decoy").PopMark()
            .Mark().Pop() // POP on an empty mark level pops the mark itself
            .ShortBinUnicode("system").StackGlobal().Stop().ToArray());

        Assert.Multiple(() =>
        {
            Assert.That(Names(d), Is.EqualTo(new[] { "os.system" }));
            Assert.That(d.Problems, Is.Empty);
        });
    }

    [Test]
    public void STACK_GLOBAL_with_a_computed_operand_is_unresolved()
    {
        // module = str('o' + 's')-style computation: the name only exists at load time.
        var d = Dis(new PickleBuilder().Proto(4)
            .StackGlobal("builtins", "str").ShortBinUnicode("os").Tuple1().Reduce()
            .ShortBinUnicode("system").StackGlobal().EmptyTuple().Reduce().Stop().ToArray());

        var hidden = d.Imports.Single(i => i.Kind == PickleImportKind.Unresolved);
        Assert.Multiple(() =>
        {
            Assert.That(Names(d)[0], Is.EqualTo("builtins.str"));
            Assert.That(hidden.Detail, Does.Contain("not string constants"));
            Assert.That(hidden.FullName, Does.StartWith("an unresolvable import"));
            Assert.That(d.Calls.Last().Target, Is.SameAs(hidden));
        });
    }

    [Test]
    public void STACK_GLOBAL_with_a_string_too_long_to_keep_is_unresolved()
    {
        var d = Dis(
            new PickleBuilder().Proto(4).BinUnicode(new string('a', 50)).ShortBinUnicode("x").StackGlobal().Stop().ToArray(),
            new PickleReadOptions { Limits = PickleLimits.Default with { MaxTrackedString = 16 } });

        Assert.That(d.Imports.Single().Detail, Does.Contain("longer than 16 characters"));
    }

    [Test]
    public void STACK_GLOBAL_with_bytes_operands_still_names_them()
    {
        var d = Dis(new PickleBuilder().Proto(4).ShortBinBytes("os"u8.ToArray()).ShortBinBytes("system"u8.ToArray()).StackGlobal().Stop().ToArray());

        Assert.That(Names(d), Is.EqualTo(new[] { "os.system" }));
    }

    [TestCase("EXT1", "EXT1 code 7")]
    [TestCase("EXT2", "EXT2 code 513")]
    [TestCase("EXT4", "EXT4 code 70000")]
    public void Extension_codes_are_unresolved_imports(string opcode, string detail)
    {
        var p = new PickleBuilder().Proto(2);
        _ = opcode switch
        {
            "EXT1" => p.Ext1(7),
            "EXT2" => p.Ext2(513),
            _ => p.Ext4(70000),
        };
        var d = Dis(p.EmptyTuple().Reduce().Stop().ToArray());

        Assert.Multiple(() =>
        {
            Assert.That(d.Imports.Single().Kind, Is.EqualTo(PickleImportKind.Unresolved));
            Assert.That(d.Imports.Single().Detail, Does.StartWith(detail));
            Assert.That(d.Imports.Single().Offset, Is.EqualTo(2));
        });
    }

    [Test]
    public void A_getattr_chain_resolves_to_the_callable_it_reaches()
    {
        // builtins.getattr(builtins.__import__('os'), 'system')('id'), protocol 2.
        var d = Dis(new PickleBuilder().Proto(2)
            .Global("__builtin__", "getattr").BinPut(0)
            .Global("__builtin__", "__import__").BinPut(1).ShortBinString("os").Tuple1().Reduce().BinPut(2)
            .ShortBinString("system").Tuple2().Reduce().BinPut(3)
            .ShortBinString("id").Tuple1().Reduce().Stop().ToArray());

        var reached = d.Imports.Single(i => i.Kind == PickleImportKind.Dynamic);
        Assert.Multiple(() =>
        {
            Assert.That(Names(d), Is.EqualTo(new[] { "__builtin__.getattr", "__builtin__.__import__", "os.system" }));
            Assert.That(reached.Detail, Does.StartWith("reached through __builtin__.getattr at byte"));
            Assert.That(d.Calls.Last().Target, Is.SameAs(reached));
        });
    }

    [Test]
    public void A_getattr_on_an_imported_class_reaches_its_attribute()
    {
        var d = Dis(new PickleBuilder().Proto(4)
            .StackGlobal("builtins", "getattr").StackGlobal("collections", "OrderedDict").ShortBinUnicode("__init__").Tuple2().Reduce()
            .ShortBinUnicode("__globals__").Tuple1().Reduce().Stop().ToArray());

        Assert.That(Names(d), Does.Contain("collections.OrderedDict.__init__"));
    }

    [Test]
    public void A_pickle_passed_to_pickle_loads_as_bytes_is_disassembled_too()
    {
        var inner = new PickleBuilder().Proto(4).SystemCall(4, "os").Stop().ToArray();
        var p = new PickleBuilder().Proto(3).Global("pickle", "loads").BinPut(0);
        var dataOffset = p.Offset + 5;
        var d = Dis(p.BinBytes(inner).BinPut(1).Tuple1().Reduce().Stop().ToArray());

        var nested = d.Imports.Single(i => i.NestedIn is not null);
        Assert.Multiple(() =>
        {
            Assert.That(Names(d), Is.EqualTo(new[] { "pickle.loads", "os.system" }));
            Assert.That(nested.NestedIn, Is.EqualTo("pickle.loads"));
            Assert.That(nested.Offset, Is.EqualTo(dataOffset + 2 + 14), "offset in the outer file: the bytes are verbatim");
            Assert.That(d.Problems, Is.Empty);
        });
    }

    [Test]
    public void A_protocol_2_pickle_in_codecs_encode_latin1_text_is_disassembled_too()
    {
        // Protocol 2 has no bytes opcode: pickle.dumps(b'...', 2) writes _codecs.encode(u'<latin-1>', 'latin1').
        var inner = new PickleBuilder().Proto(2).SystemCall(2, "nt").Stop().ToArray();
        var latin1 = new string([.. inner.Select(b => (char)b)]);
        var d = Dis(new PickleBuilder().Proto(2)
            .Global("_pickle", "loads").BinPut(0)
            .Global("_codecs", "encode").BinPut(1).BinUnicode(latin1).BinPut(2).BinUnicode("latin1").Tuple2().Reduce()
            .Tuple1().Reduce().Stop().ToArray());

        Assert.Multiple(() =>
        {
            Assert.That(Names(d), Is.EqualTo(new[] { "_pickle.loads", "_codecs.encode", "nt.system" }));
            Assert.That(d.Imports[2].NestedIn, Is.EqualTo("_pickle.loads"));
        });
    }

    [Test]
    public void Nested_pickles_are_bounded_in_depth()
    {
        var payload = new PickleBuilder().Proto(4).SystemCall(4).Stop().ToArray();
        for (var i = 0; i < 6; i++)
        {
            payload = new PickleBuilder().Proto(4).StackGlobal("pickle", "loads").BinBytes(payload).Tuple1().Reduce().Stop().ToArray();
        }

        var d = Dis(payload);

        Assert.Multiple(() =>
        {
            Assert.That(d.Imports.Count(i => i.FullName == "pickle.loads"), Is.EqualTo(4), "top level and three nested levels");
            Assert.That(d.Problems.Single().Kind, Is.EqualTo(PickleProblemKind.Limit));
            Assert.That(d.Problems.Single().Message, Does.Contain("nested more than 3 deep"));
        });
    }

    [Test]
    public void A_torch_save_archive_passed_to_load_from_bytes_is_handed_back_as_a_payload()
    {
        var archive = new ZipBuilder().Add("archive/data.pkl", new PickleBuilder().Proto(2).SystemCall(2).Stop().ToArray()).ToArray();
        var d = Dis(new PickleBuilder().Proto(2)
            .Global("torch.storage", "_load_from_bytes").BinBytes(archive).Tuple1().Reduce().Stop().ToArray());

        Assert.Multiple(() =>
        {
            Assert.That(Names(d), Is.EqualTo(new[] { "torch.storage._load_from_bytes" }));
            Assert.That(d.NestedPayloads.Single().Loader, Is.EqualTo("torch.storage._load_from_bytes"));
            Assert.That(d.NestedPayloads.Single().Content, Is.EqualTo(archive));
        });
    }

    [Test]
    public void Concatenated_pickles_are_all_read()
    {
        var benign = new PickleBuilder().Proto(4).EmptyDict().Stop().ToArray();
        var malicious = new PickleBuilder().Proto(4).SystemCall(4).Stop().ToArray();
        var protocol0 = "cos\nsystem\n(S'id'\ntR."u8.ToArray();

        var d = Dis(PickleBuilder.Concat(benign, malicious, protocol0));

        Assert.Multiple(() =>
        {
            Assert.That(d.Streams, Is.EqualTo(3));
            Assert.That(d.Imports.Select(i => i.FullName + "@" + i.Offset), Is.EqualTo(new[]
            {
                "posix.system@" + (benign.Length + 19), "os.system@" + (benign.Length + malicious.Length),
            }));
            Assert.That(d.Problems, Is.Empty);
        });
    }

    [Test]
    public void Trailing_bytes_that_are_not_a_pickle_are_ignored()
    {
        var d = Dis(PickleBuilder.Concat(
            new PickleBuilder().Proto(4).EmptyDict().Stop().ToArray(),
            [0x80, 0x04, 0xFF, 0x00, 0x13],
            "\x00\x01 junk"u8.ToArray()));

        Assert.Multiple(() =>
        {
            Assert.That(d.Streams, Is.EqualTo(1));
            Assert.That(d.Problems, Is.Empty);
            Assert.That(d.Imports, Is.Empty);
        });
    }

    [Test]
    public void A_truncated_stream_keeps_the_imports_before_the_cut()
    {
        var whole = new PickleBuilder().Proto(2).SystemCall(2).Global("collections", "OrderedDict").EmptyTuple().Reduce().Stop().ToArray();
        var cut = whole[..(whole.Length - 8)];

        var d = Dis(cut);

        Assert.Multiple(() =>
        {
            Assert.That(Names(d), Is.EqualTo(new[] { "posix.system" }));
            Assert.That(d.Problems.Single().Kind, Is.EqualTo(PickleProblemKind.Truncated));
            Assert.That(d.Problems.Single().Offset, Is.GreaterThan(2));
        });
    }

    [Test]
    public void An_empty_stream_is_a_truncated_pickle()
    {
        Assert.That(Dis([]).Problems.Single().Kind, Is.EqualTo(PickleProblemKind.Truncated));
    }

    [Test]
    public void An_unknown_opcode_stops_the_stream_with_its_offset()
    {
        var d = Dis([0x80, 0x04, 0x4E, 0xFF, 0x2E]);

        Assert.Multiple(() =>
        {
            Assert.That(d.Problems.Single().Kind, Is.EqualTo(PickleProblemKind.Invalid));
            Assert.That(d.Problems.Single().Offset, Is.EqualTo(3));
            Assert.That(d.Problems.Single().Message, Does.Contain("0xff"));
        });
    }

    [Test]
    public void A_memo_read_before_its_write_is_reported_and_reading_goes_on()
    {
        var d = Dis(new PickleBuilder().Proto(2).BinGet(9).Pop().SystemCall(2).Stop().ToArray());

        Assert.Multiple(() =>
        {
            Assert.That(Names(d), Is.EqualTo(new[] { "posix.system" }));
            Assert.That(d.Problems.Single().Message, Does.Contain("memo entry 9"));
        });
    }

    [Test]
    public void Protocol_5_buffers_frames_and_long_strings_are_read()
    {
        var d = Dis(new PickleBuilder().Proto(5).Frame(100).Mark()
            .ByteArray8([1, 2, 3]).NextBuffer().ReadonlyBuffer().BinBytes8(new byte[300]).BinUnicode8("x")
            .EmptySet().Mark().Int(1).Int(2).AddItems().Mark().Int(3).FrozenSet()
            .Long1([0x01, 0x80]).BinFloat(2.5).IntLine("01").IntLine("123456789012345678901234567890").Raw("L5L\n")
            .Tuple().StackGlobal("numpy", "dtype").Stop().ToArray());

        Assert.Multiple(() =>
        {
            Assert.That(d.Problems, Is.Empty);
            Assert.That(Names(d), Is.EqualTo(new[] { "numpy.dtype" }));
        });
    }

    [Test]
    public void A_huge_declared_constant_is_skipped_not_allocated()
    {
        var stopwatch = Stopwatch.StartNew();
        var d = Dis(new PickleBuilder().Proto(4).Raw(0x8E).UInt(1L << 40, 8).Raw(1, 2, 3).ToArray());

        Assert.Multiple(() =>
        {
            Assert.That(d.Problems.Single().Kind, Is.EqualTo(PickleProblemKind.Truncated));
            Assert.That(stopwatch.Elapsed, Is.LessThan(HangGuard.Limit));
        });
    }

    [Test]
    public void A_large_constant_on_a_seekable_stream_is_skipped_by_seeking()
    {
        var big = new byte[8 * 1024 * 1024];
        var bytes = new PickleBuilder().Proto(4).BinBytes8(big).Pop().SystemCall(4).Stop().ToArray();
        var d = Dis(bytes, new PickleReadOptions { Limits = PickleLimits.Default with { MaxBytesRead = 1024 * 1024 } });

        Assert.Multiple(() =>
        {
            Assert.That(d.Problems, Is.Empty, "the skipped constant does not count against the bytes read");
            Assert.That(Names(d), Is.EqualTo(new[] { "posix.system" }));
        });
    }

    [Test]
    public void Opcode_bound()
    {
        var p = new PickleBuilder().Proto(4);
        for (var i = 0; i < 1000; i++)
        {
            p.None().Pop();
        }

        var d = Dis(p.Stop().ToArray(), new PickleReadOptions { Limits = PickleLimits.Default with { MaxOpcodes = 500 } });

        Assert.That(d.Problems.Single(), Has.Property("Kind").EqualTo(PickleProblemKind.Limit).And.Property("Message").Contains("500 opcodes"));
    }

    [Test]
    public void Stack_bound()
    {
        var p = new PickleBuilder().Proto(4);
        for (var i = 0; i < 200; i++)
        {
            p.Mark();
        }

        var d = Dis(p.Stop().ToArray(), new PickleReadOptions { Limits = PickleLimits.Default with { MaxStack = 100 } });

        Assert.That(d.Problems.Single().Kind, Is.EqualTo(PickleProblemKind.Limit));
    }

    [Test]
    public void Memo_bound()
    {
        var p = new PickleBuilder().Proto(4).None();
        for (var i = 0; i < 200; i++)
        {
            p.Memoize();
        }

        var d = Dis(p.Stop().ToArray(), new PickleReadOptions { Limits = PickleLimits.Default with { MaxMemo = 100 } });

        Assert.That(d.Problems.Single().Message, Does.Contain("100 memo entries"));
    }

    [Test]
    public void Text_argument_bound()
    {
        var d = Dis(PickleBuilder.Concat("c"u8.ToArray(), new byte[5000].Select(_ => (byte)'a').ToArray()), new PickleReadOptions { Limits = PickleLimits.Default with { MaxLine = 1000 } });

        Assert.That(d.Problems.Single().Message, Does.Contain("longer than 1000 bytes"));
    }

    [Test]
    public void Speculative_bytes_that_only_start_like_a_pickle_are_not_a_pickle()
    {
        // A float storage whose first bytes happen to be 80 02, then float data.
        var storage = PickleBuilder.Concat([0x80, 0x02], ModelFixtures.FloatBytes(4096));
        var garbageName = PickleBuilder.Concat([0x80, 0x02, (byte)'c'], [0x01, 0x02, 0x0A, 0x05, 0x0A]);

        Assert.Multiple(() =>
        {
            Assert.That(Dis(storage, new PickleReadOptions { Speculative = true }).IsPickle, Is.False);
            Assert.That(Dis(garbageName, new PickleReadOptions { Speculative = true }).IsPickle, Is.False);
            Assert.That(Dis(storage).IsPickle, Is.True, "read strictly, the same bytes are a broken pickle");
            Assert.That(Dis(storage).Problems, Is.Not.Empty);
        });
    }

    [Test]
    public void A_torch_state_dict_resolves_its_rebuilders_and_storages_through_the_memo()
    {
        var d = Dis(ModelFixtures.TorchStateDict(ModelFixtures.Linear));

        Assert.Multiple(() =>
        {
            Assert.That(Names(d), Is.EqualTo(new[] { "collections.OrderedDict", "torch._utils._rebuild_tensor_v2", "torch.FloatStorage" }));
            Assert.That(d.Calls.Count(c => c.Target?.FullName == "torch._utils._rebuild_tensor_v2"), Is.EqualTo(2));
            Assert.That(d.Problems, Is.Empty);
            Assert.That(d.Streams, Is.EqualTo(1));
            Assert.That(d.HighestProtocol, Is.EqualTo(2));
        });
    }

    [Test]
    public void Legacy_torch_reads_five_pickles_and_never_the_raw_storages()
    {
        // The storage bytes hold a pickle-looking import: torch never unpickles them, neither does the scan.
        var storage = new PickleBuilder().Proto(2).SystemCall(2).Stop().ToArray();
        var file = ModelFixtures.LegacyTorch(ModelFixtures.TorchStateDict(ModelFixtures.Linear, legacyStorageKeys: true), ["94660", "94661"], storage);

        var d = Dis(file, new PickleReadOptions { StreamCount = 5 });

        Assert.Multiple(() =>
        {
            Assert.That(d.Streams, Is.EqualTo(5));
            Assert.That(Names(d), Is.EqualTo(new[] { "collections.OrderedDict", "torch._utils._rebuild_tensor_v2", "torch.FloatStorage" }));
            Assert.That(d.Problems, Is.Empty);
        });
    }

    [Test]
    public void Joblib_array_bytes_are_skipped_exactly_and_what_follows_is_read()
    {
        // The raw array bytes contain text that parses as a GLOBAL of os.system; joblib never parses them. A
        // malicious import placed after the array is what joblib.load would run.
        var arrayBytes = PickleBuilder.Concat("cos\nsystem\n"u8.ToArray(), new byte[21]);
        var file = ModelFixtures.SklearnJoblib(arrayBytes, p => p.ShortBinUnicode("hook").Memoize().SystemCall(4, "subprocess"));

        var d = Dis(file);

        Assert.Multiple(() =>
        {
            Assert.That(d.Problems, Is.Empty);
            Assert.That(Names(d).Distinct(), Is.EqualTo(new[]
            {
                "sklearn.linear_model._logistic.LogisticRegression", "joblib.numpy_pickle.NumpyArrayWrapper", "numpy.ndarray",
                "numpy.dtype", "subprocess.system",
            }));
        });
    }

    [Test]
    public void A_joblib_wrapper_of_an_object_array_is_followed_by_a_pickle_that_is_read_too()
    {
        var p = new PickleBuilder().Proto(4)
            .StackGlobal("joblib.numpy_pickle", "NumpyArrayWrapper").EmptyTuple().NewObj().Memoize()
            .EmptyDict().Mark()
            .ShortBinUnicode("subclass").StackGlobal("numpy", "ndarray")
            .ShortBinUnicode("shape").Int(1).Tuple1()
            .ShortBinUnicode("order").ShortBinUnicode("C")
            .ShortBinUnicode("dtype").StackGlobal("numpy", "dtype").ShortBinUnicode("O8").False().True().Tuple3().Reduce()
            .Mark().Int(3).ShortBinUnicode("|").None().None().None().Int(-1).Int(-1).Int(63).Tuple().Build()
            .ShortBinUnicode("allow_mmap").False()
            .SetItems().Build();
        var inline = new PickleBuilder().Proto(2).SystemCall(2, "os").Stop().ToArray();
        var file = PickleBuilder.Concat(p.ToArray(), inline, new PickleBuilder().Stop().ToArray());

        var d = Dis(file);

        Assert.Multiple(() =>
        {
            Assert.That(d.Problems, Is.Empty);
            Assert.That(d.Imports.Last().FullName, Is.EqualTo("os.system"));
            Assert.That(d.Imports.Last().NestedIn, Is.EqualTo("joblib object array"));
        });
    }

    [Test]
    public void A_joblib_wrapper_whose_size_cannot_be_read_stops_with_a_problem()
    {
        var d = Dis(new PickleBuilder().Proto(4)
            .StackGlobal("joblib.numpy_pickle", "NumpyArrayWrapper").EmptyTuple().NewObj()
            .EmptyDict().ShortBinUnicode("shape").NextBuffer().SetItem().Build().Stop().ToArray());

        Assert.That(d.Problems.Single().Message, Does.Contain("joblib array"));
    }

    [Test]
    public void Disassembling_reads_a_non_seekable_stream()
    {
        var bytes = new PickleBuilder().Proto(4).BinBytes8(new byte[100_000]).Pop().SystemCall(4).Stop().ToArray();
        using var stream = new ForwardOnlyStream(bytes);

        var d = PickleDisassembler.Disassemble(stream, new PickleReadOptions { BaseOffset = 1000 });

        Assert.Multiple(() =>
        {
            Assert.That(Names(d), Is.EqualTo(new[] { "posix.system" }));
            Assert.That(d.Imports[0].Offset, Is.EqualTo(1000 + 2 + 9 + 100_000 + 1 + 17));
        });
    }

    /// <summary>A stream that can only be read forward, like an inflating zip member.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
    }
}
