using ThreatLint.Catalog;
using ThreatLint.Reporting;

namespace ThreatLint.Cli;

/// <summary>
/// The <c>--format</c> values that <c>scan</c> can write, each a function of the result and the gate. A new format is
/// one entry here (and its name in <see cref="Commands.ScanCommand.Format"/>'s choices).
/// </summary>
internal static class ReportFormats
{
    private static readonly Dictionary<string, Func<ScanResult, Severity?, string>> Writers = new(StringComparer.Ordinal)
    {
        ["text"] = ScanText.Write,
        ["json"] = (result, _) => JsonReport.Write(result, ToolVersion.Current),
        ["sarif"] = (result, failOn) => SarifReport.Write(result, ToolVersion.Current, failOn),
    };

    public static string Write(string format, ScanResult result, Severity? failOn) => Writers[format](result, failOn);
}
