using System.Collections.Concurrent;
using ThreatLint.Documents.Json;

namespace ThreatLint.Rules.ModelArtifacts;

/// <summary>What kind of file vouches for a model.</summary>
internal enum EvidenceKind
{
    /// <summary>A signature beside the model: <c>&lt;model&gt;.sig</c> and the like. Only its presence is checked.</summary>
    Sidecar,

    /// <summary>A digest file beside the model (<c>&lt;model&gt;.sha256</c>) that holds a 64-hex digest.</summary>
    DigestSidecar,

    /// <summary>A signature over a whole folder (OpenSSF model signing's <c>model.sig</c>), in the model's folder or above.</summary>
    FolderSignature,

    /// <summary>A manifest in the model's folder or above that lists the model's path with a 64-hex digest.</summary>
    Manifest,
}

/// <summary>One accepted way of signing or pinning a model. <c>{name}</c> stands for the model's file name; <c>*</c> is a wildcard.</summary>
internal sealed record AcceptedPattern(EvidenceKind Kind, string Pattern);

/// <summary>
/// Finds signatures and digests for model files by looking at the files around them: sidecars in the model's folder,
/// folder signatures and digest manifests in the folder or any parent up to the scan root. Folder listings and parsed
/// manifests are cached (thread-safe; the scanner is parallel) and revalidated by last-write time, so a thousand
/// models in one folder cost one listing. Manifests are small text files read bounded.
/// </summary>
internal static class SignatureEvidence
{
    /// <summary>Every accepted pattern, in one table (issue 8 makes it configurable).</summary>
    public static IReadOnlyList<AcceptedPattern> Patterns { get; } =
    [
        new(EvidenceKind.Sidecar, "{name}.sig"),
        new(EvidenceKind.Sidecar, "{name}.sigstore"),
        new(EvidenceKind.Sidecar, "{name}.sigstore.json"),
        new(EvidenceKind.Sidecar, "{name}.bundle"),
        new(EvidenceKind.DigestSidecar, "{name}.sha256"),
        new(EvidenceKind.FolderSignature, "model.sig"),
        new(EvidenceKind.Manifest, "SHA256SUMS"),
        new(EvidenceKind.Manifest, "SHA256SUMS.txt"),
        new(EvidenceKind.Manifest, "sha256sums.txt"),
        new(EvidenceKind.Manifest, "sha256sum.txt"),
        new(EvidenceKind.Manifest, "checksums.txt"),
        new(EvidenceKind.Manifest, "MANIFEST"),
        new(EvidenceKind.Manifest, "manifest.json"),
        new(EvidenceKind.Manifest, "*.sha256"),
    ];

    private const int MaxCachedFolders = 4096;
    private const int MaxListedFiles = 100_000;
    private const long MaxManifestBytes = 1024 * 1024;

    private static readonly ConcurrentDictionary<string, Listing> Listings = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, Manifest> Manifests = new(StringComparer.Ordinal);

    /// <summary>The file that signs or pins the model, relative to the model's folder, or null when there is none.</summary>
    /// <param name="fullPath">The model's full path.</param>
    /// <param name="relativePath">The model's path relative to the scan root, '/'-separated (how far up to look).</param>
    /// <param name="settings">Configured extra patterns (TL1004 <c>signatureFiles</c>, <c>digestManifests</c>).</param>
    public static string? Find(string fullPath, string relativePath, RuleSettings? settings = null)
    {
        var patterns = settings is null || (settings.SignatureFiles.Count == 0 && settings.DigestManifests.Count == 0)
            ? Patterns
            : [.. Patterns, .. Configured(settings)];
        var folder = Path.GetDirectoryName(fullPath);
        var segments = relativePath.Split('/');
        var name = segments[segments.Length - 1];
        var up = string.Empty;
        for (var level = segments.Length - 1; level >= 0 && folder is not null; level--)
        {
            var listing = List(folder);
            var pathFromHere = string.Join("/", segments, level, segments.Length - level);
            foreach (var pattern in patterns)
            {
                if (Matches(pattern, listing, folder, name, pathFromHere, level == segments.Length - 1) is { } file)
                {
                    return up + file;
                }
            }

            folder = Path.GetDirectoryName(folder);
            up += "../";
        }

        return null;
    }

