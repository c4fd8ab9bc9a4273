using T = ThreatLint.Catalog.AtlasTechnique;
using M = ThreatLint.Catalog.AtlasMitigation;
using O = ThreatLint.Catalog.OwaspLlm;
using S = ThreatLint.Catalog.Stride;

namespace ThreatLint.Catalog;

/// <summary>
/// Every ThreatLint rule, in id order: the single source of rule metadata. Docs pages, the README
/// rule table, the analyzer's descriptors and the MSBuild code lists are generated from here.
/// </summary>
public static partial class Rules
{
    /// <summary>Where rule pages live; a rule's help link is this plus <c>TLxxxx.md</c>.</summary>
    public const string HelpBaseUri = "https://github.com/threatlint/threatlint/blob/main/docs/rules/";

    // ── TL1xxx — model artifacts and model supply chain ─────────────────────────────────────

    public static readonly RuleDescriptor PickleCodeExecution = new(
        "TL1001", "pickle-code-execution", "Pickle imports a callable that runs code",
        "Pickle stream imports {0} at {1}: loading this file runs attacker-chosen code",
        Severity.Critical, [T.T0011_000, T.T0018_002, T.T0010_003], [O.LLM03, O.LLM04], S.Tampering | S.ElevationOfPrivilege, M.M0014,
        "A pickle-family model file (pickle, joblib, dill, PyTorch zip and legacy checkpoints, object-dtype .npy/.npz) imports a callable that can execute code or touch the operating system (builtins eval/exec/getattr/__import__/open, os, subprocess, socket, runpy, importlib, marshal, pickle.loads, torch.load, functools.partial, operator.attrgetter, ...: the union of picklescan's, ModelScan's and fickling's lists), or hides what it imports (a STACK_GLOBAL built at load time, an extension-registry code; medium confidence). Every pickle stream is disassembled without executing it: concatenated pickles, zip members found by magic bytes whatever their name, pickles passed as constants to pickle.loads or torch.load, and the data after joblib's inline arrays. Unpickling the file runs the call.",
        "Do not load the file. Obtain the model from a trusted source in a format that carries no code (safetensors, ONNX) and verify its digest or signature before use.",
        RuleStatus.Implemented);

    public static readonly RuleDescriptor PickleUnknownImport = new(
        "TL1002", "pickle-unknown-import", "Pickle imports a callable that is not known to be safe",
        "Pickle stream imports {0} at {1}, which is on neither the safe nor the dangerous list",
        Severity.Medium, [T.T0011_000], [O.LLM03], S.Tampering, M.M0014,
        "A pickle-family model file imports a callable that is neither a known tensor/array rebuilder (PyTorch's weights-only set, NumPy reconstructors, collections.OrderedDict, joblib's array wrapper, ...) nor on the dangerous list, such as a scikit-learn estimator class. Block-lists are bypassed by unusual gadgets, so unknown imports deserve review. Each import is reported once per pickle stream.",
        "Review the callable. If it is a harmless rebuilder, add it to the pickle allow-list in .threatlint.yml; otherwise treat the file as malicious.",
        RuleStatus.Implemented);

    public static readonly RuleDescriptor UnsafeModelFormat = new(
        "TL1003", "unsafe-model-format", "Model stored in a format that executes code on load",
        "{0} is stored as {1}, a format that can execute code when loaded",
        Severity.Low, [T.T0011_000], [O.LLM03], S.Tampering, M.M0011,
        "A model is stored in a format that can run code on load, even if the file is clean today: the pickle family (pickle, joblib, dill, PyTorch zip and legacy checkpoints, object-dtype .npy/.npz). Reported once per file, only when the file really holds a pickle (numeric .npy/.npz, safetensors, ONNX and GGUF stay silent). Legacy Keras HDF5 is not reported by this rule yet.",
        "Convert the model to safetensors or ONNX and load it with a loader that cannot execute code.",
        RuleStatus.Implemented);

    public static readonly RuleDescriptor ModelArtifactUnsigned = new(
        "TL1004", "model-artifact-unsigned", "Model artifact without signature or digest",
        "Model artifact {0} has no signature or digest next to it",
        Severity.Medium, [T.T0010_003, T.T0018], [O.LLM03], S.Tampering, M.M0013,
        "A model file in the repository (any file whose bytes are a model format: pickle family, PyTorch, NumPy, Keras, ONNX, GGUF, safetensors, TensorFlow Lite, Core ML) has no signature sidecar beside it (<model>.sig, .sigstore, .sigstore.json, .bundle, or a <model>.sha256 digest), no OpenSSF model.sig in its folder or a parent folder, and no manifest (SHA256SUMS, sha256sums.txt, checksums.txt, MANIFEST, manifest.json, *.sha256) in its folder or a parent that lists its path with a sha256 digest. Only presence is checked; signatures kept in a registry are invisible from the repository, so findings have medium confidence.",
        "Sign the model (OpenSSF model_signing, cosign sign-blob) and verify the signature before loading, or pin its sha256 in a manifest that the loader checks.",
        RuleStatus.Implemented);

    public static readonly RuleDescriptor KerasLambdaLayer = new(
        "TL1005", "keras-lambda-layer", "Keras model with code-carrying layers",
        "{0} contains {1}, which runs Python code when the model is loaded",
        Severity.High, [T.T0011_000, T.T0018_002], [O.LLM03], S.Tampering | S.ElevationOfPrivilege, M.M0014,
        "A Keras model (.keras, .h5) contains Lambda layers or module references that execute code on load (CVE-2024-3660 class), or code loads a model with safe_mode=False. Model files: every Lambda layer (marshalled bytecode or a function named by module), __lambda__ bytecode anywhere in the configuration, references to modules that reach the OS or the interpreter (builtins, os, subprocess, ...; CVE-2025-1550), and function references to modules outside Keras/TensorFlow (medium confidence). The .keras config.json is read from the zip; the .h5 model_config attribute is found by a bounded byte search, without an HDF5 library.",
        "Replace Lambda layers with registered custom layers, keep safe_mode=True, and load only models whose origin is verified.",
        RuleStatus.Implemented);

    public static readonly RuleDescriptor OnnxExternalDataEscape = new(
        "TL1006", "onnx-external-data-escape", "ONNX model reads data or code from outside its folder",
        "ONNX model {0} {1}",
        Severity.High, [T.T0011_000], [O.LLM03], S.Tampering | S.InformationDisclosure, M.M0014,
        "An ONNX model's external_data location is absolute (/..., C:\\..., \\\\server\\...) or climbs out of the model folder (..), so loading it reads an arbitrary file into a tensor; or the model uses operator domains that are neither ONNX's own nor shipped with ONNX Runtime (com.microsoft contrib ops are), which need a native custom-op library loaded into the process (medium confidence). The protobuf is walked without loading tensor bytes, including If/Loop subgraphs, training graphs and local functions.",
        "Keep external data files beside the model with relative names, and load custom operator libraries only from audited builds.",
        RuleStatus.Implemented);

    public static readonly RuleDescriptor GgufTemplateCode = new(
        "TL1007", "gguf-template-code", "GGUF chat template reaches Python internals",
        "GGUF chat template {1} in {0} uses {2}, a Jinja escape to Python internals",
        Severity.High, [T.T0011_000], [O.LLM03], S.ElevationOfPrivilege, M.M0014,
        "A GGUF model's tokenizer.chat_template (or a named tokenizer.chat_template.* template) contains Jinja that reaches Python internals (__class__, __globals__, __import__, __subclasses__), a server-side template injection when rendered outside a sandbox (CVE-2024-34359). Only attribute accesses inside {{ }} and {% %} blocks count: names starting with an underscore (what Jinja's sandbox refuses), frame and code attributes (mro, f_globals, gi_frame, ...), chains from Python modules (os.popen), str.format fields and attribute-name filter arguments; the word class in a string does not.",
        "Use a model whose template is plain, render templates in a sandboxed Jinja environment, or override the template.",
        RuleStatus.Implemented);

    public static readonly RuleDescriptor ThirdPartyModelUnpinned = new(
        "TL1010", "third-party-model-unpinned", "Third-party model pulled by a mutable name",
        "Model {0} is pulled by a mutable reference{1}: whoever controls it can change what you run",
        Severity.High, [T.T0010_003, T.T0109], [O.LLM03], S.Tampering, M.M0014,
        "A hub model is pulled by a name or tag that can move. Python (and notebooks): from_pretrained, pipeline(model=...), snapshot_download/hf_hub_download, SentenceTransformer/CrossEncoder, vllm.LLM, LangChain HuggingFaceEmbeddings/HuggingFacePipeline.from_model_id without revision= a 40-hex commit (a branch or tag such as \"main\" is reported too), timm/open_clip hf-hub: names without @<commit>, torch.hub.load('owner/repo') without :<commit>, MLflow models:/name/latest, a stage or an @alias. The model must be a literal or a module constant; local paths and variables are not reported, bare names (gpt2) have medium confidence. Dockerfiles (RUN, ENV, the container's ENTRYPOINT and CMD, and the Python a RUN runs: python -c, python heredocs) and notebook shell lines: huggingface-cli/hf download, vLLM/TGI --model/--model-id and vllm serve without --revision <commit>, git clone of a huggingface.co model without a later git checkout <commit>, ollama pull of a tag, TGI MODEL_ID (SageMaker HF_MODEL_ID) without a commit REVISION. Triton config.pbtxt: a model, model_id, huggingface_model or hf_model parameter naming org/name without a commit revision parameter.",
        "Pin the model to an immutable commit (revision=<40-hex sha>, --revision, REVISION) or a digest, and mirror it to a registry you control.",
        RuleStatus.Implemented,
        new RuleExample(
            "serve.py",
            """
            from transformers import AutoModelForCausalLM, AutoTokenizer

            MODEL_ID = "mistralai/Mistral-7B-Instruct-v0.3"

            tokenizer = AutoTokenizer.from_pretrained(MODEL_ID)
            model = AutoModelForCausalLM.from_pretrained(MODEL_ID, revision="main")
            """,
            """
            from transformers import AutoModelForCausalLM, AutoTokenizer

            MODEL_ID = "mistralai/Mistral-7B-Instruct-v0.3"
            REVISION = "e0bc86c23ce5aae1db576c8cca6f06f1f73af2db"  # reviewed 2024-07-22

            tokenizer = AutoTokenizer.from_pretrained(MODEL_ID, revision=REVISION)
            model = AutoModelForCausalLM.from_pretrained(MODEL_ID, revision=REVISION)
            """));

