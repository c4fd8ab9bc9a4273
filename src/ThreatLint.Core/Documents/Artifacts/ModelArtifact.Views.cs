using System.Runtime.ExceptionServices;

namespace ThreatLint.Documents.Artifacts;

/// <summary>The lazily read, cached views of a model file.</summary>
public sealed partial class ModelArtifact
{
    private readonly object _viewsLock = new();
    private readonly Dictionary<string, object> _views = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reportedViewFailures = new(StringComparer.Ordinal);

    /// <summary>
    /// Reads the view named <paramref name="name"/> once: later calls return the same value, or throw the same failure
    /// (so several rules reading one view read the file once).
    /// </summary>
    private T View<T>(string name, Func<Stream, T> read)
        where T : class
    {
        lock (_viewsLock)
        {
            if (!_views.TryGetValue(name, out var cached))
            {
                try
                {
                    using var stream = OpenRead();
                    cached = read(stream);
                }
                catch (Exception e) when (e is InvalidDataException or ScanLimitException or IOException or UnauthorizedAccessException)
                {
                    cached = ExceptionDispatchInfo.Capture(e);
                }

                _views[name] = cached;
            }

            if (cached is ExceptionDispatchInfo failure)
            {
                failure.Throw();
            }

            return (T)cached;
        }
    }

    /// <summary>
    /// Records that the failure of the view named <paramref name="name"/> was reported; true the first time only, so a
    /// malformed file yields one TL9001 however many rules read the view.
    /// </summary>
    internal bool TryMarkViewFailureReported(string name)
    {
        lock (_viewsLock)
        {
            return _reportedViewFailures.Add(name);
        }
    }
}
