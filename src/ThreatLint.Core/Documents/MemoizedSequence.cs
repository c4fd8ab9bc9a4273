using System.Collections;
using System.Runtime.ExceptionServices;

namespace ThreatLint.Documents;

/// <summary>
/// A lazy sequence read from its source at most once and replayed to every later reader, an exception included:
/// several rules can share one per-document analysis and each sees exactly what it would have seen computing it
/// itself (the same items, then the same exception at the same point). Not thread-safe: one document is checked by
/// one thread.
/// </summary>
internal sealed class MemoizedSequence<T> : IEnumerable<T>
{
    private readonly List<T> _items = [];
    private IEnumerator<T>? _source;
    private ExceptionDispatchInfo? _failure;

    public MemoizedSequence(IEnumerable<T> source) => _source = source.GetEnumerator();

    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; ; i++)
        {
            if (i >= _items.Count && !Fill())
            {
                yield break;
            }

            yield return _items[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Reads one more item from the source; false at its end. Rethrows the source's exception on every call after it.</summary>
    private bool Fill()
    {
        _failure?.Throw();
        if (_source is null)
        {
            return false;
        }

        bool moved;
        try
        {
            moved = _source.MoveNext();
        }
        catch (Exception e)
        {
            _failure = ExceptionDispatchInfo.Capture(e);
            _source.Dispose();
            _source = null;
            throw;
        }

        if (!moved)
        {
            _source.Dispose();
            _source = null;
            return false;
        }

        _items.Add(_source.Current);
        return true;
    }
}
