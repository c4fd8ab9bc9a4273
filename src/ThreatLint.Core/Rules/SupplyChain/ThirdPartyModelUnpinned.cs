using ThreatLint.Catalog;
using ThreatLint.Documents.Dockerfile;
using ThreatLint.Documents.Python;
using ThreatLint.Documents.Yaml;
using ThreatLint.Findings;

namespace ThreatLint.Rules.SupplyChain;

/// <summary>
/// TL1010: a third-party model is pulled by a name that can move — a Hub repository without a commit revision, a
/// branch or tag, a torch.hub repository without a commit, an MLflow stage or alias, an Ollama tag. Whoever controls
/// the repository (or steals its token) changes what runs.
/// </summary>
/// <remarks>
/// <para>
/// Python: <c>*.from_pretrained</c> (transformers, diffusers, PEFT adapters, sentence-transformers…), <c>pipeline(model=…)</c>,
/// <c>snapshot_download</c>/<c>hf_hub_download</c> of models, <c>SentenceTransformer</c>/<c>CrossEncoder</c>,
/// <c>vllm.LLM</c>, LangChain's <c>HuggingFaceEmbeddings</c>/<c>HuggingFacePipeline.from_model_id</c> (revision in
/// <c>model_kwargs</c>), timm/open_clip <c>hf-hub:</c> names (pinned by <c>@&lt;commit&gt;</c>), <c>torch.hub.load</c>
/// (pinned by <c>owner/repo:&lt;commit&gt;</c>) and MLflow <c>load_model("models:/…")</c> (a version number is
/// immutable; <c>latest</c>, a stage or an <c>@alias</c> is not).
/// </para>
/// <para>
/// Decisions: the model must be a literal or a module constant (<c>MODEL_ID = "org/m"</c>); a variable, an f-string
/// or an environment lookup is configuration made elsewhere and is not reported. Local paths (<c>./x</c>,
/// <c>/mnt/models</c>, <c>checkpoints/run1</c>, more than one <c>/</c>) are not models from a hub. A bare name
/// (<c>gpt2</c>) is a Hub model or a local folder: reported with medium confidence. A revision held in a variable is
/// trusted; a literal that is not 40 hex characters is a branch or tag and is reported. A call with <c>**kwargs</c>
/// may carry the revision: reported with low confidence. Datasets (<c>repo_type="dataset"</c>) are TL3006's.
/// </para>
/// <para>
/// Dockerfiles and notebook shell lines: <c>huggingface-cli download</c> / <c>hf download</c> without
/// <c>--revision &lt;commit&gt;</c>; <c>git clone</c> of a huggingface.co model without a
/// <c>git checkout</c>/<c>reset</c> of a commit after it (in the same RUN, or later in the same stage in the clone's
/// folder: <c>git -C folder</c> or after <c>cd folder</c>); <c>--model</c>/<c>--model-id</c>/<c>vllm serve</c> of an
/// <c>org/name</c> without <c>--revision &lt;commit&gt;</c>; <c>ollama pull</c>/<c>run</c> of a tag; TGI's
/// <c>ENV MODEL_ID</c> (and SageMaker's <c>HF_MODEL_ID</c>) without a commit in <c>REVISION</c>
/// (<c>HF_MODEL_REVISION</c>) or <c>--revision</c>.
/// </para>
/// </remarks>
public sealed partial class ThirdPartyModelUnpinned : IPythonRule, IDockerfileRule, IYamlRule
{
    private static readonly HashSet<string> LangChainEmbeddings = new(StringComparer.Ordinal)
    {
        "HuggingFaceEmbeddings", "HuggingFaceBgeEmbeddings", "HuggingFaceInstructEmbeddings",
    };

    private static readonly HashSet<string> ModelFactories = new(StringComparer.Ordinal)
    {
        "create_model", "create_model_and_transforms", "create_model_from_pretrained",
    };

    public RuleDescriptor Descriptor => Catalog.Rules.ThirdPartyModelUnpinned;

    /// <summary>
    /// YAML: serving manifests (Kubernetes, KServe, compose… — in <c>ThirdPartyModelUnpinned.Serving.cs</c>) and pipeline files (workflows,
    /// CI, Kubeflow/Argo, DVC, MLflow — in <c>ThirdPartyModelUnpinned.Pipelines.cs</c>).
    /// </summary>
    public void Check(YamlFile document, RuleContext context)
    {
        CheckServing(document, context);
        CheckPipelines(document, context);
    }

    partial void CheckServing(YamlFile document, RuleContext context);

    partial void CheckPipelines(YamlFile document, RuleContext context);

