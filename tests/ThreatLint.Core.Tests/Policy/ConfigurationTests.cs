using ThreatLint.Catalog;
using ThreatLint.Configuration;
using ThreatLint.Core.Tests.Pickle;

namespace ThreatLint.Core.Tests.Policy;

/// <summary>.threatlint.yml round trips: severities, off, rule options, file selection, and every mistake as TL9003.</summary>
public class ConfigurationTests
{
    private const string RootImage = "FROM python:3.12-slim\nCMD [\"python\", \"serve.py\"]\n";

    [Test]
    public void A_configured_severity_is_the_effective_severity_and_off_drops_the_rule()
    {
        using var repo = new ScratchRepo();
        repo.Write("Dockerfile", RootImage);
        repo.Write(".threatlint.yml", "rules:\n  TL4001: critical\n  base-image-unpinned: off\n");

        var result = repo.Scan();

        Assert.Multiple(() =>
        {
            Assert.That(ScratchRepo.Single(result, "TL4001").Severity, Is.EqualTo(Severity.Critical));
            Assert.That(result.Findings.Select(f => f.RuleId), Does.Not.Contain("TL4002"));
            Assert.That(result.AtOrAbove(Severity.Critical).Select(f => f.RuleId), Is.EqualTo(new[] { "TL4001" }));
        });
    }

    [Test]
    public void The_configuration_is_found_upward_from_the_root_up_to_the_repository_root()
    {
        using var repo = new ScratchRepo();
        var config = repo.Write(".threatlint.yml", "failOn: high\n");
        repo.Write("services/api/Dockerfile", RootImage);

        Assert.Multiple(() =>
        {
            Assert.That(ConfigLoader.Find(Path.Combine(repo.Root, "services", "api")), Is.EqualTo(config));
            Assert.That(ScanOptions.Create(Path.Combine(repo.Root, "services")).Config.FailOn, Is.EqualTo(Severity.High));
        });

        File.Delete(config);
        Directory.CreateDirectory(Path.Combine(repo.Root, "services", ".git"));
        File.WriteAllText(Path.Combine(repo.Root, ".threatlint.yml"), "failOn: low\n");
        Assert.That(ConfigLoader.Find(Path.Combine(repo.Root, "services", "api")), Is.Null, "the search stops at the nearest repository root");
    }

    [TestCase("colour: blue\n", 1, 1, "unknown key 'colour'; valid keys: failOn, baseline, include, exclude, files, rules, ignore")]
    [TestCase("failOn: hihg\n", 1, 9, "invalid value 'hihg' for 'failOn'; valid choices: critical, high, medium, low, none")]
    [TestCase("failOn: [high]\n", 1, 9, "'failOn' must be one of critical, high, medium, low, none, but it is a list")]
    [TestCase("rules:\n  TL4001: loud\n", 2, 11, "invalid value 'loud' for 'rules.TL4001'; valid choices: critical, high, medium, low, off")]
    [TestCase("rules:\n  TL9999: off\n", 2, 3, "unknown rule 'TL9999' under 'rules'")]
    [TestCase("rules:\n  TL4001:\n    trustedRegistries: [x]\n", 3, 5, "unknown option 'trustedRegistries' for TL4001; valid: severity, nonRootBaseImages")]
    [TestCase("rules:\n  TL4002:\n    trustedRegistries: { a: b }\n", 3, 24, "'rules.TL4002.trustedRegistries' must be a list of strings")]
    [TestCase("exclude:\n  - /abs/**\n", 2, 5, "glob '/abs/**' is absolute")]
    [TestCase("include: [\"src/{a,b}/**\"]\n", 1, 11, "uses {}, [] or !, which are not supported")]
    [TestCase("exclude: [\"../outside/**\"]\n", 1, 11, "climbs out of the root")]
    [TestCase("files:\n  - pattern: \"*.docker\"\n    kind: spreadsheet\n", 3, 11, "valid choices: dockerfile, model-artifact, python-source, notebook")]
    [TestCase("ignore:\n  - rules: [TL4001]\n", 2, 5, "an 'ignore' entry needs 'paths'")]
    [TestCase("rules:\n  TL4001: high\n    severity: low\n", 3, 13, "not valid YAML")]
    public void Mistakes_are_TL9003_with_file_line_and_the_valid_choices(string yaml, int line, int column, string message)
    {
        using var repo = new ScratchRepo();
        repo.Write("Dockerfile", RootImage);
        repo.Write(".threatlint.yml", yaml);

        var result = repo.Scan();

        var problem = result.Findings.First(f => f.RuleId == "TL9003");
        Assert.Multiple(() =>
        {
            Assert.That(problem.Path, Is.EqualTo(".threatlint.yml"));
            Assert.That((problem.Span.Line, problem.Span.Column), Is.EqualTo((line, column)));
            Assert.That(problem.Message, Does.Contain(message));
            Assert.That(result.Findings.Any(f => f.RuleId == "TL4002"), Is.True, "the scan goes on with what it could read");
        });
    }

    [Test]
    public void A_missing_configuration_named_explicitly_is_a_TL9003_not_an_exception()
    {
        using var repo = new ScratchRepo();
        repo.Write("Dockerfile", RootImage);

        var result = repo.Scan(config: Path.Combine(repo.Root, "nope.yml"));

        Assert.That(ScratchRepo.Single(result, "TL9003").Message, Does.Contain("does not exist"));
    }

