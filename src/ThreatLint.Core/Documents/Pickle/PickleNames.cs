namespace ThreatLint.Documents.Pickle;

/// <summary>
/// Canonical spelling of imported names. Python's unpickler maps Python 2 module names to Python 3 ones
/// (<c>_compat_pickle</c>: <c>__builtin__</c> → <c>builtins</c>, <c>copy_reg</c> → <c>copyreg</c>, <c>cPickle</c> →
/// <c>pickle</c>…), so a policy must judge both spellings alike.
/// </summary>
public static class PickleNames
{
    private static readonly Dictionary<string, string> ModuleAliases = new(StringComparer.Ordinal)
    {
        ["__builtin__"] = "builtins",
        ["__builtins__"] = "builtins",
        ["exceptions"] = "builtins",
        ["copy_reg"] = "copyreg",
        ["cPickle"] = "pickle",
        ["cStringIO"] = "io",
        ["StringIO"] = "io",
        ["urllib2"] = "urllib.request",
        ["httplib"] = "http.client",
        ["commands"] = "subprocess",
        ["Queue"] = "queue",
        ["thread"] = "_thread",
        ["dummy_thread"] = "_dummy_thread",
        ["UserDict"] = "collections",
        ["UserList"] = "collections",
        ["UserString"] = "collections",
    };

    /// <summary>The Python 3 name of a module as Python's unpickler would import it (first component mapped).</summary>
    public static string NormalizeModule(string module)
    {
        if (ModuleAliases.TryGetValue(module, out var alias))
        {
            return alias;
        }

        var dot = module.IndexOf('.');
        return dot > 0 && ModuleAliases.TryGetValue(module.Substring(0, dot), out var head) ? head + module.Substring(dot) : module;
    }

    /// <summary><c>module.name</c> with the module normalized.</summary>
    public static string Normalize(string module, string name) => NormalizeModule(module) + "." + name;

    /// <summary>
    /// True when <paramref name="name"/> is a dotted path of identifiers, which is all an unpickler can import.
    /// Used to tell a pickle from bytes that only happen to start like one.
    /// </summary>
    public static bool IsDottedIdentifier(string name)
    {
        if (name.Length == 0 || name[0] == '.' || name[name.Length - 1] == '.')
        {
            return false;
        }

        var previousDot = false;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '.')
            {
                if (previousDot)
                {
                    return false;
                }

                previousDot = true;
                continue;
            }

            var startOfPart = i == 0 || previousDot;
            previousDot = false;
            if (!(c == '_' || char.IsLetter(c) || (!startOfPart && char.IsDigit(c))))
            {
                return false;
            }
        }

        return true;
    }
}
