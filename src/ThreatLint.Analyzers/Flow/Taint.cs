using System.Collections.Immutable;

namespace ThreatLint.Analyzers.Flow;

[Flags]
internal enum TaintKind
{
    None = 0,

    /// <summary>Text an HTTP client controls: bound handler parameters, query, form, headers, body, route values.</summary>
    Request = 1,

    /// <summary>Text a language model produced: the result of a chat or prompt call.</summary>
    ModelOutput = 2,

    /// <summary>Bytes fetched with HttpClient: whoever serves (or intercepts) the URL chose them.</summary>
    Download = 4,
}

/// <summary>Where a tainted value came from, for the message: <c>parameter 'question'</c>, <c>ChatClient.CompleteChatAsync</c>.</summary>
internal readonly struct Taint
{
    public Taint(TaintKind kind, string origin, bool byName = false)
    {
        Kind = kind;
        Origin = origin;
        ByName = byName;
    }

    public TaintKind Kind { get; }

    public string Origin { get; }

    /// <summary>The source was recognised by names only (a chat call on an unresolved SDK type): findings say low confidence.</summary>
    public bool ByName { get; }

    /// <summary>The diagnostic properties of a finding this taint reaches.</summary>
    public ImmutableDictionary<string, string?> Properties => ByName ? UnresolvedImports.LowConfidence : ImmutableDictionary<string, string?>.Empty;
}
