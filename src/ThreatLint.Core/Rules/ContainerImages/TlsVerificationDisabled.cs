using ThreatLint.Catalog;
using ThreatLint.Documents.Dockerfile;
using ThreatLint.Documents.Shell;

namespace ThreatLint.Rules.ContainerImages;

/// <summary>
/// TL4007: a download or package install with TLS certificate or package signature verification turned off — by a
/// flag in a RUN, CMD or ENTRYPOINT script (<c>curl -k</c>, <c>pip install --trusted-host</c>, <c>apt-get
/// --allow-unauthenticated</c>, <c>dnf --nogpgcheck</c>…), by tool configuration (<c>git config http.sslVerify
/// false</c>, <c>npm config set strict-ssl false</c>…) or by an environment variable (<c>PYTHONHTTPSVERIFY=0</c>,
/// <c>GIT_SSL_NO_VERIFY</c>…) set by ENV, an ARG default or the script.
/// </summary>
/// <remarks>
/// Decisions: <c>GIT_SSL_NO_VERIFY</c> is reported whatever its value, since git only checks that it is set.
/// <c>CURL_CA_BUNDLE</c> and <c>REQUESTS_CA_BUNDLE</c> are reported when set to the empty string, the well-known way
/// to make requests skip verification. The finding is at the flag (or the setting), and its evidence is the normalized
/// command, so one finding per flag.
/// </remarks>
public sealed partial class TlsVerificationDisabled : IDockerfileRule
{
    private const string Tls = "TLS certificate";
    private const string Signature = "package signature";

    public RuleDescriptor Descriptor => Catalog.Rules.TlsVerificationDisabled;

    public void Check(DockerfileDocument document, RuleContext context)
    {
        foreach (var script in document.RunScriptsOf().Concat(document.CommandScriptsOf()))
        {
            foreach (var command in script.Script.Commands)
            {
                foreach (var (word, shown, what) in Problems(command))
                {
                    context.Report(Descriptor, script.SpanOf(word), VariableSettings.Evidence(command) + " [" + shown + "]", [script.Instruction.Keyword + " " + shown, what]);
                }
            }
        }

        foreach (var setting in VariableSettings.Of(document))
        {
            if (SettingProblem(setting.Name, setting.Value) is { } what)
            {
                context.Report(Descriptor, setting.Span, setting.Evidence + " [" + setting.Name + "]", [setting.Shown, what]);
            }
        }
    }

    private static string? SettingProblem(string name, string value) => name.ToUpperInvariant() switch
    {
        "PYTHONHTTPSVERIFY" when value.Trim() == "0" => Tls,
        "GIT_SSL_NO_VERIFY" => Tls,
        "CURL_CA_BUNDLE" or "REQUESTS_CA_BUNDLE" when value.Length == 0 => Tls,
        "NODE_TLS_REJECT_UNAUTHORIZED" when value.Trim() == "0" => Tls,
        "PIP_TRUSTED_HOST" or "UV_INSECURE_HOST" when value.Trim().Length > 0 => Tls,
        "NPM_CONFIG_STRICT_SSL" or "CONDA_SSL_VERIFY" when VariableSettings.IsFalse(value) => Tls,
        _ => null,
    };

    /// <summary>The offending word of a command, how to show it, and what it stops verifying.</summary>
    private static IEnumerable<(ShellWord Word, string Shown, string What)> Problems(ShellCommand command)
    {
        if (PipCommand.From(command) is { } pip)
        {
            foreach (var flag in command.FindFlags("--trusted-host", "--allow-insecure-host"))
            {
                yield return (flag.Word, Shown(pip.Tool + " " + pip.Subcommand, flag), Tls);
            }

            if (pip.ConfigSet() is ("trusted-host", var key, var value))
            {
                yield return (key, pip.Tool + " config set " + key.Text + " " + value?.Text, Tls);
            }

            yield break;
        }

        var name = command.Name;
        var (flags, what) = name switch
        {
            "curl" => (new[] { "-k", "--insecure", "--proxy-insecure" }, Tls),
            "wget" => (["--no-check-certificate"], Tls),
            "conda" or "mamba" or "micromamba" => (["-k", "--insecure"], Tls),
            "apt-get" or "apt" or "aptitude" => (["--allow-unauthenticated", "--allow-insecure-repositories"], Signature),
            "yum" or "dnf" or "microdnf" or "tdnf" => (["--nogpgcheck"], Signature),
            "zypper" => (["--no-gpg-checks"], Signature),
            "rpm" => (["--nosignature", "--nodigest"], Signature),
            "apk" => (["--allow-untrusted"], Signature),
            _ => ([], Tls),
        };
        foreach (var flag in command.FindFlags(flags))
        {
            yield return (flag.Word, name + " " + flag.Word.Text, what);
        }

        var problems = name switch
        {
            "git" => GitProblems(command),
            "apt-get" or "apt" or "aptitude" => AptOptions(command),
            "yum" or "dnf" or "microdnf" or "tdnf" => DnfOptions(command),
            "npm" or "yarn" or "pnpm" => NpmProblems(command),
            "conda" or "mamba" or "micromamba" => CondaProblems(command),
            _ => [],
        };
        foreach (var problem in problems)
        {
            yield return problem;
        }
    }

