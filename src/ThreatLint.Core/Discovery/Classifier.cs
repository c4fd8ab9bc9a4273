namespace ThreatLint.Discovery;

/// <summary>Decides what a file is from its name (and, for kinds that need it, its content).</summary>
public static class Classifier
{
    /// <summary>The kind of a file, or null when ThreatLint has nothing to say about it.</summary>
    /// <param name="relativePath">Path relative to the scan root, with '/' separators.</param>
    public static DocumentKind? Classify(string relativePath)
    {
        var name = relativePath.Substring(relativePath.LastIndexOf('/') + 1);
        if (IsDockerfileName(name))
        {
            return DocumentKind.Dockerfile;
        }

        var dot = name.LastIndexOf('.');
        if (dot > 0 && ModelExtensions.Contains(name.Substring(dot)))
        {
            return DocumentKind.ModelArtifact;
        }

        if (dot > 0 && name.Substring(dot).Equals(".py", StringComparison.OrdinalIgnoreCase))
        {
            return DocumentKind.PythonSource;
        }

        if (dot > 0 && name.Substring(dot).Equals(".ipynb", StringComparison.OrdinalIgnoreCase))
        {
            return DocumentKind.Notebook;
        }

        if (IsYamlName(name, dot))
        {
            return DocumentKind.Yaml;
        }

        if (IsEnvFileName(name))
        {
            return DocumentKind.EnvFile;
        }

        if (dot > 0 && name.Substring(dot).Equals(".properties", StringComparison.OrdinalIgnoreCase))
        {
            return DocumentKind.Properties;
        }

        if (dot > 0 && name.Substring(dot).Equals(".pbtxt", StringComparison.OrdinalIgnoreCase))
        {
            return DocumentKind.Pbtxt;
        }

        return null;
    }

    private static bool IsYamlName(string name, int dot) =>
        name.Equals("MLproject", StringComparison.Ordinal)
        || (dot > 0 && YamlExtensions.Contains(name.Substring(dot)));

    private static bool IsEnvFileName(string name) =>
        name.Equals(".env", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith(".env.", StringComparison.OrdinalIgnoreCase)
        || (name.EndsWith(".env", StringComparison.OrdinalIgnoreCase) && name.Length > ".env".Length);

    /// <summary>Extensions of YAML files; DVC's <c>.dvc</c> pointer files are YAML too.</summary>
    private static readonly HashSet<string> YamlExtensions = new(StringComparer.OrdinalIgnoreCase) { ".yml", ".yaml", ".dvc" };

    /// <summary>Extensions of model files. <c>.bin</c> is included: its bytes decide whether it is a model.</summary>
    private static readonly HashSet<string> ModelExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".pkl", ".pickle", ".joblib", ".dill", ".ckpt", ".pt", ".pth", ".bin", ".npy", ".npz",
        ".h5", ".hdf5", ".keras", ".onnx", ".gguf", ".safetensors", ".tflite", ".mlmodel",
    };

    private static bool IsDockerfileName(string name) =>
        !name.EndsWith(".dockerignore", StringComparison.OrdinalIgnoreCase)
        && (name.Equals("Dockerfile", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Containerfile", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("Dockerfile.", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("Containerfile.", StringComparison.OrdinalIgnoreCase)
        || (name.EndsWith(".Dockerfile", StringComparison.OrdinalIgnoreCase) && name.Length > ".Dockerfile".Length));
}
