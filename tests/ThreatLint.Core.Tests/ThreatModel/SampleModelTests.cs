using ThreatLint.ThreatModel;

namespace ThreatLint.Core.Tests.ThreatModel;

/// <summary>What the threat model of each sample holds: components, flows, threats with attack vector and mitigation, scorecard.</summary>
public class SampleModelTests
{
    [Test]
    public void Sentiment_api_is_an_ingress_in_front_of_the_api_that_calls_OpenAI()
    {
        var model = SampleModels.Of("sentiment-api");

        AssertComponents(model, [
            ("Users", ComponentKind.Client, TrustZone.Internet),
            ("Ingress sentiment-api", ComponentKind.Endpoint, TrustZone.Serving),
            ("sentiment-api", ComponentKind.Service, TrustZone.Serving),
            ("sentiment-api image", ComponentKind.ContainerImage, TrustZone.Registries),
            ("GitHub Actions: build", ComponentKind.CiSystem, TrustZone.Delivery),
            ("OpenAI API", ComponentKind.LlmService, TrustZone.ThirdParty),
        ]);
        Assert.That(Component(model, "sentiment-api").Locations.Select(l => l.Path), Is.EquivalentTo(new[] { "SentimentApi.csproj", "deploy/k8s/deployment.yaml" }), "the project and the Deployment that runs its image are one component");
        AssertFlows(model, [
            ("Users", "Ingress sentiment-api", "HTTPS requests"),
            ("Ingress sentiment-api", "sentiment-api", "requests"),
            ("sentiment-api", "OpenAI API", "prompts"),
            ("sentiment-api image", "sentiment-api", "runs"),
            ("GitHub Actions: build", "sentiment-api image", "builds"),
        ]);
        Assert.That(model.Boundaries.Select(b => b.Name), Does.Contain("Internet ↔ Serving runtime"));
        // The C# findings are those expected-findings.txt lists (more as the analyzers' sample coverage grows).
        Assert.That(model.ThreatsOf(Component(model, "sentiment-api")).Select(t => t.Rule.Id), Does.Contain("TL5008"));
        AssertThreats(model, "sentiment-api image", ["TL4001", "TL4002"]);
        AssertScorecard(model, new()
        {
            ["Secrets management"] = ControlStatus.Fail,
            ["Container privileges"] = ControlStatus.Fail,
            ["Pinned images and dependencies"] = ControlStatus.Fail,
            ["Pinned third-party models"] = ControlStatus.NotApplicable,
        });
    }

    [Test]
    public void Rag_chatbot_retrieves_from_the_search_index_and_sends_it_to_the_LLM()
    {
        var model = SampleModels.Of("rag-chatbot");

        AssertComponents(model, [
            ("Ingress rag-chatbot", ComponentKind.Endpoint, TrustZone.Serving),
            ("rag-chatbot", ComponentKind.Service, TrustZone.Serving),
            ("Azure AI Search", ComponentKind.VectorStore, TrustZone.Serving),
            ("Kubernetes Secrets", ComponentKind.SecretsStore, TrustZone.Serving),
            ("ingest/ingest.py", ComponentKind.TrainingPipeline, TrustZone.Training),
            ("OpenAI API", ComponentKind.LlmService, TrustZone.ThirdParty),
        ]);
        Assert.That(Component(model, "rag-chatbot").Locations.Select(l => l.Path), Is.EquivalentTo(new[] { ".env", "RagChatbot.csproj", "deploy/k8s/chatbot.yaml", "docker-compose.yml" }), "project, Deployment, Compose service and its env_file are one component");
        AssertFlows(model, [
            ("Users", "Ingress rag-chatbot", "HTTPS requests"),
            ("Ingress rag-chatbot", "rag-chatbot", "requests"),
            ("Azure AI Search", "rag-chatbot", "retrieved documents"),
            ("rag-chatbot", "OpenAI API", "prompts with retrieved text"),
            ("Kubernetes Secrets", "rag-chatbot", "credentials"),
            ("ingest/ingest.py", "Azure AI Search", "embeddings and queries"),
        ]);
        AssertThreats(model, "rag-chatbot", ["TL2010", "TL5005", "TL5010", "TL5001", "TL5002"]);
        Assert.That(Threat(model, "rag-chatbot", "TL5010").AttackVector, Does.Contain("documents they are not allowed to read"));
        Assert.That(Threat(model, "rag-chatbot", "TL5005").Rule.Mitigation, Is.EqualTo("AML.M0020"));
        AssertScorecard(model, new()
        {
            ["Authentication"] = ControlStatus.Fail,
            ["Rate limits"] = ControlStatus.Fail,
            ["Secrets management"] = ControlStatus.Fail,
            ["Container privileges"] = ControlStatus.Pass,
            ["Model signing"] = ControlStatus.NotApplicable,
            ["CI hardening"] = ControlStatus.NotApplicable,
        });
    }

