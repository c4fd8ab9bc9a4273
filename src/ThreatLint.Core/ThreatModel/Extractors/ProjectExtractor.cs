using System.Xml;
using System.Xml.Linq;
using ThreatLint.Discovery;

namespace ThreatLint.ThreatModel.Extractors;

/// <summary>
/// .NET projects, from their MSBuild files: a web SDK project is a service callers reach; its package references name
/// the LLM APIs, vector stores and model runtimes it talks to. C# code is the analyzers' (TL5xxx findings land on the
/// project through its folder); reading the project file needs no compiler, so every host gets these components.
/// </summary>
internal sealed class ProjectExtractor : IComponentExtractor
{
    private const long MaxProjectBytes = 1024 * 1024;

    private static readonly (string Package, string Service)[] LlmPackages =
    [
        ("Azure.AI.OpenAI", "Azure OpenAI"),
        ("Microsoft.SemanticKernel.Connectors.AzureOpenAI", "Azure OpenAI"),
        ("OpenAI", "OpenAI API"),
        ("Microsoft.Extensions.AI.OpenAI", "OpenAI API"),
        ("Microsoft.SemanticKernel.Connectors.OpenAI", "OpenAI API"),
        ("Microsoft.SemanticKernel.Connectors.Ollama", "Ollama"),
        ("OllamaSharp", "Ollama"),
        ("Anthropic.SDK", "Anthropic API"),
    ];

    private static readonly (string Package, string Store)[] VectorPackages =
    [
        ("Microsoft.SemanticKernel.Connectors.Qdrant", "Qdrant"),
        ("Qdrant.Client", "Qdrant"),
        ("Microsoft.SemanticKernel.Connectors.InMemory", "In-memory vector store"),
        ("Microsoft.SemanticKernel.Connectors.AzureAISearch", "Azure AI Search"),
        ("Azure.Search.Documents", "Azure AI Search"),
        ("Microsoft.SemanticKernel.Connectors.Redis", "Redis"),
        ("Microsoft.SemanticKernel.Connectors.PgVector", "pgvector"),
        ("Microsoft.SemanticKernel.Connectors.Postgres", "pgvector"),
        ("Microsoft.SemanticKernel.Connectors.Weaviate", "Weaviate"),
        ("Microsoft.SemanticKernel.Connectors.Pinecone", "Pinecone"),
        ("Microsoft.SemanticKernel.Connectors.MongoDB", "MongoDB Atlas"),
        ("Microsoft.SemanticKernel.Connectors.CosmosNoSql", "Azure Cosmos DB"),
    ];

    private static readonly string[] ModelRuntimes = ["Microsoft.ML", "Microsoft.ML.OnnxRuntime", "Microsoft.ML.OnnxRuntime.Managed", "TorchSharp"];

    public void Extract(ExtractionInput input, ModelDraft draft)
    {
        foreach (var project in input.ProjectFiles.Where(p => p.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase)))
        {
            if (Read(Path.Combine(input.Root, project)) is not { } xml)
            {
                continue;
            }

            var sdk = xml.Root?.Attribute("Sdk")?.Value ?? string.Empty;
            var packages = xml.Descendants().Where(e => e.Name.LocalName == "PackageReference")
                .Select(e => e.Attribute("Include")?.Value).OfType<string>().ToList();
            var name = xml.Descendants().FirstOrDefault(e => e.Name.LocalName == "AssemblyName")?.Value
                ?? Path.GetFileNameWithoutExtension(project);
            var web = sdk.StartsWith("Microsoft.NET.Sdk.Web", StringComparison.OrdinalIgnoreCase);
            var llms = LlmPackages.Where(p => Has(packages, p.Package)).Select(p => p.Service).Distinct().ToList();
            var stores = VectorPackages.Where(p => Has(packages, p.Package)).Select(p => p.Store).Distinct().ToList();
            var runtimes = ModelRuntimes.Where(r => Has(packages, r)).ToList();
            if (!web && llms.Count == 0 && stores.Count == 0 && runtimes.Count == 0)
            {
                continue;
            }

            var folder = DockerfileExtractor.Folder(project);
            var kind = web || llms.Count > 0 || stores.Count > 0 ? ComponentKind.Service : ComponentKind.TrainingPipeline;
            var detail = string.Join(", ", new[] { web ? "ASP.NET Core" : ".NET" }.Concat(runtimes).Concat(llms.Count > 0 ? ["LLM client"] : []));
            var id = draft.Add(kind, name, kind == ComponentKind.Service ? TrustZone.Serving : TrustZone.Training, project, 0, 0, detail);
            draft.Get(id).Scope = folder;
            if (web)
            {
                draft.EntryPoint(id, "HTTP requests");
            }

            foreach (var service in llms)
            {
                draft.Flow(id, LlmServices.Add(draft, service), stores.Count > 0 ? "prompts with retrieved text" : "prompts");
            }

            foreach (var store in stores)
            {
                var storeId = draft.Add(ComponentKind.VectorStore, store, TrustZone.Serving);
                draft.Flow(storeId, id, "retrieved documents");
            }

            if (runtimes.Count > 0)
            {
                foreach (var artifact in input.Files.Where(f => f.Kind == DocumentKind.ModelArtifact && DockerfileExtractor.IsUnder(f.RelativePath, folder)))
                {
                    draft.Flow(ArtifactExtractor.ComponentOf(draft, artifact.RelativePath), id, "model file");
                }
            }
        }
    }

    private static bool Has(List<string> packages, string package) => packages.Contains(package, StringComparer.OrdinalIgnoreCase);

    private static XDocument? Read(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length > MaxProjectBytes)
            {
                return null;
            }

            // DTDs are refused: a project file is plain XML, and entity expansion is a classic denial of service.
            using var reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            return XDocument.Load(reader);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or XmlException)
        {
            return null;
        }
    }
}
