namespace ThreatLint.Package.Tests;

/// <summary>
/// The packed package, for real: -p:ThreatLintWriteBaseline=true accepts the task's and the analyzer's findings, the
/// analyzer's BaselineSuppressor reads the baseline as an additional file, and only a new finding fails the gate.
/// </summary>
[NonParallelizable]
public sealed class BaselineEndToEndTests
{
    private const string SecondKey = "sk-proj-2aB7cD9eF1gH3iJ5kL7mN9oP1qR3sT5uV7w";

    private Consumer _consumer = null!;

    [OneTimeSetUp]
    public void Restore()
    {
        _consumer = Consumer.Create("baseline")
            .Write("app/app.csproj", Consumer.Project(exe: true, items: Consumer.ClientModelReference))
            .Write("app/Program.cs", Consumer.ProgramWithKey())
            .Write("Dockerfile", Consumer.Dockerfile)
            .Write(".threatlint.yml", "baseline: threatlint.baseline.json\n");
        _consumer.Restore("app");
    }

    [Test]
    public void Old_findings_are_accepted_and_only_the_new_key_fails_the_gate()
    {
        var write = _consumer.Build("app", "-p:ThreatLintWriteBaseline=true");
        var baseline = File.ReadAllText(_consumer.PathOf("threatlint.baseline.json"));
        var accepted = _consumer.Build("app", "-p:ThreatLintFailOn=low", "-p:ThreatLintSarifFile=../artifacts/threatlint.sarif");
        var sarif = File.ReadAllText(_consumer.PathOf("artifacts/threatlint.sarif"));

        _consumer.Write("app/Program.cs", "// moved down by a comment\n" + Consumer.ProgramWithKey() + $"var other = new System.ClientModel.ApiKeyCredential(\"{SecondKey}\");\n");
        var withNew = _consumer.Build("app", "-p:ThreatLintFailOn=low");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(write.ExitCode, Is.Zero, write.ToString());
            Assert.That(baseline, Does.Contain("\"ruleId\": \"TL5008\"").And.Contain("\"path\": \"app/Program.cs\""));
            Assert.That(baseline, Does.Contain("\"ruleId\": \"TL4001\"").And.Contain("\"ruleId\": \"TL4002\""));
            Assert.That(baseline, Does.Not.Contain(Consumer.ApiKey), "the key's value is never written");
            Assert.That(accepted.ExitCode, Is.Zero, accepted.ToString());
            Assert.That(accepted.Diagnostics.Where(d => d.Severity is "warning" or "error"), Is.Empty, accepted.ToString());
            Assert.That(sarif, Does.Contain("\"kind\": \"external\"").And.Contain("\"ruleId\": \"TL4002\""));
            Assert.That(withNew.ExitCode, Is.Not.Zero, withNew.ToString());
            Assert.That(withNew.Diagnostics.Where(d => d.Severity == "error").Select(d => (d.Id, d.Line)).Distinct(), Is.EqualTo(new[] { ("TL5008", 4) }), withNew.ToString());
        }
    }

    [Test]
    public void A_rule_switched_off_in_the_configuration_silences_the_analyzer_too()
    {
        var consumer = Consumer.Create("analyzer-off")
            .Write("app/app.csproj", Consumer.Project(exe: true, items: Consumer.ClientModelReference))
            .Write("app/Program.cs", Consumer.ProgramWithKey())
            .Write(".threatlint.yml", "failOn: low\nrules:\n  TL5008: off\n");
        consumer.Restore("app");

        var build = consumer.Build("app");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(build.ExitCode, Is.Zero, build.ToString());
            Assert.That(build.Diagnostics.Where(d => d.Id == "TL5008"), Is.Empty, build.ToString());
        }
    }

    [Test]
    public void A_configured_severity_gates_the_analyzer()
    {
        var consumer = Consumer.Create("analyzer-gate")
            .Write("app/app.csproj", Consumer.Project(exe: true, items: Consumer.ClientModelReference))
            .Write("app/Program.cs", Consumer.ProgramWithKey())
            .Write(".threatlint.yml", "failOn: critical\nrules:\n  TL5008: high\n");
        consumer.Restore("app");

        var lowered = consumer.Build("app");
        consumer.Write(".threatlint.yml", "failOn: high\nrules:\n  TL5008: high\n");
        var gated = consumer.Build("app");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(lowered.ExitCode, Is.Zero, lowered.ToString());
            Assert.That(lowered.Diagnostics.Where(d => d.Id == "TL5008").Select(d => d.Severity).Distinct(), Is.EqualTo(new[] { "warning" }), lowered.ToString());
            Assert.That(gated.ExitCode, Is.Not.Zero, gated.ToString());
            Assert.That(gated.Diagnostics.Where(d => d.Id == "TL5008").Select(d => d.Severity).Distinct(), Is.EqualTo(new[] { "error" }), gated.ToString());
        }
    }
}