    public void Check(PythonDocument document, RuleContext context)
    {
        foreach (var call in document.Calls)
        {
            if (call.QualifiedName == "torch.hub.load")
            {
                CheckTorchHub(document, call, context);
            }
            else if (call.Name == "load_model" && call.QualifiedName.StartsWith("mlflow.", StringComparison.Ordinal))
            {
                CheckMlflow(document, call, context);
            }
            else if (ModelFactories.Contains(call.Name) && (call.QualifiedName.StartsWith("timm.", StringComparison.Ordinal) || call.QualifiedName.StartsWith("open_clip.", StringComparison.Ordinal)))
            {
                CheckHubPrefixed(document, call, context);
            }
            else if (HubModelOf(call) is { } model)
            {
                CheckHubModel(document, call, model, context);
            }
        }

        CheckShell(CommandLine.Of(document).ToList(), context);
    }

    public void Check(DockerfileDocument document, RuleContext context)
    {
        foreach (var python in EmbeddedPython.Of(document))
        {
            Check(python, context);
        }

        var lines = CommandLine.Of(document).ToList();
        CheckShell(lines, context);
        CheckServerEnvironment(document, lines, context);
    }

    /// <summary>The argument that names the Hub model of a loader call, or null when the call loads none.</summary>
    private static PythonArgument? HubModelOf(PythonCall call)
    {
        var name = call.Name;
        var qualified = call.QualifiedName;
        if (name == "from_pretrained")
        {
            // PeftModel.from_pretrained(base_model, "org/adapter"): the adapter is the second argument.
            return call.Callee.Contains("PeftModel") && !call.Callee.Contains("AutoPeft")
                ? call.Argument("model_id", 1)
                : call.Argument("pretrained_model_name_or_path", 0);
        }

        if (name is "SentenceTransformer" or "CrossEncoder")
        {
            return call.Argument("model_name_or_path", 0) ?? call.Keyword("model_name");
        }

        if (qualified == "transformers.pipeline" || (call.Callee == "pipeline" && qualified == "pipeline"))
        {
            return call.Argument("model", 1);
        }

        if (name is "snapshot_download" or "hf_hub_download")
        {
            var repoType = call.Argument("repo_type", name == "hf_hub_download" ? 3 : -1)?.Literal?.Value;
            return repoType is "dataset" or "space" ? null : call.Argument("repo_id", 0);
        }

        if (qualified == "vllm.LLM")
        {
            return call.Argument("model", 0);
        }

        if (LangChainEmbeddings.Contains(name))
        {
            return call.Keyword("model_name") ?? call.Keyword("model");
        }

        return name == "from_model_id" ? call.Argument("model_id", 0) : null;
    }

    private void CheckHubModel(PythonDocument document, PythonCall call, PythonArgument model, RuleContext context)
    {
        if (document.ResolveString(model.Value) is not { } id || ModelReferences.Classify(id) is var kind && kind == HubName.NotHub)
        {
            return;
        }

        var revision = call.Keyword("revision")?.Value ?? ModelKwargs(call)?.ValueOf("revision");
        string reason;
        if (revision is null)
        {
            reason = call.Callee + " without revision=<40-hex commit>";
        }
        else if (document.ResolveString(revision) is { } value)
        {
            if (ModelReferences.IsCommit(value))
            {
                return;
            }

            reason = "revision=" + PythonStrings.Quote(value) + " is a branch or tag, not a commit";
        }
        else
        {
            return; // chosen elsewhere
        }

        var confidence = kind == HubName.BareName ? Confidence.Medium : Confidence.High;
        if (revision is null && call.HasOpaqueKeywords)
        {
            confidence = Confidence.Low;
        }

        Report(context, model.Value.Span, call.Callee + " " + id, id, reason, confidence);
    }

    /// <summary>The literal <c>model_kwargs={…}</c> that LangChain passes on to <c>from_pretrained</c>.</summary>
    private static PythonDict? ModelKwargs(PythonCall call) => call.Keyword("model_kwargs")?.Value.Dict;

    /// <summary><c>torch.hub.load("owner/repo:ref", "model")</c>: the ref must be a commit.</summary>
    private void CheckTorchHub(PythonDocument document, PythonCall call, RuleContext context)
    {
        var repo = call.Argument("repo_or_dir", 0);
        if (document.ResolveString(call.Argument("source", 2)?.Value) == "local" || document.ResolveString(repo?.Value) is not { } value)
        {
            return;
        }

        var colon = value.IndexOf(':');
        var name = colon < 0 ? value : value.Substring(0, colon);
        if (ModelReferences.Classify(name) != HubName.Repository)
        {
            return;
        }

        var reference = colon < 0 ? null : value.Substring(colon + 1);
        if (ModelReferences.IsCommit(reference))
        {
            return;
        }

        var reason = reference is null
            ? "torch.hub.load without :<40-hex commit> runs the default branch's hubconf.py"
            : "ref " + reference + " is a branch or tag, not a commit";
        Report(context, repo!.Value.Span, "torch.hub.load " + value, value, reason, Confidence.High);
    }

