using ThreatLint.Core.Tests.Rules.Secrets;

namespace ThreatLint.Core.Tests.Rules.Serving;

/// <summary>TL2010, TL1011, TL1010 and TL2009 on Triton model repositories (<c>config.pbtxt</c>), and TL9001 on malformed ones.</summary>
public class TritonConfigRulesTests
{
    private const string VllmPath = "model_repository/llama/config.pbtxt";

    private static string Vllm(string parameters) => """
        # vLLM backend, model weights fetched from the Hub at load time
        name: "llama"
        backend: "vllm"
        max_batch_size: 0
        model_transaction_policy { decoupled: true }
        input [
          { name: "text_input", data_type: TYPE_STRING, dims: [ 1 ] }
        ]
        output [
          { name: "text_output", data_type: TYPE_STRING, dims: [ -1 ] }
        ]
        instance_group [ { count: 1, kind: KIND_MODEL } ]

        """ + parameters;

    private static string Parameter(string key, string value) => "parameters: {\n  key: \"" + key + "\"\n  value: { string_value: \"" + value + "\" }\n}\n";

    private const string PythonBackend = """
        name: "preprocess"
        backend: "python"
        max_batch_size: 16
        input [ { name: "INPUT0", data_type: TYPE_UINT8, dims: [ -1 ] } ]
        output [ { name: "OUTPUT0", data_type: TYPE_FP32, dims: [ 3, 224, 224 ] } ]
        instance_group [ { kind: KIND_CPU, count: 2 } ]
        dynamic_batching { preferred_batch_size: [ 4, 8 ] max_queue_delay_microseconds: 100 }

        """;

    private const string Onnx = """
        name: "bert"
        platform: "onnxruntime_onnx"
        max_batch_size: 32
        input [
          { name: "input_ids", data_type: TYPE_INT64, dims: [ -1 ] },
          { name: "attention_mask", data_type: TYPE_INT64, dims: [ -1 ] }
        ]
        output [ { name: "logits", data_type: TYPE_FP32, dims: [ 2 ] } ]
        optimization { execution_accelerators { gpu_execution_accelerator : [ { name : "tensorrt" parameters { key: "precision_mode" value: "FP16" } } ] } }
        parameters [
          { key: "intra_op_thread_count", value: { string_value: "4" } },
          { key: "execution_mode", value: { string_value: "0" } }
        ]
        model_repository_agents { agents [ { name: "checksum", parameters { key: "MD5:model.onnx", value: "<md5>" } } ] }

        """;

    [Test]
    public void Trust_remote_code_parameter_fires()
    {
        var findings = ServingScan.Run((VllmPath, Vllm(Parameter("trust_remote_code", "true"))));
        Assert.That(findings.Of("TL1011"), Is.EqualTo(new[] { VllmPath + "@14" }));
    }

    [TestCase("TRUST_REMOTE_CODE", "1", 1)]
    [TestCase("trust_remote_code", "yes", 1)]
    [TestCase("trust_remote_code", "false", 0)]
    [TestCase("trust_remote_code_note", "true", 0)]
    public void Trust_remote_code_values(string key, string value, int expected)
    {
        Assert.That(ServingScan.Run((VllmPath, Vllm(Parameter(key, value)))).Of("TL1011"), Has.Count.EqualTo(expected));
    }

    [Test]
    public void Hub_model_without_a_commit_revision_fires()
    {
        var findings = ServingScan.Run((VllmPath, Vllm(Parameter("model", "meta-llama/Llama-3.1-8B-Instruct"))));
        var finding = findings.Single(f => f.RuleId == "TL1010");
        Assert.Multiple(() =>
        {
            Assert.That(finding.Span.Line, Is.EqualTo(15));
            Assert.That(finding.Message, Does.Contain("meta-llama/Llama-3.1-8B-Instruct"));
        });
    }

    [TestCase("main", 1)]
    [TestCase("0e9e39f249a16976918f6564b8830bc894c89659", 0)]
    public void Revision_parameter_decides(string revision, int expected)
    {
        var text = Vllm(Parameter("model_id", "mistralai/Mistral-7B-Instruct-v0.3") + Parameter("revision", revision));
        Assert.That(ServingScan.Run((VllmPath, text)).Of("TL1010"), Has.Count.EqualTo(expected));
    }

    [TestCase("/models/llama-3-8b")]
    [TestCase("gpt2")]
    [TestCase("$$TRITON_MODEL_DIRECTORY/1/model")]
    public void Local_models_do_not_fire(string model)
    {
        Assert.That(ServingScan.Run((VllmPath, Vllm(Parameter("model", model)))).Of("TL1010"), Is.Empty);
    }

