using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ThreatLint.Documents.Yaml;

/// <summary>Builds the node tree from YamlDotNet's parser events, without recursion and within the file's bounds.</summary>
internal sealed class YamlTreeBuilder
{
    private readonly YamlSource _source;
    private readonly List<YamlDocument> _documents = [];
    private readonly Stack<Frame> _stack = new();
    private readonly Dictionary<string, YamlNode> _anchors = new(StringComparer.Ordinal);
    private int _nodes;
    private YamlNode? _root;
    private int _documentStart;

    public YamlTreeBuilder(YamlSource source) => _source = source;

    public IReadOnlyList<YamlDocument> Documents => _documents;

    /// <summary>Offset of the last event read (where a bound was hit).</summary>
    public int Offset { get; private set; }

    public void Read(IParser parser)
    {
        while (parser.MoveNext())
        {
            var e = parser.Current!;
            Offset = Clamp(e.Start.Index);
            switch (e)
            {
                case DocumentStart:
                    _anchors.Clear();
                    _root = null;
                    _documentStart = Offset;
                    break;
                case DocumentEnd:
                    // An empty document reads as one empty plain scalar.
                    var root = _root is YamlScalar { IsNull: true, Value: "" } ? null : _root;
                    _documents.Add(new YamlDocument(_documents.Count, root, _source.LineOf(_documentStart), _source.LineOf(Math.Max(_documentStart, Clamp(e.End.Index) - 1))));
                    break;
                case Scalar scalar:
                    Add(Anchored(scalar.Anchor, new YamlScalar(_source, Offset, Clamp(e.End.Index), TagOf(scalar.Tag), scalar.Value, StyleOf(scalar.Style))));
                    break;
                case AnchorAlias alias:
                    Add(_anchors.TryGetValue(alias.Value.Value, out var target)
                        ? target
                        : throw new SemanticErrorException(e.Start, e.End, $"the alias *{alias.Value.Value} refers to no anchor defined before it"));
                    break;
                case MappingStart mapping:
                    Push(new Frame(isMapping: true, Offset, mapping.Anchor, TagOf(mapping.Tag)));
                    break;
                case SequenceStart sequence:
                    Push(new Frame(isMapping: false, Offset, sequence.Anchor, TagOf(sequence.Tag)));
                    break;
                case MappingEnd or SequenceEnd:
                    var frame = _stack.Pop();
                    var end = Clamp(e.End.Index);
                    Add(Anchored(frame.Anchor, frame.IsMapping
                        ? new YamlMapping(_source, frame.Start, end, frame.Tag, Entries(frame.Children))
                        : new YamlSequence(_source, frame.Start, end, frame.Tag, frame.Children)));
                    break;
            }
        }
    }

    private void Push(Frame frame)
    {
        if (_stack.Count >= YamlFile.MaxDepth)
        {
            throw new ScanLimitException(FormattableString.Invariant($"YAML nesting deeper than {YamlFile.MaxDepth} levels"));
        }

        _stack.Push(frame);
    }

    private void Add(YamlNode node)
    {
        Count(1);
        if (_stack.Count == 0)
        {
            _root = node;
        }
        else
        {
            _stack.Peek().Children.Add(node);
        }
    }

    private YamlNode Anchored(AnchorName anchor, YamlNode node)
    {
        if (!anchor.IsEmpty)
        {
            _anchors[anchor.Value] = node;
        }

        return node;
    }

    /// <summary>Pairs keys with values and resolves merge keys: own keys win over merged ones, earlier merges over later.</summary>
    private List<YamlEntry> Entries(List<YamlNode> children)
    {
        var entries = new List<YamlEntry>(children.Count / 2);
        List<YamlMapping>? merges = null;
        for (var i = 0; i + 1 < children.Count; i += 2)
        {
            if (children[i] is YamlScalar { Value: "<<", IsPlain: true } && MergeSources(children[i + 1]) is { } sources)
            {
                (merges ??= []).AddRange(sources);
            }
            else
            {
                entries.Add(new YamlEntry(children[i], children[i + 1]));
            }
        }

        if (merges is null)
        {
            return entries;
        }

        var keys = new HashSet<string>(entries.Select(e => e.KeyText).OfType<string>(), StringComparer.Ordinal);
        foreach (var merged in merges)
        {
            foreach (var entry in merged.Entries)
            {
                if (entry.KeyText is { } key && keys.Add(key))
                {
                    Count(1);
                    entries.Add(entry with { IsMerged = true });
                }
            }
        }

        return entries;
    }

    private static IEnumerable<YamlMapping>? MergeSources(YamlNode value) => value switch
    {
        YamlMapping mapping => [mapping],
        YamlSequence sequence when sequence.Items.All(i => i is YamlMapping) => sequence.Items.Cast<YamlMapping>(),
        _ => null,
    };

    private void Count(int nodes)
    {
        _nodes += nodes;
        if (_nodes > YamlFile.MaxNodes)
        {
            throw new ScanLimitException(FormattableString.Invariant($"more than {YamlFile.MaxNodes} YAML nodes"));
        }
    }

    private int Clamp(long index) => (int)Math.Max(0, Math.Min(index, _source.Text.Length));

    private static string? TagOf(TagName tag) => tag.IsEmpty || tag.IsNonSpecific ? null : tag.Value;

    private static YamlScalarStyle StyleOf(ScalarStyle style) => style switch
    {
        ScalarStyle.SingleQuoted => YamlScalarStyle.SingleQuoted,
        ScalarStyle.DoubleQuoted => YamlScalarStyle.DoubleQuoted,
        ScalarStyle.Literal => YamlScalarStyle.Literal,
        ScalarStyle.Folded => YamlScalarStyle.Folded,
        _ => YamlScalarStyle.Plain,
    };

    private sealed class Frame(bool isMapping, int start, AnchorName anchor, string? tag)
    {
        public bool IsMapping { get; } = isMapping;

        public int Start { get; } = start;

        public AnchorName Anchor { get; } = anchor;

        public string? Tag { get; } = tag;

        public List<YamlNode> Children { get; } = [];
    }
}
