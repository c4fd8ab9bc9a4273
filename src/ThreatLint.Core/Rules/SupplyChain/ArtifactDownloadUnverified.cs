using ThreatLint.Catalog;
using ThreatLint.Documents.Dockerfile;
using ThreatLint.Documents.Python;
using ThreatLint.Documents.Yaml;
using ThreatLint.Findings;

namespace ThreatLint.Rules.SupplyChain;

/// <summary>
/// TL1012: a model or dataset file is fetched over the network and used with no integrity check, so whoever controls
/// the server, the bucket behind the URL or (over plain http) the network path controls the model.
/// </summary>
/// <remarks>
/// <para>
/// Python, downloaders that can verify and were not told to: <c>torch.hub.download_url_to_file</c> without
/// <c>hash_prefix</c>, <c>torch.hub.load_state_dict_from_url</c> without <c>check_hash=True</c>, Keras
/// <c>get_file</c> without <c>file_hash</c>/<c>md5_hash</c>, <c>pooch.retrieve</c> with <c>known_hash=None</c>,
/// torchvision <c>download_url</c>/<c>download_and_extract_archive</c> without <c>md5</c> — whatever the URL. Plain
/// downloaders (<c>urllib.request.urlretrieve</c>, <c>wget.download</c>) when the URL or the file is a model or
/// dataset (by extension — an archive only when its URL or name says model, weights, data… — or a Hub
/// <c>/resolve/</c> URL) or the URL is plain http; <c>gdown.download</c> always (it
/// exists to fetch weights and data from Google Drive); HTTP clients (<c>requests.get</c>, <c>httpx.get</c>,
/// <c>urlopen</c>) only for a literal model or dataset URL.
/// </para>
/// <para>
/// The heuristic for "verified": after the download, in the same function (or anywhere after it for module-level
/// code and notebooks), a call to <c>hashlib</c>, <c>hexdigest</c>/<c>digest</c>/<c>compare_digest</c>, or a function
/// whose name says it checks (<c>sha256</c>, <c>checksum</c>, <c>verify</c>, <c>hash</c>, <c>integrity</c>). It does
/// not prove that the digest is compared with a pinned value.
/// </para>
/// <para>
/// Dockerfiles and notebook shell lines: <c>curl</c>/<c>wget</c> of a model or dataset URL (or to such a file) with
/// no checksum verification after it in the same RUN (<c>sha256sum -c</c>, <c>shasum -a 256 -c</c>, a digest
/// compared in <c>$(…)</c>, <c>gpg --verify</c>, <c>cosign verify-blob</c>). A check in a later RUN still fails the
/// build, but the unverified file sits in an earlier layer: reported with low confidence. <c>ADD &lt;url&gt;</c> is
/// TL4004's and <c>curl … | sh</c> TL4003's.
/// </para>
/// </remarks>
public sealed partial class ArtifactDownloadUnverified : IPythonRule, IDockerfileRule, IYamlRule
{
    private static readonly string[] VerifierWords = ["sha256", "sha512", "sha1", "md5", "checksum", "verify", "hash", "integrity", "digest"];

    public RuleDescriptor Descriptor => Catalog.Rules.ArtifactDownloadUnverified;

    /// <summary>
    /// YAML: serving manifests (Kubernetes, KServe, compose… — in <c>ArtifactDownloadUnverified.Serving.cs</c>) and pipeline files (workflows,
    /// CI, Kubeflow/Argo, DVC, MLflow — in <c>ArtifactDownloadUnverified.Pipelines.cs</c>).
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
        var verifiers = document.Calls.Where(IsVerifier).Select(c => c.Offset).ToList();
        foreach (var call in document.Calls)
        {
            if (Download(document, call) is not { } download || IsVerifiedAfter(document, call, verifiers))
            {
                continue;
            }

            var url = download.Url ?? download.UrlArgument.Value.Text;
            var file = download.File ?? (download.Url is { } u ? ModelReferences.FileNameOf(u) : "a file");
            var source = ModelReferences.IsPlainHttp(download.Url) ? url + " over plain http" : url;
            context.Report(Descriptor, call.Span, call.Callee + " " + url, [file, source + " (" + call.Callee + download.How + ")"], confidence: download.Confidence);
        }

