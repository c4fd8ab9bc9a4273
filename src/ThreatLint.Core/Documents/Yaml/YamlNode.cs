using System.Globalization;
using ThreatLint.Findings;

namespace ThreatLint.Documents.Yaml;

/// <summary>
/// A node of a parsed YAML document, with its position. Aliases resolve to the anchored node itself (so a value
/// injected by <c>*anchor</c> reports where the anchor defines it); merge keys (<c>&lt;&lt;: *base</c>) are
/// resolved into the mapping's entries.
/// </summary>
public abstract class YamlNode
{
    private protected YamlNode(YamlSource source, int offset, int endOffset, string? tag)
    {
        Source = source;
        Offset = offset;
        EndOffset = endOffset;
        Tag = tag;
    }

    /// <summary>Character offset of the node's first character in the file text.</summary>
    public int Offset { get; }

    /// <summary>Character offset just past the node.</summary>
    public int EndOffset { get; }

    /// <summary>The explicit tag (<c>!!str</c>, <c>!Ref</c>), or null.</summary>
    public string? Tag { get; }

    /// <summary>The node's range in the file (1-based lines and columns).</summary>
    public SourceSpan Span => Source.SpanOf(Offset, EndOffset);

    /// <summary>The line of the node's first character.</summary>
    public int Line => Source.LineOf(Offset);

    internal YamlSource Source { get; }

    /// <summary>The value of <paramref name="key"/> when this is a mapping that has it; otherwise null.</summary>
    public YamlNode? this[string key] => (this as YamlMapping)?.Get(key);

    /// <summary>The value when this is a non-null scalar; otherwise null.</summary>
    public string? Text => this is YamlScalar { IsNull: false } scalar ? scalar.Value : null;

    /// <summary>The items when this is a sequence; otherwise none.</summary>
    public IReadOnlyList<YamlNode> Items => (this as YamlSequence)?.Items ?? [];

    /// <summary>The entries when this is a mapping; otherwise none.</summary>
    public IReadOnlyList<YamlEntry> Entries => (this as YamlMapping)?.Entries ?? [];
}

public enum YamlScalarStyle
{
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

/// <summary>A scalar: its value as the YAML loader delivers it (escapes decoded, lines folded).</summary>
public sealed class YamlScalar : YamlNode
{
    private int[]? _sourceMap;

    internal YamlScalar(YamlSource source, int offset, int endOffset, string? tag, string value, YamlScalarStyle style)
        : base(source, offset, endOffset, tag)
    {
        Value = value;
        Style = style;
    }

    public string Value { get; }

    public YamlScalarStyle Style { get; }

    public bool IsPlain => Style == YamlScalarStyle.Plain && Tag is null;

    /// <summary>A plain <c>null</c>, <c>~</c> or empty value.</summary>
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    /// <summary>The boolean a YAML 1.1 loader (as Kubernetes and compose use) reads from a plain scalar, else null.</summary>
    public bool? AsBoolean =>
        !IsPlain ? null
        : Value.ToUpperInvariant() switch
        {
            "TRUE" or "YES" or "ON" or "Y" => true,
            "FALSE" or "NO" or "OFF" or "N" => false,
            _ => null,
        };

    /// <summary>The integer of a plain scalar, else null.</summary>
    public long? AsInteger =>
        IsPlain && long.TryParse(Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : null;

    /// <summary>
    /// The range in the file of <paramref name="length"/> characters of <see cref="Value"/> starting at
    /// <paramref name="start"/> — exact for single-line and literal block scalars, best effort where lines were folded.
    /// </summary>
    public SourceSpan SpanOf(int start, int length)
    {
        var map = _sourceMap ??= ScalarSourceMap.Build(this);
        start = Math.Max(0, Math.Min(start, Value.Length));
        var end = Math.Max(start, Math.Min(start + Math.Max(length, 0), Value.Length));
        var from = map[start];
        var to = end == start ? from : map[end - 1] + 1;
        return Source.SpanOf(from, Math.Max(from, to));
    }

    public override string ToString() => Value;
}

/// <summary>A key and its value. <see cref="IsMerged"/> entries come from a merge key (<c>&lt;&lt;: *base</c>).</summary>
public sealed record YamlEntry(YamlNode Key, YamlNode Value, bool IsMerged = false)
{
    /// <summary>The key's text when it is a scalar.</summary>
    public string? KeyText => (Key as YamlScalar)?.Value;
}

/// <summary>A mapping; its entries in source order, then the entries merged in that it does not override.</summary>
public sealed class YamlMapping : YamlNode
{
    internal YamlMapping(YamlSource source, int offset, int endOffset, string? tag, IReadOnlyList<YamlEntry> entries)
        : base(source, offset, endOffset, tag) => Entries = entries;

    public new IReadOnlyList<YamlEntry> Entries { get; }

    /// <summary>The value of a key: the last of duplicate own keys (as most loaders do), else the first merged one.</summary>
    public YamlNode? Get(string key) => GetEntry(key)?.Value;

    /// <summary>The entry of a key, by the same precedence as <see cref="Get"/>.</summary>
    public YamlEntry? GetEntry(string key)
    {
        YamlEntry? found = null;
        foreach (var entry in Entries)
        {
            if (entry.KeyText == key)
            {
                if (entry.IsMerged)
                {
                    return found ?? entry;
                }

                found = entry;
            }
        }

        return found;
    }

    public bool Has(string key) => GetEntry(key) is not null;
}

/// <summary>A sequence.</summary>
public sealed class YamlSequence : YamlNode
{
    internal YamlSequence(YamlSource source, int offset, int endOffset, string? tag, IReadOnlyList<YamlNode> items)
        : base(source, offset, endOffset, tag) => Items = items;

    public new IReadOnlyList<YamlNode> Items { get; }
}