    public static readonly RuleDescriptor TrustRemoteCode = new(
        "TL1011", "trust-remote-code", "Model loader trusts remote code",
        "{0} lets the model repository run its own Python code in this process",
        Severity.Critical, [T.T0010_001, T.T0011_000], [O.LLM03], S.ElevationOfPrivilege, M.M0011,
        "trust_remote_code=True, --trust-remote-code, TRUST_REMOTE_CODE=true or trust_remote_code: true makes the loader import Python files shipped with the model. Python (and notebooks): the literal True on any call, through **{...} or **dict(...), or as a \"trust_remote_code\": True dict entry (model_kwargs); a variable is not reported. Dockerfiles (also the Python a RUN runs) and notebook shell lines: --trust-remote-code (and trust_remote_code=True in lm-eval --model_args) on RUN, ENTRYPOINT and CMD command lines, TRUST_REMOTE_CODE and HF_DATASETS_TRUST_REMOTE_CODE set to true by ENV, export or an assignment. Triton config.pbtxt: a trust_remote_code parameter set to true.",
        "Use models supported natively by the library, or vendor and review the model's code and pin the exact revision before enabling remote code.",
        RuleStatus.Implemented,
        new RuleExample(
            "load_model.py",
            """
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained(
                "microsoft/Phi-3-mini-4k-instruct",
                revision="0a67737cc96d2554230f90338b163bc6380a2a85",
                trust_remote_code=True,
            )
            """,
            """
            from transformers import AutoModelForCausalLM

            # Phi-3 is supported natively since transformers 4.40: no code from the model repository runs.
            model = AutoModelForCausalLM.from_pretrained(
                "microsoft/Phi-3-mini-4k-instruct",
                revision="0a67737cc96d2554230f90338b163bc6380a2a85",
            )
            """));

    public static readonly RuleDescriptor ArtifactDownloadUnverified = new(
        "TL1012", "artifact-download-unverified", "Model or dataset downloaded without integrity check",
        "{0} is downloaded from {1} with no integrity check",
        Severity.High, [T.T0010_003, T.T0010_002], [O.LLM03], S.Tampering, M.M0014,
        "A model or dataset is fetched over the network with no checksum comparison (no sha256sum -c, no ADD --checksum), or over plain http. Python (and notebooks): torch.hub.download_url_to_file without hash_prefix, load_state_dict_from_url without check_hash=True, Keras get_file without file_hash, pooch.retrieve with known_hash=None, torchvision download_url without md5, gdown.download, and urlretrieve/wget.download/requests.get of model or dataset files (by extension or Hub /resolve/ URL) or plain http, unless a digest is checked after the download in the same function (hashlib, hexdigest, a verify/checksum helper). Dockerfiles (also the Python a RUN runs) and notebook shell lines: curl/wget of model or dataset files with no sha256sum -c (shasum -c, a compared digest, gpg --verify, cosign verify-blob) after it in the same RUN; a check in a later RUN has low confidence. ADD <url> is TL4004's.",
        "Download over https and verify a pinned sha256 (sha256sum -c, ADD --checksum=sha256:..., hash_prefix=, file_hash=, known_hash=) or a signature before use.",
        RuleStatus.Implemented,
        new RuleExample(
            "download_weights.py",
            """
            import torch

            RESNET50_URL = "https://download.pytorch.org/models/resnet50-11ad3fa6.pth"

            torch.hub.download_url_to_file(RESNET50_URL, "weights/resnet50.pth")
            """,
            """
            import torch

            RESNET50_URL = "https://download.pytorch.org/models/resnet50-11ad3fa6.pth"

            # torchvision names its weights after the first hex digits of their sha256.
            torch.hub.download_url_to_file(RESNET50_URL, "weights/resnet50.pth", hash_prefix="11ad3fa6")
            """));

    public static readonly RuleDescriptor UnsafeModelLoadCall = new(
        "TL1013", "unsafe-model-load-call", "Model loaded with a code-executing loader",
        "{0} loads a model with a loader that can execute code",
        Severity.High, [T.T0011_000], [O.LLM03], S.Tampering | S.ElevationOfPrivilege, M.M0011,
        "Python (and notebooks) loads models with loaders that run code: torch.load(weights_only=False) (without weights_only: medium, safe only with the torch>=2.6 default), pickle/_pickle/cPickle/dill/cloudpickle load, loads and Unpickler, joblib.load, pandas.read_pickle, numpy.load(allow_pickle=True), keras load_model(safe_mode=False), LangChain load_local(allow_dangerous_deserialization=True), yaml.unsafe_load and yaml.load with Loader/UnsafeLoader/CLoader (without a Loader: medium). Names are resolved through imports (np.load is numpy.load).",
        "Use torch.load(weights_only=True), safetensors, numpy.load(allow_pickle=False), yaml.safe_load, and keep Keras safe_mode on.",
        RuleStatus.Implemented,
        new RuleExample(
            "inference.py",
            """
            import torch

            model = torch.load("checkpoints/classifier.pt", weights_only=False)
            model.eval()
            """,
            """
            import torch
            from safetensors.torch import load_file

            from classifier import Classifier

            model = Classifier()
            model.load_state_dict(load_file("checkpoints/classifier.safetensors"))
            model.eval()
            """));

    // ── TL2xxx — model serving exposure ─────────────────────────────────────────────────────

    public static readonly RuleDescriptor InferenceNoRateLimit = new(
        "TL2001", "inference-no-rate-limit", "Public inference endpoint without rate limit",
        "{0} exposes model server {1} with no rate limit: unbounded queries enable extraction and denial of service",
        Severity.Medium, [T.T0029, T.T0034_000, T.T0024_002], [O.LLM10], S.DenialOfService, M.M0004,
        "An externally reachable inference route (Ingress, Gateway API, Istio, KServe, Seldon, LoadBalancer or NodePort Service, TorchServe, BentoML, Ray Serve) has no rate limit.",
        "Add a rate limit at the edge (nginx limit-rps, Envoy local rate limit, Traefik RateLimit, Kong rate-limiting) or in the server.",
        RuleStatus.Implemented,
        new RuleExample(
            "deploy/vllm.yaml",
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: vllm
            spec:
              selector:
                matchLabels: {app: vllm}
              template:
                metadata:
                  labels: {app: vllm}
                spec:
                  containers:
                    - name: vllm
                      image: vllm/vllm-openai:v0.6.3
                      args: ["--model", "/models/llama", "--api-key", "$(VLLM_API_KEY)"]
                      env:
                        - name: VLLM_API_KEY
                          valueFrom: {secretKeyRef: {name: vllm, key: api-key}}
                      resources:
                        limits: {cpu: "8", memory: 32Gi, nvidia.com/gpu: "1"}
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: vllm
            spec:
              selector: {app: vllm}
              ports: [{port: 80, targetPort: 8000}]
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: llm
              annotations:
                nginx.ingress.kubernetes.io/proxy-body-size: 10m
            spec:
              rules:
                - host: llm.example.com
                  http:
                    paths:
                      - path: /v1
                        pathType: Prefix
                        backend:
                          service: {name: vllm, port: {number: 80}}
            """,
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: vllm
            spec:
              selector:
                matchLabels: {app: vllm}
              template:
                metadata:
                  labels: {app: vllm}
                spec:
                  containers:
                    - name: vllm
                      image: vllm/vllm-openai:v0.6.3
                      args: ["--model", "/models/llama", "--api-key", "$(VLLM_API_KEY)"]
                      env:
                        - name: VLLM_API_KEY
                          valueFrom: {secretKeyRef: {name: vllm, key: api-key}}
                      resources:
                        limits: {cpu: "8", memory: 32Gi, nvidia.com/gpu: "1"}
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: vllm
            spec:
              selector: {app: vllm}
              ports: [{port: 80, targetPort: 8000}]
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: llm
              annotations:
                nginx.ingress.kubernetes.io/proxy-body-size: 10m
                nginx.ingress.kubernetes.io/limit-rps: "5"
            spec:
              rules:
                - host: llm.example.com
                  http:
                    paths:
                      - path: /v1
                        pathType: Prefix
                        backend:
                          service: {name: vllm, port: {number: 80}}
            """));

    public static readonly RuleDescriptor ModelManagementApiExposed = new(
        "TL2002", "model-management-api-exposed", "Model management plane exposed",
        "{0}",
        Severity.Critical, [T.T0049, T.T0018, T.T0010_003], [O.LLM03], S.ElevationOfPrivilege | S.Tampering, M.M0019,
        "A management or admin plane is bound to all interfaces or published: TorchServe management API (ShellTorch), Triton explicit model control, Ray dashboard and jobs API (ShadowRay), MLflow without auth, Jupyter with an empty token.",
        "Bind management planes to 127.0.0.1, keep them off Services and Ingresses, and require authentication.",
        RuleStatus.Implemented,
        new RuleExample(
            "config.properties",
            """
            inference_address=http://0.0.0.0:8080
            management_address=http://0.0.0.0:8081
            metrics_address=http://0.0.0.0:8082
            model_store=/home/model-server/model-store
            disable_token_authorization=true
            allowed_urls=https://models.example.com/.*
            """,
            """
            inference_address=http://0.0.0.0:8080
            management_address=http://127.0.0.1:8081
            metrics_address=http://127.0.0.1:8082
            model_store=/home/model-server/model-store
            allowed_urls=https://models.example.com/.*
            """));

    public static readonly RuleDescriptor InferenceNoAuth = new(
        "TL2003", "inference-no-auth", "Public inference endpoint without authentication",
        "{0} exposes model server {1} with no authentication",
        Severity.High, [T.T0040, T.T0024], [O.LLM02, O.LLM10], S.Spoofing | S.InformationDisclosure, M.M0019,
        "A public inference endpoint (KServe, Seldon, Services or Ingresses to model servers, vLLM, TGI, Ray Serve) has no authentication configured.",
        "Require authentication at the gateway or in the server (serving.kserve.io/enable-auth, --api-key, OAuth2 proxy).",
        RuleStatus.Implemented,
        new RuleExample(
            "deploy/tgi.yaml",
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: tgi
            spec:
              selector:
                matchLabels: {app: tgi}
              template:
                metadata:
                  labels: {app: tgi}
                spec:
                  containers:
                    - name: tgi
                      image: ghcr.io/huggingface/text-generation-inference:2.4.0
                      args: ["--model-id", "/data/model"]
                      resources:
                        limits: {cpu: "8", memory: 32Gi, nvidia.com/gpu: "1"}
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: tgi
            spec:
              type: LoadBalancer
              selector: {app: tgi}
              ports: [{port: 80, targetPort: 80}]
            """,
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: tgi
            spec:
              selector:
                matchLabels: {app: tgi}
              template:
                metadata:
                  labels: {app: tgi}
                spec:
                  containers:
                    - name: tgi
                      image: ghcr.io/huggingface/text-generation-inference:2.4.0
                      args: ["--model-id", "/data/model", "--api-key", "$(API_KEY)"]
                      env:
                        - name: API_KEY
                          valueFrom: {secretKeyRef: {name: tgi, key: api-key}}
                      resources:
                        limits: {cpu: "8", memory: 32Gi, nvidia.com/gpu: "1"}
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: tgi
            spec:
              type: LoadBalancer
              selector: {app: tgi}
              ports: [{port: 80, targetPort: 80}]
            """));

