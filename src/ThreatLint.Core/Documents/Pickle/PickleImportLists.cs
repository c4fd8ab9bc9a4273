namespace ThreatLint.Documents.Pickle;

/// <summary>
/// The built-in deny and allow lists. The deny list is at least the union of what picklescan, ModelScan and fickling
/// flag, group by group with the source of each group, plus ThreatLint's own additions (loaders that unpickle more
/// data, file and process access the others miss). Overlaps between groups are kept on purpose: each source's list
/// stays visibly covered when it changes.
/// </summary>
public static class PickleImportLists
{
    /// <summary>Paths that run code or touch the OS; each covers the names below it (<c>os</c> covers <c>os.path.join</c>).</summary>
    public static IReadOnlyList<string> Denied { get; } =
    [
        // picklescan (mmaitre314/picklescan, src/picklescan/scanner.py, _unsafe_globals). "__builtin__" entries are
        // the same names: PickleNames maps __builtin__ to builtins as Python's unpickler does.
        "builtins.eval", "builtins.compile", "builtins.getattr", "builtins.apply", "builtins.exec", "builtins.open",
        "builtins.breakpoint",
        "aiohttp", "asyncio", "bdb", "commands", "ctypes", "functools.partial", "httplib", "numpy.f2py",
        "numpy.testing._private.utils", "nt", "posix", "operator.attrgetter", "operator.itemgetter", "operator.methodcaller",
        "os", "requests.api", "runpy", "shutil", "socket", "ssl", "subprocess", "sys",
        "code.InteractiveInterpreter.runcode", "cProfile.runctx", "cProfile.run", "distutils.file_util",
        "doctest.debug_script", "ensurepip._run_pip",
        "idlelib.autocomplete.AutoComplete.get_entity", "idlelib.autocomplete.AutoComplete.fetch_completions",
        "idlelib.calltip.Calltip.fetch_tip", "idlelib.calltip.get_entity", "idlelib.debugobj.ObjectTreeItem.SetText",
        "idlelib.pyshell.ModifiedInterpreter.runcode", "idlelib.pyshell.ModifiedInterpreter.runcommand",
        "idlelib.run.Executive.runcode", "lib2to3.pgen2.grammar.Grammar.loads", "lib2to3.pgen2.pgen.ParserGenerator.make_label",
        "pdb", "pickle", "_pickle", "pip", "pty", "profile.Profile.run", "profile.Profile.runctx", "pydoc", "timeit",
        "torch._dynamo.guards.GuardBuilder.get", "torch._inductor.codecache.compile_file",
        "torch.fx.experimental.symbolic_shapes.ShapeEnv.evaluate_guards_expression",
        "torch.jit.unsupported_tensor_ops.execWrapper", "torch.serialization.load",
        "torch.utils._config_module.ConfigModule.load_config", "torch.utils.bottleneck.__main__.run_cprofile",
        "torch.utils.bottleneck.__main__.run_autograd_prof", "torch.utils.collect_env.run",
        "torch.utils.data.datapipes.utils.decoder.basichandlers", "trace.Trace.run", "trace.Trace.runctx", "venv",
        "webbrowser",

        // ModelScan (protectai/modelscan, modelscan/settings.py, DEFAULT_SETTINGS["unsafe_globals"], CRITICAL and HIGH).
        "builtins.__import__", "operator.attrgetter", "pickle", "pty", "runpy", "os", "nt", "posix", "socket",
        "subprocess", "sys", "webbrowser", "httplib", "requests.api", "aiohttp.client",

        // fickling (trailofbits/fickling, fickling/fickle.py, UNSAFE_IMPORTS: whole modules). fickling also treats every
        // builtin as unsafe except its SAFE_BUILTINS, which are exact allow entries below.
        "builtins", "os", "posix", "nt", "subprocess", "sys", "pty", "commands", "multiprocessing", "_posixsubprocess",
        "code", "codeop", "runpy", "marshal", "types", "compile", "exec", "eval", "doctest", "_interpreters",
        "_xxsubinterpreters", "importlib", "_frozen_importlib", "_frozen_importlib_external", "_imp", "imp", "pkgutil",
        "zipimport", "gc", "site", "unittest", "inspect", "test", "_operator", "operator", "functools", "cProfile",
        "profile", "pdb", "bdb", "timeit", "trace", "socket", "ssl", "httplib", "http", "urllib", "urllib2", "requests",
        "aiohttp", "asyncio", "webbrowser", "smtplib", "imaplib", "ftplib", "poplib", "telnetlib", "nntplib", "ctypes",
        "_ctypes", "pickle", "_pickle", "dill", "cloudpickle", "joblib", "shutil", "tempfile", "filecmp", "distutils",
        "pydoc", "pexpect", "pipes", "venv", "ensurepip", "pip", "idlelib", "lib2to3", "socketserver", "xmlrpc", "signal",
        "_signal", "threading", "_thread", "atexit", "sqlite3", "_sqlite3", "fileinput", "glob", "platform", "linecache",
        "difflib", "compileall", "py_compile", "mmap", "select", "selectors", "logging", "syslog", "tarfile", "zipfile",
        "shelve", "uuid", "_osx_support", "_aix_support",

        // fickling also flags private stdlib modules (leading underscore); these are the ones with file, process,
        // network or call-forwarding primitives (_codecs.encode and _io.BytesIO are allowed below, as in fickling).
        "_io", "_pyio", "_socket", "_ssl", "_winapi", "_posixshmem", "_multiprocessing", "_functools", "_lsprof",

        // ThreatLint: loaders that unpickle (or torch.load) more bytes — whatever those hold runs too. The
        // disassembler also reads such payloads when they are constants in the stream and reports their imports.
        "torch.load", "torch.storage._load_from_bytes", "torch.hub", "torch.package", "torch.jit.load",
        "torch.utils.cpp_extension", "torch._inductor.codecache", "numpy.load", "numpy.lib.npyio", "numpy.lib._npyio_impl",
        "numpy.ctypeslib", "numpy.distutils", "numpy.testing", "numpy.fromfile", "numpy.memmap", "pandas.read_pickle",
        "pandas.io.pickle", "yaml.load", "yaml.load_all", "yaml.unsafe_load", "yaml.unsafe_load_all", "yaml.UnsafeLoader",
        "yaml.full_load", "yaml.full_load_all",

        // ThreatLint: file access outside the modules above.
        "io.open", "io.open_code", "io.FileIO", "codecs.open", "pathlib.Path.write_text", "pathlib.Path.write_bytes",
        "pathlib.Path.unlink", "pathlib.Path.open",
    ];

