using ThreatLint.Catalog;
using ThreatLint.Documents.Pipelines;
using ThreatLint.Documents.Yaml;
using ThreatLint.Rules.SupplyChain;

namespace ThreatLint.Rules.Pipelines;

/// <summary>
/// TL3006: a pipeline trains on data it pulls from a source that can change under it — a URL with no recorded
/// checksum, a plain-http URL, a git or Hub dataset at a branch instead of a commit. Whoever controls the source (or,
/// over http, the network path) poisons the training set, and the model learns what they planted.
/// </summary>
/// <remarks>
/// <para>
/// Declared sources: DVC <c>.dvc</c> files of <c>dvc import-url</c> with no <c>md5</c>/<c>etag</c>/<c>checksum</c>
/// recorded, or over plain http; of <c>dvc import</c> with no 40-hex <c>rev_lock</c>; external <c>dvc.yaml</c>
/// dependencies over plain http; Argo/Kubeflow input artifacts fetched over http (which records no digest) or from
/// git at a branch or tag.
/// </para>
/// <para>
/// Steps: <c>dvc import-url</c> and <c>dvc update</c> (a fresh download each run: the checksum recorded is whatever
/// was there), <c>dvc import</c> without <c>--rev &lt;commit&gt;</c>, <c>huggingface-cli</c>/<c>hf download
/// --repo-type dataset</c> without <c>--revision &lt;commit&gt;</c>, <c>git clone</c> of a Hub dataset,
/// <c>kaggle datasets download</c> without a version. <c>curl</c>/<c>wget</c> of data files is TL1012's
/// (artifact-download-unverified) and is not reported twice.
/// </para>
/// </remarks>
public sealed class TrainingDataUnverified : IYamlRule
{
    public RuleDescriptor Descriptor => Catalog.Rules.TrainingDataUnverified;

    public void Check(YamlFile document, RuleContext context)
    {
        var pipeline = PipelineFile.Of(document, context.Path);
        if (!pipeline.IsPipeline)
        {
            return;
        }

        foreach (var source in pipeline.DataSources)
        {
            var plainHttp = ModelReferences.IsPlainHttp(source.Url);
            var isGit = source.Kind is DataSourceKind.DvcImport or DataSourceKind.GitArtifact;
            string? why = plainHttp ? "plain http" : null;
            if (why is null && isGit && !ModelReferences.IsCommit(source.Revision))
            {
                why = source.Revision is null ? "no pinned revision" : "revision " + source.Revision + ", a branch or tag";
            }
            else if (why is null && source.Kind is DataSourceKind.DvcImportUrl && !source.HasChecksum)
            {
                why = "no checksum recorded";
            }
            else if (why is null && source.Kind is DataSourceKind.HttpArtifact)
            {
                why = "an http artifact records no digest";
            }

            if (why is not null)
            {
                context.Report(Descriptor, source.Node.Span, source.Where + " " + source.Url, [source.Where, VariableUrl(source.Url) + " (" + why + ")"]);
            }
        }

        foreach (var step in PipelineShell.Of(document, context.Path).Steps)
        {
            foreach (var line in step.Lines)
            {
                if (Pull(line) is var (index, why))
                {
                    var program = string.Join(" ", line.Words.Take(Math.Min(index, 3)).Select(w => w.Text));
                    context.Report(Descriptor, line.SpanAt(index), program + " " + line.Words[index].Text, [step.Step.Label + " (" + program + ")", VariableUrl(line.Words[index].Text) + " (" + why + ")"]);
                }
            }
        }
    }

    private static string VariableUrl(string url) => ContainerImages.VariableSettings.ShownUrl(url);

    /// <summary>A command that pulls data unpinned: the word naming the source and why it is not verified.</summary>
    private static (int Index, string Why)? Pull(CommandLine line)
    {
        var command = line.Command;
        var args = command.Arguments;
        var first = args.FirstOrDefault()?.Text;
        switch (command.Name)
        {
            case "dvc" when first is "import-url" or "update":
                var url = IndexOfOperand(line, line.IndexOfProgram("dvc") + 2, u => u.IndexOf("://", StringComparison.Ordinal) > 0);
                return url >= 0 ? (url, "dvc " + first + " downloads whatever the URL serves on each run") : null;
            case "dvc" when first == "import":
                var repository = IndexOfOperand(line, line.IndexOfProgram("dvc") + 2, _ => true);
                var revision = line.Flag("--rev")?.Value;
                return repository >= 0 && !ModelReferences.IsCommit(revision) ? (repository, revision is null ? "no --rev <commit>" : "--rev " + revision + " is a branch or tag") : null;
            case "kaggle" when first == "datasets" && args.Skip(1).FirstOrDefault()?.Text == "download":
                var dataset = line.Flag("-d", "--dataset");
                return dataset is { } d && d.Value.IndexOf("/versions/", StringComparison.Ordinal) < 0 ? (d.Index, "no dataset version") : null;
        }

        var at = line.IndexOfProgram("huggingface-cli", "download");
        at = at >= 0 ? at : line.IndexOfProgram("hf", "download");
        if (at >= 0 && line.Flag("--repo-type")?.Value == "dataset")
        {
            var hubRevision = line.Flag("--revision")?.Value;
            var operand = IndexOfOperand(line, at + 2, _ => true);
            return operand >= 0 && !ModelReferences.IsCommit(hubRevision) ? (operand, hubRevision is null ? "no --revision <commit>" : "--revision " + hubRevision + " is a branch or tag") : null;
        }

        if (command.Name == "git" && first == "clone")
        {
            var clone = IndexOfOperand(line, line.IndexOfProgram("git") + 2, u => u.IndexOf("huggingface.co/datasets/", StringComparison.Ordinal) >= 0);
            return clone >= 0 && !ModelReferences.IsCommit(line.Flag("--revision")?.Value) ? (clone, "cloned at its default branch") : null;
        }

        return null;
    }

    /// <summary>The first word from index <paramref name="from"/> on that is no option nor the value of a known option, and matches.</summary>
    private static int IndexOfOperand(CommandLine line, int from, Func<string, bool> matches)
    {
        for (var i = Math.Max(0, from); i < line.Words.Count; i++)
        {
            var text = line.Words[i].Text;
            if (!text.StartsWith("-", StringComparison.Ordinal) && (i == 0 || line.Words[i - 1].Text is not ("--rev" or "-o" or "--out" or "--repo-type" or "--revision" or "--local-dir" or "-d" or "-p" or "--path")) && matches(text))
            {
                return i;
            }
        }

        return -1;
    }
}
