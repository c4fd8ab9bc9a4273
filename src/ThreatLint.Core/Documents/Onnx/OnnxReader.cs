using System.Globalization;
using ThreatLint.Documents.Binary;

namespace ThreatLint.Documents.Onnx;

/// <summary>Bounds of one ONNX walk.</summary>
/// <param name="MaxGraphDepth">Deepest nesting of subgraphs (If inside Loop inside …).</param>
/// <param name="MaxElements">Most nodes, tensors and attributes together.</param>
/// <param name="MaxNameBytes">Longest domain, operator or location string read.</param>
public sealed record OnnxLimits(int MaxGraphDepth = 32, int MaxElements = 10_000_000, int MaxNameBytes = 64 * 1024)
{
    public static OnnxLimits Default { get; } = new();
}

/// <summary>
/// Walks an ONNX <c>ModelProto</c> with <see cref="ProtoReader"/>, front to back, descending only into what matters:
/// <c>opset_import</c>, the graph's nodes (domain, op_type, graph-valued attributes), initializers and tensor
/// attributes (name, <c>external_data</c>, <c>data_location</c>), training graphs and local functions. Field numbers
/// are those of onnx/onnx.proto (IR version 10). <c>raw_data</c> and every other field are skipped by seeking.
/// </summary>
public sealed class OnnxReader
{
    // ModelProto
    private const int ModelIrVersion = 1;
    private const int ModelProducerName = 2;
    private const int ModelGraph = 7;
    private const int ModelOpsetImport = 8;
    private const int ModelTrainingInfo = 20;
    private const int ModelFunctions = 25;

    // OperatorSetIdProto
    private const int OpsetDomain = 1;
    private const int OpsetVersion = 2;

    // TrainingInfoProto
    private const int TrainingInitialization = 1;
    private const int TrainingAlgorithm = 2;

    // GraphProto
    private const int GraphNode = 1;
    private const int GraphInitializer = 5;
    private const int GraphSparseInitializer = 15;

    // NodeProto
    private const int NodeName = 3;
    private const int NodeOpType = 4;
    private const int NodeAttribute = 5;
    private const int NodeDomain = 7;

    // AttributeProto
    private const int AttributeName = 1;
    private const int AttributeTensor = 5;
    private const int AttributeGraph = 6;
    private const int AttributeTensors = 10;
    private const int AttributeGraphs = 11;
    private const int AttributeSparseTensor = 22;
    private const int AttributeSparseTensors = 23;

    // TensorProto
    private const int TensorName = 8;
    private const int TensorExternalData = 13;
    private const int TensorDataLocation = 14;
    private const int DataLocationExternal = 1;

    // SparseTensorProto
    private const int SparseValues = 1;
    private const int SparseIndices = 2;

    // StringStringEntryProto
    private const int EntryKey = 1;
    private const int EntryValue = 2;

    // FunctionProto
    private const int FunctionName = 1;
    private const int FunctionNode = 7;
    private const int FunctionOpsetImport = 9;
    private const int FunctionDomain = 10;

    private readonly ProtoReader _reader;
    private readonly OnnxLimits _limits;
    private readonly List<OnnxOpsetImport> _opsets = [];
    private readonly List<OnnxFunction> _functions = [];
    private readonly Dictionary<(string Domain, string OpType), int> _operatorIndex = [];
    private readonly List<OnnxOperatorUse> _operators = [];
    private readonly Dictionary<string, int> _externalIndex = new(StringComparer.Ordinal);
    private readonly List<OnnxExternalData> _external = [];
    private long _irVersion;
    private string? _producer;
    private int _graphs;
    private int _nodes;
    private int _tensors;
    private int _elements;

    private OnnxReader(ProtoReader reader, OnnxLimits limits)
    {
        _reader = reader;
        _limits = limits;
    }

    /// <summary>Reads the model from the start of <paramref name="stream"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a well-formed protobuf message.</exception>
    /// <exception cref="ScanLimitException">A bound of <paramref name="limits"/> was hit.</exception>
    public static OnnxModel Read(Stream stream, long length, OnnxLimits? limits = null)
    {
        var reader = new OnnxReader(new ProtoReader(new BinaryCursor(stream, length, "ONNX")), limits ?? OnnxLimits.Default);
        reader.ReadModel();
        return new OnnxModel(
            reader._irVersion,
            reader._producer,
            reader._opsets,
            reader._operators,
            reader._functions,
            reader._external,
            reader._graphs,
            reader._nodes,
            reader._tensors);
    }

