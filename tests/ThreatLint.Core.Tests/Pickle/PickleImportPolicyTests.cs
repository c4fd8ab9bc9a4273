using ThreatLint.Documents.Pickle;

namespace ThreatLint.Core.Tests.Pickle;

public class PickleImportPolicyTests
{
    private static readonly PickleImportPolicy Policy = PickleImportPolicy.Default;

    /// <summary>picklescan's _unsafe_globals (src/picklescan/scanner.py): "module" alone means every name in it.</summary>
    private static readonly string[] Picklescan =
    [
        "__builtin__.eval", "__builtin__.compile", "__builtin__.getattr", "__builtin__.apply", "__builtin__.exec",
        "__builtin__.open", "__builtin__.breakpoint", "builtins.eval", "builtins.compile", "builtins.getattr", "builtins.apply",
        "builtins.exec", "builtins.open", "builtins.breakpoint", "aiohttp", "asyncio", "bdb", "commands", "ctypes",
        "functools.partial", "httplib", "numpy.f2py", "numpy.testing._private.utils", "nt", "posix", "operator.attrgetter",
        "operator.itemgetter", "operator.methodcaller", "os", "requests.api", "runpy", "shutil", "socket", "ssl", "subprocess",
        "sys", "code.InteractiveInterpreter.runcode", "cProfile.runctx", "cProfile.run", "distutils.file_util",
        "doctest.debug_script", "ensurepip._run_pip", "idlelib.autocomplete.AutoComplete.get_entity",
        "idlelib.autocomplete.AutoComplete.fetch_completions", "idlelib.calltip.Calltip.fetch_tip", "idlelib.calltip.get_entity",
        "idlelib.debugobj.ObjectTreeItem.SetText", "idlelib.pyshell.ModifiedInterpreter.runcode",
        "idlelib.pyshell.ModifiedInterpreter.runcommand", "idlelib.run.Executive.runcode", "lib2to3.pgen2.grammar.Grammar.loads",
        "lib2to3.pgen2.pgen.ParserGenerator.make_label", "pdb", "pickle", "_pickle", "pip", "pty", "profile.Profile.run",
        "profile.Profile.runctx", "pydoc", "timeit", "torch._dynamo.guards.GuardBuilder.get", "torch._inductor.codecache.compile_file",
        "torch.fx.experimental.symbolic_shapes.ShapeEnv.evaluate_guards_expression", "torch.jit.unsupported_tensor_ops.execWrapper",
        "torch.serialization.load", "torch.utils._config_module.ConfigModule.load_config",
        "torch.utils.bottleneck.__main__.run_cprofile", "torch.utils.bottleneck.__main__.run_autograd_prof",
        "torch.utils.collect_env.run", "torch.utils.data.datapipes.utils.decoder.basichandlers", "trace.Trace.run",
        "trace.Trace.runctx", "venv", "webbrowser",
    ];

    /// <summary>ModelScan's unsafe_globals, CRITICAL and HIGH (modelscan/settings.py).</summary>
    private static readonly string[] ModelScan =
    [
        "__builtin__.eval", "__builtin__.compile", "__builtin__.getattr", "__builtin__.apply", "__builtin__.exec",
        "__builtin__.open", "__builtin__.breakpoint", "__builtin__.__import__", "builtins.eval", "builtins.compile",
        "builtins.getattr", "builtins.apply", "builtins.exec", "builtins.open", "builtins.breakpoint", "builtins.__import__",
        "runpy", "os", "nt", "posix", "socket", "subprocess", "sys", "operator.attrgetter", "pty", "pickle", "webbrowser",
        "httplib", "requests.api", "aiohttp.client",
    ];

