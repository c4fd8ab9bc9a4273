using ThreatLint.Catalog;
using ThreatLint.Documents.Pipelines;
using ThreatLint.Findings;
using ThreatLint.Rules.ContainerImages;
using ThreatLint.Rules.SupplyChain;

namespace ThreatLint.Rules.Pipelines;

/// <summary>A step that publishes a model or an image: where, what it publishes and how sure we are that it is a model.</summary>
internal sealed record Publication(StepShell? Shell, PipelineStep Step, SourceSpan Span, string How, string What, Confidence Confidence);

/// <summary>
/// What publishes a model or a model image, and what signs or attests it, in pipeline steps — shared by TL3005
/// (published unsigned) and TL3004 (a publishing workflow with the default token).
/// </summary>
internal static class PipelinePublishing
{
    private static readonly string[] CopyTools = ["aws", "gsutil", "gcloud", "azcopy", "rclone"];

    private static readonly string[] ModelWords = ["model", "weights", "checkpoint", "ckpt", "adapter", "lora"];

    /// <summary>Every publication of the pipeline, in step order.</summary>
    public static List<Publication> Of(PipelineFile pipeline, PipelineShell shell)
    {
        var found = new List<Publication>();
        var byStep = shell.Steps.ToDictionary(s => s.Step);
        foreach (var step in pipeline.Steps)
        {
            byStep.TryGetValue(step, out var stepShell);
            if (ActionPublication(step) is { } action)
            {
                found.Add(action);
            }

            foreach (var line in stepShell?.Lines ?? [])
            {
                if (CommandPublication(line) is var (index, how, what, confidence))
                {
                    found.Add(new Publication(stepShell, step, line.SpanAt(index), how, what, confidence));
                }
            }
        }

        return found;
    }