    /// <summary><c>mlflow.pyfunc.load_model("models:/name/Production")</c>: only a version number is immutable.</summary>
    private void CheckMlflow(PythonDocument document, PythonCall call, RuleContext context)
    {
        var argument = call.Argument("model_uri", 0);
        if (document.ResolveString(argument?.Value) is not { } uri || !uri.StartsWith("models:/", StringComparison.Ordinal))
        {
            return;
        }

        var path = uri.Substring("models:/".Length).TrimEnd('/');
        var at = path.IndexOf('@');
        string reason;
        if (at >= 0)
        {
            reason = "alias @" + path.Substring(at + 1) + " can be moved to another version";
        }
        else
        {
            var slash = path.LastIndexOf('/');
            var selector = slash < 0 ? string.Empty : path.Substring(slash + 1);
            if (selector.Length > 0 && selector.All(char.IsDigit))
            {
                return;
            }

            reason = selector.Length == 0 ? "no version"
                : selector.Equals("latest", StringComparison.OrdinalIgnoreCase) ? "latest is whatever version was registered last"
                : "stage " + selector + " points at whatever version is promoted next";
        }

        Report(context, argument!.Value.Span, call.Callee + " " + uri, uri, reason, Confidence.High);
    }

    /// <summary><c>timm.create_model("hf-hub:org/m")</c>: pinned by <c>hf-hub:org/m@&lt;commit&gt;</c>.</summary>
    private void CheckHubPrefixed(PythonDocument document, PythonCall call, RuleContext context)
    {
        var argument = call.Argument("model_name", 0);
        if (document.ResolveString(argument?.Value) is not { } value)
        {
            return;
        }

        var prefix = value.StartsWith("hf-hub:", StringComparison.Ordinal) ? 7 : value.StartsWith("hf_hub:", StringComparison.Ordinal) ? 7 : -1;
        if (prefix < 0)
        {
            return;
        }

        var at = value.IndexOf('@', prefix);
        if (at >= 0 && ModelReferences.IsCommit(value.Substring(at + 1)))
        {
            return;
        }

        var reason = at < 0 ? call.Callee + " without @<40-hex commit>" : "@" + value.Substring(at + 1) + " is a branch or tag, not a commit";
        Report(context, argument!.Value.Span, call.Callee + " " + value, value, reason, Confidence.High);
    }