    /// <summary>fickling's UNSAFE_IMPORTS (fickling/fickle.py): whole modules.</summary>
    private static readonly string[] Fickling =
    [
        "__builtin__", "__builtins__", "builtins", "os", "posix", "nt", "subprocess", "sys", "pty", "commands", "multiprocessing",
        "_posixsubprocess", "code", "codeop", "runpy", "marshal", "types", "compile", "exec", "eval", "doctest", "_interpreters",
        "_xxsubinterpreters", "importlib", "_frozen_importlib", "_frozen_importlib_external", "_imp", "imp", "pkgutil",
        "zipimport", "gc", "site", "unittest", "inspect", "test", "_operator", "operator", "functools", "cProfile", "profile",
        "pdb", "bdb", "timeit", "trace", "socket", "ssl", "httplib", "http", "urllib", "urllib2", "requests", "aiohttp", "asyncio",
        "webbrowser", "smtplib", "imaplib", "ftplib", "poplib", "telnetlib", "nntplib", "ctypes", "_ctypes", "pickle", "_pickle",
        "dill", "cloudpickle", "joblib", "shutil", "tempfile", "filecmp", "distutils", "pydoc", "pexpect", "pipes", "venv",
        "ensurepip", "pip", "idlelib", "lib2to3", "socketserver", "xmlrpc", "signal", "_signal", "threading", "_thread", "atexit",
        "sqlite3", "_sqlite3", "fileinput", "glob", "platform", "linecache", "difflib", "compileall", "py_compile", "mmap",
        "select", "selectors", "logging", "syslog", "tarfile", "zipfile", "shelve", "uuid", "_osx_support", "_aix_support",
    ];

    public static IEnumerable<string> UnionOfTheThreeScanners() => Picklescan.Concat(ModelScan).Concat(Fickling).Distinct();

    [TestCaseSource(nameof(UnionOfTheThreeScanners))]
    public void Everything_picklescan_ModelScan_or_fickling_flags_is_dangerous(string entry)
    {
        // A module-wide entry is exercised with a name inside it, a single callable as itself.
        var dot = entry.LastIndexOf('.');
        var (module, name) = dot < 0 || IsModuleWide(entry) ? (entry, "anything") : (entry[..dot], entry[(dot + 1)..]);

        Assert.That(Policy.Classify(module, name).Safety, Is.EqualTo(PickleImportSafety.Dangerous));
    }

    [TestCase("builtins", "eval")]
    [TestCase("builtins", "exec")]
    [TestCase("builtins", "compile")]
    [TestCase("builtins", "getattr")]
    [TestCase("builtins", "__import__")]
    [TestCase("builtins", "open")]
    [TestCase("builtins", "breakpoint")]
    [TestCase("__builtin__", "eval")]
    [TestCase("os", "system")]
    [TestCase("os.path", "join")]
    [TestCase("posix", "system")]
    [TestCase("nt", "system")]
    [TestCase("subprocess", "Popen")]
    [TestCase("sys", "modules")]
    [TestCase("runpy", "_run_code")]
    [TestCase("socket", "create_connection")]
    [TestCase("shutil", "rmtree")]
    [TestCase("ctypes", "CDLL")]
    [TestCase("importlib", "import_module")]
    [TestCase("importlib.machinery", "SourceFileLoader")]
    [TestCase("pickle", "loads")]
    [TestCase("_pickle", "loads")]
    [TestCase("cPickle", "loads")]
    [TestCase("marshal", "loads")]
    [TestCase("asyncio.subprocess", "create_subprocess_shell")]
    [TestCase("pip._internal", "main")]
    [TestCase("pydoc", "locate")]
    [TestCase("webbrowser", "open")]
    [TestCase("urllib.request", "urlopen")]
    [TestCase("requests", "get")]
    [TestCase("types", "CodeType")]
    [TestCase("types", "FunctionType")]
    [TestCase("functools", "partial")]
    [TestCase("operator", "attrgetter")]
    [TestCase("operator", "methodcaller")]
    [TestCase("pkgutil", "resolve_name")]
    [TestCase("torch.serialization", "load")]
    [TestCase("torch", "load")]
    [TestCase("torch", "serialization.load")]
    [TestCase("torch.storage", "_load_from_bytes")]
    [TestCase("cloudpickle.cloudpickle", "_make_function")]
    [TestCase("cloudpickle.cloudpickle", "_make_skeleton_class")]
    [TestCase("dill._dill", "_create_code")]
    [TestCase("numpy", "load")]
    [TestCase("pandas", "read_pickle")]
    [TestCase("yaml", "unsafe_load")]
    [TestCase("_io", "open")]
    [TestCase("codecs", "open")]
    [TestCase("commands", "getoutput")]
    [TestCase("joblib", "load")]
    [TestCase("joblib.numpy_pickle_compat", "NDArrayWrapper")] // np.load of a file named in the pickle
    [TestCase("collections", "OrderedDict.__init__.__globals__")]
    [TestCase("numpy", "ndarray.__class__.__subclasses__")]
    public void Dangerous(string module, string name)
    {
        Assert.That(Policy.Classify(module, name).Safety, Is.EqualTo(PickleImportSafety.Dangerous));
    }

