using ThreatLint.Catalog;
using ThreatLint.Documents.Shell;
using ThreatLint.Documents.Yaml;

namespace ThreatLint.Rules.ContainerImages;

/// <summary>
/// TL3008 in BentoML build files (<c>bentofile.yaml</c>): <c>python.extra_index_url</c>, a plain-http
/// <c>python.index_url</c> or <c>find_links</c>, the same flags in <c>python.pip_args</c>; and, with low severity, ML
/// packages in <c>python.packages</c> without a pin when <c>lock_packages: false</c> turns BentoML's lock file off.
/// <c>trusted_host</c> is TL4007's, as <c>--trusted-host</c> is in Dockerfiles.
/// </summary>
public sealed partial class PackageIndexUntrusted
{
    partial void CheckBento(YamlFile document, RuleContext context)
    {
        foreach (var root in document.Roots)
        {
            if (!IsBentofile(context.Path, root) || root["python"] is not YamlMapping python)
            {
                continue;
            }

            foreach (var url in Scalars(python["extra_index_url"]))
            {
                context.Report(Descriptor, url.Span, "python.extra_index_url " + VariableSettings.ShownUrl(url.Value), ["python.extra_index_url " + VariableSettings.ShownUrl(url.Value) + " " + Confusion + (IsPlainHttp(url.Value) ? ", over plain http" : string.Empty)]);
            }

            foreach (var key in new[] { "index_url", "find_links" })
            {
                foreach (var url in Scalars(python[key]).Where(u => IsPlainHttp(u.Value)))
                {
                    context.Report(Descriptor, url.Span, "python." + key + " " + VariableSettings.ShownUrl(url.Value), ["python." + key + " " + VariableSettings.ShownUrl(url.Value) + " " + PlainHttp]);
                }
            }

            if (python["pip_args"] is YamlScalar { IsNull: false } pipArgs)
            {
                // pip_args are appended to BentoML's own `pip install`: read them as that command's flags.
                foreach (var command in ShellScript.Parse("pip install " + pipArgs.Value).Commands)
                {
                    if (PipCommand.From(command) is { } pip)
                    {
                        foreach (var (_, problem) in IndexProblems(pip, "python.pip_args:"))
                        {
                            context.Report(Descriptor, pipArgs.Span, "python.pip_args " + pipArgs.Value, [problem]);
                        }
                    }
                }
            }

            if (python["lock_packages"] is YamlScalar { AsBoolean: false })
            {
                var unpinned = Scalars(python["packages"]).Where(p => IsUnpinnedMlPackage(p.Value)).ToList();
                if (unpinned.Count > 0)
                {
                    var names = string.Join(", ", unpinned.Take(10).Select(p => p.Value));
                    context.Report(
                        Descriptor,
                        unpinned[0].Span,
                        "python.packages " + names,
                        ["python.packages lists " + names + " with no pinned version (==) and lock_packages is false: a new or hijacked release goes into the Bento unreviewed"],
                        Severity.Low);
                }
            }
        }
    }

    /// <summary>A bentofile by name, or a root that has <c>service</c> and <c>python</c> or <c>docker</c>.</summary>
    internal static bool IsBentofile(string path, YamlNode root)
    {
        var name = path.Substring(path.LastIndexOfAny(['/', '\\']) + 1);
        return name.Equals("bentofile.yaml", StringComparison.OrdinalIgnoreCase) || name.Equals("bentofile.yml", StringComparison.OrdinalIgnoreCase)
            || (root is YamlMapping mapping && mapping.Has("service") && (mapping.Has("python") || mapping.Has("docker")));
    }

    internal static IEnumerable<YamlScalar> Scalars(YamlNode? node) =>
        node switch
        {
            YamlScalar { IsNull: false } scalar => [scalar],
            YamlSequence sequence => sequence.Items.OfType<YamlScalar>().Where(s => !s.IsNull),
            _ => [],
        };
}
