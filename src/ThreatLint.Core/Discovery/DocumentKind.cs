namespace ThreatLint.Discovery;

/// <summary>What a file is to ThreatLint. Decides which parser and which rules see it.</summary>
public enum DocumentKind
{
    Dockerfile,

    /// <summary>A model file (by extension; the reader decides the real format from its bytes).</summary>
    ModelArtifact,

    /// <summary>Python source (<c>.py</c>).</summary>
    PythonSource,

    /// <summary>A Jupyter notebook (<c>.ipynb</c>): its code cells are read as Python.</summary>
    Notebook,

    /// <summary>
    /// A YAML file (<c>.yml</c>, <c>.yaml</c>, <c>MLproject</c>, DVC's <c>.dvc</c> files): Kubernetes manifests,
    /// workflows, pipelines, compose files. What it is decides which typed views rules find in it.
    /// </summary>
    Yaml,

    /// <summary>A dotenv file: <c>.env</c>, <c>.env.&lt;name&gt;</c>, <c>&lt;name&gt;.env</c>.</summary>
    EnvFile,

    /// <summary>C# source (<c>.cs</c>). Never in the engine's list (C# is the Roslyn analyzers' job): only collected
    /// for the CLI, which hosts the analyzers (<see cref="FileDiscovery.Discover"/>'s <c>csharpSources</c>).</summary>
    CSharpSource,

    /// <summary>A Java properties file (<c>.properties</c>): TorchServe's <c>config.properties</c> is what rules read in it.</summary>
    Properties,

    /// <summary>A protobuf text-format file (<c>.pbtxt</c>): Triton's <c>config.pbtxt</c> is what rules read in it.</summary>
    Pbtxt,
}
