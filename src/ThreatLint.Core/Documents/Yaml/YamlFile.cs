using ThreatLint.Findings;
using YamlDotNet.Core;

namespace ThreatLint.Documents.Yaml;

/// <summary>One document of a YAML stream (the text between <c>---</c> markers).</summary>
/// <param name="Index">0-based position in the stream.</param>
/// <param name="Root">The root node; null for an empty document.</param>
public sealed record YamlDocument(int Index, YamlNode? Root, int StartLine, int EndLine);

/// <summary>Why a YAML file was read only in part: the first syntax error, or a bound that was hit.</summary>
public sealed record YamlProblem(SourceSpan Span, string Message, bool IsLimit);

/// <summary>
/// A YAML file: every document of its stream with positions (multi-document streams, anchors and aliases, merge
/// keys). Documents read before a syntax error are kept, and <see cref="Problem"/> says where reading stopped.
/// Helm and Jinja template actions (<c>{{ … }}</c>, <c>{% … %}</c>) are masked before parsing, keeping every
/// position, so chart templates are read as the YAML they render to around the unknown values.
/// </summary>
/// <remarks>
/// Bounded: at most <see cref="MaxNodes"/> nodes (merged entries included) and <see cref="MaxDepth"/> levels of
/// nesting. Aliases are not copied — an alias is the anchored node itself — so "billion laughs" costs nothing
/// until a rule walks it, and <see cref="Walk"/> bounds the walk.
/// </remarks>
public sealed class YamlFile
{
    public const int MaxNodes = 1_000_000;
    public const int MaxDepth = 256;

    /// <summary>Most nodes <see cref="Walk"/> visits, counting each visit through an alias again.</summary>
    public const int MaxWalk = 2_000_000;

    private readonly Dictionary<Type, object> _views = [];

    private YamlFile(YamlSource source, IReadOnlyList<YamlDocument> documents, YamlProblem? problem, bool isTemplate)
    {
        Source = source;
        Documents = documents;
        Problem = problem;
        IsTemplate = isTemplate;
    }

    /// <summary>The file text as read (template actions not masked).</summary>
    public string Text => Source.Text;

    public IReadOnlyList<YamlDocument> Documents { get; }

    /// <summary>Where reading stopped early, or null when the whole file was read.</summary>
    public YamlProblem? Problem { get; }

    /// <summary>True when template actions were masked: values there are unknown until rendered.</summary>
    public bool IsTemplate { get; }

    /// <summary>The non-empty document roots.</summary>
    public IEnumerable<YamlNode> Roots => Documents.Select(d => d.Root).OfType<YamlNode>();

    internal YamlSource Source { get; }

    public static YamlFile Parse(string text)
    {
        var masked = TemplateMasking.Mask(text);
        var source = new YamlSource(text, masked);
        var builder = new YamlTreeBuilder(source);
        YamlProblem? problem = null;
        try
        {
            builder.Read(new Parser(new StringReader(masked ?? text)));
        }
        catch (YamlException e)
        {
            var offset = (int)Math.Min(Math.Max(0, e.Start.Index), text.Length);
            problem = new YamlProblem(source.SpanOf(offset, offset), "invalid YAML: " + FirstSentence(e.Message), IsLimit: false);
        }
        catch (ScanLimitException e)
        {
            problem = new YamlProblem(source.SpanOf(builder.Offset, builder.Offset), e.Message, IsLimit: true);
        }

        return new YamlFile(source, builder.Documents, problem, masked is not null);
    }

    /// <summary>A typed view of the file (a workflow, the Kubernetes objects…), computed once and shared by rules.</summary>
    public T View<T>(Func<YamlFile, T> create)
        where T : class
    {
        if (!_views.TryGetValue(typeof(T), out var view))
        {
            view = create(this);
            _views[typeof(T)] = view;
        }

        return (T)view;
    }

    /// <summary>Every node under <paramref name="node"/> (itself included), depth first; throws
    /// <see cref="ScanLimitException"/> after <see cref="MaxWalk"/> visits.</summary>
    public static IEnumerable<YamlNode> Walk(YamlNode node)
    {
        var stack = new Stack<YamlNode>();
        stack.Push(node);
        var visits = 0;
        while (stack.Count > 0)
        {
            if (++visits > MaxWalk)
            {
                throw new ScanLimitException(FormattableString.Invariant($"a YAML walk passed {MaxWalk} nodes (aliases re-entered too often)"));
            }

            var current = stack.Pop();
            yield return current;
            switch (current)
            {
                case YamlMapping mapping:
                    for (var i = mapping.Entries.Count - 1; i >= 0; i--)
                    {
                        stack.Push(mapping.Entries[i].Value);
                    }

                    break;
                case YamlSequence sequence:
                    for (var i = sequence.Items.Count - 1; i >= 0; i--)
                    {
                        stack.Push(sequence.Items[i]);
                    }

                    break;
            }
        }
    }

    private static string FirstSentence(string message)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 1, Idx: 20) - (Line: …): "; the finding has the position already.
        var close = message.LastIndexOf("): ", StringComparison.Ordinal);
        return (close >= 0 ? message.Substring(close + 3) : message).Trim();
    }
}
