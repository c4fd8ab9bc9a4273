namespace ThreatLint.Core.Tests.Artifacts;

/// <summary>Builds ONNX ModelProto bytes with the field numbers of onnx/onnx.proto.</summary>
internal static class OnnxBuilder
{
    /// <summary>A model with ir_version 9, the given opset imports and a graph.</summary>
    public static byte[] Model(Action<ProtoWriter> graph, params (string Domain, long Version)[] opsets)
    {
        var model = new ProtoWriter().Varint(1, 9).String(2, "pytorch").String(3, "2.4.1");
        foreach (var (domain, version) in opsets.Length == 0 ? [(string.Empty, 17L)] : opsets)
        {
            model.Message(8, o => o.String(1, domain).Varint(2, version));
        }

        model.Message(7, g =>
        {
            g.String(2, "main_graph");
            graph(g);
        });
        return model.ToArray();
    }

    public static ProtoWriter Node(this ProtoWriter graph, string opType, string domain = "", string? name = null, Action<ProtoWriter>? attributes = null) =>
        graph.Message(1, n =>
        {
            n.String(1, "x").String(2, "y");
            if (name is not null)
            {
                n.String(3, name);
            }

            n.String(4, opType);
            attributes?.Invoke(n);
            if (domain.Length > 0)
            {
                n.String(7, domain);
            }
        });

    /// <summary>A graph-valued attribute (If then_branch/else_branch, Loop body).</summary>
    public static ProtoWriter GraphAttribute(this ProtoWriter node, string name, Action<ProtoWriter> graph) =>
        node.Message(5, a => a.String(1, name).Varint(20, 5).Message(6, graph));

    /// <summary>An initializer; with a location, its data is external.</summary>
    public static ProtoWriter Initializer(this ProtoWriter graph, string name, string? location = null, bool markedExternal = true, byte[]? raw = null) =>
        graph.Message(5, t => t.Tensor(name, location, markedExternal, raw));

    public static ProtoWriter Tensor(this ProtoWriter tensor, string name, string? location, bool markedExternal, byte[]? raw)
    {
        tensor.Varint(1, 4).Varint(1, 4).Varint(2, 1).String(8, name);
        if (raw is not null)
        {
            tensor.Bytes(9, raw);
        }

        if (location is not null)
        {
            tensor.Message(13, e => e.String(1, "location").String(2, location));
            tensor.Message(13, e => e.String(1, "offset").String(2, "0"));
            tensor.Message(13, e => e.String(1, "length").String(2, "64"));
            if (markedExternal)
            {
                tensor.Varint(14, 1);
            }
        }

        return tensor;
    }
}
