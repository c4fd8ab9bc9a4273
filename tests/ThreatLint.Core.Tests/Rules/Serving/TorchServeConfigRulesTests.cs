using ThreatLint.Catalog;

namespace ThreatLint.Core.Tests.Rules.Serving;

/// <summary>TL2004 (allowed_urls), TL2006 (max_request_size) and TL2011 (CORS) on TorchServe config.properties.</summary>
public class ModelUrlAllowlistOpenTests
{
    [Test]
    public void Catalog_example_fires_on_failing_and_not_on_passing()
    {
        var (failing, passing) = ServingScan.Example(Catalog.Rules.ModelUrlAllowlistOpen);
        Assert.Multiple(() =>
        {
            Assert.That(failing.Of("TL2004"), Is.EqualTo(new[] { "config.properties@2" }));
            Assert.That(passing.Of("TL2004"), Is.Empty);
        });
    }

    [TestCase("allowed_urls=.*", 1)]
    [TestCase("allowed_urls=https://s3.amazonaws.com/models/.*,http(s)?://.*", 1)]
    [TestCase("allowed_urls=https://s3.amazonaws.com/models/.*", 0)]
    [TestCase("enable_model_api=false", 0)]
    public void Open_or_missing_allowlists_fire(string line, int expected)
    {
        Assert.That(ServingScan.Run(("config.properties", "management_address=http://127.0.0.1:8081\n" + line + "\n")).Of("TL2004"), Has.Count.EqualTo(expected));
    }

    [Test]
    public void A_java_properties_file_is_not_a_torchserve_config()
    {
        Assert.That(ServingScan.Run(("app.properties", "server.port=8080\nspring.profiles.active=prod\n")).Where(f => f.RuleId.StartsWith("TL20", StringComparison.Ordinal)), Is.Empty);
    }
}

public class RequestSizeUnboundedTests
{
    [Test]
    public void Catalog_example_fires_on_failing_and_not_on_passing()
    {
        var (failing, passing) = ServingScan.Example(Catalog.Rules.RequestSizeUnbounded);
        Assert.Multiple(() =>
        {
            Assert.That(failing.Of("TL2006"), Is.EqualTo(new[] { "deploy/ingress.yaml@6" }));
            Assert.That(passing.Of("TL2006"), Is.Empty);
        });
    }

    [TestCase("max_request_size=10737418240", 1)]
    [TestCase("max_request_size=-1", 1)]
    [TestCase("max_request_size=104857600", 0)]
    public void Torchserve_request_size(string line, int expected)
    {
        Assert.That(ServingScan.Run(("config.properties", "inference_address=http://0.0.0.0:8080\n" + line + "\n")).Of("TL2006"), Has.Count.EqualTo(expected));
    }

    [Test]
    public void Tgi_token_bounds_from_env_and_flags()
    {
        const string compose = "services:\n  tgi:\n    image: ghcr.io/huggingface/text-generation-inference:2.4.0\n    command: --max-total-tokens 4000000\n    environment:\n      MAX_INPUT_TOKENS: \"2000000\"\n      MAX_TOTAL_TOKENS: \"8192\"\n";
        Assert.That(ServingScan.Run(("compose.yaml", compose)).Of("TL2006"), Is.EqualTo(new[] { "compose.yaml@4", "compose.yaml@6" }));
    }
}

public class InferenceCorsWildcardTests
{
    [Test]
    public void Catalog_example_fires_on_failing_and_not_on_passing()
    {
        var (failing, passing) = ServingScan.Example(Catalog.Rules.InferenceCorsWildcard);
        Assert.Multiple(() =>
        {
            Assert.That(failing.Of("TL2011"), Is.EqualTo(new[] { "config.properties@4" }));
            Assert.That(passing.Of("TL2011"), Is.Empty);
        });
    }

    [TestCase("    nginx.ingress.kubernetes.io/enable-cors: \"true\"\n", 1)]
    [TestCase("    nginx.ingress.kubernetes.io/enable-cors: \"true\"\n    nginx.ingress.kubernetes.io/cors-allow-origin: \"*\"\n", 1)]
    [TestCase("    nginx.ingress.kubernetes.io/enable-cors: \"true\"\n    nginx.ingress.kubernetes.io/cors-allow-credentials: \"false\"\n", 0)]
    [TestCase("    nginx.ingress.kubernetes.io/enable-cors: \"true\"\n    nginx.ingress.kubernetes.io/cors-allow-origin: \"https://app.example.com\"\n", 0)]
    [TestCase("    nginx.ingress.kubernetes.io/enable-cors: \"false\"\n", 0)]
    public void Nginx_cors_with_any_origin_and_credentials(string annotations, int expected)
    {
        var ingress = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: llm\n  annotations:\n" + annotations + "spec:\n  defaultBackend: {service: {name: vllm, port: {number: 80}}}\n";
        Assert.That(ServingScan.Run(("ingress.yaml", ingress)).Of("TL2011"), Has.Count.EqualTo(expected));
    }
}