    /// <summary>A configured name with <c>{name}</c> is a sidecar; without it, a signature over the folder.</summary>
    private static IEnumerable<AcceptedPattern> Configured(RuleSettings settings) =>
        settings.SignatureFiles.Select(p => new AcceptedPattern(p.Contains("{name}") ? EvidenceKind.Sidecar : EvidenceKind.FolderSignature, p.Trim()))
            .Concat(settings.DigestManifests.Select(p => new AcceptedPattern(EvidenceKind.Manifest, p.Trim())));

    private static string? Matches(AcceptedPattern pattern, Listing listing, string folder, string name, string pathFromHere, bool modelFolder)
    {
        switch (pattern.Kind)
        {
            case EvidenceKind.Sidecar when modelFolder:
                return listing.Find(pattern.Pattern.Replace("{name}", name));
            case EvidenceKind.DigestSidecar when modelFolder:
                return listing.Find(pattern.Pattern.Replace("{name}", name)) is { } digestFile
                    && ReadManifest(Path.Combine(folder, digestFile)).HasAnyDigest ? digestFile : null;
            case EvidenceKind.FolderSignature:
                return listing.Find(pattern.Pattern);
            case EvidenceKind.Manifest:
                foreach (var file in listing.FindAll(pattern.Pattern))
                {
                    if (ReadManifest(Path.Combine(folder, file)).Pins(pathFromHere))
                    {
                        return file;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static Listing List(string folder)
    {
        var stamp = LastWrite(folder);
        if (Listings.TryGetValue(folder, out var cached) && cached.Stamp == stamp)
        {
            return cached;
        }

        if (Listings.Count >= MaxCachedFolders)
        {
            Listings.Clear();
        }

        var listing = Listing.Read(folder, stamp);
        Listings[folder] = listing;
        return listing;
    }

    private static Manifest ReadManifest(string path)
    {
        FileInfo info;
        try
        {
            info = new FileInfo(path);
            if (!info.Exists)
            {
                return Manifest.Empty;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Manifest.Empty;
        }

        var stamp = (info.Length, info.LastWriteTimeUtc.Ticks);
        if (Manifests.TryGetValue(path, out var cached) && cached.Stamp == stamp)
        {
            return cached;
        }

        if (Manifests.Count >= MaxCachedFolders)
        {
            Manifests.Clear();
        }

        var manifest = Manifest.Read(path, stamp);
        Manifests[path] = manifest;
        return manifest;
    }

    private static long LastWrite(string folder)
    {
        try
        {
            return Directory.GetLastWriteTimeUtc(folder).Ticks;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>The file names of one folder (case-insensitive lookups: signatures made on Windows or macOS count).</summary>
    private sealed class Listing
    {
        private readonly Dictionary<string, string> _names;

        private Listing(long stamp, Dictionary<string, string> names)
        {
            Stamp = stamp;
            _names = names;
        }

        public long Stamp { get; }

        public static Listing Read(string folder, long stamp)
        {
            var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            try
            {
                foreach (var file in Directory.EnumerateFiles(folder).Take(MaxListedFiles))
                {
                    var name = Path.GetFileName(file);
                    if (!names.ContainsKey(name))
                    {
                        names[name] = name;
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // An unreadable folder vouches for nothing.
            }

            return new Listing(stamp, names);
        }

        public string? Find(string name) => _names.TryGetValue(name, out var actual) ? actual : null;

        public IEnumerable<string> FindAll(string pattern)
        {
            if (!pattern.StartsWith("*", StringComparison.Ordinal))
            {
                return Find(pattern) is { } single ? [single] : [];
            }

            var suffix = pattern.Substring(1);
            return _names.Values.Where(n => n.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)).OrderBy(n => n, StringComparer.Ordinal);
        }
    }

    /// <summary>The paths a manifest pins to a digest.</summary>
    private sealed class Manifest
    {
        private static readonly char[] Separators = [' ', '\t', '\r', '"', '\'', ',', ':', ';', '=', '(', ')', '[', ']', '{', '}', '<', '>'];

        private readonly HashSet<string> _pinned;

        private Manifest((long, long) stamp, HashSet<string> pinned, bool hasAnyDigest)
        {
            Stamp = stamp;
            _pinned = pinned;
            HasAnyDigest = hasAnyDigest;
        }

        public static Manifest Empty { get; } = new((0, 0), [], false);

        public (long Length, long Ticks) Stamp { get; }

        public bool HasAnyDigest { get; }

        public bool Pins(string path) => _pinned.Contains(path);

        public static Manifest Read(string path, (long Length, long Ticks) stamp)
        {
            string text;
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                var bytes = new byte[(int)Math.Min(stream.Length, MaxManifestBytes)];
                var read = 0;
                while (read < bytes.Length && stream.Read(bytes, read, bytes.Length - read) is var n and > 0)
                {
                    read += n;
                }

                text = TextFiles.Decode(read == bytes.Length ? bytes : bytes.Take(read).ToArray());
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Empty;
            }

            var pinned = new HashSet<string>(StringComparer.Ordinal);
            var anyDigest = false;
            if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && TryParseJson(text) is { } json)
            {
                anyDigest = ReadJson(json, pinned);
            }
            else
            {
                foreach (var line in text.Split('\n'))
                {
                    var tokens = line.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
                    if (!tokens.Any(IsDigest))
                    {
                        continue;
                    }

                    anyDigest = true;
                    foreach (var token in tokens)
                    {
                        pinned.Add(NormalizePath(token));
                    }
                }
            }

            return new Manifest(stamp, pinned, anyDigest);
        }

        /// <summary>Pins from JSON: an object holding a path and a digest among its values, or a path key whose value holds a digest.</summary>
        private static bool ReadJson(JsonValue root, HashSet<string> pinned)
        {
            var anyDigest = false;
            foreach (var value in root.DescendantsAndSelf().Where(v => v.IsObject))
            {
                var strings = value.Members.Where(m => m.Value.IsString).Select(m => m.Value.Text!).ToList();
                if (strings.Any(IsDigestText))
                {
                    anyDigest = true;
                    foreach (var text in strings)
                    {
                        pinned.Add(NormalizePath(text));
                    }
                }

                foreach (var member in value.Members)
                {
                    var digestInside = member.Value.IsString
                        ? IsDigestText(member.Value.Text!)
                        : member.Value.IsObject && member.Value.Members.Any(m => m.Value.IsString && IsDigestText(m.Value.Text!));
                    if (digestInside)
                    {
                        anyDigest = true;
                        pinned.Add(NormalizePath(member.Name));
                    }
                }
            }

            return anyDigest;
        }

        private static JsonValue? TryParseJson(string text)
        {
            try
            {
                return JsonParser.Parse(text, new JsonLimits(MaxDepth: 32, MaxValues: 200_000));
            }
            catch (Exception e) when (e is InvalidDataException or ScanLimitException)
            {
                return null;
            }
        }

        private static bool IsDigestText(string text)
        {
            var colon = text.LastIndexOf(':');
            return IsDigest(colon >= 0 ? text.Substring(colon + 1) : text);
        }

        private static bool IsDigest(string token) =>
            token.Length == 64 && token.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f') or (>= 'A' and <= 'F'));

        /// <summary>sha256sum writes <c>*name</c> in binary mode; paths may start with <c>./</c> or use backslashes.</summary>
        private static string NormalizePath(string token)
        {
            var path = token.Trim().Replace('\\', '/');
            if (path.StartsWith("*", StringComparison.Ordinal))
            {
                path = path.Substring(1);
            }

            while (path.StartsWith("./", StringComparison.Ordinal))
            {
                path = path.Substring(2);
            }

            return path;
        }
    }
}
