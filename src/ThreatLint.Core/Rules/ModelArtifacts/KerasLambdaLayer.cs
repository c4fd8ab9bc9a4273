using ThreatLint.Catalog;
using ThreatLint.Documents.Artifacts;
using ThreatLint.Documents.Json;
using ThreatLint.Documents.Keras;
using ThreatLint.Findings;

namespace ThreatLint.Rules.ModelArtifacts;

/// <summary>
/// TL1005: a Keras model whose configuration carries code that runs when it is loaded — Lambda layers (marshalled
/// bytecode or a function looked up by module and name, CVE-2024-3660) and references to Python modules that
/// deserialization imports and calls (CVE-2025-1550). Model files here; the Python <c>load_model(safe_mode=False)</c>
/// side joins this class in its own part.
/// </summary>
/// <remarks>
/// Decisions: every Lambda layer fires (one finding per layer, naming what it runs); a <c>__lambda__</c> bytecode
/// object anywhere else fires too. A serialized object whose <c>module</c> is a module that reaches the OS or the
/// interpreter (<see cref="DangerousModules"/>) fires with high confidence; a bare function reference
/// (<c>class_name: function</c>) from a module outside the Keras/TensorFlow family fires with medium confidence, since
/// Keras imports that module to find it. Custom layer classes from the user's own modules do not fire: Keras only
/// loads them when the loading code registers them. Objects inside a reported Lambda layer are not reported again.
/// </remarks>
public sealed partial class KerasLambdaLayer : IModelArtifactRule
{
    /// <summary>Top-level modules whose functions reach the operating system, the network or the interpreter.</summary>
    private static readonly HashSet<string> DangerousModules = new(StringComparer.Ordinal)
    {
        "builtins", "__builtin__", "os", "posix", "nt", "subprocess", "sys", "runpy", "pty", "socket", "shutil", "ctypes",
        "importlib", "pkgutil", "pickle", "_pickle", "dill", "marshal", "types", "operator", "functools", "webbrowser",
        "urllib", "requests", "httpx", "asyncio", "code", "codeop", "pdb", "commands", "multiprocessing", "tempfile",
        "io", "pathlib", "signal", "ftplib", "smtplib", "telnetlib",
    };

    /// <summary>Top-level modules whose functions Keras configurations legitimately reference.</summary>
    private static readonly HashSet<string> KerasFamily = new(StringComparer.Ordinal)
    {
        "keras", "keras_core", "keras_hub", "keras_nlp", "keras_cv", "tf_keras", "tensorflow", "tensorflow_addons",
    };

    public RuleDescriptor Descriptor => Catalog.Rules.KerasLambdaLayer;

    public void Check(ModelArtifact artifact, RuleContext context)
    {
        if (artifact.Format is not (ArtifactFormat.Hdf5 or ArtifactFormat.Zip)
            || !ArtifactViews.TryRead(artifact, context, "keras", a => a.ReadKeras(), out var model))
        {
            return;
        }

        if (model.Incomplete is { } why)
        {
            ArtifactViews.ReportProblem(context, Catalog.Rules.FileSkippedLimit, why);
        }

        foreach (var config in model.Configs)
        {
            Check(artifact, config, context);
        }
    }

    private void Check(ModelArtifact artifact, KerasConfig config, RuleContext context)
    {
        string? covered = null;
        foreach (var obj in config.Objects)
        {
            if (covered is not null && IsInside(obj.Path, covered))
            {
                continue;
            }

            covered = null;
            if (obj.ClassName == "Lambda")
            {
                covered = obj.Path;
                var layer = "Lambda layer '" + (obj.Name ?? "?") + "'";
                Report(artifact, context, config, obj, layer + DescribeFunction(obj.Config), Confidence.High);
            }
            else if (obj.ClassName == "__lambda__")
            {
                covered = obj.Path;
                Report(artifact, context, config, obj, "marshalled Python bytecode (__lambda__) at " + obj.Path, Confidence.High);
            }
            else if (obj.Module is { } module)
            {
                var top = module.Split('.')[0];
                var target = obj.ClassName == "function" && obj.Json["config"]?.AsString is { } function ? module + "." + function : module + "." + obj.ClassName;
                if (DangerousModules.Contains(top))
                {
                    covered = obj.Path;
                    Report(artifact, context, config, obj, "a reference to " + target + " at " + obj.Path, Confidence.High);
                }
                else if (obj.ClassName == "function" && !KerasFamily.Contains(top))
                {
                    covered = obj.Path;
                    Report(artifact, context, config, obj, "a reference to function " + target + " at " + obj.Path, Confidence.Medium);
                }
            }
        }
    }

    /// <summary>What a Lambda layer runs: Keras 3 wraps it in an object, Keras 2 stores bytecode or a name beside <c>function_type</c>.</summary>
    private static string DescribeFunction(JsonValue? config)
    {
        var function = config?["function"];
        if (function is { IsObject: true })
        {
            if (function["class_name"]?.AsString == "__lambda__")
            {
                return " with marshalled Python bytecode";
            }

            if (function["module"]?.AsString is { } module && function["config"]?.AsString is { } name)
            {
                return " calling " + module + "." + name;
            }
        }
        else if (function is { IsArray: true })
        {
            return " with marshalled Python bytecode";
        }
        else if (function?.AsString is { } name)
        {
            return config?["module"]?.AsString is { Length: > 0 } module ? " calling " + module + "." + name : " calling " + name;
        }

        return string.Empty;
    }

    private static bool IsInside(string path, string container) =>
        path.Length > container.Length
        && path.StartsWith(container, StringComparison.Ordinal)
        && path[container.Length] is '.' or '[';

    private void Report(ModelArtifact artifact, RuleContext context, KerasConfig config, KerasObject obj, string construct, Confidence confidence) =>
        context.Report(
            Descriptor,
            SourceSpan.FileStart,
            config.Source + " " + obj.Path + " " + construct,
            [artifact.FileName, construct],
            confidence: confidence);
}
