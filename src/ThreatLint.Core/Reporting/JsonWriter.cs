using System.Globalization;
using System.Text;

namespace ThreatLint.Reporting;

/// <summary>A minimal, allocation-light JSON writer (netstandard2.0 has no System.Text.Json inbox).</summary>
internal sealed class JsonWriter(StringBuilder output)
{
    private readonly Stack<bool> _hasItems = new();
    private int Depth => _hasItems.Count;

    public JsonWriter StartObject(string? name = null) => Open(name, '{');

    public JsonWriter EndObject() => Close('}');

    public JsonWriter StartArray(string? name = null) => Open(name, '[');

    public JsonWriter EndArray() => Close(']');

    public JsonWriter Property(string name, string? value) => Value(name, value is null ? "null" : Quote(value));

    public JsonWriter Property(string name, long value) => Value(name, value.ToString(CultureInfo.InvariantCulture));

    public JsonWriter Property(string name, double value) => Value(name, value.ToString("0.###", CultureInfo.InvariantCulture));

    public JsonWriter Property(string name, bool value) => Value(name, value ? "true" : "false");

    public JsonWriter Item(string value) => Value(null, Quote(value));

    public JsonWriter Strings(string name, IEnumerable<string> values)
    {
        StartArray(name);
        foreach (var value in values)
        {
            Item(value);
        }

        return EndArray();
    }

    private JsonWriter Open(string? name, char bracket)
    {
        Prefix(name);
        output.Append(bracket);
        _hasItems.Push(false);
        return this;
    }

    private JsonWriter Close(char bracket)
    {
        var hadItems = _hasItems.Pop();
        if (hadItems)
        {
            NewLine();
        }

        output.Append(bracket);
        if (Depth == 0)
        {
            output.Append('\n');
        }

        return this;
    }

    private JsonWriter Value(string? name, string raw)
    {
        Prefix(name);
        output.Append(raw);
        return this;
    }

    private void Prefix(string? name)
    {
        if (Depth > 0)
        {
            if (_hasItems.Peek())
            {
                output.Append(',');
            }

            _hasItems.Pop();
            _hasItems.Push(true);
            NewLine();
        }

        if (name is not null)
        {
            output.Append(Quote(name)).Append(": ");
        }
    }

    private void NewLine() => output.Append('\n').Append(' ', Depth * 2);

    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20 || c == '\u2028' || c == '\u2029')
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }
}
