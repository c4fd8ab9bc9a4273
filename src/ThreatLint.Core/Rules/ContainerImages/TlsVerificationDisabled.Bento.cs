using ThreatLint.Documents.Shell;
using ThreatLint.Documents.Yaml;

namespace ThreatLint.Rules.ContainerImages;

/// <summary>
/// TL4007 in BentoML build files (<c>bentofile.yaml</c>): <c>python.trusted_host</c>, and <c>--trusted-host</c> in
/// <c>python.pip_args</c>, turn off TLS checks for the Bento image's <c>pip install</c>. Other YAML is not read here.
/// </summary>
public sealed partial class TlsVerificationDisabled : IYamlRule
{
    public void Check(YamlFile document, RuleContext context)
    {
        foreach (var root in document.Roots)
        {
            if (!PackageIndexUntrusted.IsBentofile(context.Path, root) || root["python"] is not YamlMapping python)
            {
                continue;
            }

            foreach (var host in PackageIndexUntrusted.Scalars(python["trusted_host"]))
            {
                var shown = "python.trusted_host " + host.Value;
                context.Report(Descriptor, host.Span, shown, [shown, Tls]);
            }

            if (python["pip_args"] is YamlScalar { IsNull: false } pipArgs)
            {
                foreach (var command in ShellScript.Parse("pip install " + pipArgs.Value).Commands)
                {
                    foreach (var (_, shown, what) in Problems(command))
                    {
                        context.Report(Descriptor, pipArgs.Span, "python.pip_args " + pipArgs.Value + " [" + shown + "]", ["python.pip_args: " + shown, what]);
                    }
                }
            }
        }
    }
}
