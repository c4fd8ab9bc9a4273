using System.Text;

namespace ThreatLint.Core.Tests.Pickle;

/// <summary>
/// Writes pickle opcodes byte by byte, the way CPython's pickler lays them out, so fixtures are built in the tests
/// (nothing is ever unpickled). <see cref="Offset"/> gives the position of the next opcode, to assert offsets.
/// </summary>
internal sealed class PickleBuilder
{
    private readonly List<byte> _bytes = [];

    public int Offset => _bytes.Count;

    public byte[] ToArray() => [.. _bytes];

    public PickleBuilder Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public PickleBuilder Raw(string latin1) => Raw(Latin1(latin1));

    public PickleBuilder Op(char opcode) => Raw((byte)opcode);

    // Framing
    public PickleBuilder Proto(int version) => Raw(0x80, (byte)version);

    public PickleBuilder Frame(long length) => Raw(0x95).UInt(length, 8);

    public PickleBuilder Stop() => Op('.');

    // Imports
    public PickleBuilder Global(string module, string name) => Op('c').Raw(module + "\n" + name + "\n");

    public PickleBuilder Inst(string module, string name) => Op('i').Raw(module + "\n" + name + "\n");

    public PickleBuilder StackGlobal() => Raw(0x93);

    public PickleBuilder Ext1(byte code) => Raw(0x82, code);

    public PickleBuilder Ext2(ushort code) => Raw(0x83).UInt(code, 2);

    public PickleBuilder Ext4(int code) => Raw(0x84).UInt((uint)code, 4);

    /// <summary>What protocol 4 writes for a global: two memoized short strings, STACK_GLOBAL, MEMOIZE.</summary>
    public PickleBuilder StackGlobal(string module, string name) =>
        ShortBinUnicode(module).Memoize().ShortBinUnicode(name).Memoize().StackGlobal().Memoize();

    // Strings
    public PickleBuilder ShortBinUnicode(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return Raw(0x8C, (byte)bytes.Length).Raw(bytes);
    }

    public PickleBuilder BinUnicode(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return Op('X').UInt(bytes.Length, 4).Raw(bytes);
    }

    public PickleBuilder BinUnicode8(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return Raw(0x8D).UInt(bytes.Length, 8).Raw(bytes);
    }

    /// <summary>UNICODE: raw-unicode-escape text on a line (protocol 0).</summary>
    public PickleBuilder UnicodeLine(string escaped) => Op('V').Raw(escaped + "\n");

    /// <summary>STRING: a quoted repr on a line (protocol 0), e.g. <c>'os'</c>.</summary>
    public PickleBuilder StringLine(string quotedRepr) => Op('S').Raw(quotedRepr + "\n");

    public PickleBuilder BinString(string latin1) => Op('T').UInt(latin1.Length, 4).Raw(latin1);

    public PickleBuilder ShortBinString(string latin1) => Op('U').Raw((byte)latin1.Length).Raw(latin1);

    // Bytes
    public PickleBuilder ShortBinBytes(byte[] data) => Op('C').Raw((byte)data.Length).Raw(data);

    public PickleBuilder BinBytes(byte[] data) => Op('B').UInt(data.Length, 4).Raw(data);

    public PickleBuilder BinBytes8(byte[] data) => Raw(0x8E).UInt(data.Length, 8).Raw(data);

    public PickleBuilder ByteArray8(byte[] data) => Raw(0x96).UInt(data.Length, 8).Raw(data);

    public PickleBuilder NextBuffer() => Raw(0x97);

    public PickleBuilder ReadonlyBuffer() => Raw(0x98);

    // Numbers and constants
    public PickleBuilder None() => Op('N');

    public PickleBuilder True() => Raw(0x88);

    public PickleBuilder False() => Raw(0x89);

    /// <summary>The smallest of BININT1, BININT2 and BININT, as the pickler chooses.</summary>
    public PickleBuilder Int(long value) => value switch
    {
        >= 0 and <= 0xFF => Op('K').Raw((byte)value),
        >= 0 and <= 0xFFFF => Op('M').UInt(value, 2),
        _ => Op('J').UInt((uint)(int)value, 4),
    };

    public PickleBuilder IntLine(string text) => Op('I').Raw(text + "\n");

    public PickleBuilder Long1(byte[] littleEndian) => Raw(0x8A, (byte)littleEndian.Length).Raw(littleEndian);

    public PickleBuilder BinFloat(double value)
    {
        var bytes = BitConverter.GetBytes(value);
        Array.Reverse(bytes);
        return Op('G').Raw(bytes);
    }

    // Containers
    public PickleBuilder Mark() => Op('(');

    public PickleBuilder EmptyTuple() => Op(')');

    public PickleBuilder Tuple() => Op('t');

    public PickleBuilder Tuple1() => Raw(0x85);

    public PickleBuilder Tuple2() => Raw(0x86);

    public PickleBuilder Tuple3() => Raw(0x87);

    public PickleBuilder EmptyList() => Op(']');

    public PickleBuilder List() => Op('l');

    public PickleBuilder Append() => Op('a');

    public PickleBuilder Appends() => Op('e');

    public PickleBuilder EmptyDict() => Op('}');

    public PickleBuilder Dict() => Op('d');

    public PickleBuilder SetItem() => Op('s');

    public PickleBuilder SetItems() => Op('u');

    public PickleBuilder EmptySet() => Raw(0x8F);

    public PickleBuilder AddItems() => Raw(0x90);

    public PickleBuilder FrozenSet() => Raw(0x91);

    // Stack
    public PickleBuilder Pop() => Op('0');

    public PickleBuilder PopMark() => Op('1');

    public PickleBuilder Dup() => Op('2');

    // Memo
    public PickleBuilder Put(int index) => Op('p').Raw(index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n");

    public PickleBuilder Get(int index) => Op('g').Raw(index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n");

    public PickleBuilder BinPut(byte index) => Op('q').Raw(index);

    public PickleBuilder BinGet(byte index) => Op('h').Raw(index);

    public PickleBuilder LongBinPut(uint index) => Op('r').UInt(index, 4);

    public PickleBuilder LongBinGet(uint index) => Op('j').UInt(index, 4);

    public PickleBuilder Memoize() => Raw(0x94);

    // Calls
    public PickleBuilder Reduce() => Op('R');

    public PickleBuilder Build() => Op('b');

    public PickleBuilder Obj() => Op('o');

    public PickleBuilder NewObj() => Raw(0x81);

    public PickleBuilder NewObjEx() => Raw(0x92);

    public PickleBuilder PersId(string id) => Op('P').Raw(id + "\n");

    public PickleBuilder BinPersId() => Op('Q');

    public PickleBuilder UInt(long value, int width)
    {
        for (var i = 0; i < width; i++)
        {
            _bytes.Add((byte)((ulong)value >> (8 * i)));
        }

        return this;
    }

    public static byte[] Latin1(string text) => [.. text.Select(c => (byte)c)];

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
