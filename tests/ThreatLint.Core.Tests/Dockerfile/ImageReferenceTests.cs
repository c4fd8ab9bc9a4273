using ThreatLint.Documents.Dockerfile;

namespace ThreatLint.Core.Tests.Dockerfile;

public class ImageReferenceTests
{
    private const string Sha = "sha256:4cc4c2fc734a3f50b6830fa0ec3d87f8a5b3bb8e603b5350a55e4755ab4d5b18";

    [TestCase("python", null, "python", null, null)]
    [TestCase("python:3.12-slim", null, "python", "3.12-slim", null)]
    [TestCase("pytorch/torchserve:0.12.0-gpu", null, "pytorch/torchserve", "0.12.0-gpu", null)]
    [TestCase("nvcr.io/nvidia/tritonserver:24.08-py3", "nvcr.io", "nvidia/tritonserver", "24.08-py3", null)]
    [TestCase("localhost:5000/models/bert:v1", "localhost:5000", "models/bert", "v1", null)]
    [TestCase("localhost/bert", "localhost", "bert", null, null)]
    [TestCase("localhost:5000/bert", "localhost:5000", "bert", null, null)]
    [TestCase("Registry/bert", "Registry", "bert", null, null)]
    [TestCase("ghcr.io/huggingface/text-generation-inference:2.4.1@" + Sha, "ghcr.io", "huggingface/text-generation-inference", "2.4.1", Sha)]
    [TestCase("python@" + Sha, null, "python", null, Sha)]
    [TestCase("python:", null, "python", null, null)]
    public void Splits_registry_repository_tag_and_digest(string text, string? registry, string repository, string? tag, string? digest)
    {
        Assert.That(ImageReference.Parse(text), Is.EqualTo(new ImageReference(text, registry, repository, tag, digest)));
    }

    [TestCase("scratch", true)]
    [TestCase("SCRATCH", true)]
    [TestCase("scratch:1", false)]
    [TestCase("library/scratch", false)]
    public void Knows_scratch(string text, bool isScratch)
    {
        Assert.That(ImageReference.Parse(text)!.IsScratch, Is.EqualTo(isScratch));
    }

    [TestCase("")]
    [TestCase("   ")]
    [TestCase("python 3")]
    [TestCase(":3.12")]
    [TestCase("nvcr.io/")]
    public void Rejects_what_is_not_a_reference(string text)
    {
        Assert.That(ImageReference.Parse(text), Is.Null);
    }
}
