using ThreatLint.ThreatModel;

namespace ThreatLint.Core.Tests.ThreatModel;

/// <summary>
/// The Markdown threat model of each sample, compared with its committed snapshot. Set THREATLINT_UPDATE_SNAPSHOTS=1
/// to rewrite the snapshots (then review the diff); otherwise any drift fails.
/// </summary>
public class ReportSnapshotTests
{
    private const string Version = "0.0.0-snapshot";

    [TestCaseSource(typeof(SampleModels), nameof(SampleModels.Samples))]
    public void Markdown_report_matches_its_snapshot(string sample)
    {
        var actual = MarkdownReport.Write(SampleModels.Of(sample), Version);
        var path = RepoPaths.Of("tests/ThreatLint.Core.Tests/ThreatModel/Snapshots/" + sample + ".md");
        if (Environment.GetEnvironmentVariable("THREATLINT_UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(path, actual);
            Assert.Pass("snapshot rewritten: " + path);
        }

        Assert.That(File.Exists(path), Is.True, "no snapshot at " + path + "; run with THREATLINT_UPDATE_SNAPSHOTS=1");
        Assert.That(actual, Is.EqualTo(File.ReadAllText(path)), "the report drifted from " + path + "; if the change is intended, run with THREATLINT_UPDATE_SNAPSHOTS=1 and review the diff");
    }

    [TestCaseSource(typeof(SampleModels), nameof(SampleModels.Samples))]
    public void Reports_are_deterministic_and_hold_no_absolute_path(string sample)
    {
        var root = RepoPaths.Of("samples/" + sample);
        var first = MarkdownReport.Write(SystemModelBuilder.Scan(root), Version);
        var second = MarkdownReport.Write(SystemModelBuilder.Scan(root), Version);

        Assert.That(second, Is.EqualTo(first));
        Assert.That(first, Does.Not.Contain(RepoPaths.Root));
        Assert.That(ThreatDragonExport.Write(SystemModelBuilder.Scan(root), Version), Does.Not.Contain(RepoPaths.Root));
    }
}
