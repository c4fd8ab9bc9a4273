namespace ThreatLint.Documents.Onnx;

/// <summary>An <c>opset_import</c> entry: an operator set the model (or one of its functions) binds to.</summary>
/// <param name="Domain">The operator set's domain; "" is the default ONNX domain.</param>
/// <param name="Version">The operator set's version.</param>
/// <param name="Function">The local function that imports it, or null for the model itself.</param>
public sealed record OnnxOpsetImport(string Domain, long Version, string? Function);

/// <summary>Tensors whose bytes live in another file, grouped by that file's <c>location</c>.</summary>
/// <param name="Location">The <c>external_data</c> "location" value, as written.</param>
/// <param name="FirstTensor">The name of the first tensor stored there.</param>
/// <param name="TensorCount">How many tensors point at this location.</param>
/// <param name="MarkedExternal">True when at least one of them has <c>data_location = EXTERNAL</c>, the flag loaders
/// act on; false when the entries are present but the tensors say their data is inline.</param>
/// <param name="Graph">Where the first tensor sits (<c>graph</c>, <c>graph/If_0.then_branch</c>, …).</param>
public sealed record OnnxExternalData(string Location, string FirstTensor, int TensorCount, bool MarkedExternal, string Graph);

/// <summary>Nodes of one operator type in one domain.</summary>
/// <param name="Domain">The node's domain; "" is the default ONNX domain.</param>
/// <param name="OpType">The operator.</param>
/// <param name="Count">How many nodes use it.</param>
/// <param name="Graph">Where the first such node sits.</param>
public sealed record OnnxOperatorUse(string Domain, string OpType, int Count, string Graph);

/// <summary>A model-local function (<c>ModelProto.functions</c>): an operator defined in ONNX inside the model.</summary>
public sealed record OnnxFunction(string Domain, string Name);

/// <summary>
/// What ThreatLint knows of an ONNX model after walking its protobuf structure: operator sets, operators by domain
/// (main graph, nested If/Loop/Scan subgraphs, training graphs, local functions), and the tensors stored outside the
/// file. Tensor bytes are never read. Produced by <see cref="OnnxReader"/>.
/// </summary>
public sealed class OnnxModel
{
    internal OnnxModel(
        long irVersion,
        string? producerName,
        IReadOnlyList<OnnxOpsetImport> opsetImports,
        IReadOnlyList<OnnxOperatorUse> operators,
        IReadOnlyList<OnnxFunction> functions,
        IReadOnlyList<OnnxExternalData> externalData,
        int graphCount,
        int nodeCount,
        int tensorCount)
    {
        IrVersion = irVersion;
        ProducerName = producerName;
        OpsetImports = opsetImports;
        Operators = operators;
        Functions = functions;
        ExternalData = externalData;
        GraphCount = graphCount;
        NodeCount = nodeCount;
        TensorCount = tensorCount;
    }

    public long IrVersion { get; }

    public string? ProducerName { get; }

    public IReadOnlyList<OnnxOpsetImport> OpsetImports { get; }

    /// <summary>Operators used, one entry per (domain, op_type), in order of first use.</summary>
    public IReadOnlyList<OnnxOperatorUse> Operators { get; }

    public IReadOnlyList<OnnxFunction> Functions { get; }

    /// <summary>External data locations, one entry per distinct location, in order of first use.</summary>
    public IReadOnlyList<OnnxExternalData> ExternalData { get; }

    /// <summary>Graphs walked: the main graph, subgraphs and training graphs.</summary>
    public int GraphCount { get; }

    public int NodeCount { get; }

    /// <summary>Tensors seen: initializers, sparse initializers' parts, and tensor attributes.</summary>
    public int TensorCount { get; }
}
