using ThreatLint.Catalog;
using ThreatLint.Core.Tests.Archives;
using ThreatLint.Core.Tests.Pickle;
using ThreatLint.Rules.ModelArtifacts;

namespace ThreatLint.Core.Tests.Rules.ModelArtifacts;

public class UnsafeModelFormatTests
{
    private static readonly UnsafeModelFormat Rule = new();

    private ModelFiles _files = null!;

    [SetUp]
    public void SetUp() => _files = new ModelFiles();

    [TearDown]
    public void TearDown() => _files.Dispose();

    public static IEnumerable<TestCaseData> PickleFamily()
    {
        var stateDict = ModelFixtures.TorchStateDict(ModelFixtures.Linear);
        yield return new TestCaseData("model.pkl", new PickleBuilder().Proto(4).EmptyDict().Stop().ToArray(), "a pickle").SetName("raw pickle");
        yield return new TestCaseData("model.pkl", "(dp0\nS'a'\np1\nI1\ns."u8.ToArray(), "a pickle").SetName("protocol 0 pickle, no magic");
        yield return new TestCaseData("model.joblib", ModelFixtures.SklearnJoblib(), "a joblib pickle").SetName("joblib");
        yield return new TestCaseData("model.dill", new PickleBuilder().Proto(4).EmptyList().Stop().ToArray(), "a dill pickle").SetName("dill");
        yield return new TestCaseData("pytorch_model.bin", ModelFixtures.TorchZip(stateDict, ModelFixtures.Linear), "a PyTorch zip checkpoint (pickled)").SetName("PyTorch zip");
        yield return new TestCaseData("old.pt", ModelFixtures.LegacyTorch(stateDict, ["0", "1"]), "a legacy PyTorch checkpoint (pickled)").SetName("legacy PyTorch");
        yield return new TestCaseData("labels.npy", ModelFixtures.ObjectNpy(p => p.BinUnicode("cat"), 1), "a NumPy array with object dtype (pickled)").SetName("object npy");
        yield return new TestCaseData("data.npz", new ZipBuilder().Add("labels.npy", ModelFixtures.ObjectNpy(p => p.BinUnicode("cat"), 1)).ToArray(), "a NumPy .npz archive with object arrays (pickled)").SetName("object npz");
    }

    [TestCaseSource(nameof(PickleFamily))]
    public void Fires_once_on_every_pickle_family_file(string name, byte[] content, string format)
    {
        var findings = _files.Scan(name, content, Rule);

        Assert.That(findings, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(findings[0].RuleId, Is.EqualTo("TL1003"));
            Assert.That(findings[0].Severity, Is.EqualTo(Severity.Low));
            Assert.That(findings[0].Message, Is.EqualTo($"{name} is stored as {format}, a format that can execute code when loaded"));
            Assert.That(findings[0].Span.Line, Is.EqualTo(1));
        });
    }

    public static IEnumerable<TestCaseData> NotPickles()
    {
        yield return new TestCaseData("model.safetensors", PickleBuilder.Concat(BitConverter.GetBytes(2L), "{}"u8.ToArray())).SetName("safetensors");
        yield return new TestCaseData("model.onnx", new byte[] { 0x08, 0x07, 0x12, 0x04, 0x74, 0x65, 0x73, 0x74 }).SetName("onnx");
        yield return new TestCaseData("model.gguf", PickleBuilder.Concat("GGUF"u8.ToArray(), new byte[20])).SetName("gguf");
        yield return new TestCaseData("weights.npy", ModelFixtures.NumericNpy(16)).SetName("numeric npy");
        yield return new TestCaseData("weights.npz", new ZipBuilder().Add("a.npy", ModelFixtures.NumericNpy(4)).ToArray()).SetName("numeric npz");
        yield return new TestCaseData("model.keras", new ZipBuilder().Add("config.json", "{}").Add("metadata.json", "{}").Add("model.weights.h5", [0x89, 0x48]).ToArray()).SetName("keras zip");
        yield return new TestCaseData("tokenizer.bin", new byte[] { 1, 2, 3, 4, 5 }).SetName("unknown bin");
        yield return new TestCaseData("broken.pkl", "just some text, not a pickle"u8.ToArray()).SetName("text in a .pkl");
        yield return new TestCaseData("storage.bin", PickleBuilder.Concat([0x80, 0x02], ModelFixtures.FloatBytes(256))).SetName("float data starting like a pickle");
    }

    [TestCaseSource(nameof(NotPickles))]
    public void Silent_on_files_that_hold_no_pickle(string name, byte[] content)
    {
        Assert.That(_files.Scan(name, content, Rule).Where(f => f.RuleId == "TL1003"), Is.Empty);
    }
}
