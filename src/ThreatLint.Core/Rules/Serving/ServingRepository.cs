using System.Runtime.CompilerServices;
using ThreatLint.Documents.Kubernetes;
using ThreatLint.Documents.Properties;

namespace ThreatLint.Rules.Serving;

/// <summary>The serving topology of a scan, built once and shared by the repository rules that read it.</summary>
internal static class ServingRepository
{
    private static readonly ConditionalWeakTable<Repository, ServingTopology> Topologies = new();

    public static ServingTopology Topology(Repository repository) =>
        Topologies.GetValue(repository, r => ServingTopology.Of(r.YamlFiles.Where(y => !ServingYaml.IsPipelineFile(y.Path, y.File))));

    /// <summary>
    /// What the repository's TorchServe configuration says about token authorization: false when a config turns it
    /// off, true when every config turns it on, null when no config decides.
    /// </summary>
    public static bool? TorchServeTokenAuthorization(Repository repository)
    {
        var configs = repository.OfType<PropertiesFile>().Select(p => TorchServeConfig.Of(p.Document)).OfType<TorchServeConfig>().ToList();
        return configs.Any(c => c.TokenAuthorization == false) ? false
            : configs.Count > 0 && configs.All(c => c.TokenAuthorization == true) ? true
            : null;
    }

    /// <summary><c>Ingress/llm</c>, and the file when the server is declared in another one.</summary>
    public static string ServerName(ExposedServer exposed)
    {
        var server = exposed.Server.Item;
        if (server.Workload.Owner == exposed.Entry.Item)
        {
            return server.Server.Product + " of its " + (server.Workload.Part ?? "pods");
        }

        return server.DisplayName + (exposed.Server.Path == exposed.Entry.Path ? string.Empty : " (" + exposed.Server.Path + ")");
    }

    /// <summary>The exposing object, and for a platform default, why the evidence may be elsewhere.</summary>
    public static string EntryName(ExposedServer exposed) =>
        exposed.Certainty == ExposureCertainty.Declared
            ? exposed.Entry.Item.DisplayName
            : exposed.Entry.Item.DisplayName + " (published through " + exposed.Via + ", configured outside the repository)";
}
