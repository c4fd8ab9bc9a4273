namespace ThreatLint.Documents.Shell;

/// <summary>Finds the program a simple command runs, past the wrappers that run another command.</summary>
internal static class ShellCommandNames
{
    /// <summary>Wrappers and their short and long options that take a value as the next word.</summary>
    private static readonly Dictionary<string, (string Short, string[] Long)> Wrappers = new(StringComparer.Ordinal)
    {
        ["sudo"] = ("ugpCDhrtTUR", ["--user", "--group", "--prompt", "--chdir", "--close-from", "--host", "--role", "--type", "--other-user", "--command-timeout"]),
        ["doas"] = ("uC", []),
        ["env"] = ("uCS", ["--unset", "--chdir", "--split-string"]),
        ["time"] = ("fo", ["--format", "--output"]),
        ["nohup"] = ("", []),
        ["exec"] = ("a", []),
        ["command"] = ("", []),
        ["nice"] = ("n", ["--adjustment"]),
        ["timeout"] = ("sk", ["--signal", "--kill-after"]),
        ["stdbuf"] = ("ioe", ["--input", "--output", "--error"]),
    };

    /// <summary>The index of the program's word (a wrapper with no command after it is the program), or -1.</summary>
    public static int FindName(IReadOnlyList<ShellWord> words)
    {
        var i = 0;
        var wrapper = -1;
        while (i < words.Count)
        {
            wrapper = i;
            var name = BaseName(words[i].Text);
            if (words[i].IsQuoted || !Wrappers.TryGetValue(name, out var options))
            {
                return i;
            }

            // "command -v curl" asks where curl is; it runs nothing.
            if (name == "command" && i + 1 < words.Count && words[i + 1].Text is "-v" or "-V")
            {
                return i;
            }

            i = SkipOptions(words, i + 1, options.Short, options.Long);
            if (name == "env")
            {
                while (i < words.Count && ShellAssignment.TryParse(words[i]) is not null)
                {
                    i++;
                }
            }
            else if (name == "timeout")
            {
                i++; // the duration
            }
        }

        return wrapper;
    }

    /// <summary>The last path segment, without a <c>.exe</c> suffix.</summary>
    public static string BaseName(string path)
    {
        var (start, length) = BaseNameRange(path);
        return start == 0 && length == path.Length ? path : path.Substring(start, length);
    }

    /// <summary>Whether <see cref="BaseName"/> of <paramref name="path"/> is <paramref name="name"/>, without making the string.</summary>
    public static bool HasBaseName(string path, string name)
    {
        var (start, length) = BaseNameRange(path);
        return length == name.Length && string.CompareOrdinal(path, start, name, 0, length) == 0;
    }

    /// <summary>Where the base name is in <paramref name="path"/>: after the last slash or backslash, less a <c>.exe</c> suffix.</summary>
    private static (int Start, int Length) BaseNameRange(string path)
    {
        var start = path.Length;
        while (start > 0 && path[start - 1] is not ('/' or '\\'))
        {
            start--;
        }

        var length = path.Length - start;
        return length >= 4 && string.Compare(path, path.Length - 4, ".exe", 0, 4, StringComparison.OrdinalIgnoreCase) == 0
            ? (start, length - 4)
            : (start, length);
    }

    private static int SkipOptions(IReadOnlyList<ShellWord> words, int i, string shortWithValue, string[] longWithValue)
    {
        while (i < words.Count)
        {
            var text = words[i].Text;
            if (text == "--")
            {
                return i + 1;
            }

            if (text.Length < 2 || text[0] != '-')
            {
                return i;
            }

            bool takesNext;
            if (text[1] == '-')
            {
                takesNext = Array.IndexOf(longWithValue, text) >= 0;
            }
            else
            {
                // In a cluster (-Eu), a flag that takes a value takes the rest, or the next word when it is last.
                var k = 1;
                while (k < text.Length && shortWithValue.IndexOf(text[k]) < 0)
                {
                    k++;
                }

                takesNext = k == text.Length - 1;
            }

            i += takesNext ? 2 : 1;
        }

        return i;
    }
}
