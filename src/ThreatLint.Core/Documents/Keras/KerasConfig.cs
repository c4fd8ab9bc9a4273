using ThreatLint.Documents.Json;

namespace ThreatLint.Documents.Keras;

/// <summary>
/// A serialized Keras object inside a model configuration: any JSON object with a string <c>class_name</c> (layers,
/// models, initializers, Keras 3 function references <c>{"module", "class_name": "function", "config"}</c> and the
/// <c>__lambda__</c> bytecode wrapper).
/// </summary>
/// <param name="ClassName">The <c>class_name</c>.</param>
/// <param name="Module">The <c>module</c> it is imported from (Keras 3), if given.</param>
/// <param name="RegisteredName">The <c>registered_name</c> (Keras 3), if given.</param>
/// <param name="Name">The object's <c>config.name</c> (a layer's name), if given.</param>
/// <param name="Json">The object itself.</param>
/// <param name="Path">Where it sits, e.g. <c>config.layers[2]</c>.</param>
public sealed record KerasObject(string ClassName, string? Module, string? RegisteredName, string? Name, JsonValue Json, string Path)
{
    /// <summary>The object's <c>config</c> member, when it is an object.</summary>
    public JsonValue? Config => Json["config"] is { IsObject: true } config ? config : null;
}

/// <summary>
/// A Keras model configuration (Keras 3 <c>config.json</c> in a <c>.keras</c> zip, or the <c>model_config</c> JSON
/// attribute of a legacy HDF5 file), with every serialized object it contains listed in document order.
/// </summary>
public sealed class KerasConfig
{
    private KerasConfig(string source, JsonValue root, IReadOnlyList<KerasObject> objects)
    {
        Source = source;
        Root = root;
        Objects = objects;
    }

    /// <summary>Where the configuration came from, e.g. <c>config.json</c> or <c>model_config attribute</c>.</summary>
    public string Source { get; }

    public JsonValue Root { get; }

    public IReadOnlyList<KerasObject> Objects { get; }

    /// <summary>Parses configuration JSON text.</summary>
    /// <exception cref="InvalidDataException">The text is not JSON.</exception>
    public static KerasConfig Parse(string json, string source) => FromJson(JsonParser.Parse(json), source);

    public static KerasConfig FromJson(JsonValue root, string source)
    {
        var objects = new List<KerasObject>();
        var stack = new Stack<(JsonValue Value, string Path)>();
        stack.Push((root, string.Empty));
        while (stack.Count > 0)
        {
            var (value, path) = stack.Pop();
            if (value.IsObject && value["class_name"]?.AsString is { } className)
            {
                var name = value["config"] is { IsObject: true } config ? config["name"]?.AsString : null;
                objects.Add(new KerasObject(className, value["module"]?.AsString, value["registered_name"]?.AsString, name, value, path));
            }

            // Only containers can hold objects: scalars get no path (configs can hold large numeric arrays).
            for (var i = value.Members.Count - 1; i >= 0; i--)
            {
                var member = value.Members[i];
                if (member.Value.IsObject || member.Value.IsArray)
                {
                    stack.Push((member.Value, path.Length == 0 ? member.Name : path + "." + member.Name));
                }
            }

            for (var i = value.Items.Count - 1; i >= 0; i--)
            {
                if (value.Items[i].IsObject || value.Items[i].IsArray)
                {
                    stack.Push((value.Items[i], path + "[" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]"));
                }
            }
        }

        return new KerasConfig(source, root, objects);
    }
}