    /// <summary>True when a step of the pipeline signs or attests what it builds.</summary>
    public static bool Signs(PipelineFile pipeline, PipelineShell shell)
    {
        if (pipeline.Steps.Any(SigningAction) || pipeline.Variables.Any(v => v.Name == "DOCKER_CONTENT_TRUST" && v.Scalar?.Text == "1"))
        {
            return true;
        }

        // A reusable workflow that generates SLSA provenance (slsa-framework/slsa-github-generator) attests too.
        if (pipeline.References.Any(r => r.What == "reusable workflow" && r.Name.StartsWith("slsa-framework/", StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        return shell.Lines.Any(SigningCommand);
    }

    private static bool SigningAction(PipelineStep step) => step.ActionName switch
    {
        null => false,
        "actions/attest-build-provenance" or "actions/attest" or "actions/attest-sbom" => true,
        "notation" or "notationsign" => true,
        var name => name.StartsWith("sigstore/gh-action-sigstore", StringComparison.Ordinal)
            || name.StartsWith("slsa-framework/slsa-github-generator", StringComparison.Ordinal)
            || name.StartsWith("notaryproject/notation-action/sign", StringComparison.Ordinal),
    };

    private static bool SigningCommand(CommandLine line)
    {
        var command = line.Command;
        var first = command.Arguments.FirstOrDefault()?.Text;
        return command.Name switch
        {
            "cosign" => first is "sign" or "attest" or "sign-blob" or "attest-blob",
            "notation" => first == "sign",
            "model_signing" or "model-signing" => first == "sign",
            "sigstore" => first is "sign" or "attest",
            "docker" => first == "trust" && command.Arguments.Skip(1).FirstOrDefault()?.Text == "sign",
            "gh" => first == "attestation" && command.Arguments.Skip(1).FirstOrDefault()?.Text == "sign",
            _ when PipCommand.IsPython(command.Name) => command.FlagValue("-m") is "model_signing" or "sigstore"
                && line.Words.Any(w => w.Text == "sign"),
            _ => false,
        };
    }

    private static Publication? ActionPublication(PipelineStep step)
    {
        var name = step.ActionName;
        var span = step.Action?.Span ?? step.Node.Span;
        switch (name)
        {
            case "docker/build-push-action":
                var push = step.Input("push")?.Text;
                return push is not null && !push.Equals("false", StringComparison.OrdinalIgnoreCase)
                    ? new Publication(null, step, span, step.Action!.Text!, "image " + (step.Input("tags")?.Text?.Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "(tags from the build)"), Confidence.Medium)
                    : null;
            case "docker":
                var command = step.Input("command")?.Text;
                return command is "push" or "buildAndPush"
                    ? new Publication(null, step, span, "task " + step.Action!.Text + " " + command, "image " + (step.Input("repository")?.Text ?? "?"), Confidence.Medium)
                    : null;
            default:
                return null;
        }
    }

    /// <summary>A command that publishes: the word that names what it publishes, how it publishes, what, and how sure.</summary>
    private static (int Index, string How, string What, Confidence Confidence)? CommandPublication(CommandLine line)
    {
        var command = line.Command;
        var name = command.Name;
        var arguments = command.Arguments;
        var first = arguments.FirstOrDefault()?.Text;
        var nameIndex = IndexOf(line, command.NameWord);
        switch (name)
        {
            case "docker" or "podman" or "buildah" or "nerdctl":
                if (first == "push" || (first == "image" && arguments.Skip(1).FirstOrDefault()?.Text == "push"))
                {
                    var image = command.Positionals().Skip(first == "image" ? 2 : 1).FirstOrDefault();
                    return (IndexOf(line, image ?? command.NameWord), name + " push", "image " + (image?.Text ?? "?"), Confidence.Medium);
                }

                if ((first == "build" || (first == "buildx" && arguments.Skip(1).FirstOrDefault()?.Text == "build")) && command.HasFlag("--push"))
                {
                    var tag = command.FlagValue("-t", "--tag");
                    return (nameIndex, name + " " + (first == "buildx" ? "buildx build" : "build") + " --push", "image " + (tag ?? "?"), Confidence.Medium);
                }

                return null;
            case "oras":
                return first == "push" ? (nameIndex, "oras push", "artifact " + (command.Positionals().Skip(1).FirstOrDefault()?.Text ?? "?"), Confidence.High) : null;
            case "dvc":
                return first == "push" ? (nameIndex, "dvc push", "the DVC-tracked models and data", Confidence.High) : null;
            case "huggingface-cli" or "hf":
                return first is "upload" or "upload-large-folder"
                    ? (nameIndex, name + " " + first, "Hub repository " + (command.Positionals().Skip(1).FirstOrDefault()?.Text ?? "?"), Confidence.High)
                    : null;
            case "az":
                return first == "ml" && arguments.Skip(1).FirstOrDefault()?.Text == "model" && arguments.Skip(2).FirstOrDefault()?.Text is "create" or "register"
                    ? (nameIndex, "az ml model " + arguments[2].Text, "model " + (command.FlagValue("--name", "-n") ?? "?"), Confidence.High)
                    : null;
            case "mlflow":
                return first == "models" || first == "artifacts" && arguments.Skip(1).FirstOrDefault()?.Text == "log-artifact"
                    ? (nameIndex, "mlflow " + first, "a model run artifact", Confidence.Medium)
                    : null;
        }

        if (PipCommand.IsPython(name) && command.FlagValue("-c") is { } code && (code.IndexOf("register_model", StringComparison.Ordinal) >= 0 || code.IndexOf("push_to_hub", StringComparison.Ordinal) >= 0 || code.IndexOf("upload_folder", StringComparison.Ordinal) >= 0))
        {
            return (nameIndex, name + " -c", "a model (" + (code.IndexOf("register_model", StringComparison.Ordinal) >= 0 ? "register_model" : code.IndexOf("push_to_hub", StringComparison.Ordinal) >= 0 ? "push_to_hub" : "upload_folder") + ")", Confidence.High);
        }

        if (Array.IndexOf(CopyTools, name) >= 0)
        {
            // aws s3 cp model.pt s3://…, gsutil cp -r checkpoints gs://…, gcloud storage cp, azcopy copy: a model file
            // or folder copied to a bucket.
            var operands = command.Positionals();
            var target = operands.LastOrDefault(w => w.Text.IndexOf("://", StringComparison.Ordinal) > 0);
            var sources = operands.Where(w => w != target && w.Text.IndexOf("://", StringComparison.Ordinal) < 0).ToList();
            var isCopy = operands.Any(w => w.Text is "cp" or "sync" or "copy" or "rsync");
            var model = sources.FirstOrDefault(w => IsModelPath(w.Text));
            if (isCopy && target is not null && target.Text.IndexOf("://", StringComparison.Ordinal) > 0 && !target.Text.StartsWith("http", StringComparison.OrdinalIgnoreCase) && model is not null)
            {
                return (IndexOf(line, model), name + " " + string.Join(" ", operands.TakeWhile(w => w.Text is "s3" or "storage" or "cp" or "sync" or "copy" or "rsync").Select(w => w.Text)), model.Text + " to " + target.Text, Confidence.High);
            }
        }

        return null;
    }

    private static bool IsModelPath(string path) =>
        ModelReferences.IsArtifact(path) || ModelWords.Any(w => path.IndexOf(w, StringComparison.OrdinalIgnoreCase) >= 0);

    private static int IndexOf(CommandLine line, Documents.Shell.ShellWord? word)
    {
        for (var i = 0; i < line.Words.Count; i++)
        {
            if (ReferenceEquals(line.Words[i], word))
            {
                return i;
            }
        }

        return 0;
    }
}