    public static readonly RuleDescriptor ModelUrlAllowlistOpen = new(
        "TL2004", "model-url-allowlist-open", "Model registration from arbitrary URLs",
        "{0} lets the model server register models from any URL",
        Severity.High, [T.T0010_003, T.T0018], [O.LLM03], S.Tampering, M.M0014,
        "TorchServe allowed_urls is missing or matches everything, so model registration can pull archives from any URL.",
        "Set allowed_urls to the exact buckets or registries you publish to.",
        RuleStatus.Implemented,
        new RuleExample(
            "config.properties",
            """
            inference_address=http://0.0.0.0:8080
            management_address=http://127.0.0.1:8081
            model_store=/home/model-server/model-store
            """,
            """
            inference_address=http://0.0.0.0:8080
            management_address=http://127.0.0.1:8081
            model_store=/home/model-server/model-store
            allowed_urls=https://models.example.com/.*
            """));

    public static readonly RuleDescriptor ModelServerUnboundedResources = new(
        "TL2005", "model-server-unbounded-resources", "Model server without resource limits",
        "Model server container {0} has no {1} limit",
        Severity.Medium, [T.T0029, T.T0034_001], [O.LLM10], S.DenialOfService, M.M0004,
        "A Kubernetes workload or InferenceService predictor that runs a model server has no CPU, memory or (for GPU servers) GPU limit.",
        "Set resources.limits for cpu, memory and nvidia.com/gpu on model server containers.",
        RuleStatus.Implemented,
        new RuleExample(
            "deploy/vllm.yaml",
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: vllm
            spec:
              selector:
                matchLabels: {app: vllm}
              template:
                metadata:
                  labels: {app: vllm}
                spec:
                  containers:
                    - name: vllm
                      image: vllm/vllm-openai:v0.6.3
                      args: ["--model", "/models/llama"]
            """,
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: vllm
            spec:
              selector:
                matchLabels: {app: vllm}
              template:
                metadata:
                  labels: {app: vllm}
                spec:
                  containers:
                    - name: vllm
                      image: vllm/vllm-openai:v0.6.3
                      args: ["--model", "/models/llama"]
                      resources:
                        limits: {cpu: "8", memory: 32Gi, nvidia.com/gpu: "1"}
            """));

    public static readonly RuleDescriptor RequestSizeUnbounded = new(
        "TL2006", "request-size-unbounded", "Unbounded request or generation size",
        "{0} leaves request or generation size unbounded",
        Severity.Medium, [T.T0029, T.T0034_001], [O.LLM10], S.DenialOfService, M.M0004,
        "Request or generation size is unbounded or absurd: TorchServe max_request_size, nginx proxy-body-size: 0, vLLM --max-model-len, TGI MAX_TOTAL_TOKENS/MAX_INPUT_TOKENS.",
        "Set explicit request-size and token bounds that fit the model's real use.",
        RuleStatus.Implemented,
        new RuleExample(
            "deploy/ingress.yaml",
            """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: llm
              annotations:
                nginx.ingress.kubernetes.io/proxy-body-size: "0"
            spec:
              rules:
                - http:
                    paths:
                      - path: /
                        pathType: Prefix
                        backend:
                          service: {name: vllm, port: {number: 80}}
            """,
            """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: llm
              annotations:
                nginx.ingress.kubernetes.io/proxy-body-size: "16m"
            spec:
              rules:
                - http:
                    paths:
                      - path: /
                        pathType: Prefix
                        backend:
                          service: {name: vllm, port: {number: 80}}
            """));

    public static readonly RuleDescriptor InferencePayloadLogging = new(
        "TL2007", "inference-payload-logging", "Inference payloads logged in full",
        "{0} logs full inference requests and responses",
        Severity.Medium, [T.T0057], [O.LLM02], S.InformationDisclosure, M.M0024,
        "Full request/response payloads (prompts, personal data) are sent to logs or sinks: KServe logger.mode: all, Seldon payload logging, verbose TorchServe/TGI request logs.",
        "Log metadata only, or redact payloads and restrict access to the sink.",
        RuleStatus.Implemented,
        new RuleExample(
            "deploy/llama.yaml",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: llama
            spec:
              predictor:
                logger:
                  mode: all
                  url: http://log-sink.monitoring
                model:
                  modelFormat: {name: huggingface}
                  storageUri: s3://models/llama-3-8b
            """,
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: llama
            spec:
              predictor:
                model:
                  modelFormat: {name: huggingface}
                  storageUri: s3://models/llama-3-8b
            """));

    public static readonly RuleDescriptor ModelServerPrivileged = new(
        "TL2008", "model-server-privileged", "Model server runs with elevated privileges",
        "Model server container {0} {1}",
        Severity.High, [T.T0049], [], S.ElevationOfPrivilege, M.M0005,
        "A model server container is privileged, runs as root, allows privilege escalation, mounts the model store from the host, or uses the host network.",
        "Run as non-root with allowPrivilegeEscalation: false, drop capabilities, and mount models read-only from a volume, not a hostPath.",
        RuleStatus.Implemented,
        new RuleExample(
            "deploy/vllm.yaml",
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: vllm
            spec:
              selector:
                matchLabels: {app: vllm}
              template:
                metadata:
                  labels: {app: vllm}
                spec:
                  containers:
                    - name: vllm
                      image: vllm/vllm-openai:v0.6.3
                      args: ["--model", "/models/llama"]
                      resources:
                        limits: {cpu: "8", memory: 32Gi, nvidia.com/gpu: "1"}
                      securityContext:
                        privileged: true
            """,
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: vllm
            spec:
              selector:
                matchLabels: {app: vllm}
              template:
                metadata:
                  labels: {app: vllm}
                spec:
                  containers:
                    - name: vllm
                      image: vllm/vllm-openai:v0.6.3
                      args: ["--model", "/models/llama"]
                      resources:
                        limits: {cpu: "8", memory: 32Gi, nvidia.com/gpu: "1"}
                      securityContext:
                        runAsNonRoot: true
                        allowPrivilegeEscalation: false
            """));

