using System.Text;
using ThreatLint.Core.Tests.Archives;

namespace ThreatLint.Core.Tests.Pickle;

/// <summary>
/// Model files laid out byte for byte as the real libraries write them (torch.save protocol 2 with persistent ids,
/// legacy PyTorch's five pickles and raw storages, joblib protocol 4 with inline aligned arrays, np.save of object
/// arrays with protocol 3), built from opcodes. The malicious variants add what attackers add.
/// </summary>
internal static class ModelFixtures
{
    /// <summary>A tensor of a state dict: name, shape, storage key.</summary>
    public sealed record Tensor(string Name, int[] Shape, string Key);

    public static readonly Tensor[] Linear = [new("fc.weight", [2, 3], "0"), new("fc.bias", [2], "1")];

    /// <summary><c>posix.system('id')</c> as a REDUCE, written the way each protocol writes it.</summary>
    public static PickleBuilder SystemCall(this PickleBuilder p, int protocol, string module = "posix", string command = "id") => protocol switch
    {
        >= 4 => p.StackGlobal(module, "system").ShortBinUnicode(command).Memoize().Tuple1().Reduce().Memoize(),
        3 => p.Global(module, "system").BinPut(90).BinUnicode(command).BinPut(91).Tuple1().BinPut(92).Reduce().BinPut(93),
        2 => p.Global(module, "system").BinPut(90).ShortBinString(command).BinPut(91).Tuple1().BinPut(92).Reduce().BinPut(93),
        1 => p.Global(module, "system").BinPut(90).Mark().ShortBinString(command).BinPut(91).Tuple().BinPut(92).Reduce().BinPut(93),
        _ => p.Global(module, "system").Put(90).Mark().StringLine("'" + command + "'").Put(91).Tuple().Put(92).Reduce().Put(93),
    };

    /// <summary>The data.pkl torch.save writes for a state dict (protocol 2, memoized globals, persistent storages,
    /// the <c>_metadata</c> attribute set by BUILD). <paramref name="extra"/> may add opcodes before the final BUILD.</summary>
    public static byte[] TorchStateDict(Tensor[] tensors, Action<PickleBuilder>? extra = null, bool legacyStorageKeys = false)
    {
        var p = new PickleBuilder().Proto(2);
        p.Global("collections", "OrderedDict").BinPut(0).EmptyTuple().Reduce().BinPut(1).Mark();
        byte memo = 2;
        var first = true;
        foreach (var t in tensors)
        {
            p.BinUnicode(t.Name).BinPut(memo++);
            if (first)
            {
                p.Global("torch._utils", "_rebuild_tensor_v2").BinPut(memo++);
            }
            else
            {
                p.BinGet(3);
            }

            p.Mark().Mark().BinUnicode("storage").BinPut(memo++);
            if (first)
            {
                p.Global("torch", "FloatStorage").BinPut(memo++);
            }
            else
            {
                p.BinGet(5);
            }

            var elements = t.Shape.Aggregate(1, (a, b) => a * b);
            p.BinUnicode(legacyStorageKeys ? "9466" + t.Key : t.Key).BinPut(memo++).BinUnicode("cpu").BinPut(memo++)
                .Int(elements).Tuple().BinPut(memo++).BinPersId()
                .Int(0);
            Shape(p, t.Shape).BinPut(memo++);
            Shape(p, Strides(t.Shape)).BinPut(memo++);
            p.False().BinGet(0).EmptyTuple().Reduce().BinPut(memo++).Tuple().BinPut(memo++).Reduce().BinPut(memo++);
            first = false;
        }

        p.SetItems();
        p.EmptyDict().BinPut(memo++).BinUnicode("_metadata").BinPut(memo++).BinGet(0).EmptyTuple().Reduce().BinPut(memo++)
            .Mark().BinUnicode(string.Empty).BinPut(memo++).EmptyDict().BinPut(memo++).BinUnicode("version").BinPut(memo++).Int(1).SetItem()
            .SetItems().SetItem();
        extra?.Invoke(p);
        return p.Build().Stop().ToArray();
    }

