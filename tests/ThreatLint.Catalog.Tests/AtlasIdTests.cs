using System.Reflection;
using ThreatLint.Taxonomy;

namespace ThreatLint.Catalog.Tests;

/// <summary>Every taxonomy id the catalog uses exists in the embedded taxonomies: typed ids never drift from the data.</summary>
public sealed class AtlasIdTests
{
    [Test]
    public void Every_atlas_constant_exists_in_the_catalog()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Constants(typeof(AtlasTechnique)).Where(id => Taxonomies.Atlas.FindTechnique(id) is null), Is.Empty);
            Assert.That(Constants(typeof(AtlasMitigation)).Where(id => Taxonomies.Atlas.FindMitigation(id) is null), Is.Empty);
        });
    }

    [Test]
    public void Every_owasp_constant_exists_in_the_catalog()
    {
        Assert.That(Constants(typeof(OwaspLlm)), Is.EquivalentTo(Taxonomies.Owasp.Entries.Select(e => e.Id)));
    }

    [Test]
    public void Every_rule_taxonomy_id_exists()
    {
        var unknown = Rules.All.SelectMany(r =>
            r.Atlas.Where(id => Taxonomies.Atlas.FindTechnique(id) is null)
                .Concat(r.Owasp.Where(id => Taxonomies.Owasp.Find(id) is null))
                .Concat(r.Mitigation is { } m && Taxonomies.Atlas.FindMitigation(m) is null ? [m] : [])
                .Select(id => $"{r.Id}: {id}"));

        Assert.That(unknown, Is.Empty);
    }

    private static IEnumerable<string> Constants(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!);
}