    public static readonly RuleDescriptor ModelStorageInsecureUri = new(
        "TL2009", "model-storage-insecure-uri", "Model storage over an insecure URI",
        "Model storage {0} {1}",
        Severity.High, [T.T0010_003], [O.LLM03], S.Tampering, M.M0005,
        "Model storage is reached over plain http, from anonymous public buckets, or by a mutable OCI tag (KServe storageUri, Seldon modelUri, Triton --model-repository and Python-backend EXECUTION_ENV_PATH parameter, MLflow URIs).",
        "Serve models from https or authenticated object storage and pin OCI model images by digest.",
        RuleStatus.Implemented,
        new RuleExample(
            "deploy/sklearn.yaml",
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                model:
                  modelFormat: {name: sklearn}
                  storageUri: http://models.example.com/sklearn/iris
            """,
            """
            apiVersion: serving.kserve.io/v1beta1
            kind: InferenceService
            metadata:
              name: sklearn-iris
            spec:
              predictor:
                model:
                  modelFormat: {name: sklearn}
                  storageUri: s3://models/sklearn/iris
            """));

    public static readonly RuleDescriptor AiCredentialInConfig = new(
        "TL2010", "ai-credential-in-config", "AI service credential in a file",
        "{0} holds {1} in plain text (value masked): anyone who can read the file or the image can use it",
        Severity.Critical, [T.T0055], [O.LLM02], S.InformationDisclosure | S.Spoofing, M.M0012,
        "A literal credential for an AI service is committed in a file, recognised by the format of its value: OpenAI sk-proj-/sk-..., Anthropic sk-ant-..., Hugging Face hf_..., Replicate r8_..., Groq gsk_..., Google AIza..., NVIDIA nvapi-..., and beside a telling name W&B, Azure OpenAI, Cohere and AWS secret keys, plus GCP service-account private keys. Checked in Dockerfiles (every instruction, heredoc and comment), serving YAML (every scalar, env values named by their variable, Kubernetes Secret data decoded; placeholders such as <your-key>, ${VAR} and changeme are not credentials), properties files, protobuf text files (Triton config.pbtxt: parameter values named by their key), Python source and notebook code cells (string literals and comments) and dotenv files (.env, .env.*, *.env: values and comments). The value is never printed; the fingerprint uses its SHA-256.",
        "Revoke the key, move it to a secret store (Kubernetes Secret, Key Vault, CI secrets) and reference it by name; in Dockerfiles pass it at build time with RUN --mount=type=secret and at run time from the orchestrator.",
        RuleStatus.Implemented,
        new RuleExample(
            "Dockerfile",
            """
            FROM vllm/vllm-openai:v0.6.3@sha256:ec8207a3dde607f7867f8f5390915018488b877761306ffd4ef099f9b3ee16a1
            ENV HF_TOKEN=hf_DocsOnlyNotRealJq8Lw3Vx6Ty1Pm5Nc2Hb
            USER 10001
            CMD ["--model", "meta-llama/Llama-3.1-8B-Instruct", "--revision", "0e9e39f249a16976918f6564b8830bc894c89659"]
            """,
            """
            FROM vllm/vllm-openai:v0.6.3@sha256:ec8207a3dde607f7867f8f5390915018488b877761306ffd4ef099f9b3ee16a1
            # HF_TOKEN comes from the orchestrator's secret store at run time.
            USER 10001
            CMD ["--model", "meta-llama/Llama-3.1-8B-Instruct", "--revision", "0e9e39f249a16976918f6564b8830bc894c89659"]
            """));

    public static readonly RuleDescriptor InferenceCorsWildcard = new(
        "TL2011", "inference-cors-wildcard", "Wildcard CORS on an inference endpoint",
        "{0} allows any origin to call the inference endpoint",
        Severity.Low, [T.T0040], [O.LLM02], S.InformationDisclosure, M.M0019,
        "TorchServe cors_allowed_origin or ingress CORS annotations allow * (with credentials) on inference endpoints.",
        "List the exact origins that may call the endpoint.",
        RuleStatus.Implemented,
        new RuleExample(
            "config.properties",
            """
            inference_address=http://0.0.0.0:8080
            management_address=http://127.0.0.1:8081
            allowed_urls=https://models.example.com/.*
            cors_allowed_origin=*
            cors_allowed_methods=GET, POST
            """,
            """
            inference_address=http://0.0.0.0:8080
            management_address=http://127.0.0.1:8081
            allowed_urls=https://models.example.com/.*
            cors_allowed_origin=https://app.example.com
            cors_allowed_methods=GET, POST
            """));

    // ── TL3xxx — training and delivery pipelines ────────────────────────────────────────────

    public static readonly RuleDescriptor PipelineDependencyUnpinned = new(
        "TL3001", "pipeline-dependency-unpinned", "Pipeline dependency not pinned to a commit",
        "{0} is referenced by {1}: whoever controls that repository moves it and runs their code in this pipeline, with its secrets",
        Severity.Medium, [T.T0010_001], [O.LLM03], S.Tampering, M.M0016,
        "A third-party GitHub action or reusable workflow, an Azure Pipelines template repository (type github/bitbucket) or a GitLab project include, component or remote include is not pinned to a full 40-character commit SHA (or, for a remote include, an integrity hash). Local ./ actions are the repository's own code and are not reported.",
        "Pin to the full 40-character commit SHA and keep the version in a comment (uses: actions/checkout@<sha> # v4.2.2); let Dependabot or Renovate update the pins.",
        RuleStatus.Implemented,
        new RuleExample(
            ".github/workflows/train.yml",
            """
            on: push
            permissions: {}
            jobs:
              train:
                runs-on: ubuntu-24.04
                steps:
                  - uses: actions/checkout@v4
                  - run: python train.py
            """,
            """
            on: push
            permissions: {}
            jobs:
              train:
                runs-on: ubuntu-24.04
                steps:
                  - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
                  - run: python train.py
            """));

    public static readonly RuleDescriptor PipelineUntrustedCheckout = new(
        "TL3002", "pipeline-untrusted-checkout", "Privileged pipeline checks out untrusted code",
        "{0}",
        Severity.Critical, [T.T0010_001, T.T0020], [O.LLM03, O.LLM04], S.Tampering | S.ElevationOfPrivilege, M.M0005,
        "A pull_request_target, workflow_run or issue_comment job checks out the pull request's head (head.sha, head.ref, github.head_ref, refs/pull/…, gh pr checkout) and then runs code from it (a build, install, tests, training, a local action) while secrets and a write token are available.",
        "Use pull_request for untrusted code, or check out the base ref only; split privileged steps into a separate workflow that consumes artifacts, and treat those artifacts as untrusted data.",
        RuleStatus.Implemented,
        new RuleExample(
            ".github/workflows/eval-pr.yml",
            """
            on: pull_request_target
            permissions:
              contents: read
            jobs:
              eval:
                runs-on: ubuntu-24.04
                steps:
                  - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
                    with:
                      ref: ${{ github.event.pull_request.head.sha }}
                  - run: pip install -e . && python eval.py
                    env:
                      HF_TOKEN: ${{ secrets.HF_TOKEN }}
            """,
            """
            on: pull_request
            permissions:
              contents: read
            jobs:
              eval:
                runs-on: ubuntu-24.04
                steps:
                  - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
                  - run: pip install -e . && python eval.py
            """));

    public static readonly RuleDescriptor PipelineExpressionInjection = new(
        "TL3003", "pipeline-expression-injection", "Attacker-controlled expression in a script",
        "{0} is expanded into a shell script: an attacker who sets it runs commands in the pipeline",
        Severity.High, [T.T0010_001], [], S.Tampering | S.ElevationOfPrivilege, M.M0016,
        "An attacker-controlled ${{ }} context (issue or pull-request title and body, comments, branch names, commit messages) is expanded inside a run: script or an actions/github-script script. Expressions are parsed: one in a YAML comment, in env: or in another with: input is not script text. String inputs (inputs.*) are reported with medium severity and low confidence.",
        "Pass the value through env: and reference it as a quoted shell variable (\"$TITLE\").",
        RuleStatus.Implemented,
        new RuleExample(
            ".github/workflows/triage.yml",
            """
            on: issues
            permissions:
              issues: write
            jobs:
              triage:
                runs-on: ubuntu-24.04
                steps:
                  - run: echo "New dataset request ${{ github.event.issue.title }}"
            """,
            """
            on: issues
            permissions:
              issues: write
            jobs:
              triage:
                runs-on: ubuntu-24.04
                steps:
                  - run: echo "New dataset request $TITLE"
                    env:
                      TITLE: ${{ github.event.issue.title }}
            """));

    public static readonly RuleDescriptor PipelineExcessivePermissions = new(
        "TL3004", "pipeline-excessive-permissions", "Pipeline token with excessive permissions",
        "{0} {1}",
        Severity.Medium, [T.T0010_001], [], S.ElevationOfPrivilege, M.M0005,
        "GitHub Actions: permissions: write-all at workflow or job level, or no permissions block (in the workflow or the job) in a workflow job that publishes models or images, which then runs with the repository's default token scopes. Azure Pipelines: checkout with persistCredentials: true, which leaves the access token in .git/config for every later step (medium confidence).",
        "Declare least-privilege permissions at workflow level (permissions: {} or contents: read) and widen them per job only where needed (packages: write, id-token: write); in Azure Pipelines, leave persistCredentials off and hand the token only to the step that pushes.",
        RuleStatus.Implemented,
        new RuleExample(
            ".github/workflows/release.yml",
            """
            on:
              push:
                tags: ['v*']
            permissions: write-all
            jobs:
              build:
                runs-on: ubuntu-24.04
                steps:
                  - run: make model
            """,
            """
            on:
              push:
                tags: ['v*']
            permissions:
              contents: read
            jobs:
              build:
                runs-on: ubuntu-24.04
                steps:
                  - run: make model
            """));

    public static readonly RuleDescriptor ModelPublishedUnsigned = new(
        "TL3005", "model-published-unsigned", "Model published without signing",
        "{0} publishes {1} but the pipeline never signs or attests it: a model swapped after publishing cannot be told from this one",
        Severity.High, [T.T0010_003, T.T0058], [O.LLM03], S.Tampering | S.Repudiation, M.M0013,
        "A step publishes a model or model image (docker/podman push, buildx --push, docker/build-push-action, oras push, dvc push, huggingface-cli/hf upload, az ml model create, register_model/push_to_hub, aws s3/gsutil/azcopy copies of model files) with no signing or attestation step anywhere in the same pipeline file (cosign sign/attest, notation sign, model_signing sign, sigstore, docker trust sign, actions/attest-build-provenance, SLSA generators). Images are reported with medium confidence.",
        "Sign or attest what you publish in the same pipeline: cosign sign (keyless, id-token: write) or actions/attest-build-provenance for images, model_signing sign for model files, and verify the signature where the model is deployed.",
        RuleStatus.Implemented,
        new RuleExample(
            ".github/workflows/publish.yml",
            """
            on:
              push:
                tags: ['v*']
            permissions:
              contents: read
            jobs:
              publish:
                runs-on: ubuntu-24.04
                steps:
                  - run: huggingface-cli upload acme/sentiment ./model
                    env:
                      HF_TOKEN: ${{ secrets.HF_TOKEN }}
            """,
            """
            on:
              push:
                tags: ['v*']
            permissions:
              contents: read
              id-token: write
            jobs:
              publish:
                runs-on: ubuntu-24.04
                steps:
                  - run: |
                      model_signing sign ./model
                      huggingface-cli upload acme/sentiment ./model
                    env:
                      HF_TOKEN: ${{ secrets.HF_TOKEN }}
            """));

    public static readonly RuleDescriptor TrainingDataUnverified = new(
        "TL3006", "training-data-unverified", "Training data pulled without verification",
        "{0} pulls training data from {1}: whoever controls that source poisons the model trained on it",
        Severity.High, [T.T0020, T.T0010_002], [O.LLM04], S.Tampering, M.M0025,
        "Training data is pulled over http or from a source with no checksum or pinned revision: .dvc files of dvc import-url with no md5/etag, dvc import with no 40-hex rev_lock, dvc import-url/update and dvc import without --rev <commit> in steps, Hub datasets downloaded or cloned without --revision <commit>, kaggle datasets without a version, Argo/Kubeflow http artifacts and git artifacts at a branch. curl/wget of data files is TL1012's.",
        "Pin dataset revisions to commits, record and verify checksums (DVC md5 in committed .dvc/dvc.lock files, dvc pull instead of dvc import-url in CI), and keep provenance (dataset cards, lineage).",
        RuleStatus.Implemented,
        new RuleExample(
            "dvc.yaml",
            """
            stages:
              fetch:
                cmd: huggingface-cli download --repo-type dataset acme/reviews --local-dir data/raw
                outs:
                  - data/raw
            """,
            """
            stages:
              fetch:
                cmd: huggingface-cli download --repo-type dataset acme/reviews --revision 6f9d1c1e0a43c48d5fb0a3b0c6b1e4f1a2b3c4d5 --local-dir data/raw
                outs:
                  - data/raw
            """));

    public static readonly RuleDescriptor PipelineSecretExposure = new(
        "TL3007", "pipeline-secret-exposure", "Secret exposed in a pipeline",
        "{0} {1}",
        Severity.Critical, [T.T0055], [O.LLM02], S.InformationDisclosure, M.M0012,
        "Literal secrets in pipeline variables or inputs (AI-service keys are TL2010's); secrets printed to the job log (echo $TOKEN, printenv with secrets in scope); ${{ secrets.* }} expanded straight into script text instead of passed through env: (high).",
        "Keep secrets in the CI secret store, pass them through env:, hand them on with --password-stdin or files, and never echo them.",
        RuleStatus.Implemented,
        new RuleExample(
            ".github/workflows/publish.yml",
            """
            on: workflow_dispatch
            permissions:
              contents: read
            jobs:
              login:
                runs-on: ubuntu-24.04
                steps:
                  - run: docker login -u ci -p ${{ secrets.REGISTRY_PASSWORD }} registry.acme.io
            """,
            """
            on: workflow_dispatch
            permissions:
              contents: read
            jobs:
              login:
                runs-on: ubuntu-24.04
                steps:
                  - run: echo "$REGISTRY_PASSWORD" | docker login -u ci --password-stdin registry.acme.io
                    env:
                      REGISTRY_PASSWORD: ${{ secrets.REGISTRY_PASSWORD }}
            """));

    public static readonly RuleDescriptor PackageIndexUntrusted = new(
        "TL3008", "package-index-untrusted", "Untrusted package index or unpinned ML packages",
        "{0}",
        Severity.High, [T.T0010_001, T.T0011_001], [O.LLM03], S.Tampering, M.M0016,
        "pip or uv is pointed at a second index next to the first (--extra-index-url, PIP_EXTRA_INDEX_URL, pip config set global.extra-index-url: dependency confusion, as in the 2022 torchtriton compromise) or at a plain-http index; well-known ML packages (torch, transformers, vllm, ...) are installed with no == pin and no hashes (low). BentoML bentofile.yaml: python.extra_index_url, a plain-http index_url or find_links, the same flags in pip_args, and unpinned ML packages when lock_packages is false. Disabled TLS checks (--trusted-host, PIP_TRUSTED_HOST) are reported as TL4007.",
        "Use a single trusted index (--index-url, or one proxy that serves private and public packages), over https, and install from a pinned requirements or lock file with --require-hashes.",
        RuleStatus.Implemented,
        new RuleExample(
            "Dockerfile",
            """
            FROM python:3.12-slim@sha256:2b2f1bd5b8e8ed7a4f8b4d4d1f0a1ef1b8c9d6b0d52b2e1bcbf6a3c1f9a4e7d1
            RUN pip install --no-cache-dir --extra-index-url https://pypi.example-corp.internal/simple \
                  transformers==4.44.2 sentiment-heads==1.3.0
            USER 10001
            """,
            """
            FROM python:3.12-slim@sha256:2b2f1bd5b8e8ed7a4f8b4d4d1f0a1ef1b8c9d6b0d52b2e1bcbf6a3c1f9a4e7d1
            COPY requirements.lock .
            RUN pip install --no-cache-dir --index-url https://pypi.example-corp.internal/simple \
                  --require-hashes -r requirements.lock
            USER 10001
            """));

    public static readonly RuleDescriptor PipelineImageUnpinned = new(
        "TL3009", "pipeline-image-unpinned", "Pipeline step image by mutable tag",
        "Pipeline step image {0} is referenced by a mutable tag: whoever can push that tag chooses the code the step runs, with its data and secrets",
        Severity.Medium, [T.T0010_004], [O.LLM03], S.Tampering, M.M0016,
        "A Kubeflow executor, Argo template, Azure ML environment, GitHub job container/service/docker:// action, Azure Pipelines container, GitLab image/service or MLflow docker_env uses an image by tag instead of @sha256 digest (high for :latest or no tag). Images held in variables or template parameters are not reported.",
        "Reference step images by @sha256 digest (keep the tag for readers: image: repo:tag@sha256:…) and let Renovate or Dependabot update the digests.",
        RuleStatus.Implemented,
        new RuleExample(
            "pipelines/train-workflow.yaml",
            """
            apiVersion: argoproj.io/v1alpha1
            kind: Workflow
            metadata:
              generateName: train-
            spec:
              entrypoint: train
              templates:
                - name: train
                  container:
                    image: pytorch/pytorch:latest
                    command: [python, train.py]
            """,
            """
            apiVersion: argoproj.io/v1alpha1
            kind: Workflow
            metadata:
              generateName: train-
            spec:
              entrypoint: train
              templates:
                - name: train
                  container:
                    image: pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime@sha256:0279f7aa29974bf64e61d0ff6e979b41a249b3662a46e30778dbf80b8c99c361
                    command: [python, train.py]
            """));

    public static readonly RuleDescriptor GpuRunnerExposed = new(
        "TL3010", "gpu-runner-exposed", "Self-hosted runner reachable from forks",
        "{0} runs fork pull-request code on self-hosted runner {1}",
        Severity.High, [T.T0010_001, T.T0034], [O.LLM10], S.ElevationOfPrivilege | S.DenialOfService, M.M0005,
        "A job of a workflow that fork pull requests trigger (pull_request, or pull_request_target checking out the head) runs on a self-hosted (often GPU) runner: self-hosted or a runner group with medium confidence, other non-GitHub-hosted labels with low confidence (repository visibility is outside the file). Jobs whose if: keeps forks out are not reported.",
        "Run fork pull requests on ephemeral GitHub-hosted runners; keep self-hosted and GPU jobs to push, schedule or workflow_dispatch, or gate them behind an environment with required reviewers and an if: that excludes forks; use ephemeral (just-in-time) self-hosted runners.",
        RuleStatus.Implemented,
        new RuleExample(
            ".github/workflows/gpu-tests.yml",
            """
            on: pull_request
            permissions:
              contents: read
            jobs:
              gpu-tests:
                runs-on: [self-hosted, linux, gpu]
                steps:
                  - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
                  - run: pytest tests/gpu
            """,
            """
            on: pull_request
            permissions:
              contents: read
            jobs:
              gpu-tests:
                if: github.event.pull_request.head.repo.full_name == github.repository
                runs-on: [self-hosted, linux, gpu]
                steps:
                  - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
                  - run: pytest tests/gpu
            """));

    // ── TL4xxx — model-serving container images ─────────────────────────────────────────────

    public static readonly RuleDescriptor ImageRunsAsRoot = new(
        "TL4001", "image-runs-as-root", "Image runs as root",
        "Final stage {0} runs as root ({1}): code execution in the model server or a malicious model gets root in the container",
        Severity.Medium, [T.T0049], [], S.ElevationOfPrivilege, M.M0005,
        "The final stage of a Dockerfile has no USER instruction, or its last USER is root (root, 0, root:root, 0:0).",
        "Create an unprivileged user and switch to it with USER before the entrypoint (e.g. USER 10001), or use a distroless :nonroot base image.",
        RuleStatus.Implemented,
        new RuleExample(
            "Dockerfile",
            """
            FROM python:3.12-slim@sha256:2b2f1bd5b8e8ed7a4f8b4d4d1f0a1ef1b8c9d6b0d52b2e1bcbf6a3c1f9a4e7d1
            WORKDIR /srv
            COPY model/ ./model/
            RUN pip install --no-cache-dir torchserve==0.12.0
            CMD ["torchserve", "--start", "--foreground"]
            """,
            """
            FROM python:3.12-slim@sha256:2b2f1bd5b8e8ed7a4f8b4d4d1f0a1ef1b8c9d6b0d52b2e1bcbf6a3c1f9a4e7d1
            WORKDIR /srv
            COPY model/ ./model/
            RUN pip install --no-cache-dir torchserve==0.12.0 \
             && useradd --uid 10001 --no-create-home model-server
            USER 10001
            CMD ["torchserve", "--start", "--foreground"]
            """));

    public static readonly RuleDescriptor BaseImageUnpinned = new(
        "TL4002", "base-image-unpinned", "Base image not pinned by digest",
        "Base image {0} {1}: whoever controls the tag controls what you build and serve",
        Severity.Medium, [T.T0010_004, T.T0010_001], [], S.Tampering, M.M0016,
        "A FROM instruction names an image without an @sha256 digest (build-stage aliases and scratch excepted). Untagged and :latest images are high severity.",
        "Pin the base image by digest (FROM image:tag@sha256:...) and let Dependabot or Renovate propose updates.",
        RuleStatus.Implemented,
        new RuleExample(
            "Dockerfile",
            """
            FROM pytorch/torchserve:latest-gpu
            USER model-server
            """,
            """
            FROM pytorch/torchserve:0.12.0-gpu@sha256:6a8b9f1e3c2d4b5a69788796a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6
            USER model-server
            """));

    public static readonly RuleDescriptor RemoteScriptExecution = new(
        "TL4003", "remote-script-execution", "Remote script piped to an interpreter",
        "{0} runs a script fetched from {1} without verifying it",
        Severity.High, [T.T0010_001], [], S.Tampering | S.ElevationOfPrivilege, M.M0016,
        "curl/wget output piped to sh/bash/python/perl/ruby/node (also through sudo), bash <(curl ...), source <(curl ...), sh -c \"$(curl ...)\" or eval \"$(curl ...)\" in a Dockerfile RUN, CMD or ENTRYPOINT (or a pipeline run:/script: step), wherever it sits: chains, subshells, bash -c strings, heredocs. A script saved with curl -o and run later in the same RUN with no checksum check in between is reported with medium confidence.",
        "Download the script to a file, verify a pinned checksum or signature (sha256sum -c, gpg --verify), then run it; better, install a pinned release from a package manager or copy it from a pinned image.",
        RuleStatus.Implemented,
        new RuleExample(
            "Dockerfile",
            """
            FROM python:3.12-slim@sha256:2b2f1bd5b8e8ed7a4f8b4d4d1f0a1ef1b8c9d6b0d52b2e1bcbf6a3c1f9a4e7d1
            RUN apt-get update && apt-get install -y --no-install-recommends curl \
             && curl -LsSf https://astral.sh/uv/install.sh | sh
            USER 10001
            """,
            """
            FROM python:3.12-slim@sha256:2b2f1bd5b8e8ed7a4f8b4d4d1f0a1ef1b8c9d6b0d52b2e1bcbf6a3c1f9a4e7d1
            RUN apt-get update && apt-get install -y --no-install-recommends curl \
             && curl -LsSf -o /tmp/uv-install.sh https://astral.sh/uv/0.4.20/install.sh \
             && echo "5b0b3f5a8b2e4c6d9f1a3c5e7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b5d  /tmp/uv-install.sh" | sha256sum -c - \
             && sh /tmp/uv-install.sh
            USER 10001
            """));

    public static readonly RuleDescriptor RemoteAddUnverified = new(
        "TL4004", "remote-add-unverified", "Remote ADD without checksum",
        "ADD {0} {1}: the build trusts whatever the remote serves",
        Severity.Medium, [T.T0010_001, T.T0010_003], [], S.Tampering, M.M0014,
        "ADD of an http(s) URL without --checksum (high severity over plain http), or ADD of a git repository (git@..., git://, ssh://, https://....git, --keep-git-dir) whose ref is not a 40-hex commit. Every stage is checked.",
        "Use ADD --checksum=sha256:<digest> for URLs, over https, and pin git sources to a commit (#<40-hex sha>).",
        RuleStatus.Implemented,
        new RuleExample(
            "Dockerfile",
            """
            FROM python:3.12-slim@sha256:2b2f1bd5b8e8ed7a4f8b4d4d1f0a1ef1b8c9d6b0d52b2e1bcbf6a3c1f9a4e7d1
            ADD https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2/resolve/main/onnx/model.onnx /models/model.onnx
            USER 10001
            """,
            """
            FROM python:3.12-slim@sha256:2b2f1bd5b8e8ed7a4f8b4d4d1f0a1ef1b8c9d6b0d52b2e1bcbf6a3c1f9a4e7d1
            ADD --checksum=sha256:6fd5d72fe4589f189f8ebc006442dbb529bb7ce38f8082112682524616046452 \
                https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2/resolve/c9745ed1d9f207416be6d2e6f8de32d1f16199bf/onnx/model.onnx /models/model.onnx
            USER 10001
            """));

    public static readonly RuleDescriptor SecretInImage = new(
        "TL4005", "secret-in-image", "Secret baked into the image",
        "{0} bakes {1} into the image, where anyone who can pull it or read its history can recover it (value masked)",
        Severity.Critical, [T.T0055], [], S.InformationDisclosure, M.M0012,
        "An ENV/ARG whose name says secret (HF_TOKEN, WANDB_API_KEY, *_TOKEN, *_SECRET, *PASSWORD*, *_API_KEY, *_ACCESS_KEY, *_PRIVATE_KEY, *_CREDENTIALS) has a literal, non-placeholder value (also as a RUN assignment, which the image history records), a URL in ENV/ARG/RUN carries a password, or COPY/ADD brings credential files (.env, id_rsa, .netrc, kaggle.json, credentials, .git-credentials, .pypirc, .npmrc, *.pem, *.key, service-account*.json, .aws/, .ssh/) into a stage that ships. Values recognised by TL2010 are reported there.",
        "Use build secrets (RUN --mount=type=secret) and runtime secret injection; never COPY credential files, and keep them out of the build context with .dockerignore.",
        RuleStatus.Implemented,
        new RuleExample(
            "Dockerfile",
            """
            FROM python:3.12-slim@sha256:2b2f1bd5b8e8ed7a4f8b4d4d1f0a1ef1b8c9d6b0d52b2e1bcbf6a3c1f9a4e7d1
            ENV WANDB_PROJECT=sentiment \
                MLFLOW_TRACKING_PASSWORD=Tr4ck1ng-Pw-Qz9
            COPY kaggle.json /root/.kaggle/kaggle.json
            RUN python train.py
            """,
            """
            # syntax=docker/dockerfile:1.10
            FROM python:3.12-slim@sha256:2b2f1bd5b8e8ed7a4f8b4d4d1f0a1ef1b8c9d6b0d52b2e1bcbf6a3c1f9a4e7d1
            ENV WANDB_PROJECT=sentiment
            RUN --mount=type=secret,id=kaggle,target=/root/.kaggle/kaggle.json \
                --mount=type=secret,id=mlflow_password,env=MLFLOW_TRACKING_PASSWORD \
                python train.py
            """));

    public static readonly RuleDescriptor AdminPortExposed = new(
        "TL4006", "admin-port-exposed", "Admin or debug port exposed",
        "EXPOSE {0} advertises {1}; anyone who reaches a published port can use it",
        Severity.Medium, [T.T0049], [], S.ElevationOfPrivilege | S.InformationDisclosure, M.M0019,
        "The final image EXPOSEs an admin or debug plane: 22 SSH, 5000 MLflow, 6006 TensorBoard, 6379 Redis/Ray GCS, 8081/8082 TorchServe management/metrics, 8265 Ray dashboard and Jobs API, 8786/8787 Dask, 8888 Jupyter, 10001 Ray Client; ranges and ARG/ENV substitution included. Confidence is lower when nothing in the file names the plane's software.",
        "Expose only the inference port; bind admin planes to 127.0.0.1 and reach them through port-forwarding or an authenticated proxy.",
        RuleStatus.Implemented,
        new RuleExample(
            "Dockerfile",
            """
            FROM pytorch/torchserve:0.12.0-cpu@sha256:6a8b9f1e3c2d4b5a69788796a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6
            COPY model-store/ /home/model-server/model-store/
            EXPOSE 8080 8081
            CMD ["torchserve", "--start", "--foreground", "--model-store", "/home/model-server/model-store"]
            """,
            """
            FROM pytorch/torchserve:0.12.0-cpu@sha256:6a8b9f1e3c2d4b5a69788796a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6
            COPY model-store/ /home/model-server/model-store/
            EXPOSE 8080
            CMD ["torchserve", "--start", "--foreground", "--model-store", "/home/model-server/model-store"]
            """));

    public static readonly RuleDescriptor TlsVerificationDisabled = new(
        "TL4007", "tls-verification-disabled", "TLS or signature verification disabled",
        "{0} disables {1} verification: a network attacker can substitute what is downloaded",
        Severity.High, [T.T0010_001], [], S.Tampering, M.M0016,
        "A RUN, CMD or ENTRYPOINT turns verification off with a flag or a setting (curl -k, wget --no-check-certificate, pip/uv --trusted-host, git -c http.sslVerify=false, git config http.sslVerify false, npm config set strict-ssl false, conda config --set ssl_verify false, apt-get --allow-unauthenticated / --allow-insecure-repositories / -o Acquire::https::Verify-Peer=false, yum/dnf --nogpgcheck, apk --allow-untrusted), or ENV, an ARG default or the script sets PYTHONHTTPSVERIFY=0, GIT_SSL_NO_VERIFY, CURL_CA_BUNDLE=\"\", REQUESTS_CA_BUNDLE=\"\", NODE_TLS_REJECT_UNAUTHORIZED=0 or PIP_TRUSTED_HOST; in a BentoML bentofile.yaml, python.trusted_host or --trusted-host in python.pip_args.",
        "Keep TLS and package signature verification on; install the CA certificate of an internal index or proxy (update-ca-certificates, PIP_CERT, REQUESTS_CA_BUNDLE=/path/to/ca.pem) instead.",
        RuleStatus.Implemented,
        new RuleExample(
            "Dockerfile",
            """
            FROM python:3.12-slim@sha256:2b2f1bd5b8e8ed7a4f8b4d4d1f0a1ef1b8c9d6b0d52b2e1bcbf6a3c1f9a4e7d1
            ENV PYTHONHTTPSVERIFY=0
            COPY requirements.txt .
            RUN pip install --no-cache-dir --index-url https://pypi.example-corp.internal/simple \
                  --trusted-host pypi.example-corp.internal -r requirements.txt
            USER 10001
            """,
            """
            FROM python:3.12-slim@sha256:2b2f1bd5b8e8ed7a4f8b4d4d1f0a1ef1b8c9d6b0d52b2e1bcbf6a3c1f9a4e7d1
            COPY example-corp-ca.crt /usr/local/share/ca-certificates/example-corp-ca.crt
            RUN update-ca-certificates
            ENV PIP_CERT=/etc/ssl/certs/ca-certificates.crt
            COPY requirements.txt .
            RUN pip install --no-cache-dir --index-url https://pypi.example-corp.internal/simple -r requirements.txt
            USER 10001
            """));

    // ── TL5xxx — C# inference code ──────────────────────────────────────────────────────────

    public static readonly RuleDescriptor InferenceEndpointNoRateLimit = new(
        "TL5001", "inference-endpoint-no-rate-limit", "Inference endpoint without rate limiting",
        "Endpoint {0} runs inference with no rate limiting",
        Severity.Medium, [T.T0029, T.T0034_000, T.T0024_002], [O.LLM10], S.DenialOfService, M.M0004,
        "An ASP.NET Core endpoint (a minimal API handler, or a controller action) runs inference (PredictionEngine(Pool).Predict, InferenceSession, IChatClient, OpenAI ChatClient, Semantic Kernel calls, in the handler or in a method it calls) and has no RequireRateLimiting/[EnableRateLimiting] on it, its route groups or MapControllers, and no global limiter (RateLimiterOptions.GlobalLimiter with UseRateLimiter); DisableRateLimiting counts as none. Each call costs compute or tokens: an unthrottled endpoint is a denial-of-wallet and a model-extraction oracle.",
        "Add a rate limiter (AddRateLimiter + UseRateLimiter) and apply a policy to the endpoint or its group.",
        RuleStatus.Implemented,
        new RuleExample(
            "Program.cs",
            """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.AI;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();

            app.MapPost("/chat", async (string question, IChatClient chat) =>
            {
                var response = await chat.GetResponseAsync(question, new ChatOptions { MaxOutputTokens = 512 });
                return Results.Ok(response.Text);
            }).RequireAuthorization();

            app.Run();
            """,
            """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.RateLimiting;
            using Microsoft.Extensions.AI;
            using Microsoft.Extensions.DependencyInjection;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddRateLimiter(options => options.AddFixedWindowLimiter("chat", limiter =>
            {
                limiter.PermitLimit = 20;
                limiter.Window = TimeSpan.FromMinutes(1);
            }));
            var app = builder.Build();
            app.UseRateLimiter();

            app.MapPost("/chat", async (string question, IChatClient chat) =>
            {
                var response = await chat.GetResponseAsync(question, new ChatOptions { MaxOutputTokens = 512 });
                return Results.Ok(response.Text);
            }).RequireAuthorization().RequireRateLimiting("chat");

            app.Run();
            """));

    public static readonly RuleDescriptor InferenceEndpointNoAuthorization = new(
        "TL5002", "inference-endpoint-no-authorization", "Inference endpoint without authorization",
        "Endpoint {0} runs inference with no authorization",
        Severity.Medium, [T.T0040, T.T0024], [O.LLM02], S.Spoofing | S.InformationDisclosure, M.M0019,
        "An ASP.NET Core endpoint that runs inference (as for TL5001) has no RequireAuthorization/[Authorize] on it, its route groups, its controller or MapControllers (or, for controllers, a global MVC AuthorizeFilter), and no fallback authorization policy (AuthorizationOptions.FallbackPolicy, SetFallbackPolicy); AllowAnonymous counts as none. Anyone who can reach it can use the model, probe it, or extract it.",
        "Require authorization on the endpoint, its group, or through a fallback policy.",
        RuleStatus.Implemented,
        new RuleExample(
            "Program.cs",
            """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.ML;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();

            app.MapPost("/classify", (Ticket ticket, PredictionEngine<Ticket, TicketCategory> engine) =>
                engine.Predict(ticket).Category);

            app.Run();

            public sealed class Ticket { public string Text { get; set; } = ""; }
            public sealed class TicketCategory { public string Category { get; set; } = ""; }
            """,
            """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.ML;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication().AddBearerToken();
            builder.Services.AddAuthorization();
            var app = builder.Build();

            var api = app.MapGroup("/api").RequireAuthorization();
            api.MapPost("/classify", (Ticket ticket, PredictionEngine<Ticket, TicketCategory> engine) =>
                engine.Predict(ticket).Category);

            app.Run();

            public sealed class Ticket { public string Text { get; set; } = ""; }
            public sealed class TicketCategory { public string Category { get; set; } = ""; }
            """));

    public static readonly RuleDescriptor UnsafeDeserializationOfModel = new(
        "TL5003", "unsafe-deserialization-of-model", "Model or state loaded with an unsafe deserializer",
        "{0} deserializes with type information from the payload: a crafted model file runs code",
        Severity.Critical, [T.T0011_000], [O.LLM03], S.Tampering | S.ElevationOfPrivilege, M.M0011,
        "BinaryFormatter, SoapFormatter, NetDataContractSerializer, LosFormatter or ObjectStateFormatter deserializes (every Deserialize call, whatever it loads), or Json.NET TypeNameHandling is set to anything but None on JsonSerializerSettings or JsonSerializer: the payload names the types to create, so a crafted model or state file runs code.",
        "Use a data-only format (ONNX, safetensors, System.Text.Json without polymorphic type names).",
        RuleStatus.Implemented,
        new RuleExample(
            "Program.cs",
            """
            using System.IO;
            using Newtonsoft.Json;

            // A pipeline definition shipped next to the model, deserialized with the types it names.
            var json = File.ReadAllText("models/sentiment/pipeline.json");
            var settings = new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.Auto };
            var pipeline = JsonConvert.DeserializeObject<PipelineDefinition>(json, settings);
            Console.WriteLine($"Loaded {pipeline?.Stages.Length} stages");

            record PipelineDefinition(string Name, object[] Stages);
            """,
            """
            using System.IO;
            using Newtonsoft.Json;

            // Concrete, data-only types: the file cannot choose what gets instantiated.
            var json = File.ReadAllText("models/sentiment/pipeline.json");
            var pipeline = JsonConvert.DeserializeObject<PipelineDefinition>(json);
            Console.WriteLine($"Loaded {pipeline?.Stages.Length} stages");

            record PipelineDefinition(string Name, StageDefinition[] Stages);
            record StageDefinition(string Kind, string[] Columns);
            """));

    public static readonly RuleDescriptor ModelLoadedFromUntrustedSource = new(
        "TL5004", "model-loaded-from-untrusted-source", "Model loaded from an untrusted source",
        "{0} loads a model from {1}",
        Severity.High, [T.T0010_003, T.T0018], [O.LLM03], S.Tampering, M.M0014,
        "InferenceSession (ONNX Runtime), MLContext.Model.Load (ML.NET) or a TorchSharp load (recognised by name in the TorchSharp namespace) loads a model whose path, bytes or stream come from request input (endpoint parameters, uploaded files, query, body), from an HttpClient download that the same method never hashes (SHA256.HashData, ComputeHash), or from a plain-http URL (reported even with a hash). The flow is followed within one method.",
        "Load models only from a fixed, verified location; check a pinned digest after download.",
        RuleStatus.Implemented,
        new RuleExample(
            "Program.cs",
            """
            using System.Net.Http;
            using Microsoft.ML.OnnxRuntime;

            // Whatever the URL serves today (or whoever controls the bucket tomorrow) becomes the model.
            using var http = new HttpClient();
            var bytes = await http.GetByteArrayAsync("https://models.example.com/sentiment/v3/model.onnx");
            using var session = new InferenceSession(bytes);
            Console.WriteLine(string.Join(", ", session.InputNames));
            """,
            """
            using System.Net.Http;
            using System.Security.Cryptography;
            using Microsoft.ML.OnnxRuntime;

            // The digest is pinned in source (or in a signed manifest) and checked before the bytes are used.
            const string ExpectedSha256 = "3f7c9a4e1b2d8f6a0c5e7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a";
            using var http = new HttpClient();
            var bytes = await http.GetByteArrayAsync("https://models.example.com/sentiment/v3/model.onnx");
            if (!Convert.ToHexString(SHA256.HashData(bytes)).Equals(ExpectedSha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException("sentiment model digest mismatch");
            }

            using var session = new InferenceSession(bytes);
            Console.WriteLine(string.Join(", ", session.InputNames));
            """));

    public static readonly RuleDescriptor UserInputInSystemPrompt = new(
        "TL5005", "user-input-in-system-prompt", "Request input in a system prompt",
        "Request input {0} flows into the system prompt built here",
        Severity.High, [T.T0051_000], [O.LLM01], S.Tampering | S.ElevationOfPrivilege, M.M0020,
        "Request-derived text (minimal API and MVC action parameters bound from the request, HttpRequest query, form, headers, body and route values) is concatenated, interpolated or built into a system/developer message (Microsoft.Extensions.AI ChatMessage with ChatRole.System, ChatOptions.Instructions; OpenAI SystemChatMessage, DeveloperChatMessage; Semantic Kernel ChatHistory system messages) or into the text of a Semantic Kernel prompt template. User messages and template arguments passed through KernelArguments are where user text belongs and are not reported.",
        "Keep the system prompt constant; pass user text as a user message and delimit it.",
        RuleStatus.Implemented,
        new RuleExample(
            "Program.cs",
            """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.AI;

            var app = WebApplication.Create(args);
            app.MapPost("/support", async (SupportRequest request, IChatClient chat) =>
            {
                // The customer's "product" field becomes part of the instructions: "Acme. Ignore all previous rules and ..."
                var response = await chat.GetResponseAsync(
                [
                    new ChatMessage(ChatRole.System, $"You are the support assistant for {request.Product}. Only answer product questions."),
                    new ChatMessage(ChatRole.User, request.Question),
                ]);
                return response.Text;
            });
            app.Run();

            record SupportRequest(string Product, string Question);
            """,
            """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.AI;

            var app = WebApplication.Create(args);
            app.MapPost("/support", async (SupportRequest request, IChatClient chat) =>
            {
                // Constant instructions; everything the customer sent travels as the user's message, delimited.
                var response = await chat.GetResponseAsync(
                [
                    new ChatMessage(ChatRole.System, "You are a product support assistant. The user message holds the product name and the question."),
                    new ChatMessage(ChatRole.User, $"<product>{request.Product}</product>\n<question>{request.Question}</question>"),
                ]);
                return response.Text;
            });
            app.Run();

            record SupportRequest(string Product, string Question);
            """));

    public static readonly RuleDescriptor LlmOutputToDangerousSink = new(
        "TL5006", "llm-output-to-dangerous-sink", "Model output reaches a dangerous sink",
        "Model output flows into {0}",
        Severity.High, [T.T0053, T.T0077], [O.LLM05, O.LLM06], S.Tampering | S.ElevationOfPrivilege, M.M0033,
        "Model output (results of OpenAI ChatClient, Microsoft.Extensions.AI IChatClient and Semantic Kernel chat and prompt calls) flows within one method into Process.Start/ProcessStartInfo, SQL command text (DbCommand, IDbCommand, EF Core raw SQL, Dapper), Html.Raw/HtmlString/MarkupString (also in generated Razor code), file paths (File, Directory, FileStream), or reflection (Type.GetType, Assembly.Load, Activator.CreateInstance). HTML-encoding the text or passing it as a SQL parameter value is not reported.",
        "Treat model output as untrusted input: validate against an allow-list, parameterise, encode.",
        RuleStatus.Implemented,
        new RuleExample(
            "Program.cs",
            """
            using System.Collections.Generic;
            using System.Data.Common;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.AI;

            var app = WebApplication.Create(args);
            app.MapPost("/orders/search", async (SearchRequest request, IChatClient chat, DbDataSource db) =>
            {
                // "Text to SQL": whatever the model writes (or is talked into writing) runs against the database.
                var response = await chat.GetResponseAsync(
                    $"Write a SQL WHERE clause over Orders(Customer, Status, Total) for this question: {request.Question}");

                await using var command = db.CreateCommand();
                command.CommandText = $"SELECT Id FROM Orders WHERE {response.Text}";
                await using var reader = await command.ExecuteReaderAsync();
                var ids = new List<int>();
                while (await reader.ReadAsync())
                {
                    ids.Add(reader.GetInt32(0));
                }

                return ids;
            });
            app.Run();

            record SearchRequest(string Question);
            """,
            """
            using System.Collections.Generic;
            using System.Data.Common;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.AI;

            var app = WebApplication.Create(args);
            app.MapPost("/orders/search", async (SearchRequest request, IChatClient chat, DbDataSource db) =>
            {
                // The model only extracts a value; the query is fixed and the value travels as a parameter.
                var response = await chat.GetResponseAsync(
                    $"Reply with only the customer name mentioned in this question: {request.Question}");

                await using var command = db.CreateCommand();
                command.CommandText = "SELECT Id FROM Orders WHERE Customer = @customer";
                var customer = command.CreateParameter();
                customer.ParameterName = "@customer";
                customer.Value = response.Text.Trim();
                command.Parameters.Add(customer);
                await using var reader = await command.ExecuteReaderAsync();
                var ids = new List<int>();
                while (await reader.ReadAsync())
                {
                    ids.Add(reader.GetInt32(0));
                }

                return ids;
            });
            app.Run();

            record SearchRequest(string Question);
            """));

    public static readonly RuleDescriptor LlmOutputTokensUnbounded = new(
        "TL5007", "llm-output-tokens-unbounded", "Chat completion without output token limit",
        "{0} on a request path sets no maximum output tokens",
        Severity.Medium, [T.T0034_001], [O.LLM10], S.DenialOfService, M.M0004,
        "A chat completion call inside an endpoint handler (a minimal API lambda or a controller action) passes no options, or options created in the handler without a maximum: OpenAI ChatCompletionOptions.MaxOutputTokenCount, Microsoft.Extensions.AI ChatOptions.MaxOutputTokens, Semantic Kernel OpenAIPromptExecutionSettings.MaxTokens. Options that come from elsewhere (a parameter, a field, DI) are assumed bounded. One request can then run the model to its context limit: cost and latency scale with what the caller asks for.",
        "Set MaxOutputTokenCount / MaxTokens on the request options.",
        RuleStatus.Implemented,
        new RuleExample(
            "Program.cs",
            """
            using Microsoft.AspNetCore.Builder;
            using OpenAI.Chat;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();

            app.MapPost("/summarize", async (string text, ChatClient chat) =>
            {
                ChatCompletion completion = await chat.CompleteChatAsync(
                    new SystemChatMessage("Summarize the user's text."), new UserChatMessage(text));
                return completion.Content[0].Text;
            }).RequireAuthorization().RequireRateLimiting("chat");

            app.Run();
            """,
            """
            using Microsoft.AspNetCore.Builder;
            using OpenAI.Chat;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();

            app.MapPost("/summarize", async (string text, ChatClient chat) =>
            {
                var options = new ChatCompletionOptions { MaxOutputTokenCount = 400 };
                ChatCompletion completion = await chat.CompleteChatAsync(
                    [new SystemChatMessage("Summarize the user's text."), new UserChatMessage(text)], options);
                return completion.Content[0].Text;
            }).RequireAuthorization().RequireRateLimiting("chat");

            app.Run();
            """));

    public static readonly RuleDescriptor AiApiKeyHardcoded = new(
        "TL5008", "ai-api-key-hardcoded", "AI service key hard-coded",
        "Literal key passed to {0}: anyone with the source or the binary can call the AI service as you (value masked)",
        Severity.Critical, [T.T0055], [O.LLM02], S.InformationDisclosure | S.Spoofing, M.M0012,
        "A string literal (or a constant) is passed as the key to ApiKeyCredential, AzureKeyCredential, OpenAI or Azure OpenAI clients, or Semantic Kernel connectors.",
        "Revoke the key and read it from configuration backed by a secret store (user secrets, Key Vault, environment), or use Entra ID (DefaultAzureCredential).",
        RuleStatus.Implemented,
        new RuleExample(
            "Program.cs",
            """
            using System.ClientModel;
            using OpenAI.Chat;

            var client = new ChatClient("gpt-4o-mini", new ApiKeyCredential("sk-proj-4f9Q2xY7LmN3pR8sT1vW6zA0bC5dE2fG"));
            """,
            """
            using System.ClientModel;
            using OpenAI.Chat;

            var key = Environment.GetEnvironmentVariable("OPENAI_API_KEY")
                ?? throw new InvalidOperationException("OPENAI_API_KEY is not set");
            var client = new ChatClient("gpt-4o-mini", new ApiKeyCredential(key));
            """));

    public static readonly RuleDescriptor RawScoresReturned = new(
        "TL5009", "raw-scores-returned", "Endpoint returns raw model scores",
        "Endpoint {0} returns the full score vector {1}",
        Severity.Low, [T.T0024_002, T.T0024_001], [O.LLM02], S.InformationDisclosure, M.M0002,
        "A minimal API handler or controller action returns a value exposing a float/double array or VBuffer<float> named Score, Scores, Probability, Probabilities or Logits (or mapped to such a column with [ColumnName]): directly, as a member of an anonymous object, or through Results.Ok/TypedResults.Ok/Ok(...). Full confidence vectors make model extraction and membership inference cheap.",
        "Return the label (and a rounded confidence) only.",
        RuleStatus.Implemented,
        new RuleExample(
            "Program.cs",
            """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.ML;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();

            app.MapPost("/classify", (Ticket ticket, PredictionEngine<Ticket, TicketPrediction> engine) =>
                Results.Ok(engine.Predict(ticket)));

            app.Run();

            public sealed class Ticket { public string Text { get; set; } = ""; }
            public sealed class TicketPrediction
            {
                public string PredictedLabel { get; set; } = "";
                public float[] Score { get; set; } = [];
            }
            """,
            """
            using System.Linq;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.ML;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();

            app.MapPost("/classify", (Ticket ticket, PredictionEngine<Ticket, TicketPrediction> engine) =>
            {
                var prediction = engine.Predict(ticket);
                return Results.Ok(new { prediction.PredictedLabel, Confidence = MathF.Round(prediction.Score.Max(), 1) });
            });

            app.Run();

            public sealed class Ticket { public string Text { get; set; } = ""; }
            public sealed class TicketPrediction
            {
                public string PredictedLabel { get; set; } = "";
                public float[] Score { get; set; } = [];
            }
            """));

    public static readonly RuleDescriptor RagSearchWithoutAccessFilter = new(
        "TL5010", "rag-search-without-access-filter", "Retrieval without caller-based filter",
        "{0} searches the document store with no filter derived from the caller",
        Severity.Medium, [T.T0057], [O.LLM02, O.LLM08], S.InformationDisclosure, M.M0005,
        "A vector or search query inside an endpoint handler (Microsoft.Extensions.VectorData VectorStoreCollection/IVectorSearchable SearchAsync, Azure AI Search SearchClient.Search/SearchAsync) passes no options, or options created in the handler with no Filter, or with a Filter that reads nothing from the request (a constant string, a lambda over the record alone). A filter that reads the caller's claims, a handler parameter, a local or a field counts as derived from the caller. Without one, retrieval returns every tenant's documents to whoever asks, and the model repeats them.",
        "Filter retrieval by the caller's tenant, groups or document ACLs.",
        RuleStatus.Implemented,
        new RuleExample(
            "Program.cs",
            """
            using System.Linq;
            using Azure.Search.Documents;
            using Azure.Search.Documents.Models;
            using Microsoft.AspNetCore.Builder;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();

            app.MapGet("/search", async (string q, SearchClient search) =>
            {
                SearchResults<Doc> results = await search.SearchAsync<Doc>(q, new SearchOptions { Size = 5 });
                return results.GetResults().Select(r => r.Document.Title).ToList();
            }).RequireAuthorization();

            app.Run();

            public sealed class Doc { public string Title { get; set; } = ""; public string TenantId { get; set; } = ""; }
            """,
            """
            using System.Linq;
            using System.Security.Claims;
            using Azure.Search.Documents;
            using Azure.Search.Documents.Models;
            using Microsoft.AspNetCore.Builder;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();

            app.MapGet("/search", async (string q, ClaimsPrincipal user, SearchClient search) =>
            {
                var tenant = user.FindFirstValue("tid") ?? throw new InvalidOperationException("no tenant claim");
                var options = new SearchOptions { Size = 5, Filter = SearchFilter.Create($"TenantId eq {tenant}") };
                SearchResults<Doc> results = await search.SearchAsync<Doc>(q, options);
                return results.GetResults().Select(r => r.Document.Title).ToList();
            }).RequireAuthorization();

            app.Run();

            public sealed class Doc { public string Title { get; set; } = ""; public string TenantId { get; set; } = ""; }
            """));

    public static readonly RuleDescriptor AgentToolExcessiveAgency = new(
        "TL5011", "agent-tool-excessive-agency", "Agent tool with excessive agency",
        "Tool {0} {1} and is invoked automatically by the model",
        Severity.High, [T.T0053], [O.LLM06], S.ElevationOfPrivilege, M.M0029,
        "A tool the model can call ([KernelFunction] methods, methods and lambdas registered with AIFunctionFactory.Create) starts processes, writes, moves or deletes files, or fetches a URL that its parameter decides, and the compilation enables automatic function invocation (FunctionChoiceBehavior.Auto, ToolCallBehavior.AutoInvokeKernelFunctions, UseFunctionInvocation, FunctionInvokingChatClient). Reported once the whole compilation is analysed (in the IDE: with full solution analysis on).",
        "Narrow the tool, validate its arguments, and require human approval for side effects.",
        RuleStatus.Implemented,
        new RuleExample(
            "Program.cs",
            """
            using System.ComponentModel;
            using System.IO;
            using Microsoft.SemanticKernel;
            using Microsoft.SemanticKernel.Connectors.OpenAI;

            var builder = Kernel.CreateBuilder();
            builder.Plugins.AddFromType<WorkspacePlugin>();
            var kernel = builder.Build();

            // The model calls tools on its own: a prompt-injected document can make it delete any file the process can reach.
            var settings = new OpenAIPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() };
            Console.WriteLine(await kernel.InvokePromptAsync("Clean up the old reports", new KernelArguments(settings)));

            public sealed class WorkspacePlugin
            {
                [KernelFunction, Description("Deletes a file")]
                public void DeleteFile(string path) => File.Delete(path);
            }
            """,
            """
            using System.ComponentModel;
            using System.IO;
            using Microsoft.SemanticKernel;
            using Microsoft.SemanticKernel.Connectors.OpenAI;

            var builder = Kernel.CreateBuilder();
            builder.Plugins.AddFromType<WorkspacePlugin>();
            var kernel = builder.Build();

            // The model may only propose calls; the app shows each one to the user and runs it after approval.
            var settings = new OpenAIPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto(autoInvoke: false) };
            Console.WriteLine(await kernel.InvokePromptAsync("Clean up the old reports", new KernelArguments(settings)));

