using ThreatLint.Taxonomy;

namespace ThreatLint.Catalog.Tests;

/// <summary>The embedded taxonomies load completely and are the shared, generated files.</summary>
public sealed class TaxonomyTests
{
    [Test]
    public void Embedded_atlas_is_version_5_6_0()
    {
        Assert.That(Taxonomies.Atlas.Version, Is.EqualTo("5.6.0"));
    }

    [Test]
    public void Atlas_catalog_loads_completely()
    {
        var atlas = Taxonomies.Atlas;
        Assert.Multiple(() =>
        {
            Assert.That(atlas.Tactics, Has.Count.EqualTo(16));
            Assert.That(atlas.Tactics[0], Is.EqualTo(new AtlasTacticEntry("AML.TA0002", "Reconnaissance")), "matrix order");
            Assert.That(atlas.Techniques.Count(t => !t.IsSubTechnique), Is.EqualTo(101));
            Assert.That(atlas.Techniques.Count(t => t.IsSubTechnique), Is.EqualTo(69));
            Assert.That(atlas.Mitigations, Has.Count.EqualTo(35));
            Assert.That(atlas.Techniques.SelectMany(t => t.Tactics).Where(id => atlas.FindTactic(id) is null), Is.Empty);
            Assert.That(atlas.Mitigations.SelectMany(m => m.Techniques).Where(id => atlas.FindTechnique(id) is null), Is.Empty);
        });
    }

    [Test]
    public void Atlas_sub_techniques_show_their_parent_name()
    {
        var model = Taxonomies.Atlas.FindTechnique(AtlasTechnique.T0010_003)!;
        var mitigation = Taxonomies.Atlas.FindMitigation(AtlasMitigation.M0014)!;
        Assert.Multiple(() =>
        {
            Assert.That(model.Name, Is.EqualTo("Model"));
            Assert.That(model.DisplayName, Is.EqualTo("AI Supply Chain Compromise: Model"));
            Assert.That(model.Parent, Is.EqualTo("AML.T0010"));
            Assert.That(model.Tactics, Is.EqualTo(Taxonomies.Atlas.FindTechnique("AML.T0010")!.Tactics));
            Assert.That(model.Url, Is.EqualTo("https://atlas.mitre.org/techniques/AML.T0010.003"));
            Assert.That(Taxonomies.Atlas.FindTechnique(AtlasTechnique.T0049)!.DisplayName, Is.EqualTo("Exploit Public-Facing Application"));
            Assert.That(mitigation.Name, Is.EqualTo("Verify AI Artifacts"));
            Assert.That(mitigation.Url, Is.EqualTo("https://atlas.mitre.org/mitigations/AML.M0014"));
        });
    }

    [Test]
    public void Owasp_and_stride_catalogs_load()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Taxonomies.Owasp.Edition, Is.EqualTo("2025"));
            Assert.That(Taxonomies.Owasp.Entries.Select(e => e.Id), Is.EqualTo(Enumerable.Range(1, 10).Select(i => $"LLM{i:00}")));
            Assert.That(Taxonomies.Owasp.Entries.Where(e => !e.Url.StartsWith("https://genai.owasp.org/", StringComparison.Ordinal)), Is.Empty);
            Assert.That(Taxonomies.Owasp.Find(OwaspLlm.LLM03)!.Name, Is.EqualTo("Supply Chain"));
            Assert.That(Taxonomies.Stride.Categories.Select(c => c.Id), Is.EqualTo(new[] { "S", "T", "R", "I", "D", "E" }));
            Assert.That(
                Taxonomies.Stride.Of(Stride.ElevationOfPrivilege | Stride.Tampering).Select(c => c.Name),
                Is.EqualTo(new[] { "Tampering", "Elevation of Privilege" }));
        });
    }

    [Test]
    public void Embedded_catalogs_are_the_shared_files()
    {
        var shared = RepoPaths.SharedCatalogs;
        if (shared is null)
        {
            Assert.Ignore("no shared/catalogs folder next to the repository");
        }

        var embedded = typeof(Taxonomies).Assembly.GetManifestResourceNames().Where(n => n.StartsWith("ThreatLint.Catalogs.", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(embedded, Is.EquivalentTo(Taxonomies.CatalogFiles.Select(f => "ThreatLint.Catalogs." + f)));
            foreach (var file in Taxonomies.CatalogFiles)
            {
                Assert.That(ReadAll(Taxonomies.OpenCatalogFile(file)), Is.EqualTo(File.ReadAllBytes(Path.Combine(shared, file))), file);
            }

            // Not embedded, but shipped beside the catalogs (Apache-2.0 section 4).
            Assert.That(
                File.ReadAllBytes(RepoPaths.Of("src/ThreatLint.Core/Catalogs/LICENSE-ATLAS.txt")),
                Is.EqualTo(File.ReadAllBytes(Path.Combine(shared, "LICENSE-ATLAS.txt"))),
                "LICENSE-ATLAS.txt");
        });
    }

    private static byte[] ReadAll(Stream stream)
    {
        using (stream)
        using (var buffer = new MemoryStream())
        {
            stream.CopyTo(buffer);
            return buffer.ToArray();
        }
    }
}
