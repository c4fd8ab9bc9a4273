namespace ThreatLint.Cli.Tests;

/// <summary>A small repository in a temporary folder, deleted on dispose.</summary>
internal sealed class TempRepo : IDisposable
{
    /// <summary>Text files above this size are skipped by the engine with TL9002 (ScanOptions.MaxTextFileBytes).</summary>
    public const long TextFileLimit = 4L * 1024 * 1024;

    public TempRepo()
    {
        Root = Path.Combine(Path.GetTempPath(), "threatlint-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string PathOf(string relativePath) => Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));

    public TempRepo With(string relativePath, string content)
    {
        var path = PathOf(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return this;
    }

    /// <summary>A Dockerfile past the engine's text-file bound: reported as TL9002 (low), whatever detectors exist.</summary>
    public TempRepo WithOversizedDockerfile(string relativePath)
    {
        With(relativePath, "FROM python:3.12-slim\n# generated layer manifest follows\n");
        using var file = new FileStream(PathOf(relativePath), FileMode.Open, FileAccess.Write);
        file.SetLength(TextFileLimit + 1);
        return this;
    }

    /// <summary>An inference service whose Dockerfile is pinned by digest and runs as an unprivileged user.</summary>
    public static TempRepo CleanService() => new TempRepo()
        .With("README.md", "# sentiment-api\n\nServes the sentiment model over HTTP.\n")
        .With("src/app.py", "from fastapi import FastAPI\n\napp = FastAPI()\n\n@app.get('/healthz')\ndef health():\n    return {'ok': True}\n")
        .With(
            "serving/Dockerfile",
            """
            FROM python:3.12-slim@sha256:2b2f1bd5b8e8ed7a4f8b4d4d1f0a1ef1b8c9d6b0d52b2e1bcbf6a3c1f9a4e7d1
            WORKDIR /srv
            COPY src/ ./src/
            RUN pip install --no-cache-dir fastapi==0.115.0 uvicorn==0.30.6 \
             && useradd --uid 10001 --no-create-home app
            USER 10001
            CMD ["uvicorn", "src.app:app", "--host", "0.0.0.0", "--port", "8080"]

            """);

    /// <summary>A training job image whose layer manifest is too large to check: one low finding.</summary>
    public static TempRepo WithLowFinding() => CleanService().WithOversizedDockerfile("training/Dockerfile");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; never fail a test over cleanup.
        }
    }
}
