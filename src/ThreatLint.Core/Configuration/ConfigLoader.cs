using System.Text;
using ThreatLint.Catalog;
using ThreatLint.Discovery;
using ThreatLint.Documents.Pickle;
using ThreatLint.Rules;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ThreatLint.Configuration;

/// <summary>
/// Finds and reads <c>.threatlint.yml</c>. Every mistake — unknown key, wrong type, unknown rule, bad glob,
/// malformed YAML — becomes a <see cref="ConfigProblem"/> with the line and the valid choices; the rest of the file
/// still applies. Positions come from YamlDotNet's marks (1-based).
/// </summary>
public static class ConfigLoader
{
    /// <summary>The file names looked for, in order.</summary>
    public static IReadOnlyList<string> FileNames { get; } = [".threatlint.yml", ".threatlint.yaml"];

    /// <summary>The top-level keys, in documentation order.</summary>
    public static IReadOnlyList<string> TopLevelKeys { get; } = ["failOn", "baseline", "include", "exclude", "files", "rules", "ignore"];

    /// <summary>The options each rule accepts besides <c>severity</c>.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> RuleOptions { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [Catalog.Rules.PickleCodeExecution.Id] = ["allowImports", "denyImports"],
        [Catalog.Rules.PickleUnknownImport.Id] = ["allowImports", "denyImports"],
        [Catalog.Rules.ModelArtifactUnsigned.Id] = ["signatureFiles", "digestManifests"],
        [Catalog.Rules.ThirdPartyModelUnpinned.Id] = ["trustedOrganizations"],
        [Catalog.Rules.ImageRunsAsRoot.Id] = ["nonRootBaseImages"],
        [Catalog.Rules.BaseImageUnpinned.Id] = ["trustedRegistries"],
    };

    /// <summary>The values of a rule's <c>severity</c> (or of the rule's entry itself).</summary>
    public static IReadOnlyList<string> SeverityChoices { get; } = ["critical", "high", "medium", "low", "off"];

    /// <summary>The values of <c>failOn</c>.</summary>
    public static IReadOnlyList<string> FailOnChoices { get; } = ["critical", "high", "medium", "low", "none"];

    private const long MaxBytes = 1024 * 1024;

    /// <summary>The names of document kinds as written in <c>files[].kind</c> (<c>dockerfile</c>, <c>python-source</c>…).</summary>
    public static IReadOnlyList<string> KindNames => [.. MappableKinds.Select(KindName)];

    /// <summary>The kinds extra file patterns may name: every kind the engine reads (C# is the analyzers' job).</summary>
    private static IEnumerable<DocumentKind> MappableKinds => Enum.GetValues(typeof(DocumentKind)).Cast<DocumentKind>().Where(k => k != DocumentKind.CSharpSource);

    public static string KindName(DocumentKind kind)
    {
        var name = kind.ToString();
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                sb.Append('-');
            }

            sb.Append(char.ToLowerInvariant(name[i]));
        }

        return sb.ToString();
    }

    /// <summary>
    /// The configuration file for a scan of <paramref name="root"/>: the first <see cref="FileNames"/> entry in the
    /// root or a folder above it, stopping at the repository root (the folder holding <c>.git</c>). Null when none.
    /// </summary>
    public static string? Find(string root)
    {
        for (var folder = new DirectoryInfo(Path.GetFullPath(root)); folder is not null; folder = folder.Parent)
        {
            foreach (var name in FileNames)
            {
                var candidate = Path.Combine(folder.FullName, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }

            if (Directory.Exists(Path.Combine(folder.FullName, ".git")) || File.Exists(Path.Combine(folder.FullName, ".git")))
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>Reads a configuration file; a missing or unreadable file is a problem at line 1.</summary>
    public static ThreatLintConfig Load(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            var info = new FileInfo(full);
            if (!info.Exists)
            {
                return Failed(full, "the configuration file does not exist");
            }

            if (info.Length > MaxBytes)
            {
                return Failed(full, $"the configuration file is larger than {MaxBytes} bytes");
            }

            return Parse(TextFiles.Decode(File.ReadAllBytes(full)), full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failed(full, "cannot read the configuration file: " + e.Message);
        }
    }

    /// <summary>Parses configuration text; <paramref name="filePath"/> is where it came from (relative paths resolve against its folder).</summary>
    public static ThreatLintConfig Parse(string text, string filePath)
    {
        var reader = new Reader(filePath);
        return reader.Read(text);
    }

    private static ThreatLintConfig Failed(string file, string message) =>
        new() { FilePath = file, Problems = [new ConfigProblem(file, 1, 1, message)] };

    /// <summary>One read of one file, collecting problems as it goes.</summary>
    private sealed class Reader(string filePath)
    {
        private readonly List<ConfigProblem> _problems = [];
        private readonly Dictionary<string, RuleOverride> _rules = new(StringComparer.Ordinal);
        private readonly List<string> _allowImports = [];
        private readonly List<string> _denyImports = [];
        private RuleSettings _settings = RuleSettings.Default;

        public ThreatLintConfig Read(string text)
        {
            var config = new ThreatLintConfig { FilePath = filePath };
            YamlStream stream;
            try
            {
                stream = [];
                stream.Load(new StringReader(text));
            }
            catch (YamlException e)
            {
                Problem(e.Start, "not valid YAML: " + Inner(e).Message);
                return config with { Problems = _problems };
            }

            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
            {
                return config;
            }

            if (stream.Documents.Count > 1)
            {
                Problem(stream.Documents[1].RootNode.Start, "only one YAML document is read; remove the '---' and what follows, or merge it into the first");
            }

            if (stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                Problem(stream.Documents[0].RootNode.Start, "the file must be a mapping of keys: " + string.Join(", ", TopLevelKeys));
                return config with { Problems = _problems };
            }

            foreach (var (keyNode, value) in root.Children)
            {
                var key = Key(keyNode);
                switch (key)
                {
                    case "failOn":
                        if (Scalar(value, key, FailOnChoices) is { } failOn)
                        {
                            SeverityText.TryParseThreshold(failOn, out var threshold);
                            config = config with { FailOn = threshold, HasFailOn = true };
                        }

                        break;
                    case "baseline":
                        if (Scalar(value, key, null) is { } baseline)
                        {
                            config = config with { Baseline = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(filePath)!, baseline)) };
                        }

                        break;
                    case "include":
                        config = config with { Include = Globs(value, key) };
                        break;
                    case "exclude":
                        config = config with { Exclude = Globs(value, key) };
                        break;
                    case "files":
                        config = config with { Files = FilePatterns(value) };
                        break;
                    case "rules":
                        ReadRules(value);
                        break;
                    case "ignore":
                        config = config with { Ignore = IgnoreEntries(value) };
                        break;
                    default:
                        Problem(keyNode.Start, $"unknown key '{key}'; valid keys: {string.Join(", ", TopLevelKeys)}");
                        break;
                }
            }

            if (_allowImports.Count > 0 || _denyImports.Count > 0)
            {
                _settings = _settings with { PickleImports = PickleImportPolicy.Default.With(_allowImports, _denyImports) };
            }

            return config with { Rules = _rules, Settings = _settings, Problems = _problems };
        }

        private void ReadRules(YamlNode node)
        {
            if (node is not YamlMappingNode rules)
            {
                Problem(node.Start, "'rules' must be a mapping of rule id (or slug) to a severity (" + string.Join(", ", SeverityChoices) + ") or to a mapping with 'severity' and the rule's options");
                return;
            }

            foreach (var (keyNode, value) in rules.Children)
            {
                var name = Key(keyNode);
                if (Catalog.Rules.Find(name) is not { } rule)
                {
                    Problem(keyNode.Start, $"unknown rule '{name}' under 'rules'; use a rule id such as TL4001 or a slug such as image-runs-as-root ('threatlint rules' lists them)");
                    continue;
                }

                if (value is YamlScalarNode)
                {
                    if (Scalar(value, "rules." + name, SeverityChoices) is { } severity)
                    {
                        _rules[rule.Id] = Override(severity);
                    }

                    continue;
                }

                if (value is not YamlMappingNode options)
                {
                    Problem(value.Start, $"'rules.{name}' must be a severity ({string.Join(", ", SeverityChoices)}) or a mapping with 'severity' and options");
                    continue;
                }

                var valid = RuleOptions.TryGetValue(rule.Id, out var known) ? known : [];
                foreach (var (optionKey, optionValue) in options.Children)
                {
                    var option = Key(optionKey);
                    var where = "rules." + name + "." + option;
                    if (option == "severity")
                    {
                        if (Scalar(optionValue, where, SeverityChoices) is { } severity)
                        {
                            _rules[rule.Id] = Override(severity);
                        }

                        continue;
                    }

                    if (!valid.Contains(option, StringComparer.Ordinal))
                    {
                        Problem(optionKey.Start, $"unknown option '{option}' for {rule.Id}; valid: {string.Join(", ", new[] { "severity" }.Concat(valid))}");
                        continue;
                    }

                    var values = Strings(optionValue, where);
                    ApplyOption(option, values, optionValue);
                }
            }
        }

        private void ApplyOption(string option, IReadOnlyList<string> values, YamlNode node)
        {
            switch (option)
            {
                case "allowImports":
                    _allowImports.AddRange(values);
                    break;
                case "denyImports":
                    _denyImports.AddRange(values);
                    break;
                case "signatureFiles":
                    foreach (var value in values.Where(v => v.IndexOfAny(['/', '\\', '*']) >= 0))
                    {
                        Problem(node.Start, $"signatureFiles entry '{value}' must be a file name such as '{{name}}.asc' or 'model.minisig' (no folders, no wildcards)");
                    }

                    _settings = _settings with { SignatureFiles = [.. _settings.SignatureFiles, .. values.Where(v => v.IndexOfAny(['/', '\\', '*']) < 0)] };
                    break;
                case "digestManifests":
                    foreach (var value in values.Where(v => v.IndexOfAny(['/', '\\']) >= 0 || v.LastIndexOf('*') > 0))
                    {
                        Problem(node.Start, $"digestManifests entry '{value}' must be a file name, optionally starting with '*' (such as '*.digests')");
                    }

                    _settings = _settings with { DigestManifests = [.. _settings.DigestManifests, .. values.Where(v => v.IndexOfAny(['/', '\\']) < 0 && v.LastIndexOf('*') <= 0)] };
                    break;
                case "trustedOrganizations":
                    _settings = _settings with { TrustedModelOrganizations = [.. _settings.TrustedModelOrganizations, .. values] };
                    break;
                case "nonRootBaseImages":
                    _settings = _settings with { NonRootBaseImages = [.. _settings.NonRootBaseImages, .. values] };
                    break;
                case "trustedRegistries":
                    _settings = _settings with { TrustedRegistries = [.. _settings.TrustedRegistries, .. values] };
                    break;
            }
        }

        private IReadOnlyList<FilePattern> FilePatterns(YamlNode node)
        {
            var result = new List<FilePattern>();
            if (node is not YamlSequenceNode items)
            {
                Problem(node.Start, "'files' must be a list of { pattern: <glob>, kind: <kind> }");
                return result;
            }

            foreach (var item in items)
            {
                if (item is not YamlMappingNode entry)
                {
                    Problem(item.Start, "each 'files' entry is a mapping { pattern: <glob>, kind: <kind> }");
                    continue;
                }

                string? pattern = null;
                DocumentKind? kind = null;
                foreach (var (keyNode, value) in entry.Children)
                {
                    switch (Key(keyNode))
                    {
                        case "pattern":
                            pattern = Scalar(value, "files.pattern", null) is { } p && CheckGlob(p, value) ? p : null;
                            break;
                        case "kind":
                            if (Scalar(value, "files.kind", KindNames) is { } k)
                            {
                                kind = MappableKinds.First(d => KindName(d) == k);
                            }

                            break;
                        default:
                            Problem(keyNode.Start, $"unknown key '{Key(keyNode)}' in a 'files' entry; valid keys: pattern, kind");
                            break;
                    }
                }

                if (pattern is not null && kind is { } documentKind)
                {
                    result.Add(new FilePattern(pattern, documentKind));
                }
                else if (!entry.Children.Keys.Any(k => Key(k) is "pattern") || !entry.Children.Keys.Any(k => Key(k) is "kind"))
                {
                    Problem(entry.Start, "a 'files' entry needs both 'pattern' and 'kind' (" + string.Join(", ", KindNames) + ")");
                }
            }

            return result;
        }

        private IReadOnlyList<IgnoreEntry> IgnoreEntries(YamlNode node)
        {
            var result = new List<IgnoreEntry>();
            if (node is not YamlSequenceNode items)
            {
                Problem(node.Start, "'ignore' must be a list of { paths: [globs], rules: [ids], reason: text }");
                return result;
            }

            foreach (var item in items)
            {
                if (item is not YamlMappingNode entry)
                {
                    Problem(item.Start, "each 'ignore' entry is a mapping { paths: [globs], rules: [ids], reason: text }");
                    continue;
                }

                IReadOnlyList<string> paths = [];
                var rules = new List<string>();
                var reason = string.Empty;
                foreach (var (keyNode, value) in entry.Children)
                {
                    switch (Key(keyNode))
                    {
                        case "paths":
                            paths = Globs(value, "ignore.paths");
                            break;
                        case "rules":
                            foreach (var (id, line) in StringsWithNodes(value, "ignore.rules"))
                            {
                                if (Catalog.Rules.Find(id) is { } rule)
                                {
                                    rules.Add(rule.Id);
                                }
                                else
                                {
                                    Problem(line.Start, $"unknown rule '{id}' in 'ignore.rules'; use a rule id such as TL4001 or a slug such as image-runs-as-root");
                                }
                            }

                            break;
                        case "reason":
                            reason = Scalar(value, "ignore.reason", null) ?? string.Empty;
                            break;
                        default:
                            Problem(keyNode.Start, $"unknown key '{Key(keyNode)}' in an 'ignore' entry; valid keys: paths, rules, reason");
                            break;
                    }
                }

                if (paths.Count == 0)
                {
                    Problem(entry.Start, "an 'ignore' entry needs 'paths' (globs relative to the scan root)");
                    continue;
                }

                result.Add(new IgnoreEntry(paths, rules, reason, (int)entry.Start.Line, (int)entry.Start.Column));
            }

            return result;
        }

        private IReadOnlyList<string> Globs(YamlNode node, string where)
        {
            var result = new List<string>();
            foreach (var (glob, valueNode) in StringsWithNodes(node, where))
            {
                if (CheckGlob(glob, valueNode))
                {
                    result.Add(glob);
                }
            }

            return result;
        }

        /// <summary>Globs are relative, '/'-separated, with <c>*</c>, <c>**</c> and <c>?</c> (Microsoft.Extensions.FileSystemGlobbing).</summary>
        private bool CheckGlob(string glob, YamlNode node)
        {
            string? problem =
                glob.Trim().Length == 0 ? "is empty"
                : glob.StartsWith("/", StringComparison.Ordinal) || (glob.Length > 1 && glob[1] == ':') ? "is absolute"
                : glob.IndexOf('\\') >= 0 ? "uses '\\'"
                : glob.Split('/').Contains("..") ? "climbs out of the root with '..'"
                : glob.IndexOfAny(['{', '}', '[', ']', '!']) >= 0 ? "uses {}, [] or !, which are not supported"
                : glob.Split('/').Any(s => s.Contains("**") && s != "**") ? "uses '**' inside a segment"
                : null;
            if (problem is null)
            {
                return true;
            }

            Problem(node.Start, $"glob '{glob}' {problem}; write a path relative to the scan root with '/', '*' (within a folder), '**' (any folders) and '?'");
            return false;
        }

        private IReadOnlyList<string> Strings(YamlNode node, string where) => [.. StringsWithNodes(node, where).Select(s => s.Value)];

        /// <summary>A list of strings; a single string is accepted as a list of one.</summary>
        private List<(string Value, YamlNode Node)> StringsWithNodes(YamlNode node, string where)
        {
            var result = new List<(string, YamlNode)>();
            if (node is YamlScalarNode { Value: { Length: > 0 } single })
            {
                result.Add((single, node));
                return result;
            }

            if (node is not YamlSequenceNode items)
            {
                Problem(node.Start, $"'{where}' must be a list of strings");
                return result;
            }

            foreach (var item in items)
            {
                if (item is YamlScalarNode { Value: { } value })
                {
                    result.Add((value, item));
                }
                else
                {
                    Problem(item.Start, $"'{where}' must be a list of strings, but this item is a {Describe(item)}");
                }
            }

            return result;
        }

        /// <summary>A scalar value, checked against <paramref name="choices"/> (case-insensitive) when given.</summary>
        private string? Scalar(YamlNode node, string where, IReadOnlyList<string>? choices)
        {
            if (node is not YamlScalarNode { Value: { } raw } || raw.Trim().Length == 0)
            {
                Problem(node.Start, $"'{where}' must be {(choices is null ? "a string" : "one of " + string.Join(", ", choices))}, but it is {(node is YamlScalarNode ? "empty" : "a " + Describe(node))}");
                return null;
            }

            var value = raw.Trim();
            if (choices is null)
            {
                return value;
            }

            var match = choices.FirstOrDefault(c => string.Equals(c, value, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                Problem(node.Start, $"invalid value '{value}' for '{where}'; valid choices: {string.Join(", ", choices)}");
            }

            return match;
        }

        private static RuleOverride Override(string severity) =>
            severity == "off" ? new RuleOverride(null, Off: true) : new RuleOverride(SeverityText.TryParse(severity, out var s) ? s : null, Off: false);

        private static string Key(YamlNode node) => node is YamlScalarNode { Value: { } value } ? value : node.ToString();

        private static string Describe(YamlNode node) => node switch
        {
            YamlMappingNode => "mapping",
            YamlSequenceNode => "list",
            _ => "scalar",
        };

        private static Exception Inner(Exception e) => e.InnerException is YamlException inner ? Inner(inner) : e;

        private void Problem(Mark mark, string message) =>
            _problems.Add(new ConfigProblem(filePath, Math.Max(1, (int)mark.Line), Math.Max(1, (int)mark.Column), message));
    }
}

/// <summary>netstandard2.0 has no <c>KeyValuePair.Deconstruct</c>.</summary>
internal static class KeyValuePairDeconstruction
{
    public static void Deconstruct<TKey, TValue>(this KeyValuePair<TKey, TValue> pair, out TKey key, out TValue value)
    {
        key = pair.Key;
        value = pair.Value;
    }
}
