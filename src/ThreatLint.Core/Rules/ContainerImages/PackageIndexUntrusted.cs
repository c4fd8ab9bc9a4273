using System.Globalization;
using ThreatLint.Catalog;
using ThreatLint.Documents.Dockerfile;
using ThreatLint.Documents.Shell;
using ThreatLint.Documents.Yaml;

namespace ThreatLint.Rules.ContainerImages;

/// <summary>
/// TL3008 on Dockerfiles: pip (or uv) told to search a second index next to the first (<c>--extra-index-url</c>,
/// <c>PIP_EXTRA_INDEX_URL</c>, <c>pip config set global.extra-index-url</c>) — dependency confusion, as in the 2022
/// torchtriton compromise — or to fetch from a plain-http index; and, with low severity, well-known ML packages
/// installed without a pinned version or hashes.
/// </summary>
/// <remarks>
/// Decisions: <c>--trusted-host</c> and <c>PIP_TRUSTED_HOST</c> belong to TL4007 and are not reported here. A
/// package is pinned by <c>==</c> or <c>===</c> (a <c>*</c> in the version is not a pin). An install that also reads
/// a requirements or constraints file (<c>-r</c>, <c>-c</c>) or checks hashes is not judged for pins — the file may
/// pin them — and neither is any install in a Dockerfile that sets <c>PIP_CONSTRAINT</c> or
/// <c>PIP_REQUIRE_HASHES</c>. Paths, URLs and wheels are not packages to pin. <c>uv add</c> and <c>uv sync</c> write
/// or follow a lock file and are not judged for pins either.
/// </remarks>
public sealed partial class PackageIndexUntrusted : IDockerfileRule, IYamlRule
{
    private const string Confusion = "adds a second package index next to the first: a package published under the same name on either can be installed from the other (dependency confusion)";
    private const string PlainHttp = "fetches packages from a plain-http index: anyone on the network path can swap them";

    /// <summary>ML packages whose unpinned install is reported (names normalized as PEP 503 does).</summary>
    private static readonly HashSet<string> MlPackages = new(StringComparer.Ordinal)
    {
        "torch", "torchvision", "torchaudio", "torchtext", "transformers", "tokenizers", "tensorflow", "tensorflow-gpu",
        "tensorflow-cpu", "tf-keras", "keras", "jax", "jaxlib", "flax", "onnx", "onnxruntime", "onnxruntime-gpu", "vllm",
        "accelerate", "diffusers", "datasets", "huggingface-hub", "sentence-transformers", "safetensors", "timm",
        "optimum", "peft", "trl", "bitsandbytes", "deepspeed", "xformers", "flash-attn", "auto-gptq", "autoawq",
        "llama-cpp-python", "xgboost", "lightgbm", "catboost", "scikit-learn", "langchain", "langchain-core",
        "langchain-community", "langchain-openai", "llama-index", "openai", "anthropic", "litellm", "mlflow", "ray",
        "torchserve", "torch-model-archiver", "tritonclient", "bentoml", "kserve", "text-generation", "spacy",
        "sentencepiece", "gradio", "ultralytics", "open-clip-torch", "tensorrt", "tensorrt-llm",
    };

    public RuleDescriptor Descriptor => Catalog.Rules.PackageIndexUntrusted;

    /// <summary>
    /// YAML: serving manifests (Kubernetes, KServe, compose… — in <c>PackageIndexUntrusted.Serving.cs</c>) and pipeline files (workflows,
    /// CI, Kubeflow/Argo, DVC, MLflow — in <c>PackageIndexUntrusted.Pipelines.cs</c>).
    /// </summary>
    public void Check(YamlFile document, RuleContext context)
    {
        CheckServing(document, context);
        CheckPipelines(document, context);
        CheckBento(document, context);
    }

    partial void CheckServing(YamlFile document, RuleContext context);

    partial void CheckPipelines(YamlFile document, RuleContext context);

    /// <summary>BentoML's <c>bentofile.yaml</c> (in <c>PackageIndexUntrusted.Bento.cs</c>).</summary>
    partial void CheckBento(YamlFile document, RuleContext context);

