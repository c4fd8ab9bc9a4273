using ThreatLint.ThreatModel;

namespace ThreatLint.Core.Tests.ThreatModel;

/// <summary>Odd or broken files cost their components, never the model; secrets in URIs never reach the report.</summary>
public class HostileRepositoryTests
{
    [Test]
    public void Malformed_manifests_projects_and_pipelines_still_give_a_model()
    {
        var root = Directory.CreateTempSubdirectory("threatlint-model-").FullName;
        try
        {
            Write(root, "k8s/odd.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: [not, a, map]
                spec: just text
                ---
                apiVersion: v1
                kind: Service
                spec: {type: LoadBalancer, selector: [a, b]}
                ---
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: edge}
                spec: {rules: [{http: {paths: [{backend: 42}]}}]}
                ---
                apiVersion: serving.kserve.io/v1beta1
                kind: InferenceService
                metadata: {name: m}
                spec: {predictor: {model: {storageUri: "s3://AKIAEXAMPLEKEY:hunter2@bucket/path?sig=SECRET"}, logger: {url: 7}}}
                """);
            Write(root, "docker-compose.yml", "services: [a, b]\n");
            Write(root, "compose.yaml", "services:\n  app:\n    build: {context: ../../..}\n    env_file: [{path: ./x.env}]\n    depends_on: {db: {condition: service_started}}\n    ports: 8080\n");
            Write(root, "feature_store.yaml", "project: {nested: true}\n");
            Write(root, "dvc.yaml", "stages: [1, 2]\n");
            Write(root, "wf.yaml", "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nspec:\n  templates:\n    - container: {args: [\"--model-out=s3://out\", 5, {x: 1}]}\n");
            Write(root, ".github/workflows/ci.yml", "on: push\njobs:\n  a:\n    steps:\n      - run: [not, a, script]\n      - uses: 12\n      - run: \"docker push\"\n");
            Write(root, "App.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\"><!DOCTYPE x [<!ENTITY a \"b\">]><PackageReference Include=\"OpenAI\" /></Project>");
            Write(root, "Broken.csproj", "<Project");
            Write(root, "Dockerfile", "ARG BASE\nFROM $BASE\n");

            var model = SystemModelBuilder.Scan(root);
            var markdown = MarkdownReport.Write(model, "test");
            var dragon = ThreatDragonExport.Write(model, "test");

            Assert.That(model.Notes, Is.Empty, string.Join("\n", model.Notes));
            Assert.That(model.Components.Select(c => c.Name), Does.Contain("Ingress edge").And.Contain("m"));
            Assert.That(markdown + dragon, Does.Not.Contain("hunter2").And.Not.Contain("AKIAEXAMPLEKEY").And.Not.Contain("SECRET"));
            Assert.That(markdown, Does.Contain("s3://bucket"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void Write(string root, string path, string text)
    {
        var full = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }
}
