using ThreatLint.Catalog;
using ThreatLint.Core.Tests.Artifacts;
using ThreatLint.Rules.ModelArtifacts;

namespace ThreatLint.Core.Tests.Rules.ModelArtifacts;

public class GgufTemplateCodeTests
{
    /// <summary>Meta-Llama-3-8B-Instruct's chat template.</summary>
    private const string Llama3Template =
        "{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n'+ message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}{{ content }}{% endfor %}{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\n\n' }}{% endif %}";

    /// <summary>A Qwen-style template: namespace(), tool calls, string methods.</summary>
    private const string QwenLikeTemplate =
        "{%- set ns = namespace(multi_step_tool=true, last_query_index=messages|length - 1) %}{%- for message in messages %}{%- if message.content is string %}{%- set content = message.content.split('</think>')[-1].lstrip('\\n') %}{%- endif %}{%- for tool_call in message.tool_calls %}{{- '<tool_call>\\n{\"name\": \"' }}{{- tool_call.function.name }}{{- tool_call.function.arguments | tojson }}{%- endfor %}{%- endfor %}{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}";

    private static readonly GgufTemplateCode Rule = new();
    private ArtifactTree _tree = null!;

    [SetUp]
    public void CreateTree() => _tree = new ArtifactTree();

    [TearDown]
    public void DeleteTree() => _tree.Dispose();

    private IReadOnlyList<ThreatLint.Findings.Finding> Run(string template, string key = "tokenizer.chat_template") =>
        _tree.Run("llama-3-8b-instruct.Q4_K_M.gguf", new GgufBuilder()
            .String("general.architecture", "llama")
            .StringArray("tokenizer.ggml.tokens", ["<|begin_of_text|>", "<|eot_id|>"])
            .String(key, template)
            .Build(), Rule);

    [Test]
    public void Fires_on_the_classic_subclasses_escape_naming_the_whole_chain()
    {
        var findings = Run("{{ ''.__class__.__mro__[1].__subclasses__() }}");

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(findings[0].RuleId, Is.EqualTo("TL1007"));
            Assert.That(findings[0].Severity, Is.EqualTo(Severity.High));
            Assert.That(findings[0].Confidence, Is.EqualTo(Confidence.High));
            Assert.That(findings[0].Message, Is.EqualTo(
                "GGUF chat template tokenizer.chat_template in llama-3-8b-instruct.Q4_K_M.gguf uses ''.__class__.__mro__[1].__subclasses__, a Jinja escape to Python internals"));
        });
    }

    [TestCase("{{ lipsum.__globals__['os'].popen('id').read() }}", "lipsum.__globals__")]
    [TestCase("{{ cycler.__init__.__globals__.os.popen('id').read() }}", "cycler.__init__.__globals__")]
    [TestCase("{% set x = joiner.__init__.__globals__ %}", "joiner.__init__.__globals__")]
    [TestCase("{{ namespace.__init__.__globals__ }}", "namespace.__init__.__globals__")]
    [TestCase("{{ self._TemplateReference__context }}", "self._TemplateReference__context")]
    [TestCase("{{ request.application.__globals__.__builtins__.__import__('os') }}", "request.application.__globals__.__builtins__.__import__")]
    [TestCase("{{ messages|attr('__class__') }}", "messages|attr('__class__')")]
    [TestCase("{{ messages['__class__'] }}", "messages['__class__']")]
    [TestCase("{{ '{0.__class__.__init__}'.format(messages) }}", "'{0.__class__.__init__}'.format")]
    [TestCase("{{ messages|map(attribute='__class__')|list }}", "messages|map(attribute='__class__'")]
    [TestCase("{{ os.popen('id').read() }}", "os.popen")]
    [TestCase("{{ x.__class__.mro()[1] }}", "x.__class__.mro")]
    public void Fires_on_escapes_to_python_internals(string template, string chain)
    {
        var findings = Run(template);
        Assert.That(findings.Single().Message, Does.Contain(" uses " + chain + ", a Jinja escape"));
    }

    [Test]
    public void An_attr_filter_with_a_computed_name_fires_with_medium_confidence()
    {
        var findings = Run("{% set n = '__cla' ~ 'ss__' %}{{ messages|attr(n) }}");
        Assert.That(findings.Single().Confidence, Is.EqualTo(Confidence.Medium));
        Assert.That(findings.Single().Message, Does.Contain("messages|attr(n) (attr with a computed name)"));
    }

    [Test]
    public void Named_templates_are_checked_and_named()
    {
        var findings = Run("{{ tools.__class__ }}", key: "tokenizer.chat_template.tool_use");
        Assert.That(findings.Single().Message, Does.StartWith("GGUF chat template tokenizer.chat_template.tool_use in "));
    }

    [TestCase(Llama3Template)]
    [TestCase(QwenLikeTemplate)]
    [TestCase("The __class__ of service is {{ 'first class' }} and {{ '__globals__' }}{# x.__class__ #}")]
    [TestCase("{% raw %}{{ ''.__class__ }}{% endraw %}{{ bos_token }}")]
    [TestCase("{{ message.system_prompt }}{{ message['content'] | default('') if message.role == 'user' }}")]
    public void Does_not_fire_on_ordinary_templates(string template) => Assert.That(Run(template), Is.Empty);

    [Test]
    public void Any_underscore_name_fires_as_Jinjas_sandbox_refuses_it()
    {
        // Chat messages never have such keys; the sandbox refuses them, so does this rule.
        Assert.That(Run("{{ message['_meta'] }}"), Has.Count.EqualTo(1));
    }

    [Test]
    public void Other_metadata_strings_are_not_templates()
    {
        var findings = _tree.Run("m.gguf", new GgufBuilder().String("general.description", "{{ ''.__class__ }}").Build(), Rule);
        Assert.That(findings, Is.Empty);
    }

    [Test]
    public void One_finding_per_chain_and_at_most_ten_per_template()
    {
        Assert.That(Run("{{ a.__class__.__base__ }}{{ b.__class__ }}"), Has.Count.EqualTo(2));
        Assert.That(Run(string.Concat(Enumerable.Range(0, 30).Select(i => "{{ x" + i + ".__class__ }}"))), Has.Count.EqualTo(10));
    }

    [Test]
    public void A_template_over_the_string_limit_is_a_TL9002()
    {
        var findings = Run("{{ bos_token }}" + new string(' ', 5 * 1024 * 1024));
        Assert.That(findings.Ids(), Is.EqualTo(new[] { "TL9002" }));
        Assert.That(findings[0].Message, Does.StartWith("tokenizer.chat_template is longer than the string limit"));
    }

    [Test]
    public void A_truncated_gguf_is_one_TL9001_and_no_exception()
    {
        var full = new GgufBuilder().String("tokenizer.chat_template", "{{ ''.__class__ }}").Build();
        var findings = _tree.Run("m.gguf", full.Take(full.Length - 5).ToArray(), Rule, new ModelHeaderIntegrity());
        Assert.That(findings.Ids(), Is.EqualTo(new[] { "TL9001" }));
        Assert.That(findings[0].Message, Does.StartWith("cannot parse the file: malformed GGUF file"));
    }
}
