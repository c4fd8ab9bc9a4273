using ThreatLint.Catalog;
using ThreatLint.Documents.Python;

namespace ThreatLint.Rules.SupplyChain;

/// <summary>
/// TL1013: Python loads a model (or its state, or its configuration) with a loader that can run code in the file:
/// the pickle family, <c>torch.load</c> without <c>weights_only=True</c>, <c>numpy.load(allow_pickle=True)</c>,
/// Keras <c>load_model(safe_mode=False)</c>, and PyYAML's unsafe loaders.
/// </summary>
/// <remarks>
/// <para>Calls are recognised by their name resolved through the imports (<c>from joblib import load</c>,
/// <c>import numpy as np</c>), or as written when nothing imports them.</para>
/// <para>Decisions:</para>
/// <list type="bullet">
/// <item><c>torch.load</c> with <c>weights_only=False</c> is high; without <c>weights_only</c> it is medium, since
/// torch 2.6 made <c>weights_only=True</c> the default and the call is only as safe as the installed torch; with a
/// variable it is not reported.</item>
/// <item><c>pickle</c>/<c>_pickle</c>/<c>cPickle</c>/<c>dill</c>/<c>cloudpickle</c> <c>load(s)</c> and
/// <c>Unpickler</c>, <c>joblib.load</c> and <c>pandas.read_pickle</c> are always reported: whatever the path, the
/// loader runs what the file says.</item>
/// <item><c>yaml.unsafe_load</c> and <c>yaml.load</c> with <c>Loader</c>/<c>UnsafeLoader</c>/<c>CLoader</c> are
/// high; <c>yaml.load</c> with no loader is medium (the unsafe default before PyYAML 5.1; an error since 6.0);
/// <c>FullLoader</c>/<c>full_load</c> are not reported (PyYAML 5.4 closed its known code paths); a loader held in a
/// variable is not reported.</item>
/// <item>LangChain's <c>VectorStore.load_local(…, allow_dangerous_deserialization=True)</c> (FAISS, Annoy…) unpickles
/// the saved index's docstore: reported like pickle.</item>
/// <item>Keras <c>load_model(safe_mode=False)</c> is also TL1005's (Lambda layers run): both are reported, as each
/// names a different threat.</item>
/// <item><c>shelve.open</c> is pickle underneath but holds application state, not models: not reported.</item>
/// </list>
/// </remarks>
public sealed class UnsafeModelLoadCall : IPythonRule
{
    private static readonly HashSet<string> PickleLoaders = new(StringComparer.Ordinal)
    {
        "pickle.load", "pickle.loads", "pickle.Unpickler", "_pickle.load", "_pickle.loads", "_pickle.Unpickler",
        "cPickle.load", "cPickle.loads", "cPickle.Unpickler", "dill.load", "dill.loads", "dill.Unpickler",
        "cloudpickle.load", "cloudpickle.loads", "joblib.load", "sklearn.externals.joblib.load", "pandas.read_pickle",
    };

    private static readonly HashSet<string> UnsafeYamlLoaders = new(StringComparer.Ordinal)
    {
        "Loader", "UnsafeLoader", "CLoader", "CUnsafeLoader",
    };

    public RuleDescriptor Descriptor => Catalog.Rules.UnsafeModelLoadCall;

    public void Check(PythonDocument document, RuleContext context)
    {
        foreach (var call in document.Calls)
        {
            if (Problem(call) is { } problem)
            {
                var what = call.Callee + problem.Text;
                context.Report(Descriptor, call.Span, what, [what], problem.Severity);
            }
        }
    }

    private static (string Text, Severity Severity)? Problem(PythonCall call)
    {
        var name = call.QualifiedName;
        if (PickleLoaders.Contains(name))
        {
            return (string.Empty, Severity.High);
        }

        switch (name)
        {
            case "torch.load":
                return call.Keyword("weights_only")?.Literal switch
                {
                    { IsFalse: true } => (" with weights_only=False", Severity.High),
                    null when call.Keyword("weights_only") is null && !call.HasOpaqueKeywords =>
                        (" without weights_only=True (safe only with the torch>=2.6 default)", Severity.Medium),
                    _ => null,
                };
            case "numpy.load":
                return call.Argument("allow_pickle", 2)?.Literal is { IsTrue: true } ? (" with allow_pickle=True", Severity.High) : null;
            case "yaml.unsafe_load" or "yaml.unsafe_load_all":
                return (string.Empty, Severity.High);
            case "yaml.load" or "yaml.load_all":
                return YamlProblem(call);
        }

        if (call.Name == "load_model" && IsKeras(name) && call.Keyword("safe_mode")?.Literal is { IsFalse: true })
        {
            return (" with safe_mode=False", Severity.High);
        }

        // LangChain vector stores (FAISS, Annoy, ScaNN…) unpickle their saved docstore only when told to.
        if (call.Name == "load_local" && call.Keyword("allow_dangerous_deserialization")?.Literal is { IsTrue: true })
        {
            return (" with allow_dangerous_deserialization=True", Severity.High);
        }

        return null;
    }

    private static (string Text, Severity Severity)? YamlProblem(PythonCall call)
    {
        var loader = call.Argument("Loader", 1);
        if (loader is null)
        {
            return call.HasOpaqueKeywords || call.HasStarArguments
                ? null
                : (" without Loader=yaml.SafeLoader (unsafe by default before PyYAML 5.1)", Severity.Medium);
        }

        var loaderName = loader.Value.DottedName;
        if (loaderName is null)
        {
            return null;
        }

        var shortName = loaderName.Substring(loaderName.LastIndexOf('.') + 1);
        return UnsafeYamlLoaders.Contains(shortName) ? (" with Loader=" + loaderName, Severity.High) : null;
    }

    /// <summary><c>keras.models.load_model</c>, <c>tensorflow.keras.models.load_model</c>, <c>tf_keras.saving.load_model</c>…</summary>
    private static bool IsKeras(string qualifiedName) =>
        qualifiedName.Split('.').Any(part => part is "keras" or "tf_keras");
}
