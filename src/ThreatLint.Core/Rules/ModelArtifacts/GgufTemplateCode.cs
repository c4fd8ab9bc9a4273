using ThreatLint.Catalog;
using ThreatLint.Documents.Artifacts;
using ThreatLint.Documents.Jinja;
using ThreatLint.Findings;

namespace ThreatLint.Rules.ModelArtifacts;

/// <summary>
/// TL1007: a GGUF chat template (<c>tokenizer.chat_template</c> or a named <c>tokenizer.chat_template.*</c>) whose Jinja
/// reaches Python internals — server-side template injection for every runtime that renders it outside a sandbox
/// (llama-cpp-python before 0.2.72, CVE-2024-34359, and any Jinja2 <c>Environment</c>).
/// </summary>
/// <remarks>
/// Decisions: only attribute accesses inside <c>{{ }}</c>/<c>{% %}</c> count, never literal text or the contents of
/// string literals. An access fires when its name starts with an underscore (Jinja's own sandbox refuses exactly
/// those: <c>__class__</c>, <c>__globals__</c>, <c>_TemplateReference__context</c>…), when it names one of the
/// frame/code attributes the sandbox also blocks (<see cref="UnsafeNames"/>), or when the chain starts from a Python
/// module name (<c>os.popen</c>). <c>attr()</c> with a computed name fires with medium confidence. Whatever the chain
/// starts from (<c>lipsum</c>, <c>cycler</c>, <c>joiner</c>, <c>namespace</c>, <c>request</c>, a string literal), the
/// finding names the whole chain; one finding per chain.
/// </remarks>
public sealed class GgufTemplateCode : IModelArtifactRule
{
    private const string TemplateKey = "tokenizer.chat_template";
    private const int MaxFindingsPerTemplate = 10;
    private const int MaxShownChain = 120;

    /// <summary>Attributes that lead from an ordinary object to frames, code or globals without an underscore.</summary>
    private static readonly HashSet<string> UnsafeNames = new(StringComparer.Ordinal)
    {
        "mro", "func_globals", "func_code", "f_globals", "f_locals", "f_builtins", "f_back", "gi_frame", "gi_code",
        "cr_frame", "cr_code", "ag_frame", "ag_code", "tb_frame", "tb_next",
    };

    /// <summary>Python modules that are never template variables; a chain from one of them is an escape.</summary>
    private static readonly HashSet<string> ModuleRoots = new(StringComparer.Ordinal)
    {
        "os", "posix", "nt", "subprocess", "sys", "builtins", "__builtins__", "importlib", "pty", "socket", "shutil",
        "ctypes", "runpy", "pickle", "marshal",
    };

    public RuleDescriptor Descriptor => Catalog.Rules.GgufTemplateCode;

    public void Check(ModelArtifact artifact, RuleContext context)
    {
        if (artifact.Format != ArtifactFormat.Gguf
            || !ArtifactViews.TryRead(artifact, context, "gguf", a => a.ReadGguf(), out var header))
        {
            return;
        }

        foreach (var skipped in header.SkippedKeys.Where(IsTemplateKey))
        {
            ArtifactViews.ReportProblem(context, Catalog.Rules.FileSkippedLimit, skipped + " is longer than the string limit and was not checked");
        }

        foreach (var entry in header.Metadata)
        {
            if (IsTemplateKey(entry.Key) && entry.Value.String is { } template)
            {
                CheckTemplate(artifact, entry.Key, template, context);
            }
        }
    }

    private static bool IsTemplateKey(string key) =>
        key == TemplateKey || key.StartsWith(TemplateKey + ".", StringComparison.Ordinal);

    private void CheckTemplate(ModelArtifact artifact, string key, string text, RuleContext context)
    {
        var template = JinjaTemplate.Parse(text);

        // One finding per chain: the last unsafe access along it shows the whole escape.
        var chains = new Dictionary<int, (JinjaAccess Access, Confidence Confidence)>();
        foreach (var access in template.Accesses)
        {
            if (Judge(access) is { } confidence)
            {
                var sure = confidence == Confidence.High || (chains.TryGetValue(access.ChainOffset, out var earlier) && earlier.Confidence == Confidence.High);
                chains[access.ChainOffset] = (access, sure ? Confidence.High : confidence);
            }
        }

        foreach (var (access, confidence) in chains.OrderBy(c => c.Key).Select(c => c.Value).Take(MaxFindingsPerTemplate))
        {
            var shown = Shorten(access.Chain) + (access.Name is null ? " (attr with a computed name)" : string.Empty);
            context.Report(Descriptor, SourceSpan.FileStart, key + " " + access.Chain, [artifact.FileName, key, shown], confidence: confidence);
        }
    }

    /// <summary>The confidence with which an access is an escape, or null when it is an ordinary lookup.</summary>
    private static Confidence? Judge(JinjaAccess access)
    {
        if (access.Name is null)
        {
            return Confidence.Medium;
        }

        if (access.Name.StartsWith("_", StringComparison.Ordinal)
            || UnsafeNames.Contains(access.Name)
            || (access.Root is { } root && ModuleRoots.Contains(root) && access.Kind == JinjaAccessKind.Dot && access.Chain == root + "." + access.Name))
        {
            return Confidence.High;
        }

        return null;
    }

    private static string Shorten(string chain)
    {
        var single = string.Join(" ", chain.Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
        return single.Length <= MaxShownChain ? single : single.Substring(0, MaxShownChain - 3) + "...";
    }
}