    [TestCase("torch._utils", "_rebuild_tensor_v2")]
    [TestCase("torch._utils", "_rebuild_parameter")]
    [TestCase("torch._utils", "_rebuild_tensor")]
    [TestCase("torch._tensor", "_rebuild_from_type_v2")]
    [TestCase("torch", "FloatStorage")]
    [TestCase("torch", "BFloat16Storage")]
    [TestCase("torch", "Size")]
    [TestCase("torch", "bfloat16")]
    [TestCase("torch.nn.parameter", "Parameter")]
    [TestCase("collections", "OrderedDict")]
    [TestCase("numpy.core.multiarray", "_reconstruct")]
    [TestCase("numpy._core.multiarray", "_reconstruct")]
    [TestCase("numpy.core.multiarray", "scalar")]
    [TestCase("numpy", "ndarray")]
    [TestCase("numpy", "dtype")]
    [TestCase("joblib.numpy_pickle", "NumpyArrayWrapper")]
    [TestCase("builtins", "set")]
    [TestCase("__builtin__", "set")]
    [TestCase("builtins", "frozenset")]
    [TestCase("builtins", "slice")]
    [TestCase("builtins", "complex")]
    [TestCase("builtins", "bytearray")]
    [TestCase("_codecs", "encode")]
    [TestCase("copyreg", "_reconstructor")]
    [TestCase("copy_reg", "_reconstructor")]
    [TestCase("copyreg", "__newobj__")]
    [TestCase("transformers.training_args", "TrainingArguments")]
    public void Safe(string module, string name)
    {
        Assert.That(Policy.Classify(module, name).Safety, Is.EqualTo(PickleImportSafety.Safe));
    }

    [TestCase("sklearn.linear_model._logistic", "LogisticRegression")]
    [TestCase("sklearn.ensemble._forest", "RandomForestClassifier")]
    [TestCase("numpy.random._pickle", "__randomstate_ctor")]
    [TestCase("pathlib", "PosixPath")]
    [TestCase("__main__", "Net")]
    [TestCase("collections", "OrderedDict.fromkeys")]
    public void Unknown(string module, string name)
    {
        Assert.That(Policy.Classify(module, name).Safety, Is.EqualTo(PickleImportSafety.Unknown));
    }

    [Test]
    public void An_unresolved_import_is_dangerous()
    {
        var import = new PickleImport(string.Empty, string.Empty, 10, PickleImportKind.Unresolved) { Detail = "EXT1 code 1" };

        Assert.That(Policy.Classify(import), Is.EqualTo(new PickleImportVerdict(PickleImportSafety.Dangerous, "the import hides its target")));
    }