    /// <summary>Known rebuilders of tensors, arrays and plain containers; exact <c>module.name</c> paths.</summary>
    public static IReadOnlyList<string> Allowed { get; } = BuildAllowed();

    private static string[] BuildAllowed()
    {
        var allowed = new List<string>
        {
            // picklescan _safe_globals (src/picklescan/scanner.py).
            "collections.OrderedDict", "numpy.dtype", "numpy.ndarray", "numpy._core.multiarray._reconstruct",
            "numpy.core.multiarray._reconstruct", "torch._utils._rebuild_tensor_v2",

            // PyTorch's weights_only unpickler (pytorch/pytorch, torch/_weights_only_unpickler.py, _get_allowed_globals
            // and _tensor_rebuild_functions): what torch.load accepts without weights_only=False.
            "collections.Counter", "torch.nn.parameter.Parameter", "torch.serialization._get_layout", "torch.Size",
            "torch.Tensor", "torch.device", "_codecs.encode", "builtins.bytearray", "builtins.set", "builtins.complex",
            "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state", "torch._utils._rebuild_qtensor",
            "torch._utils._rebuild_tensor", "torch._utils._rebuild_tensor_v3", "torch._utils._rebuild_sparse_tensor",
            "torch._utils._rebuild_meta_tensor_no_storage", "torch._utils._rebuild_wrapper_subclass",
            "torch._utils._rebuild_device_tensor_from_numpy", "torch._utils._rebuild_device_tensor_from_cpu_tensor",
            "torch._tensor._rebuild_from_type_v2", "torch.storage.TypedStorage", "torch.storage.UntypedStorage",
            "torch.UntypedStorage", "torch.TypedStorage",
            "torch.per_tensor_affine", "torch.per_tensor_symmetric", "torch.per_channel_affine",
            "torch.per_channel_symmetric", "torch.per_channel_affine_float_qparams",

            // fickling SAFE_BUILTINS (fickling/fickle.py): pure functions and type constructors.
            "builtins.bool", "builtins.int", "builtins.float", "builtins.complex", "builtins.str", "builtins.bytes",
            "builtins.bytearray", "builtins.list", "builtins.tuple", "builtins.set", "builtins.frozenset", "builtins.dict",
            "builtins.len", "builtins.abs", "builtins.sum", "builtins.min", "builtins.max", "builtins.round", "builtins.pow",
            "builtins.divmod", "builtins.sorted", "builtins.reversed", "builtins.enumerate", "builtins.zip", "builtins.range",
            "builtins.map", "builtins.filter", "builtins.slice", "builtins.iter", "builtins.next", "builtins.all",
            "builtins.any", "builtins.hash", "builtins.id", "builtins.repr", "builtins.ascii", "builtins.bin", "builtins.hex",
            "builtins.oct", "builtins.ord", "builtins.chr", "builtins.isinstance", "builtins.issubclass", "builtins.object",
            "builtins.callable", "builtins.format",

            // fickling ML_ALLOWLIST (fickling/ml.py), without torch.storage._load_from_bytes (it calls torch.load on its
            // argument: denied above) and without the __main__ names (anything can be __main__ in the loading process).
            "numpy.float64", "torch.bfloat16", "torch.float16", "torch.float32", "_io.BytesIO", "collections.defaultdict",
            "argparse.Namespace", "copyreg._reconstructor",
            "transformers.training_args.TrainingArguments", "transformers.training_args.OptimizerNames",
            "transformers.training_args_seq2seq.Seq2SeqTrainingArguments",
            "transformers.deepspeed.HfTrainerDeepSpeedConfig", "transformers.deepspeed.HfDeepSpeedConfig",
            "transformers.integrations.deepspeed.HfTrainerDeepSpeedConfig", "transformers.integrations.deepspeed.HfDeepSpeedConfig",
            "transformers.trainer_pt_utils.AcceleratorConfig", "transformers.trainer_utils.IntervalStrategy",
            "transformers.trainer_utils.SchedulerType", "transformers.trainer_utils.HubStrategy",
            "transformers.trainer_utils.EvaluationStrategy", "transformers.trainer_utils.FSDPOption",
            "transformers.trainer_utils.SaveStrategy", "transformers.trainer_utils.ShardedDDPOption",
            "accelerate.state.PartialState", "accelerate.utils.deepspeed.HfDeepSpeedConfig",
            "accelerate.utils.dataclasses.DistributedType", "accelerate.utils.dataclasses.DeepSpeedPlugin",
            "tokenizers.Tokenizer", "tokenizers.AddedToken", "tokenizers.models.Model",
            "trl.trainer.sft_config.SFTConfig", "trl.trainer.dpo_config.FDivergenceType", "trl.trainer.grpo_config.GRPOConfig",
            "trl.trainer.kto_config.KTOConfig", "trl.trainer.ppov2_config.PPOv2Config",
            "sentence_transformers.training_args.BatchSamplers", "sentence_transformers.training_args.MultiDatasetBatchSamplers",
            "sentence_transformers.training_args.SentenceTransformerTrainingArguments",
            "sklearn.preprocessing._label.LabelEncoder",

            // ThreatLint: the other standard rebuilders. copyreg.__newobj__/__newobj_ex__ and _reconstructor only call
            // cls.__new__ (and base.__init__) of classes the stream imports itself, which are judged on their own;
            // numpy scalars and masked arrays rebuild from bytes; joblib's wrapper is followed by raw array bytes
            // that the disassembler skips exactly as joblib reads them.
            "copyreg.__newobj__", "copyreg.__newobj_ex__", "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar",
            "numpy.ma.core._mareconstruct", "numpy.ma.core.MaskedArray", "joblib.numpy_pickle.NumpyArrayWrapper",
            "sklearn.externals.joblib.numpy_pickle.NumpyArrayWrapper",
            "datetime.datetime", "datetime.date", "datetime.time", "datetime.timedelta", "datetime.timezone",
            "decimal.Decimal", "fractions.Fraction",
        };

        // PyTorch storages, tensor classes and dtypes (torch._storage_classes, torch._tensor_classes, dtype names).
        string[] scalars = ["Byte", "Char", "Short", "Int", "Long", "Half", "Float", "Double", "Bool", "BFloat16", "ComplexFloat", "ComplexDouble"];
        allowed.AddRange(scalars.Select(s => "torch." + s + "Storage"));
        allowed.AddRange(scalars.Select(s => "torch.cuda." + s + "Storage"));
        allowed.AddRange(scalars.Where(s => !s.StartsWith("Complex", StringComparison.Ordinal)).Select(s => "torch." + s + "Tensor"));
        allowed.AddRange(scalars.Where(s => !s.StartsWith("Complex", StringComparison.Ordinal)).Select(s => "torch.cuda." + s + "Tensor"));
        allowed.AddRange(new[] { "QUInt8", "QInt8", "QInt32", "QUInt4x2", "QUInt2x4" }.Select(s => "torch." + s + "Storage"));
        allowed.AddRange(new[]
        {
            "float32", "float", "float64", "double", "float16", "half", "bfloat16", "complex32", "complex64", "complex128",
            "cfloat", "cdouble", "uint8", "int8", "int16", "short", "int32", "int", "int64", "long", "bool", "uint16",
            "uint32", "uint64", "qint8", "quint8", "qint32", "quint4x2", "quint2x4", "float8_e4m3fn", "float8_e5m2",
            "float8_e4m3fnuz", "float8_e5m2fnuz",
        }.Select(t => "torch." + t));
        return [.. allowed.Distinct(StringComparer.Ordinal)];
    }
}
