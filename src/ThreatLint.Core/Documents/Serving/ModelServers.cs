namespace ThreatLint.Documents.Serving;

/// <summary>The model servers ThreatLint recognises.</summary>
public enum ModelServerKind
{
    Vllm,
    TextGenerationInference,
    Triton,
    TorchServe,
    KServe,
    Seldon,
    Ray,
    BentoML,
    MLflow,
    Ollama,
    TensorFlowServing,
    OpenVino,
    LlamaCpp,
    SGLang,
    NvidiaNim,
}

/// <summary>A recognised model server: what it is, how it is called in messages, and whether it runs on GPUs as a rule.</summary>
public sealed record ModelServer(ModelServerKind Kind, string Product, bool IsGpuServer);

/// <summary>
/// The one place that says whether a container (Kubernetes, compose, a Dockerfile's CMD) runs a model server,
/// from its image name and the program it starts. Rules and the threat-model report both ask here.
/// </summary>
public static class ModelServers
{
    private static readonly (string Needle, ModelServer Server)[] Images =
    [
        ("vllm", new(ModelServerKind.Vllm, "vLLM", true)),
        ("text-generation-inference", new(ModelServerKind.TextGenerationInference, "TGI", true)),
        ("tritonserver", new(ModelServerKind.Triton, "Triton", true)),
        ("torchserve", new(ModelServerKind.TorchServe, "TorchServe", false)),
        ("kserve/", new(ModelServerKind.KServe, "KServe model server", false)),
        ("huggingfaceserver", new(ModelServerKind.KServe, "KServe Hugging Face server", true)),
        ("seldonio/", new(ModelServerKind.Seldon, "Seldon MLServer", false)),
        ("mlserver", new(ModelServerKind.Seldon, "Seldon MLServer", false)),
        ("bentoml", new(ModelServerKind.BentoML, "BentoML", false)),
        ("ollama", new(ModelServerKind.Ollama, "Ollama", true)),
        ("tensorflow/serving", new(ModelServerKind.TensorFlowServing, "TensorFlow Serving", false)),
        ("openvino/model_server", new(ModelServerKind.OpenVino, "OpenVINO Model Server", false)),
        ("llama.cpp", new(ModelServerKind.LlamaCpp, "llama.cpp server", true)),
        ("sglang", new(ModelServerKind.SGLang, "SGLang", true)),
        ("nvcr.io/nim/", new(ModelServerKind.NvidiaNim, "NVIDIA NIM", true)),
        ("rayproject/ray", new(ModelServerKind.Ray, "Ray", false)),
    ];

    /// <summary>The server a container runs, by its argv first (what runs), then by its image; null when none is recognised.</summary>
    public static ModelServer? Recognise(string? image, IReadOnlyList<string> argv)
    {
        return ByCommand(argv) ?? ByImage(image);
    }

    /// <summary>The server an image ships, by name.</summary>
    public static ModelServer? ByImage(string? image)
    {
        if (string.IsNullOrEmpty(image))
        {
            return null;
        }

        var name = image!.ToLowerInvariant();
        var at = name.IndexOf('@');
        name = at >= 0 ? name.Substring(0, at) : name;
        foreach (var (needle, server) in Images)
        {
            if (name.IndexOf(needle, StringComparison.Ordinal) >= 0)
            {
                return server;
            }
        }

        return null;
    }

    /// <summary>The server an argv starts: <c>vllm serve</c>, <c>python -m vllm.entrypoints.openai.api_server</c>, <c>text-generation-launcher</c>, <c>tritonserver</c>…</summary>
    public static ModelServer? ByCommand(IReadOnlyList<string> argv)
    {
        for (var i = 0; i < argv.Count && i < 64; i++)
        {
            var word = argv[i];
            var slash = word.LastIndexOf('/');
            var program = slash >= 0 ? word.Substring(slash + 1) : word;
            string? next = i + 1 < argv.Count ? argv[i + 1] : null;
            switch (program)
            {
                case "vllm" when next == "serve":
                case "vllm.entrypoints.openai.api_server" or "vllm.entrypoints.api_server":
                    return new(ModelServerKind.Vllm, "vLLM", true);
                case "text-generation-launcher" or "text-generation-server":
                    return new(ModelServerKind.TextGenerationInference, "TGI", true);
                case "tritonserver":
                    return new(ModelServerKind.Triton, "Triton", true);
                case "torchserve":
                    return new(ModelServerKind.TorchServe, "TorchServe", false);
                case "bentoml" when next is "serve" or "serve-http" or "serve-grpc":
                    return new(ModelServerKind.BentoML, "BentoML", false);
                case "mlflow" when next == "models" && i + 2 < argv.Count && argv[i + 2] == "serve":
                    return new(ModelServerKind.MLflow, "MLflow model server", false);
                case "ollama" when next == "serve":
                    return new(ModelServerKind.Ollama, "Ollama", true);
                case "serve" when next is "run" or "deploy":
                case "ray" when next == "start":
                    return new(ModelServerKind.Ray, "Ray Serve", false);
                case "tensorflow_model_server":
                    return new(ModelServerKind.TensorFlowServing, "TensorFlow Serving", false);
                case "mlserver" when next == "start":
                    return new(ModelServerKind.Seldon, "Seldon MLServer", false);
                case "llama-server" or "llama.cpp":
                    return new(ModelServerKind.LlamaCpp, "llama.cpp server", true);
                case "sglang.launch_server":
                    return new(ModelServerKind.SGLang, "SGLang", true);
                case "sh" or "bash" when next == "-c" && i + 2 < argv.Count:
                    return ByCommand(argv[i + 2].Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries));
            }
        }

        return null;
    }
}