    private void CheckShell(List<CommandLine> lines, RuleContext context)
    {
        var pins = Enumerable.Range(0, lines.Count).Where(i => ModelShellCommands.PinsGitCommit(lines[i])).ToList();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (ModelShellCommands.HubDownload(line) is { } download)
            {
                CheckShellModel(line, download.Repository, download.Revision, download.RevisionIndex, "download", context);
            }

            foreach (var served in ModelShellCommands.ServedModels(line))
            {
                CheckShellModel(line, served.Model, served.Revision, served.RevisionIndex, "--revision", context);
            }

            if (ModelShellCommands.HubGitClone(line) is { } clone && !ChecksOutLater(lines, pins, i, clone.Folder))
            {
                Report(context, line.SpanAt(clone.Url), "git clone " + clone.Repository, clone.Repository, "git clone with no git checkout <40-hex commit> after it", Confidence.High);
            }

            if (ModelShellCommands.OllamaPull(line) is { } pull)
            {
                var model = line.Words[pull].Text;
                if (model.IndexOf("@sha256:", StringComparison.Ordinal) < 0 && !line.Words[pull].HasExpansion)
                {
                    var tag = model.IndexOf(':') < 0 ? model + ":latest" : model;
                    Report(context, line.SpanAt(pull), "ollama " + model, tag, "Ollama tags can be pushed again", Confidence.High);
                }
            }
        }
    }

    /// <summary>
    /// Whether a commit is checked out after the clone on line <paramref name="clone"/>: in the same RUN (or clone
    /// command), or later in the same stage in the clone's folder (<c>git -C folder</c>, or after <c>cd …/folder</c>
    /// in that RUN). At most 256 later checkouts are looked at.
    /// </summary>
    private static bool ChecksOutLater(List<CommandLine> lines, List<int> pins, int clone, string folder)
    {
        var line = lines[clone];
        var first = pins.BinarySearch(clone);
        first = first >= 0 ? first : ~first;
        for (var p = first; p < Math.Min(pins.Count, first + 256); p++)
        {
            var later = lines[pins[p]];
            if (later.Stage == line.Stage
                && (later.Order == line.Order || ModelShellCommands.GitFolder(later) == folder || EntersFolder(lines, pins[p], folder)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a <c>cd …/folder</c> comes before line <paramref name="index"/> in the same RUN (at most 64 commands back).</summary>
    private static bool EntersFolder(List<CommandLine> lines, int index, string folder)
    {
        for (var k = index - 1; k >= Math.Max(0, index - 64) && lines[k].Order == lines[index].Order; k--)
        {
            if (lines[k].Command.Name == "cd" && lines[k].Command.Arguments.Any(a => ModelShellCommands.LastSegment(a.Text) == folder))
            {
                return true;
            }
        }

        return false;
    }

    private void CheckShellModel(CommandLine line, int modelIndex, string? revision, int revisionIndex, string how, RuleContext context)
    {
        var word = line.Words[modelIndex];
        var model = ModelShellCommands.ValueOf(word);
        if (word.HasExpansion || ModelReferences.Classify(model) != HubName.Repository || ModelReferences.IsCommit(revision))
        {
            return;
        }

        if (revisionIndex >= 0 && line.Words[revisionIndex].HasExpansion)
        {
            return; // a build argument or variable decides
        }

        var program = line.Command.Name is { Length: > 0 } name && !name.StartsWith("-", StringComparison.Ordinal) ? name : line.Source;
        var reason = revision is null
            ? program + (how == "download" ? " download" : string.Empty) + " without --revision <40-hex commit>"
            : "--revision " + revision + " is a branch or tag, not a commit";
        Report(context, line.SpanAt(modelIndex), line.Source + " " + program + " " + model, model, reason, Confidence.High);
    }

    /// <summary>
    /// TGI reads <c>MODEL_ID</c> and <c>REVISION</c>, SageMaker's Hugging Face containers <c>HF_MODEL_ID</c> and
    /// <c>HF_MODEL_REVISION</c>: the ENV of a stage (and the stages it is built FROM), or a <c>--revision</c> on the
    /// container's command line, must give a commit.
    /// </summary>
    private void CheckServerEnvironment(DockerfileDocument document, List<CommandLine> lines, RuleContext context)
    {
        var commandRevision = lines.Where(l => l.Source is "CMD" or "ENTRYPOINT").Select(l => l.Flag("--revision")?.Value).FirstOrDefault(v => v is not null);
        foreach (var stage in document.Stages)
        {
            var environment = stage.Instructions.Where(i => i.Keyword == "ENV").SelectMany(i => i.NameValues.Select(p => (Instruction: i, Pair: p))).ToList();
            foreach (var (modelName, revisionName) in new[] { ("MODEL_ID", "REVISION"), ("HF_MODEL_ID", "HF_MODEL_REVISION") })
            {
                var model = environment.LastOrDefault(e => e.Pair.Name == modelName);
                if (model.Pair?.Value is not { IsResolved: true } value || ModelReferences.Classify(value.Value) != HubName.Repository)
                {
                    continue;
                }

                var revision = RevisionOf(stage, revisionName) ?? (stage.IsFinal ? commandRevision : null);
                if (ModelReferences.IsCommit(revision))
                {
                    continue;
                }

                var reason = revision is null
                    ? "ENV " + modelName + " without " + revisionName + "=<40-hex commit>"
                    : revisionName + "=" + revision + " is a branch or tag, not a commit";
                Report(context, model.Instruction.SpanOf(model.Pair.Offset, modelName.Length), "ENV " + modelName + " " + value.Value, value.Value, reason, Confidence.High);
            }
        }
    }

    /// <summary>The last value an ENV gives <paramref name="name"/> in the stage or the stages it is built FROM (at most 64 up).</summary>
    private static string? RevisionOf(BuildStage stage, string name)
    {
        var steps = 0;
        for (var s = stage; s is not null && steps < 64; s = s.BaseStage, steps++)
        {
            var pair = s.Instructions.Where(i => i.Keyword == "ENV").SelectMany(i => i.NameValues).LastOrDefault(p => p.Name == name);
            if (pair is not null)
            {
                return pair.Value?.Value;
            }
        }

        return null;
    }

    private void Report(RuleContext context, SourceSpan span, string evidence, string model, string reason, Confidence confidence)
    {
        if (!context.Settings.IsTrustedModel(model))
        {
            context.Report(Descriptor, span, evidence, [model, " (" + reason + ")"], confidence: confidence);
        }
    }
}