    private void ReadModel()
    {
        var trainingIndex = 0;
        var sawGraph = false;
        while (_reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case ModelIrVersion when wire == WireType.Varint:
                    _irVersion = (long)_reader.ReadVarint();
                    break;
                case ModelProducerName when wire == WireType.LengthDelimited:
                    _producer = ReadName("producer_name");
                    break;
                case ModelGraph when wire == WireType.LengthDelimited:
                    sawGraph = true;
                    InMessage(() => ReadGraph("graph", 1));
                    break;
                case ModelOpsetImport when wire == WireType.LengthDelimited:
                    InMessage(() => ReadOpset(null));
                    break;
                case ModelTrainingInfo when wire == WireType.LengthDelimited:
                    var index = trainingIndex++;
                    InMessage(() => ReadTrainingInfo(index));
                    break;
                case ModelFunctions when wire == WireType.LengthDelimited:
                    InMessage(ReadFunction);
                    break;
                default:
                    _reader.Skip(wire);
                    break;
            }
        }

        if (!sawGraph && _irVersion == 0)
        {
            throw _reader.Invalid("no ir_version and no graph: this is not an ONNX model");
        }
    }

    private void ReadOpset(string? function)
    {
        var domain = string.Empty;
        long version = 0;
        while (_reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case OpsetDomain when wire == WireType.LengthDelimited:
                    domain = ReadName("opset_import domain");
                    break;
                case OpsetVersion when wire == WireType.Varint:
                    version = (long)_reader.ReadVarint();
                    break;
                default:
                    _reader.Skip(wire);
                    break;
            }
        }

        _opsets.Add(new OnnxOpsetImport(domain, version, function));
    }

    private void ReadTrainingInfo(int index)
    {
        while (_reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case TrainingInitialization when wire == WireType.LengthDelimited:
                    InMessage(() => ReadGraph(Invariant($"training_info[{index}].initialization"), 1));
                    break;
                case TrainingAlgorithm when wire == WireType.LengthDelimited:
                    InMessage(() => ReadGraph(Invariant($"training_info[{index}].algorithm"), 1));
                    break;
                default:
                    _reader.Skip(wire);
                    break;
            }
        }
    }

    private void ReadFunction()
    {
        // domain (10) follows node (7) in field order: nodes are read under a provisional scope, renamed at the end.
        string name = "?";
        string domain = string.Empty;
        var opsetStart = _opsets.Count;
        var operatorStart = _operators.Count;
        var externalStart = _external.Count;
        const string Provisional = "function \0";
        while (_reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case FunctionName when wire == WireType.LengthDelimited:
                    name = ReadName("function name");
                    break;
                case FunctionDomain when wire == WireType.LengthDelimited:
                    domain = ReadName("function domain");
                    break;
                case FunctionNode when wire == WireType.LengthDelimited:
                    InMessage(() => ReadNode(Provisional, 1));
                    break;
                case FunctionOpsetImport when wire == WireType.LengthDelimited:
                    InMessage(() => ReadOpset(null));
                    break;
                default:
                    _reader.Skip(wire);
                    break;
            }
        }

        var qualified = Qualified(domain, name);
        for (var i = opsetStart; i < _opsets.Count; i++)
        {
            _opsets[i] = _opsets[i] with { Function = qualified };
        }

        for (var i = operatorStart; i < _operators.Count; i++)
        {
            _operators[i] = _operators[i] with { Graph = _operators[i].Graph.Replace(Provisional, "function " + qualified) };
        }

        for (var i = externalStart; i < _external.Count; i++)
        {
            _external[i] = _external[i] with { Graph = _external[i].Graph.Replace(Provisional, "function " + qualified) };
        }

        _functions.Add(new OnnxFunction(domain, name));
    }

    private void ReadGraph(string path, int depth)
    {
        if (depth > _limits.MaxGraphDepth)
        {
            throw new ScanLimitException(Invariant($"ONNX subgraphs nest deeper than {_limits.MaxGraphDepth} levels"));
        }

        _graphs++;
        var nodeIndex = 0;
        while (_reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case GraphNode when wire == WireType.LengthDelimited:
                    var index = nodeIndex++;
                    InMessage(() => ReadNode(path, depth, index));
                    break;
                case GraphInitializer when wire == WireType.LengthDelimited:
                    InMessage(() => ReadTensor(path));
                    break;
                case GraphSparseInitializer when wire == WireType.LengthDelimited:
                    InMessage(() => ReadSparseTensor(path));
                    break;
                default:
                    _reader.Skip(wire);
                    break;
            }
        }
    }

    private void ReadNode(string path, int depth) => ReadNode(path, depth, _nodes);

    private void ReadNode(string path, int depth, int index)
    {
        Count();
        _nodes++;
        string? name = null;
        string opType = string.Empty;
        string domain = string.Empty;
        while (_reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case NodeName when wire == WireType.LengthDelimited:
                    name = ReadOptionalName();
                    break;
                case NodeOpType when wire == WireType.LengthDelimited:
                    opType = ReadName("op_type");
                    break;
                case NodeDomain when wire == WireType.LengthDelimited:
                    domain = ReadName("node domain");
                    break;
                case NodeAttribute when wire == WireType.LengthDelimited:
                    var nodeLabel = string.IsNullOrEmpty(name) ? Invariant($"{(opType.Length > 0 ? opType : "node")}#{index}") : name!;
                    InMessage(() => ReadAttribute(path + "/" + nodeLabel, depth));
                    break;
                default:
                    _reader.Skip(wire);
                    break;
            }
        }

        var key = (domain, opType);
        if (_operatorIndex.TryGetValue(key, out var existing))
        {
            _operators[existing] = _operators[existing] with { Count = _operators[existing].Count + 1 };
        }
        else
        {
            _operatorIndex[key] = _operators.Count;
            _operators.Add(new OnnxOperatorUse(domain, opType, 1, path));
        }
    }

    private void ReadAttribute(string nodePath, int depth)
    {
        Count();
        var name = "attribute";
        var graphIndex = 0;
        while (_reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case AttributeName when wire == WireType.LengthDelimited:
                    name = ReadOptionalName() ?? name;
                    break;
                case AttributeGraph when wire == WireType.LengthDelimited:
                    var single = nodePath + "." + name;
                    InMessage(() => ReadGraph(single, depth + 1));
                    break;
                case AttributeGraphs when wire == WireType.LengthDelimited:
                    var many = Invariant($"{nodePath}.{name}[{graphIndex++}]");
                    InMessage(() => ReadGraph(many, depth + 1));
                    break;
                case AttributeTensor or AttributeTensors when wire == WireType.LengthDelimited:
                    InMessage(() => ReadTensor(nodePath));
                    break;
                case AttributeSparseTensor or AttributeSparseTensors when wire == WireType.LengthDelimited:
                    InMessage(() => ReadSparseTensor(nodePath));
                    break;
                default:
                    _reader.Skip(wire);
                    break;
            }
        }
    }

    private void ReadSparseTensor(string path)
    {
        while (_reader.TryReadTag(out var field, out var wire))
        {
            if (field is SparseValues or SparseIndices && wire == WireType.LengthDelimited)
            {
                InMessage(() => ReadTensor(path));
            }
            else
            {
                _reader.Skip(wire);
            }
        }
    }

    private void ReadTensor(string path)
    {
        Count();
        _tensors++;
        string? name = null;
        string? location = null;
        var external = false;
        while (_reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case TensorName when wire == WireType.LengthDelimited:
                    name = ReadOptionalName();
                    break;
                case TensorExternalData when wire == WireType.LengthDelimited:
                    _reader.EnterMessage();
                    var (key, value) = ReadEntry();
                    _reader.LeaveMessage();
                    if (key == "location")
                    {
                        location = value;
                    }

                    break;
                case TensorDataLocation when wire == WireType.Varint:
                    external = _reader.ReadVarint() == DataLocationExternal;
                    break;
                default:
                    // raw_data and the typed data fields: skipped by seeking, never read.
                    _reader.Skip(wire);
                    break;
            }
        }

        if (location is null)
        {
            return;
        }

        if (_externalIndex.TryGetValue(location, out var existing))
        {
            var entry = _external[existing];
            _external[existing] = entry with { TensorCount = entry.TensorCount + 1, MarkedExternal = entry.MarkedExternal || external };
        }
        else
        {
            _externalIndex[location] = _external.Count;
            _external.Add(new OnnxExternalData(location, name ?? "(unnamed)", 1, external, path));
        }
    }

    private (string? Key, string? Value) ReadEntry()
    {
        string? key = null;
        string? value = null;
        while (_reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case EntryKey when wire == WireType.LengthDelimited:
                    key = ReadName("external_data key");
                    break;
                case EntryValue when wire == WireType.LengthDelimited:
                    value = ReadName("external_data value");
                    break;
                default:
                    _reader.Skip(wire);
                    break;
            }
        }

        return (key, value);
    }

    private void InMessage(Action read)
    {
        _reader.EnterMessage();
        read();
        _reader.LeaveMessage();
    }

    private string ReadName(string what) => _reader.ReadString(_limits.MaxNameBytes, what);

    /// <summary>A name that only labels things: too long is not a problem, it is just not kept.</summary>
    private string? ReadOptionalName() => _reader.TryReadString(_limits.MaxNameBytes);

    private void Count()
    {
        if (++_elements > _limits.MaxElements)
        {
            throw new ScanLimitException(Invariant($"ONNX model has more than {_limits.MaxElements} nodes, tensors and attributes"));
        }
    }

    private static string Qualified(string domain, string name) => domain.Length == 0 ? name : domain + "." + name;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