    /// <summary>A torch.save zip: <c>{root}/data.pkl</c>, <c>byteorder</c>, one stored member per tensor under
    /// <c>data/</c>, <c>version</c> and <c>.data/serialization_id</c>, stored and 64-byte aligned.</summary>
    public static byte[] TorchZip(byte[] dataPkl, Tensor[] tensors, string root = "archive", string pickleName = "data.pkl", bool zip64 = false, int storageBytes = 0)
    {
        var zip = new ZipBuilder { Alignment = 64, Zip64 = zip64 }
            .Add(root + "/" + pickleName, dataPkl)
            .Add(root + "/byteorder", "little");
        foreach (var t in tensors)
        {
            var size = storageBytes > 0 ? storageBytes : t.Shape.Aggregate(4, (a, b) => a * b);
            zip.Add(root + "/data/" + t.Key, FloatBytes(size));
        }

        return zip.Add(root + "/version", "3\n").Add(root + "/.data/serialization_id", "1523987430957393478000085791427368417").ToArray();
    }

    /// <summary>Legacy (pre-1.6) torch.save: magic, protocol version, sys info, the object, storage keys, then raw
    /// storages (an 8-byte element count and the bytes, for each key).</summary>
    public static byte[] LegacyTorch(byte[] mainPickle, string[] keys, byte[]? storageBytes = null)
    {
        var magic = new PickleBuilder().Proto(2).Long1([0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19]).Stop().ToArray();
        var version = new PickleBuilder().Proto(2).Int(1001).Stop().ToArray();
        var sysInfo = new PickleBuilder().Proto(2).EmptyDict().BinPut(0).Mark()
            .BinUnicode("protocol_version").BinPut(1).Int(1001)
            .BinUnicode("little_endian").BinPut(2).True()
            .BinUnicode("type_sizes").BinPut(3).EmptyDict().BinPut(4).Mark()
            .BinUnicode("short").BinPut(5).Int(2).BinUnicode("int").BinPut(6).Int(4).BinUnicode("long").BinPut(7).Int(4).SetItems()
            .SetItems().Stop().ToArray();
        var keyList = new PickleBuilder().Proto(2).EmptyList().BinPut(0).Mark();
        for (var i = 0; i < keys.Length; i++)
        {
            keyList.BinUnicode(keys[i]).BinPut((byte)(i + 1));
        }

        var keysPickle = keyList.Appends().Stop().ToArray();
        var storages = new List<byte>();
        foreach (var _ in keys)
        {
            var data = storageBytes ?? FloatBytes(24);
            storages.AddRange(BitConverter.GetBytes((long)(data.Length / 4)));
            storages.AddRange(data);
        }

        return PickleBuilder.Concat(magic, version, sysInfo, mainPickle, keysPickle, [.. storages]);
    }

    /// <summary>
    /// joblib.dump of a fitted scikit-learn LogisticRegression (protocol 4, framed): estimator attributes, numpy arrays
    /// as NumpyArrayWrapper followed by their raw bytes after a padding-length byte aligned to 16.
    /// <paramref name="arrayBytes"/> are the raw array contents (they may look like opcodes: joblib never parses them).
    /// </summary>
    public static byte[] SklearnJoblib(byte[]? arrayBytes = null, Action<PickleBuilder>? afterArray = null)
    {
        arrayBytes ??= FloatBytes(32);
        var p = new PickleBuilder().Proto(4).Frame(0)
            .StackGlobal("sklearn.linear_model._logistic", "LogisticRegression").EmptyTuple().NewObj().Memoize()
            .EmptyDict().Memoize().Mark()
            .ShortBinUnicode("penalty").Memoize().ShortBinUnicode("l2").Memoize()
            .ShortBinUnicode("C").Memoize().BinFloat(1.0)
            .ShortBinUnicode("classes_").Memoize();
        ArrayWrapper(p, [2], "i8");
        var bytesStart = p.Offset + 1; // BUILD
        p.Build();
        Align(p, bytesStart).Raw(FloatBytes(16));
        p.Frame(0).ShortBinUnicode("coef_").Memoize();
        ArrayWrapper(p, [1, arrayBytes.Length / 8], "f8");
        p.Build();
        Align(p, p.Offset).Raw(arrayBytes);
        p.Frame(0);
        afterArray?.Invoke(p);
        return p.ShortBinUnicode("_sklearn_version").Memoize().ShortBinUnicode("1.5.2").Memoize().SetItems()
            .Build().Stop().ToArray();
    }

