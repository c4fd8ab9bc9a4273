using System.Text;
using System.Text.RegularExpressions;

namespace ThreatLint.Discovery;

/// <summary>
/// The patterns of one <c>.gitignore</c> file, matched the way git matches them: last match wins,
/// <c>!</c> negates, a trailing <c>/</c> matches directories only, a pattern with a slash (other than a
/// trailing one) is anchored to the file's folder, <c>**</c> spans folders.
/// </summary>
internal sealed class GitIgnore
{
    private readonly List<Pattern> _patterns;

    private GitIgnore(string baseDirectory, List<Pattern> patterns)
    {
        BaseDirectory = baseDirectory;
        _patterns = patterns;
    }

    /// <summary>Folder of the .gitignore, relative to the scan root ('' for the root), with '/' separators.</summary>
    public string BaseDirectory { get; }

    public static GitIgnore Parse(string baseDirectory, string text)
    {
        var patterns = new List<Pattern>();
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            line = TrimUnescapedTrailingSpaces(line);
            var negate = false;
            if (line[0] == '!')
            {
                negate = true;
                line = line.Substring(1);
            }
            else if (line.StartsWith("\\!", StringComparison.Ordinal) || line.StartsWith("\\#", StringComparison.Ordinal))
            {
                line = line.Substring(1);
            }

            var directoryOnly = line.EndsWith("/", StringComparison.Ordinal);
            line = line.TrimEnd('/');
            if (line.Length == 0)
            {
                continue;
            }

            var anchored = line.IndexOf('/') >= 0;
            line = line.TrimStart('/');
            var regex = new Regex("^" + (anchored ? string.Empty : "(?:.*/)?") + GlobToRegex(line) + "$", RegexOptions.CultureInvariant);
            patterns.Add(new Pattern(regex, negate, directoryOnly));
        }

        return new GitIgnore(baseDirectory, patterns);
    }

    /// <summary>True/false when a pattern decides; null when none matches.</summary>
    /// <param name="relativePath">Path relative to the scan root.</param>
    public bool? IsIgnored(string relativePath, bool isDirectory)
    {
        var local = BaseDirectory.Length == 0 ? relativePath : relativePath.Substring(BaseDirectory.Length + 1);
        for (var i = _patterns.Count - 1; i >= 0; i--)
        {
            var pattern = _patterns[i];
            if (pattern.DirectoryOnly && !isDirectory)
            {
                continue;
            }

            if (pattern.Regex.IsMatch(local))
            {
                return !pattern.Negate;
            }
        }

        return null;
    }

    private static string TrimUnescapedTrailingSpaces(string line)
    {
        var end = line.Length;
        while (end > 0 && line[end - 1] == ' ' && !(end > 1 && line[end - 2] == '\\'))
        {
            end--;
        }

        return line.Substring(0, end);
    }

    private static string GlobToRegex(string glob)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            switch (c)
            {
                case '*' when i + 1 < glob.Length && glob[i + 1] == '*':
                    var leadingSlash = i + 2 < glob.Length && glob[i + 2] == '/';
                    sb.Append(leadingSlash ? "(?:.*/)?" : ".*");
                    i += leadingSlash ? 2 : 1;
                    break;
                case '*':
                    sb.Append("[^/]*");
                    break;
                case '?':
                    sb.Append("[^/]");
                    break;
                case '[':
                    var close = glob.IndexOf(']', i + 1);
                    if (close < 0)
                    {
                        sb.Append("\\[");
                        break;
                    }

                    var set = glob.Substring(i + 1, close - i - 1).Replace("\\", "\\\\");
                    sb.Append('[').Append(set.StartsWith("!", StringComparison.Ordinal) ? "^" + set.Substring(1) : set).Append(']');
                    i = close;
                    break;
                case '\\' when i + 1 < glob.Length:
                    sb.Append(Regex.Escape(glob[++i].ToString()));
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return sb.ToString();
    }

    private sealed record Pattern(Regex Regex, bool Negate, bool DirectoryOnly);
}
