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

    public JsonWriter Property(string name, string? value)
    {
        if (value is null)
        {
            return Value(name, "null");
        }

        Prefix(name);
        AppendQuoted(value);
        return this;
    }

    public JsonWriter Property(string name, long value) => Value(name, value.ToString(CultureInfo.InvariantCulture));

    public JsonWriter Property(string name, double value) => Value(name, value.ToString("0.###", CultureInfo.InvariantCulture));

    public JsonWriter Property(string name, bool value) => Value(name, value ? "true" : "false");

    public JsonWriter Item(string value)
    {
        Prefix(null);
        AppendQuoted(value);
        return this;
    }

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
            AppendQuoted(name);
            output.Append(": ");
        }
    }

    private void NewLine() => output.Append('\n').Append(' ', Depth * 2);

    /// <summary>Appends a JSON string literal straight into the output (a report quotes tens of thousands of values).</summary>
    private void AppendQuoted(string value)
    {
        output.Append('"');
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c >= 0x20 && c != '"' && c != '\\' && c != '\u2028' && c != '\u2029')
            {
                continue;
            }

            output.Append(value, start, i - start).Append(Escape(c));
            start = i + 1;
        }

        output.Append(value, start, value.Length - start).Append('"');
    }

    private static string Escape(char c) => c switch
    {
        '"' => "\\\"",
        '\\' => "\\\\",
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        _ => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
    };
}
