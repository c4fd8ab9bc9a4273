using System.Globalization;
using ThreatLint.Catalog;
using ThreatLint.Documents.Artifacts;
using ThreatLint.Documents.Onnx;
using ThreatLint.Findings;

namespace ThreatLint.Rules.ModelArtifacts;

/// <summary>
/// TL1006: an ONNX model whose tensors read bytes from outside its folder, or that needs operators from a native
/// library.
/// </summary>
/// <remarks>
/// Decisions: an external_data <c>location</c> fires when it is absolute (<c>/…</c>, <c>\…</c>, <c>\\server\…</c>,
/// <c>C:…</c>) or when its <c>..</c> segments climb above the model's folder (<c>a/../b</c> stays inside and is fine);
/// one finding per distinct location. Entries on tensors whose <c>data_location</c> is not EXTERNAL are ignored by
/// loaders, so they fire with low confidence. Operator domains fire when they are neither ONNX's own nor one that
/// ONNX Runtime ships (<see cref="BuiltInDomains"/>, com.microsoft contrib ops included), unless every use is a
/// function defined inside the model: such a domain means a custom-op library must be loaded into the process, so it
/// fires with medium confidence (one finding per domain, naming an operator).
/// </remarks>
public sealed class OnnxExternalDataEscape : IModelArtifactRule
{
    /// <summary>Operator domains implemented by ONNX or shipped inside ONNX Runtime itself.</summary>
    private static readonly HashSet<string> BuiltInDomains = new(StringComparer.Ordinal)
    {
        "", "ai.onnx", "ai.onnx.ml", "ai.onnx.training", "ai.onnx.preview.training",
        "com.microsoft", "com.microsoft.nchwc", "com.microsoft.experimental", "com.microsoft.dml", "com.ms.internal.nhwc",
    };

    public RuleDescriptor Descriptor => Catalog.Rules.OnnxExternalDataEscape;

    public void Check(ModelArtifact artifact, RuleContext context)
    {
        if (artifact.Format != ArtifactFormat.Onnx
            || !ArtifactViews.TryRead(artifact, context, "onnx", a => a.ReadOnnx(), out var model))
        {
            return;
        }

        foreach (var data in model.ExternalData)
        {
            if (Escape(data.Location) is { } how)
            {
                var tensors = data.TensorCount == 1
                    ? "tensor '" + data.FirstTensor + "'"
                    : string.Format(CultureInfo.InvariantCulture, "{0} tensors (first '{1}')", data.TensorCount, data.FirstTensor);
                var where = data.Graph == "graph" ? string.Empty : " in " + data.Graph;
                context.Report(
                    Descriptor,
                    SourceSpan.FileStart,
                    "location " + data.Location,
                    [artifact.FileName, "reads " + tensors + where + " from external data at '" + data.Location + "', " + how],
                    confidence: data.MarkedExternal ? Confidence.High : Confidence.Low);
            }
        }

        ReportCustomDomains(artifact, model, context);
    }

    /// <summary>Why a location leaves the model's folder, or null when it stays inside.</summary>
    internal static string? Escape(string location)
    {
        if (location.StartsWith("/", StringComparison.Ordinal) || location.StartsWith("\\", StringComparison.Ordinal))
        {
            return location.StartsWith("\\\\", StringComparison.Ordinal) ? "a network path" : "an absolute path";
        }

        if (location.Length >= 2 && location[1] == ':' && char.IsLetter(location[0]))
        {
            return "an absolute path";
        }

        var depth = 0;
        foreach (var segment in location.Split('/', '\\'))
        {
            if (segment == "..")
            {
                if (--depth < 0)
                {
                    return "a path that climbs out of the model's folder";
                }
            }
            else if (segment.Length > 0 && segment != ".")
            {
                depth++;
            }
        }

        return null;
    }

    private void ReportCustomDomains(ModelArtifact artifact, OnnxModel model, RuleContext context)
    {
        var localFunctions = new HashSet<(string, string)>(model.Functions.Select(f => (f.Domain, f.Name)));
        var functionDomains = new HashSet<string>(model.Functions.Select(f => f.Domain), StringComparer.Ordinal);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var use in model.Operators)
        {
            if (BuiltInDomains.Contains(use.Domain) || localFunctions.Contains((use.Domain, use.OpType)) || !reported.Add(use.Domain))
            {
                continue;
            }

            var nodes = model.Operators.Where(o => o.Domain == use.Domain && !localFunctions.Contains((o.Domain, o.OpType))).Sum(o => o.Count);
            var detail = string.Format(
                CultureInfo.InvariantCulture,
                "uses custom operator domain '{0}' ({1}, {2} node{3}), which needs a native operator library loaded into the runtime",
                use.Domain,
                use.OpType,
                nodes,
                nodes == 1 ? string.Empty : "s");
            context.Report(Descriptor, SourceSpan.FileStart, "domain " + use.Domain, [artifact.FileName, detail], confidence: Confidence.Medium);
        }

        foreach (var opset in model.OpsetImports)
        {
            if (BuiltInDomains.Contains(opset.Domain) || functionDomains.Contains(opset.Domain) || !reported.Add(opset.Domain))
            {
                continue;
            }

            context.Report(
                Descriptor,
                SourceSpan.FileStart,
                "domain " + opset.Domain,
                [artifact.FileName, "imports custom operator domain '" + opset.Domain + "', which needs a native operator library loaded into the runtime"],
                confidence: Confidence.Low);
        }
    }
}