    [Test]
    public void Execution_env_over_plain_http_fires()
    {
        var findings = ServingScan.Run(("models/preprocess/config.pbtxt", PythonBackend + Parameter("EXECUTION_ENV_PATH", "http://artifacts.example.com/envs/py310.tar.gz")));
        Assert.That(findings.Of("TL2009"), Is.EqualTo(new[] { "models/preprocess/config.pbtxt@10" }));
    }

    [TestCase("$$TRITON_MODEL_DIRECTORY/python3.10.tar.gz")]
    [TestCase("https://artifacts.example.com/envs/py310.tar.gz")]
    public void Execution_env_locally_or_over_https_does_not_fire(string path)
    {
        Assert.That(ServingScan.Run(("models/preprocess/config.pbtxt", PythonBackend + Parameter("EXECUTION_ENV_PATH", path))).Of("TL2009"), Is.Empty);
    }

    [Test]
    public void Credential_in_a_parameter_fires_without_its_value()
    {
        var findings = ServingScan.Run((VllmPath, Vllm(Parameter("HF_TOKEN", FakeKeys.HuggingFace))));
        var finding = findings.Single(f => f.RuleId == "TL2010");
        Assert.Multiple(() =>
        {
            Assert.That(finding.Span.Line, Is.EqualTo(15));
            Assert.That(finding.Span.Column, Is.EqualTo(27));
            Assert.That(finding.Message, Does.Contain("HF_TOKEN"));
            Assert.That(finding.Message, Does.Not.Contain(FakeKeys.HuggingFace));
        });
    }

    [Test]
    public void Credential_in_any_string_field_fires()
    {
        var findings = ServingScan.Run(("models/x/config.pbtxt", "name: \"x\"\nbackend: \"python\"\ndefault_model_filename: \"" + FakeKeys.OpenAiProject + "\"\n"));
        Assert.That(findings.Of("TL2010"), Is.EqualTo(new[] { "models/x/config.pbtxt@3" }));
    }

    [TestCase("<your-hf-token>")]
    [TestCase("${HF_TOKEN}")]
    [TestCase("hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    public void Placeholders_do_not_fire(string value)
    {
        Assert.That(ServingScan.Run((VllmPath, Vllm(Parameter("HF_TOKEN", value)))).Of("TL2010"), Is.Empty);
    }

    [Test]
    public void Hardened_repositories_are_clean()
    {
        var vllm = Vllm(Parameter("model", "meta-llama/Llama-3.1-8B-Instruct") + Parameter("revision", "0e9e39f249a16976918f6564b8830bc894c89659")
            + Parameter("trust_remote_code", "false") + Parameter("gpu_memory_utilization", "0.85"));
        var findings = ServingScan.Run(
            (VllmPath, vllm),
            ("model_repository/bert/config.pbtxt", Onnx),
            ("model_repository/preprocess/config.pbtxt", PythonBackend + Parameter("EXECUTION_ENV_PATH", "$$TRITON_MODEL_DIRECTORY/py310.tar.gz")));
        Assert.That(findings.Select(f => f.RuleId + " " + f.Path + "@" + f.Span.Line), Is.Empty);
    }

    [Test]
    public void Malformed_config_is_TL9001_at_its_line()
    {
        var findings = ServingScan.Run(("models/bad/config.pbtxt", "name: \"bad\"\nbackend: \"python\"\ninput [\n  { name: \"x\" data_type: TYPE_FP32 dims: [ 1 }\n]\n"));
        var finding = findings.Single();
        Assert.Multiple(() =>
        {
            Assert.That(finding.RuleId, Is.EqualTo("TL9001"));
            Assert.That(finding.Span.Line, Is.EqualTo(4));
        });
    }

    [Test]
    public void Suppression_comment_applies()
    {
        var text = Vllm("parameters: {\n  key: \"trust_remote_code\"  # threatlint-ignore TL1011: the model's code is vendored and reviewed\n  value: { string_value: \"true\" }\n}\n");
        var finding = ServingScan.Run((VllmPath, text)).Single(f => f.RuleId == "TL1011");
        Assert.That(finding.Suppressed, Is.True);
    }
}

public class PbtxtScanLimitTests
{
    [Test]
    public void Deep_nesting_is_TL9002_and_the_scan_goes_on()
    {
        var deep = string.Concat(Enumerable.Repeat("a {\n", 100)) + string.Concat(Enumerable.Repeat("}\n", 100));
        var findings = ServingScan.Run(("models/deep/config.pbtxt", deep), ("models/ok/config.pbtxt", "name: \"ok\"\nparameters { key: \"trust_remote_code\" value { string_value: \"true\" } }\n"));
        Assert.Multiple(() =>
        {
            Assert.That(findings.Of("TL9002"), Is.EqualTo(new[] { "models/deep/config.pbtxt@1" }));
            Assert.That(findings.Of("TL1011"), Is.EqualTo(new[] { "models/ok/config.pbtxt@2" }));
        });
    }
}