            public sealed class WorkspacePlugin
            {
                [KernelFunction, Description("Deletes a report from the reports folder")]
                public void DeleteReport(string name) => File.Delete(Path.Combine("reports", Path.GetFileName(name)));
            }
            """));

    public static readonly RuleDescriptor PromptLogged = new(
        "TL5012", "prompt-logged", "Prompt or completion logged",
        "{0} logs {1} at {2} level",
        Severity.Low, [T.T0057], [O.LLM02], S.InformationDisclosure, M.M0024,
        "Request text or model output is passed to ILogger at Information level or above (LogInformation, LogWarning, LogError, LogCritical, Log with a constant level, [LoggerMessage] methods). Debug and Trace, and metadata such as lengths, token counts and ids, are not reported.",
        "Log metadata (lengths, ids) instead of text, or log at Debug with redaction.",
        RuleStatus.Implemented,
        new RuleExample(
            "Program.cs",
            """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.AI;
            using Microsoft.Extensions.Logging;

            var app = WebApplication.Create(args);
            app.MapPost("/chat", async (ChatRequest request, IChatClient chat, ILogger<ChatRequest> logger) =>
            {
                // Every prompt (names, health questions, pasted documents) ends up in the log store.
                logger.LogInformation("Chat request: {Prompt}", request.Prompt);
                var response = await chat.GetResponseAsync(request.Prompt);
                return response.Text;
            });
            app.Run();