    /// <summary><c>git -c http.sslVerify=false …</c> and <c>git config [--global] http[.url].sslVerify false</c>.</summary>
    private static IEnumerable<(ShellWord, string, string)> GitProblems(ShellCommand command)
    {
        foreach (var flag in command.FindFlags("-c"))
        {
            var setting = flag.Value ?? string.Empty;
            var equals = setting.IndexOf('=');
            if (equals > 0 && IsSslVerifyKey(setting.Substring(0, equals)) && VariableSettings.IsFalse(setting.Substring(equals + 1)))
            {
                yield return (flag.ValueWord ?? flag.Word, "git -c " + setting, Tls);
            }
        }

        var operands = command.Positionals("-c", "-C", "--file", "-f", "--type");
        if (operands.Count >= 3 && operands[0].Text == "config" && IsSslVerifyKey(operands[1].Text) && VariableSettings.IsFalse(operands[2].Text))
        {
            yield return (operands[1], "git config " + operands[1].Text + " " + operands[2].Text, Tls);
        }
    }

    private static bool IsSslVerifyKey(string key) =>
        key.StartsWith("http.", StringComparison.OrdinalIgnoreCase) && key.EndsWith(".sslverify", StringComparison.OrdinalIgnoreCase);

    /// <summary><c>-o Acquire::https::Verify-Peer=false</c>, <c>-o APT::Get::AllowUnauthenticated=true</c>.</summary>
    private static IEnumerable<(ShellWord, string, string)> AptOptions(ShellCommand command)
    {
        foreach (var flag in command.FindFlags("-o", "--option"))
        {
            var option = flag.Value ?? string.Empty;
            var equals = option.IndexOf('=');
            var (key, value) = equals < 0 ? (option, string.Empty) : (option.Substring(0, equals), option.Substring(equals + 1));
            var what = key.ToUpperInvariant() switch
            {
                var k when (k.EndsWith("::VERIFY-PEER", StringComparison.Ordinal) || k.EndsWith("::VERIFY-HOST", StringComparison.Ordinal)) && VariableSettings.IsFalse(value) => Tls,
                "APT::GET::ALLOWUNAUTHENTICATED" or "ACQUIRE::ALLOWINSECUREREPOSITORIES" when IsTrue(value) => Signature,
                _ => null,
            };
            if (what is not null)
            {
                yield return (flag.ValueWord ?? flag.Word, command.Name + " -o " + option, what);
            }
        }
    }

    /// <summary><c>--setopt=sslverify=0</c>, <c>--setopt=*.gpgcheck=0</c>.</summary>
    private static IEnumerable<(ShellWord, string, string)> DnfOptions(ShellCommand command)
    {
        foreach (var flag in command.FindFlags("--setopt"))
        {
            var option = flag.Value ?? string.Empty;
            var equals = option.LastIndexOf('=');
            if (equals <= 0 || !VariableSettings.IsFalse(option.Substring(equals + 1)))
            {
                continue;
            }

            var key = option.Substring(0, equals);
            key = key.Substring(key.LastIndexOf('.') + 1);
            var what = key.ToLowerInvariant() switch
            {
                "sslverify" => Tls,
                "gpgcheck" or "repo_gpgcheck" => Signature,
                _ => null,
            };
            if (what is not null)
            {
                yield return (flag.Word, command.Name + " --setopt=" + option, what);
            }
        }
    }

    /// <summary><c>npm config set strict-ssl false</c>, <c>npm set strict-ssl false</c>, <c>--strict-ssl=false</c>.</summary>
    private static IEnumerable<(ShellWord, string, string)> NpmProblems(ShellCommand command)
    {
        foreach (var flag in command.FindFlags("--strict-ssl"))
        {
            if (flag.Value is { } value && VariableSettings.IsFalse(value))
            {
                yield return (flag.Word, command.Name + " --strict-ssl=" + value, Tls);
            }
        }

        var operands = command.Positionals();
        var start = operands.Count > 0 && operands[0].Text == "config" ? 1 : 0;
        if (operands.Count >= start + 3 && operands[start].Text == "set" && operands[start + 1].Text.Equals("strict-ssl", StringComparison.OrdinalIgnoreCase)
            && VariableSettings.IsFalse(operands[start + 2].Text))
        {
            yield return (operands[start + 1], command.Name + " " + string.Join(" ", operands.Skip(0).Take(start + 3).Select(w => w.Text)), Tls);
        }
    }

    /// <summary><c>conda config --set ssl_verify false</c>.</summary>
    private static IEnumerable<(ShellWord, string, string)> CondaProblems(ShellCommand command)
    {
        var arguments = command.Arguments;
        for (var i = 0; i + 2 < arguments.Count; i++)
        {
            if (arguments[i].Text == "--set" && arguments[i + 1].Text.Equals("ssl_verify", StringComparison.OrdinalIgnoreCase) && VariableSettings.IsFalse(arguments[i + 2].Text))
            {
                yield return (arguments[i + 1], command.Name + " config --set ssl_verify " + arguments[i + 2].Text, Tls);
            }
        }
    }

    private static bool IsTrue(string value) =>
        value.Trim() is "1" || value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase) || value.Trim().Equals("yes", StringComparison.OrdinalIgnoreCase);

    private static string Shown(string prefix, ShellFlag flag) =>
        prefix + " " + flag.Word.Text + (flag.ValueWord is { } value ? " " + value.Text : string.Empty);
}
