using System.Globalization;

namespace ThreatLint.Documents.Json;

/// <summary>The kind of a JSON value.</summary>
public enum JsonKind
{
    Null,
    False,
    True,
    Number,
    String,
    Array,
    Object,
}

/// <summary>An object member. Objects keep every member in source order, duplicates included.</summary>
public readonly record struct JsonMember(string Name, JsonValue Value);

/// <summary>
/// One parsed JSON value, immutable. Numbers keep their literal text so that integers of any size are read exactly;
/// objects keep duplicate keys (a reader that cares, such as the safetensors header check, decides what they mean).
/// </summary>
public sealed class JsonValue
{
    private static readonly JsonValue[] NoItems = [];
    private static readonly JsonMember[] NoMembers = [];

    private JsonValue(JsonKind kind, int offset, string? text, IReadOnlyList<JsonValue>? items, IReadOnlyList<JsonMember>? members)
    {
        Kind = kind;
        Offset = offset;
        Text = text;
        Items = items ?? NoItems;
        Members = members ?? NoMembers;
    }

    public JsonKind Kind { get; }

    /// <summary>Character offset of the value's first character in the parsed text.</summary>
    public int Offset { get; }

    /// <summary>The value of a string, or the literal text of a number; null for other kinds.</summary>
    public string? Text { get; }

    /// <summary>The elements of an array (empty for other kinds).</summary>
    public IReadOnlyList<JsonValue> Items { get; }

    /// <summary>The members of an object in source order (empty for other kinds).</summary>
    public IReadOnlyList<JsonMember> Members { get; }

    public bool IsObject => Kind == JsonKind.Object;

    public bool IsArray => Kind == JsonKind.Array;

    public bool IsString => Kind == JsonKind.String;

    /// <summary>The string value, or null when this is not a string.</summary>
    public string? AsString => Kind == JsonKind.String ? Text : null;

    /// <summary>The first member named <paramref name="name"/> of an object, or null.</summary>
    public JsonValue? this[string name]
    {
        get
        {
            foreach (var member in Members)
            {
                if (string.Equals(member.Name, name, StringComparison.Ordinal))
                {
                    return member.Value;
                }
            }

            return null;
        }
    }

    /// <summary>The value of a number written as a plain non-negative integer (no sign, fraction or exponent).</summary>
    public bool TryGetUInt64(out ulong value)
    {
        value = 0;
        return Kind == JsonKind.Number
            && Text is { Length: > 0 } text
            && text.All(c => c is >= '0' and <= '9')
            && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>This value and everything inside it, depth first in source order.</summary>
    public IEnumerable<JsonValue> DescendantsAndSelf()
    {
        var stack = new Stack<JsonValue>();
        stack.Push(this);
        while (stack.Count > 0)
        {
            var value = stack.Pop();
            yield return value;
            for (var i = value.Items.Count - 1; i >= 0; i--)
            {
                stack.Push(value.Items[i]);
            }

            for (var i = value.Members.Count - 1; i >= 0; i--)
            {
                stack.Push(value.Members[i].Value);
            }
        }
    }

    public override string ToString() => Kind switch
    {
        JsonKind.String => "\"" + Text + "\"",
        JsonKind.Number => Text ?? string.Empty,
        JsonKind.Array => "[" + Items.Count.ToString(CultureInfo.InvariantCulture) + " items]",
        JsonKind.Object => "{" + Members.Count.ToString(CultureInfo.InvariantCulture) + " members}",
        _ => Kind.ToString().ToLowerInvariant(),
    };

    internal static JsonValue Scalar(JsonKind kind, int offset, string? text = null) => new(kind, offset, text, null, null);

    internal static JsonValue Array(int offset, List<JsonValue> items) => new(JsonKind.Array, offset, null, items, null);

    internal static JsonValue Object(int offset, List<JsonMember> members) => new(JsonKind.Object, offset, null, null, members);
}