    [Test]
    public void The_verdict_names_the_entry_that_decided()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Policy.Classify("os.path", "join").Reason, Is.EqualTo("os"));
            Assert.That(Policy.Classify("builtins", "eval").Reason, Is.EqualTo("builtins.eval"));
            Assert.That(Policy.Classify("joblib.numpy_pickle", "NumpyArrayWrapper").Reason, Is.EqualTo("joblib.numpy_pickle.NumpyArrayWrapper"));
        });
    }

    [Test]
    public void Configuration_extends_both_lists()
    {
        var policy = Policy.With(["sklearn.*", "mylab.models.Net"], ["numpy.random", "mylab.models.Dangerous"]);

        Assert.Multiple(() =>
        {
            Assert.That(policy.Classify("sklearn.linear_model._logistic", "LogisticRegression").Safety, Is.EqualTo(PickleImportSafety.Safe));
            Assert.That(policy.Classify("mylab.models", "Net").Safety, Is.EqualTo(PickleImportSafety.Safe));
            Assert.That(policy.Classify("numpy.random._pickle", "__randomstate_ctor").Safety, Is.EqualTo(PickleImportSafety.Dangerous));
            Assert.That(policy.Classify("mylab.models", "Dangerous").Safety, Is.EqualTo(PickleImportSafety.Dangerous));
            Assert.That(Policy.Classify("sklearn.linear_model._logistic", "LogisticRegression").Safety, Is.EqualTo(PickleImportSafety.Unknown), "Default is unchanged");
        });
    }

    [Test]
    public void A_deny_entry_wins_ties_and_beats_wildcard_allows()
    {
        var policy = Policy.With(["builtins.eval", "os.*", "torch.*"], []);

        Assert.Multiple(() =>
        {
            Assert.That(policy.Classify("builtins", "eval").Safety, Is.EqualTo(PickleImportSafety.Dangerous));
            Assert.That(policy.Classify("os", "system").Safety, Is.EqualTo(PickleImportSafety.Dangerous));
            Assert.That(policy.Classify("torch.serialization", "load").Safety, Is.EqualTo(PickleImportSafety.Dangerous));
            Assert.That(policy.Classify("torch.nn.modules.linear", "Linear").Safety, Is.EqualTo(PickleImportSafety.Safe));
        });
    }

    [Test]
    public void An_exact_allow_entry_more_specific_than_a_module_wide_deny_wins()
    {
        var policy = Policy.With(["subprocess.CompletedProcess"], []);

        Assert.Multiple(() =>
        {
            Assert.That(policy.Classify("subprocess", "CompletedProcess").Safety, Is.EqualTo(PickleImportSafety.Safe));
            Assert.That(policy.Classify("subprocess", "Popen").Safety, Is.EqualTo(PickleImportSafety.Dangerous));
            Assert.That(Policy.Classify("joblib", "load").Safety, Is.EqualTo(PickleImportSafety.Dangerous));
        });
    }

    [Test]
    public void Picklescans_module_space_name_spelling_is_accepted_in_configuration()
    {
        Assert.That(Policy.With([], ["mylab.models Evil"]).Classify("mylab.models", "Evil").Safety, Is.EqualTo(PickleImportSafety.Dangerous));
    }

    [Test]
    public void Lists_are_exposed_sorted()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Policy.Denied, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
            Assert.That(Policy.Allowed, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
            Assert.That(Policy.Denied, Is.Unique);
        });
    }

    private static bool IsModuleWide(string entry) => Fickling.Contains(entry)
        || entry is "aiohttp" or "asyncio" or "bdb" or "commands" or "ctypes" or "httplib" or "numpy.f2py" or "numpy.testing._private.utils"
            or "nt" or "posix" or "os" or "requests.api" or "runpy" or "shutil" or "socket" or "ssl" or "subprocess" or "sys"
            or "distutils.file_util" or "pdb" or "pickle" or "_pickle" or "pip" or "pty" or "pydoc" or "timeit" or "venv"
            or "webbrowser" or "aiohttp.client";
}
