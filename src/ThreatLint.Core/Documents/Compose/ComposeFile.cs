using System.Globalization;
using ThreatLint.Documents.Kubernetes;
using ThreatLint.Documents.Serving;
using ThreatLint.Documents.Yaml;
using ThreatLint.Findings;

namespace ThreatLint.Documents.Compose;

/// <summary>A published port of a compose service (<c>"127.0.0.1:8000:8000"</c>, <c>"8000:8000"</c>, or the long syntax).</summary>
/// <param name="HostIp">The host address it binds, or null for every interface.</param>
/// <param name="Published">The host port, or null when the port is only exposed to a random host port.</param>
public sealed record ComposePort(string? HostIp, int? Published, int Target, YamlNode Node)
{
    /// <summary>True when the host binds it on every interface (no host IP, or 0.0.0.0 / ::).</summary>
    public bool IsPublic => HostIp is null or "0.0.0.0" or "::" or "[::]" or "";
}

/// <summary>
/// A service of a compose file: image, command and entrypoint (list, or a string the shell-less parser splits),
/// environment (map or <c>KEY=VALUE</c> list, anchors and merge keys resolved by the YAML model), published ports,
/// privileges and resource limits.
/// </summary>
public sealed class ComposeService
{
    internal ComposeService(string name, YamlNode key, YamlNode node)
    {
        Name = name;
        Key = key;
        Node = node;
        Image = node["image"] as YamlScalar;
        Command = node["command"];
        Entrypoint = node["entrypoint"];
        Environment = [.. EnvironmentOf(node["environment"])];
        Ports = [.. PortsOf(node["ports"])];
        var argv = WordsOf(Entrypoint).Concat(WordsOf(Command)).ToList();
        Server = ModelServers.Recognise(Image?.Value, argv);
    }

    public string Name { get; }

    public YamlNode Node { get; }

    /// <summary>The service's name in the file (where findings about the service as a whole go).</summary>
    public YamlNode Key { get; }

    public YamlScalar? Image { get; }

    /// <summary>The <c>command</c> node: a list (exec form) or a string.</summary>
    public YamlNode? Command { get; }

    public YamlNode? Entrypoint { get; }

    public IReadOnlyList<EnvVar> Environment { get; }

    public IReadOnlyList<ComposePort> Ports { get; }

    /// <summary>The model server it runs, or null.</summary>
    public ModelServer? Server { get; }

    public SourceSpan Span => Key.Span;

    /// <summary>The last variable called <paramref name="name"/>, or null.</summary>
    public EnvVar? EnvNamed(string name) => Environment.LastOrDefault(e => e.Name == name);

    /// <summary>The words of a command node: list items, or a string split at white space.</summary>
    internal static IEnumerable<string> WordsOf(YamlNode? node) =>
        node is YamlSequence sequence ? sequence.Items.Select(i => i.Text).OfType<string>()
        : node?.Text is { } text ? text.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries)
        : [];

    private static IEnumerable<EnvVar> EnvironmentOf(YamlNode? environment)
    {
        if (environment is YamlMapping map)
        {
            foreach (var entry in map.Entries)
            {
                if (entry.KeyText is { } key)
                {
                    yield return new EnvVar(key, entry.Value as YamlScalar is { IsNull: false } v ? v : null, EnvSource.Literal, entry.Key);
                }
            }

            yield break;
        }

        foreach (var item in environment?.Items ?? [])
        {
            if (item is YamlScalar { IsNull: false } scalar)
            {
                var equals = scalar.Value.IndexOf('=');
                // A list item "KEY=value" is one scalar: the value is reported at the whole item.
                yield return new EnvVar(equals < 0 ? scalar.Value : scalar.Value.Substring(0, equals), equals < 0 ? null : scalar, EnvSource.Literal, scalar);
            }
        }
    }

    private static IEnumerable<ComposePort> PortsOf(YamlNode? ports)
    {
        foreach (var item in ports?.Items ?? [])
        {
            if (item is YamlMapping)
            {
                if (Number(item["target"]?.Text) is { } target)
                {
                    yield return new ComposePort(item["host_ip"]?.Text, Number(item["published"]?.Text), target, item);
                }

                continue;
            }

            if (item.Text is not { } text)
            {
                continue;
            }

            // [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]; an IPv6 host is bracketed.
            var spec = text.Split('/')[0];
            string? hostIp = null;
            if (spec.StartsWith("[", StringComparison.Ordinal) && spec.IndexOf(']') is var close and > 0)
            {
                hostIp = spec.Substring(0, close + 1);
                spec = spec.Substring(close + 1).TrimStart(':');
            }

            var parts = spec.Split(':');
            if (parts.Length == 3)
            {
                hostIp ??= parts[0];
                parts = [parts[1], parts[2]];
            }

            if (parts.Length == 2 && Number(parts[1].Split('-')[0]) is { } container)
            {
                yield return new ComposePort(hostIp, Number(parts[0].Split('-')[0]), container, item);
            }
            else if (parts.Length == 1 && Number(parts[0].Split('-')[0]) is { } only)
            {
                yield return new ComposePort(hostIp, null, only, item);
            }
        }
    }

    private static int? Number(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
}

/// <summary>
/// A Docker Compose file: a YAML file whose root maps <c>services</c> to service definitions (with an image, a build
/// or a command), or that is named like one (<c>compose.yaml</c>, <c>docker-compose.*.yml</c>).
/// </summary>
public sealed class ComposeFile
{
    private ComposeFile(IReadOnlyList<ComposeService> services) => Services = services;

    public IReadOnlyList<ComposeService> Services { get; }

    public static ComposeFile Of(YamlFile file) => file.View(Build);

    private static ComposeFile Build(YamlFile file)
    {
        var services = new List<ComposeService>();
        foreach (var root in file.Roots)
        {
            // Kubernetes objects and workflows have no top-level "services" mapping of service definitions.
            if (root["apiVersion"] is not null || root["services"] is not YamlMapping map)
            {
                continue;
            }

            foreach (var entry in map.Entries)
            {
                if (entry.KeyText is { } name && entry.Value is YamlMapping service
                    && (service.Has("image") || service.Has("build") || service.Has("command") || service.Has("ports")))
                {
                    services.Add(new ComposeService(name, entry.Key, service));
                }
            }
        }

        return new ComposeFile(services);
    }
}
