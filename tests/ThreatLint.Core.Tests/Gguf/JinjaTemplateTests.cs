using ThreatLint.Documents.Jinja;

namespace ThreatLint.Core.Tests.Gguf;

public class JinjaTemplateTests
{
    private static IReadOnlyList<string> Accesses(string template) =>
        [.. JinjaTemplate.Parse(template).Accesses.Select(a => a.Kind + ":" + (a.Name ?? "?") + " in " + a.Chain)];

    [Test]
    public void Lists_attribute_accesses_with_the_chain_that_leads_to_them()
    {
        Assert.That(
            Accesses("{{ ''.__class__.__mro__[1].__subclasses__() }}"),
            Is.EqualTo(new[]
            {
                "Dot:__class__ in ''.__class__",
                "Dot:__mro__ in ''.__class__.__mro__",
                "Dot:__subclasses__ in ''.__class__.__mro__[1].__subclasses__",
            }));
    }

    [Test]
    public void Reads_subscripts_attr_filters_filter_arguments_and_format_fields()
    {
        Assert.That(
            Accesses("{% set x = m['role'] %}{{ m|attr('__class__') }}{{ m|attr(name) }}{{ ms|map(attribute='a.__dict__')|list }}{{ '{0.__init__}'.format(m) }}"),
            Is.EqualTo(new[]
            {
                "Subscript:role in m['role']",
                "AttrFilter:__class__ in m|attr('__class__')",
                "AttrFilter:? in m|attr(name)",
                "FilterAttribute:a in ms|map(attribute='a.__dict__'",
                "FilterAttribute:__dict__ in ms|map(attribute='a.__dict__'",
                "Dot:format in '{0.__init__}'.format",
                "FormatField:__init__ in '{0.__init__}'.format",
            }));
    }

    [Test]
    public void Literal_text_comments_raw_blocks_and_string_contents_are_not_code()
    {
        var template = "The __class__ of {# x.__globals__ #} service{% raw %}{{ y.__init__ }}{% endraw %}: {{ 'first.__class__' ~ \"a['__b__']\" }}";
        Assert.That(Accesses(template), Is.Empty);
    }

    [Test]
    public void Chains_restart_after_operators_and_inside_parentheses()
    {
        Assert.That(
            Accesses("{{ a.b + (c).d ~ f(g.h).i }}"),
            Is.EqualTo(new[] { "Dot:b in a.b", "Dot:d in (c).d", "Dot:h in g.h", "Dot:i in f(g.h).i" }));
        Assert.That(JinjaTemplate.Parse("{{ a.b }}").Accesses[0].Root, Is.EqualTo("a"));
        Assert.That(JinjaTemplate.Parse("{{ ''.b }}").Accesses[0].Root, Is.Null);
    }

    [Test]
    public void Unterminated_blocks_and_strings_are_still_read_and_hostile_sizes_stay_linear()
    {
        Assert.That(Accesses("{{ x.__class__"), Is.EqualTo(new[] { "Dot:__class__ in x.__class__" }));
        Assert.That(Accesses("{{ 'never closed"), Is.Empty);
        var many = string.Concat(Enumerable.Repeat("{{ a.b }}", 50_000));
        Assert.That(JinjaTemplate.Parse(many).Accesses, Has.Count.EqualTo(JinjaTemplate.MaxAccesses));
        var deep = "{{ " + new string('(', 100_000) + "x" + new string(')', 100_000) + ".y }}";
        Assert.That(JinjaTemplate.Parse(deep).Accesses, Has.Count.EqualTo(1));
    }
}
