using ThreatLint.Documents.Python;

namespace ThreatLint.ThreatModel.Extractors;

/// <summary>
/// Python sources and notebooks, by the calls they make (qualified through their imports): hub downloads, LLM and
/// vector-database clients, MLflow, dataset loads. A file with such calls is a component: a service when it imports a
/// web framework, otherwise a training or data job.
/// </summary>
internal sealed class PythonExtractor : IComponentExtractor
{
    private static readonly string[] WebFrameworks = ["fastapi", "flask", "gradio", "streamlit", "bentoml", "ray.serve", "litserve"];

    private static readonly (string Prefix, string Store)[] VectorClients =
    [
        ("qdrant_client.", "Qdrant"), ("chromadb.", "Chroma"), ("weaviate.", "Weaviate"), ("pinecone.", "Pinecone"),
        ("pymilvus.", "Milvus"), ("faiss.", "FAISS index"), ("langchain_community.vectorstores.", "Vector store"),
        ("langchain_qdrant.", "Qdrant"), ("langchain_chroma.", "Chroma"), ("lancedb.", "LanceDB"),
        ("azure.search.documents.", "Azure AI Search"),
    ];

    private static readonly (string Prefix, string Service)[] LlmClients =
    [
        ("openai.AzureOpenAI", "Azure OpenAI"), ("openai.", "OpenAI API"), ("anthropic.", "Anthropic API"),
        ("langchain_openai.AzureChatOpenAI", "Azure OpenAI"), ("langchain_openai.", "OpenAI API"), ("ollama.", "Ollama"),
    ];

    private static readonly string[] HubCalls = ["from_pretrained", "snapshot_download", "hf_hub_download", "SentenceTransformer", "CrossEncoder", "load_dataset"];

    public void Extract(ExtractionInput input, ModelDraft draft)
    {
        foreach (var (path, document) in input.Repository.OfType<PythonDocument>())
        {
            var links = new List<(string Target, bool Inbound, string Label)>();
            foreach (var call in document.Calls)
            {
                var name = call.QualifiedName;
                if (HubCalls.Contains(call.Name, StringComparer.Ordinal) || name.StartsWith("torch.hub.", StringComparison.Ordinal) || name == "transformers.pipeline")
                {
                    links.Add((Storage.Hub(draft, name.StartsWith("torch.hub", StringComparison.Ordinal) ? "PyTorch Hub" : "Hugging Face Hub"), true, call.Name == "load_dataset" ? "dataset" : "model weights"));
                }
                else if (VectorClients.FirstOrDefault(v => name.StartsWith(v.Prefix, StringComparison.Ordinal)) is { Store: { } store })
                {
                    links.Add((draft.Add(ComponentKind.VectorStore, store, TrustZone.Serving), false, "embeddings and queries"));
                }
                else if (LlmClients.FirstOrDefault(l => name.StartsWith(l.Prefix, StringComparison.Ordinal)) is { Service: { } service })
                {
                    links.Add((LlmServices.Add(draft, service), false, "prompts"));
                }
                else if (name.StartsWith("mlflow.", StringComparison.Ordinal))
                {
                    var loads = call.Name is "load_model" or "download_artifacts";
                    links.Add((draft.Add(ComponentKind.ModelRegistry, "MLflow", TrustZone.Registries), loads, loads ? "model" : "runs and models"));
                }
            }

            if (links.Count == 0)
            {
                continue;
            }

            var web = document.Imports.Any(i => WebFrameworks.Any(w => i.Target == w || i.Target.StartsWith(w + ".", StringComparison.Ordinal)));
            var id = web
                ? draft.Add(ComponentKind.Service, path, TrustZone.Serving, path, 0, 0, "Python service")
                : draft.Add(ComponentKind.TrainingPipeline, path, TrustZone.Training, path, 0, 0, document.IsNotebook ? "notebook" : "Python job");
            if (web)
            {
                draft.EntryPoint(id, "HTTP requests");
            }

            foreach (var (target, inbound, label) in links)
            {
                if (inbound)
                {
                    draft.Flow(target, id, label);
                }
                else
                {
                    draft.Flow(id, target, label);
                }
            }
        }
    }
}
