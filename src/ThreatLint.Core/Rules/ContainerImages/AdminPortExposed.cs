using System.Globalization;
using ThreatLint.Catalog;
using ThreatLint.Documents.Dockerfile;
using ThreatLint.Findings;

namespace ThreatLint.Rules.ContainerImages;

/// <summary>
/// TL4006: the image EXPOSEs the port of an AI/ML admin or debug plane (Jupyter, TorchServe management, Ray
/// dashboard…), which invites publishing it with <c>-P</c>, a Service, or a platform that maps exposed ports.
/// </summary>
/// <remarks>
/// <para>
/// Decisions: only EXPOSE in the final stage and in the stages it is built FROM counts — that is the image's
/// configuration; a build stage's EXPOSE ships nowhere. Ports exposed by the base image itself are not visible here.
/// A range (<c>8000-8090</c>) that includes an admin port is reported once, naming every plane it includes.
/// Variables are substituted (<c>EXPOSE ${MGMT_PORT}</c>); a port that stays a build argument with no default is
/// not reported.
/// </para>
/// <para>
/// A port number alone does not prove which server listens on it: when the file names the plane's software
/// (<c>torchserve</c>, <c>jupyter</c>, <c>ray</c>…, as a word anywhere in its instructions) the finding has high
/// confidence, otherwise medium. 5000 is also Flask's default port, so without a mention of MLflow it is low. SSH
/// needs no evidence: port 22 in an image means a shell for whoever holds a key or password.
/// </para>
/// </remarks>
public sealed class AdminPortExposed : IDockerfileRule
{
    /// <summary>The planes, one row per port, with the words that show the file runs that software.</summary>
    private static readonly AdminPlane[] Planes =
    [
        new(22, "SSH (a remote shell into the container)", []),
        new(5000, "the MLflow tracking server (no authentication by default: runs, artifacts and the model registry)", ["mlflow"]),
        new(6006, "TensorBoard (no authentication; reads event files and can expose the log directory)", ["tensorboard"]),
        new(6379, "Redis or the Ray GCS (cluster state; Ray uses it to schedule work)", ["ray", "redis"]),
        new(8081, "the TorchServe management API (model registration from URLs, ShellTorch)", ["torchserve", "torch-model-archiver"]),
        new(8082, "the TorchServe metrics API", ["torchserve"]),
        new(8265, "the Ray dashboard and Jobs API (submits arbitrary code, ShadowRay)", ["ray"]),
        new(8786, "the Dask scheduler (runs submitted Python on the workers)", ["dask"]),
        new(8787, "the Dask dashboard", ["dask"]),
        new(8888, "Jupyter (a notebook server runs any code it is sent)", ["jupyter", "jupyterlab", "notebook"]),
        new(10001, "the Ray Client server (runs remote Python on the cluster)", ["ray"]),
    ];

    public RuleDescriptor Descriptor => Catalog.Rules.AdminPortExposed;

    public void Check(DockerfileDocument document, RuleContext context)
    {
        var shipped = new HashSet<BuildStage>();
        for (var stage = document.FinalStage; stage is not null && shipped.Add(stage); stage = stage.BaseStage)
        {
        }

        foreach (var stage in shipped.OrderBy(s => s.Index))
        {
            foreach (var instruction in stage.Instructions.Where(i => i.Keyword == "EXPOSE"))
            {
                foreach (var (written, value, span) in Ports(instruction))
                {
                    Report(context, written, value, span, document);
                }
            }
        }
    }

    private void Report(RuleContext context, string written, string value, SourceSpan span, DockerfileDocument document)
    {
        if (!TryParseRange(value, out var low, out var high))
        {
            return;
        }

        var planes = Planes.Where(p => p.Port >= low && p.Port <= high).ToList();
        if (planes.Count == 0)
        {
            return;
        }

        var shown = written == value ? written : written + " (" + value + ")";
        if (low == high)
        {
            var plane = planes[0];
            context.Report(Descriptor, span, "EXPOSE " + plane.Port.ToString(CultureInfo.InvariantCulture), [shown, plane.Name], confidence: ConfidenceOf(plane, document));
            return;
        }

        var listed = string.Join("; ", planes.Select(p => p.Port.ToString(CultureInfo.InvariantCulture) + ": " + p.Name));
        var confidence = planes.Select(p => ConfidenceOf(p, document)).Max();
        context.Report(Descriptor, span, "EXPOSE " + value, [shown, "a range that includes " + listed], confidence: confidence);
    }

    private static Confidence ConfidenceOf(AdminPlane plane, DockerfileDocument document) =>
        plane.Evidence.Length == 0 || plane.Evidence.Any(word => Mentions(document, word)) ? Confidence.High
        : plane.Port == 5000 ? Confidence.Low
        : Confidence.Medium;

    /// <summary>The port specs of an EXPOSE as written and after substitution; those that stay unresolved are skipped.</summary>
    private static IEnumerable<(string Written, string Value, SourceSpan Span)> Ports(DockerInstruction instruction)
    {
        var words = instruction.Words;
        var expanded = instruction.ExpandedArguments;
        var values = expanded?.Value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (values.Length == words.Count)
        {
            for (var i = 0; i < words.Count; i++)
            {
                yield return (words[i].Text, values[i], instruction.SpanOf(words[i].Offset, words[i].Text.Length));
            }

            yield break;
        }

        // A variable that expands to several ports (EXPOSE $PORTS): every port is reported at the whole argument list.
        var span = words.Count == 0 ? instruction.Span : instruction.SpanOf(words[0].Offset, instruction.Arguments.Length);
        foreach (var value in values)
        {
            yield return (instruction.Arguments, value, span);
        }
    }

    /// <summary><c>8081</c>, <c>8081/tcp</c>, <c>8000-8090/udp</c>; false for anything else (an unresolved <c>${PORT}</c>).</summary>
    private static bool TryParseRange(string spec, out int low, out int high)
    {
        var slash = spec.IndexOf('/');
        var ports = slash < 0 ? spec : spec.Substring(0, slash);
        var dash = ports.IndexOf('-');
        if (dash < 0)
        {
            var single = TryParsePort(ports, out low);
            high = low;
            return single;
        }

        high = 0;
        return TryParsePort(ports.Substring(0, dash), out low) && TryParsePort(ports.Substring(dash + 1), out high) && low <= high;
    }

    private static bool TryParsePort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= 65535;

    /// <summary>
    /// Whether an instruction or heredoc line has the word, in any case, as a whole word: delimited by anything but
    /// letters and digits, '-' included unless the word has one (<c>ray-ml</c> mentions ray).
    /// </summary>
    private static bool Mentions(DockerfileDocument document, string word)
    {
        foreach (var instruction in document.Instructions)
        {
            if (Mentions(instruction.Text, word) || instruction.Heredocs.Any(h => h.Lines.Any(line => Mentions(line.Text, word))))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Mentions(string text, string word)
    {
        var hyphenated = word.IndexOf('-') >= 0;
        for (var i = text.IndexOf(word, StringComparison.OrdinalIgnoreCase); i >= 0; i = text.IndexOf(word, i + 1, StringComparison.OrdinalIgnoreCase))
        {
            var end = i + word.Length;
            if ((i == 0 || !InWord(text[i - 1])) && (end == text.Length || !InWord(text[end])))
            {
                return true;
            }
        }

        return false;

        bool InWord(char c) => char.IsLetterOrDigit(c) || (hyphenated && c == '-');
    }

    private sealed record AdminPlane(int Port, string Name, string[] Evidence);
}