        // Notebook shell lines: a check in a later shell line, or a digest computed in Python further down, clears it.
        var lines = CommandLine.Of(document).ToList();
        var downloads = Downloads(lines);
        var checks = Enumerable.Range(0, lines.Count).Where(i => ModelShellCommands.Verifies(lines[i].Command)).ToList();
        var lastPythonCheck = verifiers.Count == 0 ? 0 : document.SpanOf(verifiers[verifiers.Count - 1], 1).Line;
        var names = downloads.Select(d => d.File).Distinct(StringComparer.Ordinal).Take(64).ToList();
        foreach (var (index, url, file) in downloads)
        {
            var verified = lastPythonCheck > lines[index].SpanAt(url).Line
                || ChecksAfter(checks, index).Any(c => Covers(lines[c], file, names));
            if (!verified)
            {
                ReportShell(context, lines[index], url, file, null);
            }
        }
    }

    public void Check(DockerfileDocument document, RuleContext context)
    {
        foreach (var python in EmbeddedPython.Of(document))
        {
            Check(python, context);
        }

        var lines = CommandLine.Of(document).Where(l => l.Source == "RUN").ToList();
        var downloads = Downloads(lines);
        var checks = Enumerable.Range(0, lines.Count).Where(i => ModelShellCommands.Verifies(lines[i].Command)).ToList();

        // A check names the file it checks, or (a list such as SHA256SUMS) any file of the RUN it is in.
        var namesByRun = downloads.GroupBy(d => lines[d.Index].Order)
            .ToDictionary(g => g.Key, g => g.Select(d => d.File).Distinct(StringComparer.Ordinal).Take(64).ToList());
        foreach (var (index, url, file) in downloads)
        {
            var line = lines[index];
            var names = namesByRun[line.Order];
            var covering = ChecksAfter(checks, index).Where(c => lines[c].Stage == line.Stage && Covers(lines[c], file, names)).ToList();
            if (covering.Count == 0 || lines[covering[0]].Order != line.Order)
            {
                ReportShell(context, line, url, file, covering.Count == 0 ? null : lines[covering[0]]);
            }
        }
    }

    /// <summary>Every curl/wget download of a model or dataset: its line, the URL's word and the file's name.</summary>
    private static List<(int Index, int Url, string File)> Downloads(List<CommandLine> lines) =>
        [.. lines.SelectMany((line, i) => ModelShellCommands.ArtifactDownloads(line).Select(d => (i, d.Url, d.FileName)))];

    /// <summary>The checks after line <paramref name="index"/>, in order (at most 64 are looked at).</summary>
    private static IEnumerable<int> ChecksAfter(List<int> checks, int index)
    {
        var first = checks.BinarySearch(index + 1);
        first = first >= 0 ? first : ~first;
        return checks.Skip(first).Take(64);
    }

    /// <summary>
    /// Whether a check covers <paramref name="file"/>: it (or the <c>echo</c> piped into it) names the file, or it
    /// names none of <paramref name="names"/> (a checksum list).
    /// </summary>
    private static bool Covers(CommandLine check, string file, List<string> names)
    {
        var words = check.Words.Concat(check.Command.PipedFrom?.Words ?? []).Select(w => w.Text).ToList();
        var named = names.Where(n => words.Any(w => w.IndexOf(n, StringComparison.Ordinal) >= 0)).ToList();
        return named.Count == 0 || named.Contains(file);
    }

    /// <summary>A download call: its URL argument, the URL and file when they are known, and what makes it unverified.</summary>
    private static (PythonArgument UrlArgument, string? Url, string? File, string How, Confidence Confidence)? Download(PythonDocument document, PythonCall call)
    {
        var name = call.QualifiedName;
        switch (name)
        {
            case "torch.hub.download_url_to_file":
                return Unverified(document, call, call.Argument("url", 0), call.Argument("dst", 1), call.Argument("hash_prefix", 2), " without hash_prefix");
            case "torch.hub.load_state_dict_from_url" or "torch.utils.model_zoo.load_url":
                return call.Argument("check_hash", 4)?.Literal is { IsTrue: true } ? null
                    : Unverified(document, call, call.Argument("url", 0), call.Argument("file_name", 5), null, " without check_hash=True");
            case "pooch.retrieve":
                return Unverified(document, call, call.Argument("url", 0), call.Argument("fname", 2), call.Argument("known_hash", 1), " with known_hash=None");
            case "gdown.download":
                return Unverified(document, call, call.Argument("url", 0) ?? call.Keyword("id"), call.Argument("output", 1), null, string.Empty);
        }

        if (call.Name == "get_file" && name.Split('.').Any(p => p is "keras" or "tf_keras"))
        {
            var hash = call.Argument("file_hash", 4) ?? call.Argument("md5_hash", 3);
            return Unverified(document, call, call.Argument("origin", 1), call.Argument("fname", 0), hash, " without file_hash");
        }

        if (call.Name is "download_url" or "download_and_extract_archive" && name.StartsWith("torchvision.", StringComparison.Ordinal))
        {
            var hash = call.Argument("md5", call.Name == "download_url" ? 3 : 4);
            return Unverified(document, call, call.Argument("url", 0), call.Argument("filename", call.Name == "download_url" ? 2 : 3), hash, " without md5");
        }

        if (name is "urllib.request.urlretrieve" or "wget.download")
        {
            var result = Unverified(document, call, call.Argument("url", 0), call.Argument(name == "wget.download" ? "out" : "filename", 1), null, string.Empty);
            return result is { } r && (ModelReferences.IsArtifact(r.Url) || ModelReferences.IsArtifact(r.File) || ModelReferences.IsPlainHttp(r.Url)) ? r : null;
        }

        if (name is "requests.get" or "httpx.get" or "urllib.request.urlopen" or "requests.request" or "httpx.stream")
        {
            var result = Unverified(document, call, call.Argument("url", name is "requests.request" or "httpx.stream" ? 1 : 0), null, null, string.Empty);
            return result is { Url: { } url } r && ModelReferences.IsArtifact(url) ? r : null;
        }

        return null;
    }

    /// <summary>The download unless a hash argument (other than None) is given.</summary>
    private static (PythonArgument UrlArgument, string? Url, string? File, string How, Confidence Confidence)? Unverified(
        PythonDocument document, PythonCall call, PythonArgument? url, PythonArgument? file, PythonArgument? hash, string how)
    {
        if (url is null || (hash is not null && hash.Literal is not { IsNone: true }))
        {
            return null;
        }

        var urlText = document.ResolveString(url.Value) ?? (url.Value.IsInterpolatedString ? url.Value.Tokens.First().StringValue : null);
        var fileText = document.ResolveString(file?.Value);
        return (url, urlText, fileText is null ? null : ModelReferences.FileNameOf(fileText), how, Confidence.High);
    }

    /// <summary>Whether code after the call, in its function (or after it at module level), checks a digest.</summary>
    private static bool IsVerifiedAfter(PythonDocument document, PythonCall call, List<int> verifierOffsets)
    {
        var end = document.EnclosingFunction(call.Offset)?.End ?? int.MaxValue;
        var next = verifierOffsets.BinarySearch(call.Offset + 1);
        next = next >= 0 ? next : ~next;
        return next < verifierOffsets.Count && verifierOffsets[next] < end;
    }

    private static bool IsVerifier(PythonCall call) =>
        call.QualifiedName.StartsWith("hashlib.", StringComparison.Ordinal)
        || call.Name is "hexdigest" or "digest" or "compare_digest" or "file_digest"
        || VerifierWords.Any(w => call.Name.IndexOf(w, StringComparison.OrdinalIgnoreCase) >= 0);

    /// <summary>A curl/wget download with no check after it in the same step; <paramref name="laterCheck"/> is one in a later RUN.</summary>
    private void ReportShell(RuleContext context, CommandLine line, int urlIndex, string file, CommandLine? laterCheck)
    {
        var url = line.Words[urlIndex].Text;
        var source = ModelReferences.IsPlainHttp(url) ? url + " over plain http" : url;
        var how = laterCheck is null
            ? line.Command.Name + " with no checksum verification after it"
            : line.Command.Name + "; only the " + laterCheck.Command.Name + " in the RUN at line "
                + laterCheck.Line.ToString(System.Globalization.CultureInfo.InvariantCulture) + " checks it, after the file is in a layer";
        context.Report(Descriptor, line.SpanAt(urlIndex), line.Command.Name + " " + url, [file, source + " (" + how + ")"], confidence: laterCheck is null ? Confidence.High : Confidence.Low);
    }
}