    [Test]
    public void Mlops_platform_trains_in_Kubeflow_registers_in_MLflow_and_serves_with_KServe()
    {
        var model = SampleModels.Of("mlops-platform");

        AssertComponents(model, [
            ("churn", ComponentKind.ModelServer, TrustZone.Serving),
            ("churn-training", ComponentKind.TrainingPipeline, TrustZone.Training),
            ("DVC pipeline", ComponentKind.TrainingPipeline, TrustZone.Training),
            ("Feast churn", ComponentKind.FeatureStore, TrustZone.Training),
            ("mlflow", ComponentKind.ModelRegistry, TrustZone.Registries),
            ("s3://contoso-models", ComponentKind.ModelRegistry, TrustZone.Registries),
            ("models/baseline/model.pkl", ComponentKind.ModelArtifact, TrustZone.Registries),
            ("GitHub Actions: publish-model", ComponentKind.CiSystem, TrustZone.Delivery),
            ("Hugging Face Hub", ComponentKind.ModelHub, TrustZone.ThirdParty),
            ("Payload logger (payload-logger)", ComponentKind.LogSink, TrustZone.Serving),
        ]);
        Assert.That(Component(model, "churn-training").Locations.Select(l => l.Path), Is.EquivalentTo(new[] { "components/train/register.py", "components/train/train.py", "pipelines/churn-training.yaml" }), "the scripts the image copies in are the pipeline's code");
        AssertFlows(model, [
            ("Users", "churn", "inference requests"),
            ("s3://contoso-models", "churn", "model weights"),
            ("churn", "Payload logger (payload-logger)", "payloads (all)"),
            ("churn-training", "s3://contoso-models", "trained model"),
            ("Hugging Face Hub", "churn-training", "model weights"),
            ("Feast churn", "churn-training", "training features"),
            ("GitHub Actions: publish-model", "s3://contoso-models", "model upload"),
            ("http://exports.contoso-crm.example", "DVC pipeline", "imported data"),
            ("https://exports.contoso-crm.example", "churn-training", "training data"),
        ]);
        Assert.That(model.Boundaries.Select(b => b.Name), Is.SupersetOf(new[] { "Training and data ↔ Third parties", "CI/CD ↔ Registries and artifacts", "Internet ↔ Serving runtime" }));
        AssertThreats(model, "churn-training", ["TL1010", "TL1012", "TL3009"]);
        AssertThreats(model, "GitHub Actions: publish-model", ["TL3001", "TL3004", "TL3005"]);
        AssertThreats(model, "DVC pipeline", ["TL3006"]);
        AssertThreats(model, "churn", ["TL2001", "TL2003", "TL2007"]);
        AssertThreats(model, "mlflow", ["TL2002"]);
        AssertThreats(model, "models/baseline/model.pkl", ["TL1004", "TL1003"]);
        AssertThreats(model, "train image", ["TL3008", "TL4001", "TL4002"]);
        AssertThreats(model, "predictor image", ["TL1013", "TL4001", "TL4002"]);
        AssertScorecard(model, new()
        {
            ["Model signing"] = ControlStatus.Fail,
            ["Artifact provenance"] = ControlStatus.Fail,
            ["Pinned third-party models"] = ControlStatus.Fail,
            ["Pinned images and dependencies"] = ControlStatus.Fail,
            ["Container privileges"] = ControlStatus.Fail,
            ["Rate limits"] = ControlStatus.Fail,
            ["Authentication"] = ControlStatus.Fail,
            ["Payload logging"] = ControlStatus.Fail,
            ["CI hardening"] = ControlStatus.Fail,
        });
    }

