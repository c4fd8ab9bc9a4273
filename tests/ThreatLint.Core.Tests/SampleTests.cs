using ThreatLint.Reporting;

namespace ThreatLint.Core.Tests;

/// <summary>What ThreatLint finds in the bundled samples, as listed in each sample's expected-findings.txt.</summary>
public class SampleTests
{
    [TestCase("sentiment-api")]
    [TestCase("rag-chatbot")]
    [TestCase("mlops-platform")]
    public void The_engine_finds_exactly_the_expected_non_CSharp_findings(string sample)
    {
        var root = RepoPaths.Of("samples/" + sample);
        var expected = File.ReadAllLines(Path.Combine(root, "expected-findings.txt"))
            .Where(line => line.Length > 0 && !line.StartsWith("#", StringComparison.Ordinal))
            .Where(line => !line.Split('(')[0].EndsWith(".cs", StringComparison.Ordinal)) // C# is the analyzers': Analyzers.Tests checks those lines, Cli.Tests the whole file
            .Order(StringComparer.Ordinal);

        var actual = Scanner.Scan(new ScanOptions(root)).Findings
            .Select(f => DiagnosticText.Line(f, isError: false).Split(": ")[0] + ": " + DiagnosticText.Line(f, isError: false).Split(": ")[1])
            .Order(StringComparer.Ordinal);

        Assert.That(actual, Is.EqualTo(expected));
    }
}