    [Test]
    public void Include_exclude_and_extra_file_patterns_choose_what_is_scanned()
    {
        using var repo = new ScratchRepo();
        repo.Write("services/api/Dockerfile", RootImage);
        repo.Write("services/legacy/Dockerfile", RootImage);
        repo.Write("deploy/serving.docker", RootImage);
        repo.Write("tools/Dockerfile", RootImage);
        repo.Write(".threatlint.yml", """
            include: ["services/**", "deploy/**"]
            exclude: ["services/legacy/**"]
            files:
              - pattern: "deploy/*.docker"
                kind: dockerfile
            """);

        var result = repo.Scan();

        Assert.That(result.Findings.Select(f => f.Path).Distinct(), Is.EquivalentTo(new[] { "deploy/serving.docker", "services/api/Dockerfile" }));
    }

    [Test]
    public void TL4001_accepts_configured_non_root_base_images()
    {
        using var repo = new ScratchRepo();
        repo.Write("a/Dockerfile", "FROM ghcr.io/acme/python-base:3.12\nCMD [\"serve\"]\n");
        repo.Write("b/Dockerfile", "FROM python:3.12\nCMD [\"serve\"]\n");
        repo.Write("c/Dockerfile", "FROM ghcr.io/acme/tools:1.0\nCMD [\"serve\"]\n");
        repo.Write(".threatlint.yml", "rules:\n  TL4001:\n    nonRootBaseImages: [\"ghcr.io/acme/python-*\", \"python:3.12\"]\n");

        var result = repo.Scan();

        Assert.That(result.Findings.Where(f => f.RuleId == "TL4001").Select(f => f.Path), Is.EqualTo(new[] { "c/Dockerfile" }));
    }

    [Test]
    public void TL4002_accepts_tags_from_trusted_registries()
    {
        using var repo = new ScratchRepo();
        repo.Write("Dockerfile", "FROM registry.acme.internal/base/python:3.12 AS build\nFROM python:3.12-slim\nUSER app\n");
        repo.Write(".threatlint.yml", "rules:\n  TL4002:\n    trustedRegistries: [\"registry.acme.internal/base\"]\n");

        var result = repo.Scan();

        Assert.That(result.Findings.Where(f => f.RuleId == "TL4002").Select(f => f.Message), Is.EqualTo(new[] { ScratchRepo.Single(result, "TL4002").Message }).And.All.Contain("python:3.12-slim"));
    }

    [Test]
    public void TL1010_accepts_models_of_trusted_organizations()
    {
        using var repo = new ScratchRepo();
        repo.Write("train.py", """
            from transformers import AutoModel
            ours = AutoModel.from_pretrained("acme/sentiment-base")
            theirs = AutoModel.from_pretrained("bigcorp/sentiment-base")
            """);
        repo.Write(".threatlint.yml", "rules:\n  TL1010:\n    trustedOrganizations: [Acme]\n");

        var result = repo.Scan();

        Assert.That(result.Findings.Where(f => f.RuleId == "TL1010").Select(f => f.Span.Line), Is.EqualTo(new[] { 3 }));
    }

    [Test]
    public void TL1004_accepts_configured_signature_files_and_manifests()
    {
        using var repo = new ScratchRepo();
        var pickle = new PickleBuilder().Proto(2).Global("collections", "OrderedDict").Op(')').Op('R').Stop().ToArray();
        repo.Write("models/a.pkl", pickle);
        repo.Write("models/a.pkl.minisig", "untrusted comment: signature\n");
        repo.Write("models/b.pkl", pickle);
        repo.Write("models/c.pkl", pickle);
        repo.Write("models/release.digests", new string('a', 64) + "  c.pkl\n");
        repo.Write(".threatlint.yml", "rules:\n  TL1004:\n    signatureFiles: [\"{name}.minisig\"]\n    digestManifests: [\"*.digests\"]\n");

        var result = repo.Scan();

        Assert.That(result.Findings.Where(f => f.RuleId == "TL1004").Select(f => f.Path), Is.EqualTo(new[] { "models/b.pkl" }));
    }

    [Test]
    public void Pickle_allow_and_deny_entries_extend_the_built_in_lists()
    {
        using var repo = new ScratchRepo();
        repo.Write("models/scaler.pkl", new PickleBuilder().Proto(2).Global("acme_models", "Scaler").Op(')').Op('R').Stop().ToArray());
        repo.Write("models/loader.pkl", new PickleBuilder().Proto(2).Global("acme_models.unsafe", "load").Op(')').Op('R').Stop().ToArray());

        var before = repo.Scan();
        repo.Write(".threatlint.yml", "rules:\n  TL1003: off\n  TL1004: off\n  TL1002:\n    allowImports: [\"acme_models.*\"]\n    denyImports: [\"acme_models.unsafe\"]\n");
        var after = repo.Scan();

        Assert.Multiple(() =>
        {
            Assert.That(before.Findings.Where(f => f.RuleId == "TL1002").Select(f => f.Path), Is.EquivalentTo(new[] { "models/loader.pkl", "models/scaler.pkl" }));
            Assert.That(ScratchRepo.Active(after), Is.EqualTo(new[] { "models/loader.pkl(1,1) TL1001" }));
        });
    }
}
