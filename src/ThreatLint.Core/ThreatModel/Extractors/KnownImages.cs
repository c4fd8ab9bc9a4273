namespace ThreatLint.ThreatModel.Extractors;

/// <summary>What a container image is, from its repository name: model servers and vector databases are recognised.</summary>
internal static class KnownImages
{
    // Matched against the last one or two segments of the image repository (no registry, no tag).
    private static readonly (string Fragment, ComponentKind Kind, string Product)[] Table =
    [
        ("kserve/", ComponentKind.ModelServer, "KServe"),
        ("torchserve", ComponentKind.ModelServer, "TorchServe"),
        ("tritonserver", ComponentKind.ModelServer, "Triton Inference Server"),
        ("vllm-openai", ComponentKind.ModelServer, "vLLM"),
        ("vllm/", ComponentKind.ModelServer, "vLLM"),
        ("text-generation-inference", ComponentKind.ModelServer, "Text Generation Inference"),
        ("text-embeddings-inference", ComponentKind.ModelServer, "Text Embeddings Inference"),
        ("rayproject/ray", ComponentKind.ModelServer, "Ray Serve"),
        ("bentoml", ComponentKind.ModelServer, "BentoML"),
        ("seldonio/", ComponentKind.ModelServer, "Seldon"),
        ("ollama/ollama", ComponentKind.ModelServer, "Ollama"),
        ("tensorflow/serving", ComponentKind.ModelServer, "TensorFlow Serving"),
        ("mlflow", ComponentKind.ModelRegistry, "MLflow"),
        ("qdrant/qdrant", ComponentKind.VectorStore, "Qdrant"),
        ("semitechnologies/weaviate", ComponentKind.VectorStore, "Weaviate"),
        ("milvusdb/milvus", ComponentKind.VectorStore, "Milvus"),
        ("chromadb/chroma", ComponentKind.VectorStore, "Chroma"),
        ("pgvector/pgvector", ComponentKind.VectorStore, "pgvector"),
        ("redis/redis-stack", ComponentKind.VectorStore, "Redis Stack"),
        ("elasticsearch", ComponentKind.VectorStore, "Elasticsearch"),
        ("opensearchproject/opensearch", ComponentKind.VectorStore, "OpenSearch"),
    ];

    /// <summary>The kind and product of an image, or null for an ordinary application image.</summary>
    public static (ComponentKind Kind, string Product)? Classify(string? image)
    {
        if (string.IsNullOrWhiteSpace(image))
        {
            return null;
        }

        var repository = Repository(image!).ToLowerInvariant();
        foreach (var (fragment, kind, product) in Table)
        {
            if (repository.IndexOf(fragment, StringComparison.Ordinal) >= 0)
            {
                return (kind, product);
            }
        }

        return null;
    }

    /// <summary>The image without its tag and digest: <c>ghcr.io/acme/api</c>.</summary>
    public static string Repository(string image)
    {
        var text = image.Trim();
        var at = text.IndexOf('@');
        if (at >= 0)
        {
            text = text.Substring(0, at);
        }

        var slash = text.LastIndexOf('/');
        var colon = text.LastIndexOf(':');
        return colon > slash ? text.Substring(0, colon) : text;
    }

    /// <summary>The last path segment of the image repository: <c>api</c> for <c>ghcr.io/acme/api:1.0</c>.</summary>
    public static string ShortName(string image)
    {
        var repository = Repository(image);
        return repository.Substring(repository.LastIndexOf('/') + 1);
    }

    /// <summary>The registry host an image comes from (Docker Hub when the first segment is not a host).</summary>
    public static string Registry(string image)
    {
        var repository = Repository(image);
        var slash = repository.IndexOf('/');
        if (slash > 0)
        {
            var first = repository.Substring(0, slash);
            if (first.IndexOf('.') >= 0 || first.IndexOf(':') >= 0 || first == "localhost")
            {
                return first;
            }
        }

        return "docker.io";
    }
}