            record ChatRequest(string Prompt);
            """,
            """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.AI;
            using Microsoft.Extensions.Logging;

            var app = WebApplication.Create(args);
            app.MapPost("/chat", async (ChatRequest request, IChatClient chat, ILogger<ChatRequest> logger) =>
            {
                // Metadata at Information; the text itself only at Debug, which production does not collect.
                logger.LogInformation("Chat request of {Length} characters", request.Prompt.Length);
                logger.LogDebug("Chat request: {Prompt}", request.Prompt);
                var response = await chat.GetResponseAsync(request.Prompt);
                return response.Text;
            });
            app.Run();

            record ChatRequest(string Prompt);
            """));

    // ── TL9xxx — the scan itself ────────────────────────────────────────────────────────────

    public static readonly RuleDescriptor FileUnreadable = new(
        "TL9001", "file-unreadable", "File could not be read or parsed",
        "{0}; the file was not checked",
        Severity.Low, [], [], S.None, null,
        "A file could not be read or parsed, or a detector failed on it. The scan goes on with the other files.",
        "Fix the file if it is yours, or exclude it in .threatlint.yml.",
        RuleStatus.Implemented);

    public static readonly RuleDescriptor FileSkippedLimit = new(
        "TL9002", "file-skipped-limit", "File skipped at a scan limit",
        "{0}; the file was skipped or only partly checked",
        Severity.Low, [], [], S.None, null,
        "A file or archive hit a size, depth or time bound and was skipped or partly scanned.",
        "Exclude the file if it is not a model or configuration, or raise the limit in .threatlint.yml.",
        RuleStatus.Implemented);

    public static readonly RuleDescriptor ConfigInvalid = new(
        "TL9003", "config-invalid", "Configuration is invalid",
        "{0}",
        Severity.Medium, [], [], S.None, null,
        ".threatlint.yml, a suppression comment, a threatlint.io/ignore annotation or a baseline is malformed: an unknown key, rule or option, a wrong type, a bad glob, invalid YAML or JSON. The finding points at the line and names the valid choices; the rest of the configuration still applies.",
        "Fix the key named in the message; the valid choices are listed there.",
        RuleStatus.Implemented);

    public static readonly RuleDescriptor SuppressionUnused = new(
        "TL9004", "suppression-unused", "Suppression matches nothing",
        "{0} matches no finding",
        Severity.Low, [], [], S.None, null,
        "A suppression comment, Kubernetes annotation, configuration ignore entry or baseline entry matched no finding in the files the scan covered (a baseline entry of a deleted file included). Suppressions of planned rules or rules switched off are not reported.",
        "Remove the suppression; for a baseline, write it again with 'threatlint baseline'.",
        RuleStatus.Implemented);

    /// <summary>Every rule, in id order.</summary>
    public static IReadOnlyList<RuleDescriptor> All { get; } =
    [
        PickleCodeExecution, PickleUnknownImport, UnsafeModelFormat, ModelArtifactUnsigned, KerasLambdaLayer,
        OnnxExternalDataEscape, GgufTemplateCode, ThirdPartyModelUnpinned, TrustRemoteCode, ArtifactDownloadUnverified,
        UnsafeModelLoadCall,
        InferenceNoRateLimit, ModelManagementApiExposed, InferenceNoAuth, ModelUrlAllowlistOpen, ModelServerUnboundedResources,
        RequestSizeUnbounded, InferencePayloadLogging, ModelServerPrivileged, ModelStorageInsecureUri, AiCredentialInConfig,
        InferenceCorsWildcard,
        PipelineDependencyUnpinned, PipelineUntrustedCheckout, PipelineExpressionInjection, PipelineExcessivePermissions,
        ModelPublishedUnsigned, TrainingDataUnverified, PipelineSecretExposure, PackageIndexUntrusted, PipelineImageUnpinned,
        GpuRunnerExposed,
        ImageRunsAsRoot, BaseImageUnpinned, RemoteScriptExecution, RemoteAddUnverified, SecretInImage, AdminPortExposed,
        TlsVerificationDisabled,
        InferenceEndpointNoRateLimit, InferenceEndpointNoAuthorization, UnsafeDeserializationOfModel,
        ModelLoadedFromUntrustedSource, UserInputInSystemPrompt, LlmOutputToDangerousSink, LlmOutputTokensUnbounded,
        AiApiKeyHardcoded, RawScoresReturned, RagSearchWithoutAccessFilter, AgentToolExcessiveAgency, PromptLogged,
        FileUnreadable, FileSkippedLimit, ConfigInvalid, SuppressionUnused,
    ];

    private static readonly Dictionary<string, RuleDescriptor> ById = CreateIndex();

    /// <summary>Looks a rule up by id (<c>TL4001</c>) or slug (<c>image-runs-as-root</c>), any case.</summary>
    public static RuleDescriptor? Find(string idOrSlug) =>
        ById.TryGetValue(idOrSlug.Trim(), out var rule) ? rule : null;

    private static Dictionary<string, RuleDescriptor> CreateIndex()
    {
        var index = new Dictionary<string, RuleDescriptor>(StringComparer.OrdinalIgnoreCase);
        foreach (var rule in All)
        {
            index[rule.Id] = rule;
            index[rule.Slug] = rule;
        }

        return index;
    }
}