    [TestCaseSource(typeof(SampleModels), nameof(SampleModels.Samples))]
    public void Every_threat_has_an_attack_vector_a_mitigation_and_a_fix(string sample)
    {
        var model = SampleModels.Of(sample);

        Assert.That(model.Threats, Has.Count.GreaterThanOrEqualTo(3));
        foreach (var threat in model.Threats)
        {
            Assert.That(AttackVectors.Has(threat.Rule.Id), Is.True, threat.Rule.Id + " has no attack vector of its own");
            Assert.That(threat.AttackVector, Does.EndWith(".").And.Length.LessThan(120));
            Assert.That(threat.Rule.Mitigation, Is.Not.Null.And.StartWith("AML.M"), threat.Rule.Id);
            Assert.That(Taxonomy.Taxonomies.Atlas.FindMitigation(threat.Rule.Mitigation!), Is.Not.Null);
            Assert.That(threat.Fix, Is.Not.Empty);
            Assert.That(model.Find(threat.ComponentId), Is.Not.Null);
        }

        Assert.That(model.Scorecard.Select(c => c.Name), Is.EqualTo(new[]
        {
            "Model signing", "Artifact provenance", "Pinned third-party models", "Pinned images and dependencies", "Rate limits",
            "Authentication", "Secrets management", "Resource limits", "Container privileges", "Payload logging", "CI hardening",
        }));
        Assert.That(model.Scorecard.Select(c => c.Evidence), Is.All.Not.Empty);
        Assert.That(model.Unplaced, Is.Empty, "every finding of a sample lands on a component");
    }

    [Test]
    public void Every_rule_has_its_own_attack_vector()
    {
        Assert.That(Catalog.Rules.All.Where(r => !AttackVectors.Has(r.Id)).Select(r => r.Id), Is.Empty);
    }

    private static Component Component(SystemModel model, string name) =>
        model.Components.SingleOrDefault(c => c.Name == name) ?? throw new AssertionException("no component " + name + " in " + string.Join(", ", model.Components.Select(c => c.Name)));

    private static Threat Threat(SystemModel model, string component, string ruleId) =>
        model.ThreatsOf(Component(model, component)).Single(t => t.Rule.Id == ruleId);

    private static void AssertComponents(SystemModel model, (string Name, ComponentKind Kind, TrustZone Zone)[] expected)
    {
        Assert.Multiple(() =>
        {
            foreach (var (name, kind, zone) in expected)
            {
                var component = Component(model, name);
                Assert.That((component.Kind, component.Zone), Is.EqualTo((kind, zone)), name);
            }
        });
    }

    private static void AssertFlows(SystemModel model, (string From, string To, string Label)[] expected)
    {
        var actual = model.Flows.Select(f => (model.Find(f.From)!.Name, model.Find(f.To)!.Name, f.Label)).ToList();
        Assert.That(actual, Is.SupersetOf(expected));
    }

    private static void AssertThreats(SystemModel model, string component, string[] ruleIds) =>
        Assert.That(model.ThreatsOf(Component(model, component)).Select(t => t.Rule.Id), Is.EquivalentTo(ruleIds), component);

    private static void AssertScorecard(SystemModel model, Dictionary<string, ControlStatus> expected)
    {
        var actual = model.Scorecard.ToDictionary(c => c.Name, c => c.Status);
        Assert.Multiple(() =>
        {
            foreach (var (name, status) in expected)
            {
                Assert.That(actual[name], Is.EqualTo(status), name + ": " + model.Scorecard.First(c => c.Name == name).Evidence);
            }
        });
    }
}