    public void Check(DockerfileDocument document, RuleContext context)
    {
        var settings = VariableSettings.Of(document).ToList();
        var pinsElsewhere = settings.Any(s => s.Name is "PIP_CONSTRAINT" or "PIP_REQUIRE_HASHES" && s.Value.Trim().Length > 0);
        foreach (var setting in settings)
        {
            if (SettingProblem(setting) is { } problem)
            {
                context.Report(Descriptor, setting.Span, setting.Evidence + " [" + setting.Name + "]", [problem]);
            }
        }

        foreach (var script in document.RunScriptsOf().Concat(document.CommandScriptsOf()))
        {
            foreach (var command in script.Script.Commands)
            {
                if (PipCommand.From(command) is not { } pip)
                {
                    continue;
                }

                var shownPrefix = script.Instruction.Keyword + " " + pip.Tool + (pip.Subcommand.Length == 0 ? string.Empty : " " + pip.Subcommand);
                foreach (var (word, problem) in IndexProblems(pip, shownPrefix))
                {
                    context.Report(Descriptor, script.SpanOf(word), VariableSettings.Evidence(command) + " [" + word.Text + "]", [problem]);
                }

                var unpinned = pinsElsewhere ? [] : Unpinned(pip);
                if (unpinned.Count > 0)
                {
                    var names = string.Join(", ", unpinned.Take(10).Select(w => w.Text)) + (unpinned.Count > 10 ? " and " + (unpinned.Count - 10).ToString(CultureInfo.InvariantCulture) + " more" : string.Empty);
                    context.Report(
                        Descriptor,
                        script.SpanOf(unpinned[0], unpinned[unpinned.Count - 1]),
                        VariableSettings.Evidence(command),
                        [shownPrefix + " installs " + names + " with no pinned version (==) and no hashes: a new or hijacked release goes into the image unreviewed"],
                        Severity.Low);
                }
            }
        }
    }

    private static string? SettingProblem(VariableSetting setting)
    {
        var value = setting.Value.Trim();
        return setting.Name.ToUpperInvariant() switch
        {
            "PIP_EXTRA_INDEX_URL" or "UV_EXTRA_INDEX_URL" or "UV_INDEX" when value.Length > 0 => Shown(setting) + " " + Confusion,
            "PIP_INDEX_URL" or "UV_INDEX_URL" or "UV_DEFAULT_INDEX" or "PIP_FIND_LINKS" or "UV_FIND_LINKS" when IsPlainHttp(value) => Shown(setting) + " " + PlainHttp,
            _ => null,
        };
    }

    private static string Shown(VariableSetting setting)
    {
        var equals = setting.Shown.IndexOf('=');
        return equals < 0 ? setting.Shown : setting.Shown.Substring(0, equals + 1) + VariableSettings.ShownUrl(setting.Shown.Substring(equals + 1));
    }

    private static IEnumerable<(ShellWord Word, string Problem)> IndexProblems(PipCommand pip, string shownPrefix)
    {
        var command = pip.Command;
        foreach (var flag in command.FindFlags("--extra-index-url"))
        {
            var url = flag.Value ?? string.Empty;
            var shown = shownPrefix + " --extra-index-url " + VariableSettings.ShownUrl(url);
            yield return (flag.Word, shown + " " + Confusion + (IsPlainHttp(url) ? ", over plain http" : string.Empty));
        }

        foreach (var flag in command.FindFlags("-i", "--index-url", "--index", "--default-index", "-f", "--find-links"))
        {
            if (flag.Value is { } url && IsPlainHttp(url))
            {
                yield return (flag.Word, shownPrefix + " " + flag.Name + " " + VariableSettings.ShownUrl(url) + " " + PlainHttp);
            }
        }

        if (pip.ConfigSet() is var (key, keyWord, value) && value is not null)
        {
            var shown = shownPrefix + " set " + keyWord.Text + " " + VariableSettings.ShownUrl(value.Text);
            if (key == "extra-index-url")
            {
                yield return (keyWord, shown + " " + Confusion);
            }
            else if (key is "index-url" or "find-links" && IsPlainHttp(value.Text))
            {
                yield return (keyWord, shown + " " + PlainHttp);
            }
        }
    }

    /// <summary>The ML packages an install names without a pin, or none when the install is pinned another way.</summary>
    private static IReadOnlyList<ShellWord> Unpinned(PipCommand pip)
    {
        var command = pip.Command;
        if (pip.Subcommand != "install" || pip.Tool == "uv"
            || command.HasFlag("-r", "--requirement", "-c", "--constraint", "--constraints", "--require-hashes"))
        {
            return [];
        }

        return [.. pip.Packages().Where(word => IsUnpinnedMlPackage(word.Text))];
    }

    private static bool IsUnpinnedMlPackage(string spec)
    {
        var end = 0;
        while (end < spec.Length && (char.IsLetterOrDigit(spec[end]) || spec[end] is '-' or '_' or '.'))
        {
            end++;
        }

        var rest = spec.Substring(end).TrimStart();
        if (end == 0 || rest.StartsWith("@", StringComparison.Ordinal) || spec.IndexOf('/') >= 0 || spec.EndsWith(".whl", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var name = Normalize(spec.Substring(0, end));
        if (!MlPackages.Contains(name))
        {
            return false;
        }

        var version = rest.IndexOf("==", StringComparison.Ordinal);
        return version < 0 || rest.IndexOf('*', version) >= 0;
    }

    /// <summary>PEP 503: lower case, runs of <c>-</c>, <c>_</c> and <c>.</c> as one <c>-</c>.</summary>
    private static string Normalize(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (c is '-' or '_' or '.')
            {
                if (builder.Length > 0 && builder[builder.Length - 1] != '-')
                {
                    builder.Append('-');
                }
            }
            else
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }

    private static bool IsPlainHttp(string url) => url.Trim().StartsWith("http://", StringComparison.OrdinalIgnoreCase);
}
