namespace ThreatLint.Documents.Pickle;

/// <summary>How dangerous it is for a pickle to import a callable.</summary>
public enum PickleImportSafety
{
    /// <summary>A known tensor/array/container rebuilder: silent.</summary>
    Safe,

    /// <summary>On neither list (TL1002): code the loader runs that nobody has vetted.</summary>
    Unknown,

    /// <summary>Runs code, touches the OS, loads more pickles, or hides its target (TL1001).</summary>
    Dangerous,
}

/// <summary>A policy decision and the entry (or reason) that decided it.</summary>
public readonly record struct PickleImportVerdict(PickleImportSafety Safety, string? Reason);

/// <summary>
/// Which imports are dangerous and which are known-safe rebuilders. Names are matched on the full dotted path
/// <c>module.name</c> (protocol 4 lets a stream split it anywhere: <c>torch</c> + <c>serialization.load</c>), with
/// Python 2 module names mapped as the unpickler maps them (<c>__builtin__</c> is <c>builtins</c>).
/// </summary>
/// <remarks>
/// <para>Deny entries match the path itself and everything below it: <c>os</c> covers <c>os.system</c> and
/// <c>os.path.join</c>; <c>builtins.eval</c> covers <c>builtins.eval</c>. Allow entries match exactly, or every name
/// below a prefix when written <c>module.*</c>.</para>
/// <para>Precedence: an unresolvable import, or a name that walks into interpreter internals (<c>__globals__</c>,
/// <c>__subclasses__</c>…), is dangerous whatever the lists say. Otherwise the most specific entry wins: an exact allow
/// entry longer than the matching deny entry wins (so <c>joblib.numpy_pickle.NumpyArrayWrapper</c> is safe although
/// all of <c>joblib</c> is denied), a deny entry wins ties and beats every wildcard allow. Configuration extends both
/// lists through <see cref="With"/>.</para>
/// </remarks>
public sealed class PickleImportPolicy
{
    /// <summary>Attribute names that reach interpreter internals from any object: a path through one of them is a
    /// gadget, not a rebuilder (e.g. <c>collections.OrderedDict.__init__.__globals__</c>).</summary>
    private static readonly HashSet<string> InternalsAttributes = new(StringComparer.Ordinal)
    {
        "__globals__", "__builtins__", "__subclasses__", "__code__", "__dict__", "__getattribute__", "__getattr__",
        "__setattr__", "__delattr__", "__import__", "__loader__", "__spec__", "__self__", "__func__", "__closure__",
        "__class__", "__mro__", "__bases__", "__base__", "__reduce__", "__reduce_ex__", "__init_subclass__", "__wrapped__",
    };

    private readonly HashSet<string> _denied;
    private readonly HashSet<string> _allowedExact;
    private readonly List<string> _allowedPrefixes;

    private PickleImportPolicy(IEnumerable<string> allowed, IEnumerable<string> denied)
    {
        _denied = new HashSet<string>(denied.Select(Clean).Where(e => e.Length > 0), StringComparer.Ordinal);
        _allowedExact = new HashSet<string>(StringComparer.Ordinal);
        _allowedPrefixes = [];
        foreach (var entry in allowed.Select(Clean).Where(e => e.Length > 0))
        {
            if (entry.EndsWith(".*", StringComparison.Ordinal))
            {
                _allowedPrefixes.Add(entry.Substring(0, entry.Length - 1));
            }
            else
            {
                _allowedExact.Add(entry);
            }
        }

        Allowed = [.. _allowedExact.Concat(_allowedPrefixes.Select(p => p + "*")).OrderBy(e => e, StringComparer.Ordinal)];
        Denied = [.. _denied.OrderBy(e => e, StringComparer.Ordinal)];
    }

    /// <summary>The built-in lists (<see cref="PickleImportLists"/>).</summary>
    public static PickleImportPolicy Default { get; } = new(PickleImportLists.Allowed, PickleImportLists.Denied);

    /// <summary>Allow entries, sorted (wildcards shown as <c>module.*</c>).</summary>
    public IReadOnlyList<string> Allowed { get; }

    /// <summary>Deny entries, sorted.</summary>
    public IReadOnlyList<string> Denied { get; }

    /// <summary>A policy with more entries (from configuration). Entries are <c>module.name</c>, <c>module</c> (deny: the
    /// whole module) or <c>module.*</c> (allow: every name in the module).</summary>
    public PickleImportPolicy With(IEnumerable<string> extraAllowed, IEnumerable<string> extraDenied) =>
        new(Allowed.Concat(extraAllowed), Denied.Concat(extraDenied));

    public PickleImportVerdict Classify(PickleImport import) =>
        import.Kind == PickleImportKind.Unresolved
            ? new PickleImportVerdict(PickleImportSafety.Dangerous, "the import hides its target")
            : Classify(import.Module, import.Name);

    public PickleImportVerdict Classify(string module, string name)
    {
        var internals = name.Split('.').FirstOrDefault(InternalsAttributes.Contains);
        if (internals is not null)
        {
            return new PickleImportVerdict(PickleImportSafety.Dangerous, "reaches interpreter internals through " + internals);
        }

        var raw = module + "." + name;
        var full = PickleNames.Normalize(module, name);
        var deny = LongestDeny(full) ?? LongestDeny(raw);
        if (_allowedExact.Contains(full) && (deny is null || deny.Length < full.Length))
        {
            return new PickleImportVerdict(PickleImportSafety.Safe, full);
        }

        if (deny is not null)
        {
            return new PickleImportVerdict(PickleImportSafety.Dangerous, deny);
        }

        return _allowedExact.Contains(full) || _allowedPrefixes.Any(p => full.StartsWith(p, StringComparison.Ordinal))
            ? new PickleImportVerdict(PickleImportSafety.Safe, full)
            : new PickleImportVerdict(PickleImportSafety.Unknown, null);
    }

    /// <summary>The longest deny entry that is <paramref name="path"/> or one of its dotted prefixes.</summary>
    private string? LongestDeny(string path)
    {
        for (var end = path.Length; end > 0; end = path.LastIndexOf('.', end - 1))
        {
            var prefix = path.Substring(0, end);
            if (_denied.Contains(prefix))
            {
                return prefix;
            }
        }

        return null;
    }

    private static string Clean(string entry)
    {
        var trimmed = entry.Trim();
        var space = trimmed.IndexOf(' ');

        // Also accept picklescan's "module name" spelling.
        return space > 0 ? trimmed.Substring(0, space) + "." + trimmed.Substring(space + 1).Trim() : trimmed;
    }
}
