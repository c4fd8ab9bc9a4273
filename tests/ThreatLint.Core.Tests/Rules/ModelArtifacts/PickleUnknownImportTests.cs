using ThreatLint.Catalog;
using ThreatLint.Core.Tests.Pickle;
using ThreatLint.Documents.Pickle;
using ThreatLint.Rules.ModelArtifacts;

namespace ThreatLint.Core.Tests.Rules.ModelArtifacts;

public class PickleUnknownImportTests
{
    private static readonly PickleUnknownImport Rule = new();

    private ModelFiles _files = null!;

    [SetUp]
    public void SetUp() => _files = new ModelFiles();

    [TearDown]
    public void TearDown() => _files.Dispose();

    [Test]
    public void A_benign_scikit_learn_joblib_model_is_TL1002_and_never_TL1001()
    {
        var findings = _files.Scan("classifier.joblib", ModelFixtures.SklearnJoblib());

        Assert.Multiple(() =>
        {
            Assert.That(findings.Summaries(), Is.EquivalentTo(new[]
            {
                "TL1002 sklearn.linear_model._logistic.LogisticRegression at byte 65",
                "TL1003 classifier.joblib is stored as a joblib pickle",
            }));
            Assert.That(findings.Single(f => f.RuleId == "TL1002").Severity, Is.EqualTo(Severity.Medium));
        });
    }

    [Test]
    public void Each_import_once_per_stream_at_its_first_offset()
    {
        var file = new PickleBuilder().Proto(2)
            .Global("sklearn.tree._classes", "DecisionTreeClassifier").EmptyTuple().Reduce()
            .Global("sklearn.tree._classes", "DecisionTreeClassifier").EmptyTuple().Reduce()
            .Global("pathlib", "PosixPath").ShortBinString("/data").Tuple1().Reduce()
            .Tuple3().Stop().ToArray();

        Assert.That(_files.Scan("forest.pkl", file, Rule).Summaries(), Is.EqualTo(new[]
        {
            "TL1002 sklearn.tree._classes.DecisionTreeClassifier at byte 2",
            "TL1002 pathlib.PosixPath at byte 98",
        }));
    }

    [Test]
    public void Silent_on_known_rebuilders_and_on_dangerous_imports()
    {
        var file = new PickleBuilder().Proto(2)
            .Global("collections", "OrderedDict").EmptyTuple().Reduce()
            .Global("numpy.core.multiarray", "_reconstruct").Global("numpy", "ndarray").Int(0).Tuple1().ShortBinBytes("b"u8.ToArray()).Tuple3().Reduce()
            .SystemCall(2)
            .Tuple3().Stop().ToArray();

        Assert.That(_files.Scan("mixed.pkl", file, Rule), Is.Empty);
    }

    [Test]
    public void The_allow_list_comes_from_the_policy()
    {
        var rule = new PickleUnknownImport(PickleImportPolicy.Default.With(["sklearn.*"], []));

        Assert.That(_files.Scan("classifier.joblib", ModelFixtures.SklearnJoblib(), rule), Is.Empty);
    }
}