    /// <summary>What joblib pickles for an array: the wrapper (NEWOBJ), then its state dict, BUILD follows.</summary>
    private static void ArrayWrapper(PickleBuilder p, int[] shape, string dtype)
    {
        p.StackGlobal("joblib.numpy_pickle", "NumpyArrayWrapper").EmptyTuple().NewObj().Memoize()
            .EmptyDict().Memoize().Mark()
            .ShortBinUnicode("subclass").Memoize().StackGlobal("numpy", "ndarray")
            .ShortBinUnicode("shape").Memoize();
        foreach (var d in shape)
        {
            p.Int(d);
        }

        (shape.Length == 1 ? p.Tuple1() : p.Tuple2()).Memoize();
        p.ShortBinUnicode("order").Memoize().ShortBinUnicode("C").Memoize()
            .ShortBinUnicode("dtype").Memoize().StackGlobal("numpy", "dtype").ShortBinUnicode(dtype).Memoize().False().True().Tuple3().Memoize().Reduce().Memoize()
            .Mark().Int(3).ShortBinUnicode("<").Memoize().None().None().None().Int(-1).Int(-1).Int(0).Tuple().Memoize().Build()
            .ShortBinUnicode("allow_mmap").Memoize().True()
            .ShortBinUnicode("numpy_array_alignment_bytes").Memoize().Int(16)
            .SetItems();
    }

    /// <summary>joblib's padding: one byte with the padding length, then that many 0xFF, so the data that follows
    /// starts on a multiple of 16.</summary>
    private static PickleBuilder Align(PickleBuilder p, int position)
    {
        var padding = 16 - ((position + 1) % 16);
        p.Raw((byte)padding);
        return p.Raw([.. Enumerable.Repeat((byte)0xFF, padding)]);
    }

    /// <summary>np.save of an object array: the v1 header padded to 64 bytes, then the array pickled with protocol 3
    /// (<c>_reconstruct</c>, BUILD with the object list).</summary>
    public static byte[] ObjectNpy(Action<PickleBuilder> items, int count)
    {
        var header = "{'descr': '|O', 'fortran_order': False, 'shape': (" + count.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",), }";
        var p = new PickleBuilder().Proto(3)
            .Global("numpy.core.multiarray", "_reconstruct").BinPut(0)
            .Global("numpy", "ndarray").BinPut(1).Int(0).Tuple1().BinPut(2).ShortBinBytes("b"u8.ToArray()).BinPut(3).Tuple3().BinPut(4).Reduce().BinPut(5)
            .Mark().Int(1).Int(count).Tuple1().BinPut(6)
            .Global("numpy", "dtype").BinPut(7).BinUnicode("O8").BinPut(8).False().True().Tuple3().BinPut(9).Reduce().BinPut(10)
            .Mark().Int(3).BinUnicode("|").BinPut(11).None().None().None().Int(-1).Int(-1).Int(63).Tuple().BinPut(12).Build()
            .False().EmptyList().BinPut(13).Mark();
        items(p);
        p.Appends().Tuple().BinPut(14).Build().Stop();
        return PickleBuilder.Concat(NpyHeader(header), p.ToArray());
    }

    /// <summary>np.save of a float64 array: header then raw little-endian doubles.</summary>
    public static byte[] NumericNpy(int count) =>
        PickleBuilder.Concat(NpyHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (" + count.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",), }"), FloatBytes(count * 8));

    private static byte[] NpyHeader(string dict)
    {
        var total = 10 + dict.Length + 1;
        var padded = dict + new string(' ', (64 - (total % 64)) % 64) + "\n";
        return PickleBuilder.Concat([0x93, .. "NUMPY"u8.ToArray(), 1, 0, (byte)padded.Length, (byte)(padded.Length >> 8)], Encoding.ASCII.GetBytes(padded));
    }

    /// <summary>Float-looking bytes (a repeating pattern of small floats).</summary>
    public static byte[] FloatBytes(int count) => [.. Enumerable.Range(0, count).Select(i => (byte)((i * 37) + 11))];

    private static PickleBuilder Shape(PickleBuilder p, int[] dims)
    {
        foreach (var d in dims)
        {
            p.Int(d);
        }

        return dims.Length switch
        {
            1 => p.Tuple1(),
            2 => p.Tuple2(),
            _ => p.Tuple3(),
        };
    }

    private static int[] Strides(int[] shape)
    {
        var strides = new int[shape.Length];
        var s = 1;
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= shape[i];
        }

        return strides;
    }
}
