#!/usr/bin/env python3
"""Deterministic generator of a corpus of varied, realistic ML Dockerfiles for the Dockerfile benchmark.

Writes N Dockerfiles, each in its own folder `NNNN-<template>/Dockerfile`, into an output folder
(default: a new temporary folder, printed on stdout). The same seed and N always give byte-identical
files. The output is benchmark input only: do not commit it.

Templates: CUDA/PyTorch multi-stage builds, TorchServe, Triton, vLLM, TGI, python-slim venvs, Jupyter,
Ray, conda, distroless final stages and .NET/ASP.NET inference images (Linux and Windows). Each file
varies the base images (digest-pinned, tagged, :latest, untagged, ARG-substituted), USER (absent,
root, numeric, named), heredoc RUN/COPY, line continuations, comments, `# escape=\\``, ARG
substitution, curl|sh installers, pip --extra-index-url, ADD of URLs with and without --checksum,
ENV/ARG secrets with fake values, EXPOSE ports, trust-remote-code flags and huggingface-cli
downloads; sizes run from 10 to 300 lines.

Usage: python3 bench/dockerfiles/generate.py [--count N] [--seed S] [OUTPUT_DIR]
"""

import argparse
import os
import random
import string
import sys
import tempfile

MIN_LINES = 10
MAX_LINES = 300


# ---------------------------------------------------------------------------------------------
# Small random helpers (all draw from the one seeded Random passed in).

def hexstr(r, n):
    return "".join(r.choice("0123456789abcdef") for _ in range(n))


def alnum(r, n, alphabet=string.ascii_letters + string.digits):
    return "".join(r.choice(alphabet) for _ in range(n))


def chance(r, p):
    return r.random() < p


def fake_secret(r):
    """(name, value) of an environment variable holding a fake credential; none of them is real."""
    kind = r.randrange(9)
    if kind == 0:
        return "HF_TOKEN", "hf_" + alnum(r, 34)
    if kind == 1:
        return "HUGGING_FACE_HUB_TOKEN", "hf_" + alnum(r, 34)
    if kind == 2:
        return "OPENAI_API_KEY", "sk-" + alnum(r, 48)
    if kind == 3:
        return "ANTHROPIC_API_KEY", "sk-ant-api03-" + alnum(r, 80, string.ascii_letters + string.digits + "-_") + "AA"
    if kind == 4:
        return "AWS_SECRET_ACCESS_KEY", alnum(r, 40, string.ascii_letters + string.digits + "+/")
    if kind == 5:
        return "WANDB_API_KEY", hexstr(r, 40)
    if kind == 6:
        return "GITHUB_TOKEN", "ghp_" + alnum(r, 36)
    if kind == 7:
        return "DATABASE_PASSWORD", r.choice(["changeme", "s3cr3t-" + alnum(r, 10), "P@ssw0rd" + str(r.randrange(100))])
    return "MLFLOW_TRACKING_PASSWORD", alnum(r, 24)


# Ordinary (non-secret) configuration, to keep ENV blocks realistic.
PLAIN_ENV = [
    ("PYTHONDONTWRITEBYTECODE", "1"), ("PYTHONUNBUFFERED", "1"), ("PIP_NO_CACHE_DIR", "1"),
    ("PIP_DISABLE_PIP_VERSION_CHECK", "1"), ("HF_HOME", "/models/.cache"), ("TRANSFORMERS_CACHE", "/models/.cache"),
    ("TORCH_CUDA_ARCH_LIST", '"7.0 7.5 8.0 8.6 8.9 9.0+PTX"'), ("NVIDIA_VISIBLE_DEVICES", "all"),
    ("NVIDIA_DRIVER_CAPABILITIES", "compute,utility"), ("OMP_NUM_THREADS", "1"), ("TOKENIZERS_PARALLELISM", "false"),
    ("LANG", "C.UTF-8"), ("LC_ALL", "C.UTF-8"), ("TZ", "Etc/UTC"), ("HF_HUB_ENABLE_HF_TRANSFER", "1"),
    ("MODEL_DIR", "/models"), ("LOG_LEVEL", "info"), ("WORKERS", "2"), ("MAX_BATCH_SIZE", "32"),
    ("CUDA_MODULE_LOADING", "LAZY"), ("PYTORCH_CUDA_ALLOC_CONF", "expandable_segments:True"),
    ("MPLCONFIGDIR", "/tmp/matplotlib"), ("XDG_CACHE_HOME", "/tmp/.cache"), ("PATH", '"/opt/venv/bin:$PATH"'),
]

APT_PACKAGES = [
    "build-essential", "ca-certificates", "curl", "wget", "git", "git-lfs", "gnupg", "libgl1", "libglib2.0-0",
    "libsm6", "libxext6", "libxrender1", "ffmpeg", "libsndfile1", "libgomp1", "libjpeg-turbo8", "libpng16-16",
    "libopenblas-dev", "liblapack-dev", "pkg-config", "cmake", "ninja-build", "unzip", "zip", "tini", "procps",
    "htop", "vim-tiny", "openssh-client", "python3-dev", "python3-pip", "python3-venv", "libssl-dev", "libffi-dev",
    "libpq-dev", "libcurl4-openssl-dev", "libaio-dev", "numactl", "net-tools", "iputils-ping", "jq", "less",
    "locales", "tzdata", "sox", "libsox-dev", "poppler-utils", "tesseract-ocr", "graphviz", "rsync",
]

PIP_PACKAGES = [
    "numpy==1.26.4", "pandas==2.2.2", "scipy==1.13.1", "scikit-learn==1.5.0", "transformers==4.41.2",
    "tokenizers==0.19.1", "accelerate==0.31.0", "datasets==2.20.0", "safetensors==0.4.3", "sentencepiece==0.2.0",
    "protobuf==4.25.3", "fastapi==0.111.0", "uvicorn[standard]==0.30.1", "pydantic==2.7.4", "httpx==0.27.0",
    "onnx==1.16.1", "onnxruntime-gpu==1.18.0", "optimum==1.20.0", "peft==0.11.1", "bitsandbytes==0.43.1",
    "einops==0.8.0", "xformers==0.0.26.post1", "flash-attn==2.5.9.post1", "triton==2.3.1", "mlflow==2.14.1",
    "wandb==0.17.2", "boto3==1.34.131", "redis==5.0.6", "prometheus-client==0.20.0", "opencv-python-headless==4.10.0.84",
    "pillow==10.3.0", "librosa==0.10.2.post1", "soundfile==0.12.1", "langchain==0.2.5", "openai==1.35.3",
    "tiktoken==0.7.0", "sentence-transformers==3.0.1", "faiss-cpu==1.8.0", "gradio==4.36.1", "streamlit==1.36.0",
    "huggingface_hub[cli,hf_transfer]==0.23.4", "evaluate==0.4.2", "rich==13.7.1", "typer==0.12.3", "orjson==3.10.5",
    "torchmetrics==1.4.0", "lightning==2.3.0", "deepspeed==0.14.4", "ray[serve]==2.30.0", "gunicorn==22.0.0",
]

EXTRA_INDEXES = [
    "https://download.pytorch.org/whl/cu121", "https://download.pytorch.org/whl/cu118",
    "https://pypi.internal.example.com/simple", "http://10.0.12.5:8080/simple", "https://pypi.nvidia.com",
    "https://flashinfer.ai/whl/cu121/torch2.3", "https://my-artifactory.example.org/api/pypi/ml-pypi/simple",
]

HF_MODELS = [
    "meta-llama/Meta-Llama-3-8B-Instruct", "mistralai/Mistral-7B-Instruct-v0.3", "Qwen/Qwen2-7B-Instruct",
    "microsoft/Phi-3-mini-4k-instruct", "tiiuae/falcon-7b-instruct", "google/gemma-2-9b-it",
    "bigcode/starcoder2-7b", "mosaicml/mpt-7b-instruct", "THUDM/chatglm3-6b", "sentence-transformers/all-MiniLM-L6-v2",
    "BAAI/bge-large-en-v1.5", "openai/whisper-large-v3", "stabilityai/stable-diffusion-xl-base-1.0",
    "deepseek-ai/deepseek-coder-6.7b-instruct", "nomic-ai/nomic-embed-text-v1.5", "internlm/internlm2-chat-7b",
]

CURL_PIPE_SH = [
    "curl -LsSf https://astral.sh/uv/install.sh | sh",
    "curl -sSL https://install.python-poetry.org | python3 -",
    "curl -fsSL https://get.docker.com | sh",
    "curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y",
    "wget -qO- https://micro.mamba.pm/install.sh | bash",
    "curl -fsSL https://deb.nodesource.com/setup_20.x | bash -",
    "curl -s https://packagecloud.io/install/repositories/github/git-lfs/script.deb.sh | bash",
    "wget -O - https://raw.githubusercontent.com/ollama/ollama/main/scripts/install.sh | sh",
]

ADD_URLS = [
    ("https://github.com/krallin/tini/releases/download/v0.19.0/tini", "/tini"),
    ("https://huggingface.co/onnx-community/bert-base-uncased/resolve/main/onnx/model.onnx", "/models/model.onnx"),
    ("https://download.pytorch.org/models/resnet50-11ad3fa6.pth", "/models/resnet50.pth"),
    ("https://github.com/ggerganov/llama.cpp/releases/download/b3209/llama-b3209-bin-ubuntu-x64.zip", "/opt/llama.zip"),
    ("https://storage.googleapis.com/tfhub-modules/google/universal-sentence-encoder/4.tar.gz", "/models/use.tar.gz"),
    ("https://s3.amazonaws.com/models.example.com/classifier/v3/weights.safetensors", "/models/weights.safetensors"),
    ("https://github.com/openai/tiktoken/archive/refs/tags/0.7.0.tar.gz", "/src/tiktoken.tar.gz"),
]


class Ctx:
    """Per-file state: the random source, the escape character and feature counters."""

    def __init__(self, r, esc="\\"):
        self.r = r
        self.esc = esc
        self.heredocs = False

    def cont(self, first, rest, indent="    "):
        """An instruction continued over several lines with the escape character."""
        if not rest:
            return [first]
        lines = [first + " " + self.esc]
        for i, item in enumerate(rest):
            last = i == len(rest) - 1
            lines.append(indent + item + ("" if last else " " + self.esc))
        return lines


# ---------------------------------------------------------------------------------------------
# Shared building blocks. Each returns a list of lines forming whole instructions (or comments).

def image(ctx, name, tag, allow_latest=True):
    """A base image reference: digest-pinned, tag@digest, tag only, :latest or untagged."""
    r = ctx.r
    roll = r.random()
    if roll < 0.25:
        return f"{name}:{tag}@sha256:{hexstr(r, 64)}"
    if roll < 0.33:
        return f"{name}@sha256:{hexstr(r, 64)}"
    if roll < 0.85 or not allow_latest:
        return f"{name}:{tag}"
    if roll < 0.95:
        return f"{name}:latest"
    return name


def comment_block(ctx):
    r = ctx.r
    texts = [
        ["Build stage: compile wheels once so the runtime image stays small."],
        ["NOTE: keep this in sync with requirements.txt and the CI matrix.", "See docs/deploy.md for the rollout checklist."],
        ["Model weights are fetched at build time so cold starts are fast."],
        ["TODO(mlops): move to a digest-pinned base once the registry mirror is ready."],
        ["Runtime stage"],
        ["Install system dependencies needed by opencv, soundfile and friends."],
        ["Do not run `pip install -e .` here: the package is copied, not mounted."],
        ["Hardening: drop privileges before the server starts.", "The uid matches the one used by the k8s securityContext."],
        ["Caches live on the model volume; see values.yaml (modelCache.size)."],
    ]
    return ["# " + t for t in r.choice(texts)]


def apt_install(ctx, n, sudo=False, recommends=None, cleanup=None):
    r = ctx.r
    pkgs = sorted(r.sample(APT_PACKAGES, min(n, len(APT_PACKAGES))))
    flags = "-y" if chance(r, 0.9) else ""
    if recommends is None:
        recommends = chance(r, 0.7)
    if cleanup is None:
        cleanup = chance(r, 0.75)
    head = "apt-get install " + " ".join(f for f in [flags, "--no-install-recommends" if recommends else ""] if f)
    rest = [p for p in pkgs]
    if cleanup:
        rest.append("&& rm -rf /var/lib/apt/lists/*")
    pre = ("sudo " if sudo else "") + "apt-get update && " + ("sudo " if sudo else "") + head
    return ctx.cont("RUN " + pre, rest)


def pip_install(ctx, n, venv=None, extra_index=None, requirements=False):
    r = ctx.r
    pkgs = sorted(r.sample(PIP_PACKAGES, min(n, len(PIP_PACKAGES))))
    pip = f"{venv}/bin/pip" if venv else r.choice(["pip", "pip3", "python -m pip"])
    opts = ["--no-cache-dir"] if chance(r, 0.7) else []
    if extra_index is None:
        extra_index = chance(r, 0.35)
    if extra_index:
        idx = r.choice(EXTRA_INDEXES)
        opts.append(f"--extra-index-url {idx}")
        if idx.startswith("http://"):
            opts.append(f"--trusted-host {idx.split('/')[2].split(':')[0]}")
    if chance(r, 0.08):
        opts.append("--index-url https://pypi.mirror.example.net/simple")
    rest = list(opts)
    if requirements:
        rest.append("-r requirements.txt")
    rest.extend(pkgs)
    return ctx.cont(f"RUN {pip} install", rest)


def env_block(ctx, n, secrets=0):
    r = ctx.r
    pairs = r.sample(PLAIN_ENV, min(n, len(PLAIN_ENV)))
    pairs = [(k, v) for k, v in pairs]
    for _ in range(secrets):
        pairs.insert(r.randrange(len(pairs) + 1), fake_secret(r))
    style = r.random()
    if style < 0.45 and len(pairs) > 1:
        return ctx.cont("ENV " + f"{pairs[0][0]}={pairs[0][1]}", [f"{k}={v}" for k, v in pairs[1:]])
    if style < 0.85:
        return [f"ENV {k}={v}" for k, v in pairs]
    return [f"ENV {k} {v}" for k, v in pairs]  # legacy form


def secret_lines(ctx):
    """ENV or ARG carrying a fake credential, sometimes used later in a RUN."""
    r = ctx.r
    k, v = fake_secret(r)
    roll = r.random()
    if roll < 0.55:
        return [f"ENV {k}={v}"]
    if roll < 0.8:
        return [f"ARG {k}={v}", f"ENV {k}=${{{k}}}"]
    return [f"ARG {k}={v}", f"RUN echo \"machine huggingface.co login user password ${{{k}}}\" > /root/.netrc"]


def curl_sh(ctx):
    return ["RUN " + ctx.r.choice(CURL_PIPE_SH)]


def add_url(ctx):
    r = ctx.r
    url, dest = r.choice(ADD_URLS)
    roll = r.random()
    if roll < 0.4:
        return [f"ADD --checksum=sha256:{hexstr(r, 64)} {url} {dest}"]
    if roll < 0.5:
        return ["# pinned by checksum upstream; verified in CI", f"ADD {url} {dest}"]
    if roll < 0.7:
        return [f"ADD --chmod=755 {url} {dest}"]
    return [f"ADD {url} {dest}"]


def hf_download(ctx, model=None, dest="/models"):
    r = ctx.r
    model = model or r.choice(HF_MODELS)
    parts = [f"huggingface-cli download {model}"]
    if chance(r, 0.5):
        parts.append(f"--revision {hexstr(r, 40)}")
    elif chance(r, 0.3):
        parts.append("--revision main")
    parts.append(f"--local-dir {dest}/{model.split('/')[-1]}")
    if chance(r, 0.4):
        parts.append("--local-dir-use-symlinks False")
    if chance(r, 0.3):
        parts.append("--exclude '*.bin' '*.pth'")
    if chance(r, 0.35):
        k, v = fake_secret(r)
        if k.startswith("HF") or k.startswith("HUGGING"):
            parts.append(f"--token {v}")
    if chance(r, 0.45):
        return ctx.cont("RUN " + parts[0], parts[1:])
    return ["RUN " + " ".join(parts)]


def heredoc_run(ctx, body, delim=None, shell=None, dash=False):
    ctx.heredocs = True
    r = ctx.r
    delim = delim or r.choice(["EOF", "EOT", "SCRIPT", "BASH"])
    quoted = chance(ctx.r, 0.3)
    opener = ("<<-" if dash else "<<") + (f'"{delim}"' if quoted else delim)
    head = f"RUN {opener}" + (f" {shell}" if shell else "")
    lines = [head]
    for b in body:
        lines.append(("\t" + b) if dash else b)
    lines.append(("\t" if dash and chance(r, 0.5) else "") + delim)
    return lines


def heredoc_copy(ctx, dest, body):
    ctx.heredocs = True
    return [f"COPY <<EOF {dest}"] + body + ["EOF"]


def user_lines(ctx, named="app", uid=None):
    """The USER of the final stage, or nothing (runs as root)."""
    r = ctx.r
    uid = uid if uid is not None else r.choice([1000, 1001, 10001, 65532])
    roll = r.random()
    if roll < 0.3:
        return []
    if roll < 0.4:
        return [r.choice(["USER root", "USER 0", "USER 0:0", "USER root:root"])]
    if roll < 0.65:
        return [f"USER {uid}"]
    if roll < 0.8:
        return [f"USER {uid}:{uid}"]
    return [f"USER {named}"]


def add_user(ctx, name="app", uid=1000):
    r = ctx.r
    if chance(r, 0.5):
        return [f"RUN groupadd --gid {uid} {name} && useradd --uid {uid} --gid {uid} --create-home --shell /bin/bash {name}"]
    return [f"RUN useradd -m -u {uid} {name}"]


def expose(ctx, ports):
    r = ctx.r
    if chance(r, 0.5):
        return ["EXPOSE " + " ".join(str(p) for p in ports)]
    return [f"EXPOSE {p}" + ("/tcp" if chance(r, 0.15) else "") for p in ports]


def healthcheck(ctx, port, path="/health"):
    r = ctx.r
    if chance(r, 0.5):
        return ctx.cont(f"HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3", [f"CMD curl -fsS http://localhost:{port}{path} || exit 1"])
    # Always with at least one option: dockerfilelint 1.8.0 crashes on an option-less `HEALTHCHECK CMD ...`
    # (null.reduce in checks.is_valid_healthcheck), which would abort its whole batch.
    return [f"HEALTHCHECK --interval=1m CMD curl -f http://localhost:{port}{path} || exit 1"]


def labels(ctx):
    r = ctx.r
    items = [
        'org.opencontainers.image.title="' + r.choice(["inference-server", "llm-gateway", "embedder", "trainer", "asr"]) + '"',
        'org.opencontainers.image.source="https://github.com/example/ml-platform"',
        f'org.opencontainers.image.revision="{hexstr(r, 40)}"',
        'org.opencontainers.image.licenses="Apache-2.0"',
        f'org.opencontainers.image.version="{r.randrange(0, 4)}.{r.randrange(0, 20)}.{r.randrange(0, 10)}"',
        'maintainer="ml-platform@example.com"',
    ]
    items = items[: r.randrange(2, len(items) + 1)]
    if chance(r, 0.5):
        return ctx.cont("LABEL " + items[0], items[1:])
    return [f"LABEL {i}" for i in items]


# ---------------------------------------------------------------------------------------------
# Filler: realistic blocks that grow a file towards its target size.

def filler(ctx, need, py=True, apt=True):
    r = ctx.r
    kinds = ["comment", "env", "label", "copy", "workdir"] + (["heredoc"] if ctx.esc == "\\" else [])
    if apt:
        kinds += ["apt", "apt"]
    if py:
        kinds += ["pip", "pip", "run"]
    kind = r.choice(kinds)
    if kind == "apt" and need >= 4:
        return apt_install(ctx, max(2, min(need - 2, r.randrange(3, 40))))
    if kind == "pip" and need >= 4:
        return pip_install(ctx, max(2, min(need - 3, r.randrange(3, 35))))
    if kind == "env":
        return env_block(ctx, max(1, min(need, r.randrange(2, 10))), secrets=1 if chance(r, 0.1) else 0)
    if kind == "label":
        return labels(ctx)
    if kind == "copy":
        srcs = ["src/", "app/", "configs/", "scripts/", "pyproject.toml", "setup.cfg", "handler.py", "prompts/", "tokenizer/"]
        n = max(1, min(need, r.randrange(1, 5)))
        return [f"COPY {'--chown=1000:1000 ' if chance(r, 0.3) else ''}{s} /app/{s}" for s in r.sample(srcs, n)]
    if kind == "heredoc" and need >= 5:
        steps = [
            "set -eux", "python -m compileall -q /app", "mkdir -p /models /data /tmp/cache",
            "chmod -R g+rwX /models /data", "python - <<'PY'\nimport torch; print(torch.__version__)\nPY",
            "find /opt -name '__pycache__' -prune -exec rm -rf {} +", "ldconfig",
            "echo 'export PATH=/opt/venv/bin:$PATH' >> /etc/profile.d/venv.sh",
            "pip check || true", "rm -rf /root/.cache/pip",
        ]
        body = []
        for s in r.sample(steps, min(len(steps), max(2, min(need - 2, r.randrange(2, 8))))):
            body.extend(s.split("\n"))
        return heredoc_run(ctx, body, dash=chance(r, 0.2))
    if kind == "run" and need >= 3:
        cmds = [
            "python -m compileall -q /app", "mkdir -p /models /data /tmp/cache", "chmod -R g+rwX /models",
            "python -c \"import torch; print(torch.cuda.is_available())\"", "ldconfig", "pip check",
            "rm -rf /root/.cache", "ln -sf /usr/bin/python3 /usr/bin/python", "find /app -name '*.pyc' -delete",
        ]
        picked = r.sample(cmds, min(len(cmds), max(2, min(need, r.randrange(2, 6)))))
        return ctx.cont("RUN " + picked[0], ["&& " + c for c in picked[1:]])
    if kind == "workdir":
        if ctx.esc == "`":
            return [f"WORKDIR C:\\{r.choice(['app', 'srv', 'models'])}"]
        return [f"WORKDIR /{r.choice(['app', 'srv', 'workspace', 'opt/app', 'code'])}"]
    return comment_block(ctx)


def grow(ctx, stage, target, current_total, py=True, apt=True, at=None):
    """Insert filler blocks into a stage (before its last `at` lines) until the file reaches target."""
    r = ctx.r
    at = len(stage) if at is None else at
    guard = 0
    while current_total < target and guard < 200:
        guard += 1
        block = filler(ctx, target - current_total, py=py, apt=apt)
        if current_total + len(block) > MAX_LINES:
            break
        if chance(r, 0.3):
            block = [""] + block
        stage[at:at] = block
        at += len(block)
        current_total += len(block)
    return current_total


def optional_features(ctx, compact, py=True):
    """Security-relevant extras sprinkled into a stage with template-independent probabilities."""
    r = ctx.r
    out = []
    scale = 0.35 if compact else 1.0
    if chance(r, 0.25 * scale):
        out += curl_sh(ctx)
    if chance(r, 0.3 * scale):
        out += add_url(ctx)
    if chance(r, 0.22 * scale):
        out += secret_lines(ctx)
    if py and chance(r, 0.25 * scale):
        out += hf_download(ctx)
    if chance(r, 0.2 * scale):
        out += comment_block(ctx)
    return out


# ---------------------------------------------------------------------------------------------
# Templates. Each returns (header, stages, final_tail): header lines (directives, ARGs before FROM),
# a list of stages (each a list of lines) and the index in the last stage where filler may go.

def t_cuda_pytorch(ctx, compact):
    r = ctx.r
    cuda = r.choice(["12.1.1", "12.4.1", "11.8.0", "12.2.2"])
    ubuntu = r.choice(["22.04", "20.04"])
    header = []
    use_arg = chance(r, 0.6)
    if use_arg:
        header += [f"ARG CUDA_VERSION={cuda}", f"ARG UBUNTU_VERSION={ubuntu}"]
        tag_dev = "${CUDA_VERSION}-cudnn8-devel-ubuntu${UBUNTU_VERSION}"
        tag_rt = "${CUDA_VERSION}-cudnn8-runtime-ubuntu${UBUNTU_VERSION}"
    else:
        tag_dev = f"{cuda}-cudnn8-devel-ubuntu{ubuntu}"
        tag_rt = f"{cuda}-cudnn8-runtime-ubuntu{ubuntu}"
    build = [f"FROM {image(ctx, 'nvidia/cuda', tag_dev)} AS builder"]
    build += ["ENV DEBIAN_FRONTEND=noninteractive"]
    build += apt_install(ctx, 3 if compact else r.randrange(4, 14))
    build += ["RUN python3 -m venv /opt/venv", "ENV PATH=/opt/venv/bin:$PATH"]
    torch = r.choice(["torch==2.3.1 torchvision==0.18.1", "torch==2.1.2 torchaudio==2.1.2", "torch==2.4.0"])
    build += [f"RUN pip install --no-cache-dir {torch} --extra-index-url {r.choice(EXTRA_INDEXES[:2])}"]
    if not compact:
        build += ["WORKDIR /build", "COPY requirements.txt ."] + pip_install(ctx, r.randrange(2, 8), requirements=True)
    final = [f"FROM {image(ctx, 'nvidia/cuda', tag_rt)}"]
    if not compact and chance(r, 0.5):
        final += env_block(ctx, r.randrange(2, 6))
    final += ["COPY --from=builder /opt/venv /opt/venv", "ENV PATH=/opt/venv/bin:$PATH", "WORKDIR /app"]
    final += optional_features(ctx, compact)
    if not compact and chance(r, 0.5):
        final += add_user(ctx)
    tail = ["COPY . /app"] + user_lines(ctx)
    if chance(r, 0.4):
        tail += expose(ctx, [8000] + ([5678] if chance(r, 0.2) else []))
    tail += [r.choice(['CMD ["python", "-m", "app.serve"]', 'CMD ["torchrun", "--nproc_per_node=gpu", "train.py"]',
                      "CMD python serve.py --port 8000", 'ENTRYPOINT ["python3", "-u", "main.py"]'])]
    return header, [build, final + tail], len(final)


def t_torchserve(ctx, compact):
    r = ctx.r
    ver = r.choice(["0.11.0", "0.10.0", "0.9.0"])
    flavour = r.choice(["gpu", "cpu"])
    stages = []
    first = []
    if chance(r, 0.4) and not compact:
        first = [f"FROM {image(ctx, 'pytorch/torchserve', f'{ver}-{flavour}')} AS archiver", "WORKDIR /work",
                 "COPY model/ model/", "COPY handler.py .",
                 *ctx.cont("RUN torch-model-archiver --model-name classifier", [
                     "--version 1.0", "--serialized-file model/model.pt", "--handler handler.py",
                     "--extra-files model/index_to_name.json", "--export-path /work/model-store"])]
        stages.append(first)
    final = [f"FROM {image(ctx, 'pytorch/torchserve', f'{ver}-{flavour}')}"]
    final += ["USER root"] if chance(r, 0.5) else []
    if not compact:
        final += apt_install(ctx, r.randrange(2, 6))
        final += pip_install(ctx, r.randrange(2, 6))
    if first:
        final += ["COPY --from=archiver /work/model-store /home/model-server/model-store"]
    else:
        final += ["COPY model-store/ /home/model-server/model-store/"]
    mgmt = r.choice(["0.0.0.0", "127.0.0.1"])
    props = [
        "inference_address=http://0.0.0.0:8080",
        f"management_address=http://{mgmt}:8081",
        "metrics_address=http://0.0.0.0:8082",
        "number_of_netty_threads=4",
        "job_queue_size=100",
        "model_store=/home/model-server/model-store",
        "load_models=all",
    ]
    if chance(r, 0.4):
        props.append("allowed_urls=https://s3.amazonaws.com/.*,https://torchserve.pytorch.org/.*")
    if chance(r, 0.5):
        props.append("disable_token_authorization=true")
    if chance(r, 0.5):
        final += heredoc_copy(ctx, "/home/model-server/config.properties", props)
    else:
        final += ["COPY config.properties /home/model-server/config.properties"]
    final += optional_features(ctx, compact)
    tail = user_lines(ctx, named="model-server")
    tail += expose(ctx, r.choice([[8080, 8081, 8082], [8080, 8081, 8082, 7070, 7071], [8080]]))
    tail += [r.choice([
        'CMD ["torchserve", "--start", "--ts-config", "/home/model-server/config.properties", "--models", "all", "--ncs", "--foreground"]',
        'CMD ["serve"]',
        "CMD torchserve --start --model-store /home/model-server/model-store --models classifier=classifier.mar --disable-token-auth",
    ])]
    at = len(final)
    stages.append(final + tail)
    return [], stages, at


def t_triton(ctx, compact):
    r = ctx.r
    rel = r.choice(["24.05", "24.01", "23.10", "24.08"])
    header = []
    if chance(r, 0.5):
        header = [f"ARG TRITON_VERSION={rel}"]
        tag = "${TRITON_VERSION}-py3"
    else:
        tag = f"{rel}-py3"
    final = [f"FROM {image(ctx, 'nvcr.io/nvidia/tritonserver', tag)}"]
    if not compact:
        final += pip_install(ctx, r.randrange(2, 8))
    final += ["COPY model_repository/ /models/"]
    if chance(r, 0.4):
        final += hf_download(ctx, dest="/models/tokenizer")
    final += optional_features(ctx, compact)
    tail = user_lines(ctx, named="triton-server")
    tail += expose(ctx, [8000, 8001, 8002])
    args = ["tritonserver", "--model-repository=/models"]
    if chance(r, 0.5):
        args.append("--model-control-mode=explicit")
    if chance(r, 0.3):
        args.append("--load-model=*")
    if chance(r, 0.3):
        args.append("--allow-metrics=true")
    tail += ["CMD [" + ", ".join(f'"{a}"' for a in args) + "]"]
    return header, [final + tail], len(final)


def t_vllm(ctx, compact):
    r = ctx.r
    model = r.choice(HF_MODELS[:10])
    final = [f"FROM {image(ctx, 'vllm/vllm-openai', r.choice(['v0.5.0', 'v0.4.3', 'v0.5.3.post1', 'v0.6.1']))}"]
    if chance(r, 0.4):
        final += secret_lines(ctx)
    final += [f"ENV MODEL_NAME={model}"]
    if chance(r, 0.5):
        final += hf_download(ctx, model=model)
    final += optional_features(ctx, compact)
    tail = user_lines(ctx)
    tail += expose(ctx, [8000])
    args = ["--model", f"/models/{model.split('/')[-1]}" if chance(r, 0.5) else model, "--host", "0.0.0.0", "--port", "8000"]
    if chance(r, 0.55):
        args.append("--trust-remote-code")
    if chance(r, 0.4):
        args += ["--tensor-parallel-size", str(r.choice([1, 2, 4]))]
    if chance(r, 0.4):
        args += ["--max-model-len", str(r.choice([4096, 8192, 32768]))]
    if chance(r, 0.3):
        args += ["--api-key", "sk-" + alnum(r, 32)]
    if chance(r, 0.5):
        tail += ['ENTRYPOINT ["python3", "-m", "vllm.entrypoints.openai.api_server"]',
                 "CMD [" + ", ".join(f'"{a}"' for a in args) + "]"]
    else:
        tail += ctx.cont("CMD python3 -m vllm.entrypoints.openai.api_server", [" ".join(args[i:i + 2]) for i in range(0, len(args), 2)])
    return [], [final + tail], len(final)


def t_tgi(ctx, compact):
    r = ctx.r
    model = r.choice(HF_MODELS[:10])
    final = [f"FROM {image(ctx, 'ghcr.io/huggingface/text-generation-inference', r.choice(['2.0.4', '2.1.1', '1.4.5', '2.2.0']))}"]
    final += [f"ENV MODEL_ID={model}"]
    if chance(r, 0.45):
        k, v = fake_secret(r)
        final += [f"ENV HUGGING_FACE_HUB_TOKEN=hf_{alnum(r, 34)}"] if chance(r, 0.6) else [f"ENV {k}={v}"]
    if chance(r, 0.3):
        final += [f"ENV QUANTIZE={r.choice(['bitsandbytes-nf4', 'awq', 'gptq', 'eetq'])}"]
    final += optional_features(ctx, compact)
    tail = user_lines(ctx)
    tail += expose(ctx, [80])
    args = ["--model-id", "$MODEL_ID" if chance(r, 0.3) else model, "--port", "80"]
    if chance(r, 0.5):
        args.append("--trust-remote-code")
    if chance(r, 0.4):
        args += ["--max-input-length", "4096", "--max-total-tokens", "8192"]
    if chance(r, 0.3):
        args += ["--revision", hexstr(r, 40)]
    tail += ["CMD [" + ", ".join(f'"{a}"' for a in args) + "]"]
    return [], [final + tail], len(final)


def t_python_venv(ctx, compact):
    r = ctx.r
    py = r.choice(["3.11", "3.10", "3.12"])
    distro = r.choice(["slim", "slim-bookworm", "slim-bullseye"])
    header = []
    if chance(r, 0.4):
        header = [f"ARG PYTHON_VERSION={py}"]
        tag = f"${{PYTHON_VERSION}}-{distro}"
    else:
        tag = f"{py}-{distro}"
    build = [f"FROM {image(ctx, 'python', tag)} AS build",
             "RUN python -m venv /venv", "ENV PATH=/venv/bin:$PATH", "WORKDIR /src", "COPY requirements.txt ."]
    build += pip_install(ctx, 2 if compact else r.randrange(3, 10), requirements=True)
    if not compact and chance(r, 0.4):
        build += curl_sh(ctx)
    final = [f"FROM {image(ctx, 'python', tag)}"]
    if not compact:
        final += env_block(ctx, r.randrange(2, 5))
    final += ["COPY --from=build /venv /venv", "ENV PATH=/venv/bin:$PATH", "WORKDIR /app", "COPY app/ ./app/"]
    if chance(r, 0.5):
        final += add_user(ctx)
    final += optional_features(ctx, compact)
    tail = user_lines(ctx)
    tail += expose(ctx, [r.choice([8000, 8080, 5000])])
    if not compact and chance(r, 0.4):
        tail += healthcheck(ctx, 8000)
    tail += [r.choice(['CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]',
                      'CMD ["gunicorn", "-k", "uvicorn.workers.UvicornWorker", "-b", "0.0.0.0:8080", "app.main:app"]',
                      "CMD exec uvicorn app.main:app --host 0.0.0.0 --port ${PORT:-8000}"])]
    return header, [build, final + tail], len(final)


def t_jupyter(ctx, compact):
    r = ctx.r
    base = r.choice([("jupyter/scipy-notebook", "2023-10-20"), ("quay.io/jupyter/pytorch-notebook", "cuda12-2024-06-17"),
                     ("jupyter/tensorflow-notebook", "tensorflow-2.14.0"), ("quay.io/jupyter/datascience-notebook", "2024-06-17")])
    final = [f"FROM {image(ctx, base[0], base[1])}"]
    final += ["USER root"]
    if not compact:
        final += apt_install(ctx, r.randrange(2, 8))
    final += ['USER ${NB_UID}'] if chance(r, 0.7) else []
    final += pip_install(ctx, 2 if compact else r.randrange(3, 12))
    final += optional_features(ctx, compact)
    tail = []
    if chance(r, 0.25):
        tail += ["USER root"]
    tail += expose(ctx, [8888])
    tail += [r.choice([
        "CMD [\"start-notebook.py\", \"--IdentityProvider.token=''\", \"--ServerApp.ip=0.0.0.0\"]",
        'CMD ["start-notebook.sh", "--NotebookApp.token=", "--NotebookApp.password=", "--NotebookApp.allow_origin=*"]',
        'CMD ["jupyter", "lab", "--ip=0.0.0.0", "--no-browser", "--allow-root"]',
        'CMD ["start-notebook.py"]',
    ])]
    return [], [final + tail], len(final)


def t_ray(ctx, compact):
    r = ctx.r
    final = [f"FROM {image(ctx, r.choice(['rayproject/ray-ml', 'rayproject/ray']), r.choice(['2.9.0-py310-gpu', '2.30.0-py311-cu121', '2.23.0-py310']))}"]
    if not compact:
        final += ["RUN sudo apt-get update && sudo apt-get install -y --no-install-recommends libgl1 && sudo rm -rf /var/lib/apt/lists/*"] \
            if chance(r, 0.5) else apt_install(ctx, r.randrange(2, 6), sudo=True)
        final += pip_install(ctx, r.randrange(2, 8))
    final += ["WORKDIR /home/ray/app", "COPY --chown=ray:users . ."]
    final += optional_features(ctx, compact)
    tail = []
    roll = r.random()
    if roll < 0.3:
        tail += ["USER root"]
    elif roll < 0.6:
        tail += ["USER ray"]
    tail += expose(ctx, r.choice([[6379, 8265, 10001], [8265], [8000, 8265]]))
    tail += [r.choice([
        'CMD ["ray", "start", "--head", "--dashboard-host=0.0.0.0", "--block"]',
        'CMD ["serve", "run", "serve_config.yaml"]',
        "CMD ray start --head --port=6379 --dashboard-host 0.0.0.0 --include-dashboard=true --block",
    ])]
    return [], [final + tail], len(final)


def t_conda(ctx, compact):
    r = ctx.r
    base = r.choice([("continuumio/miniconda3", "24.1.2-0"), ("condaforge/mambaforge", "23.11.0-0"),
                     ("mambaorg/micromamba", "1.5.8-jammy"), ("condaforge/miniforge3", "24.3.0-0")])
    final = [f"FROM {image(ctx, base[0], base[1])}"]
    final += ["WORKDIR /app", "COPY environment.yml ."]
    tool = "micromamba" if "micromamba" in base[0] else r.choice(["conda", "mamba"])
    final += ctx.cont(f"RUN {tool} env create -n ml -f environment.yml", [f"&& {tool} clean -afy"])
    if not compact and chance(r, 0.6):
        env = ["name: ml", "channels:", "  - pytorch", "  - nvidia", "  - conda-forge", "dependencies:", "  - python=3.10",
               "  - pytorch=2.3", "  - pytorch-cuda=12.1", "  - pip", "  - pip:"]
        env += [f"      - {p}" for p in r.sample(PIP_PACKAGES, r.randrange(2, 8))]
        if chance(r, 0.4):
            env.insert(len(env) - 1, f"    - --extra-index-url {r.choice(EXTRA_INDEXES)}")
        final += heredoc_copy(ctx, "/app/environment.extra.yml", env)
    final += ['SHELL ["conda", "run", "-n", "ml", "/bin/bash", "-c"]'] if tool != "micromamba" else ["ARG MAMBA_DOCKERFILE_ACTIVATE=1"]
    final += ["COPY src/ ./src/"]
    final += optional_features(ctx, compact)
    tail = user_lines(ctx, named="mambauser" if tool == "micromamba" else "app")
    if chance(r, 0.5):
        tail += expose(ctx, [r.choice([8000, 8501, 7860])])
    tail += [r.choice([
        'ENTRYPOINT ["conda", "run", "--no-capture-output", "-n", "ml", "python", "src/serve.py"]',
        'CMD ["python", "src/train.py", "--config", "configs/default.yaml"]',
        'ENTRYPOINT ["/usr/local/bin/_entrypoint.sh", "streamlit", "run", "src/app.py"]',
    ])]
    return [], [final + tail], len(final)


def t_distroless(ctx, compact):
    r = ctx.r
    build = [f"FROM {image(ctx, 'python', r.choice(['3.11-slim-bookworm', '3.11-bookworm']))} AS build"]
    build += ["RUN python -m venv /venv", "COPY requirements.txt /requirements.txt"]
    build += pip_install(ctx, 2 if compact else r.randrange(3, 10), venv="/venv", requirements=True)
    if not compact and chance(r, 0.5):
        build += hf_download(ctx)
    final_tag = r.choice(["nonroot", "latest", "debug", "debug-nonroot"])
    final = [f"FROM {image(ctx, 'gcr.io/distroless/python3-debian12', final_tag)}"]
    final += ["COPY --from=build /venv /venv", "COPY app/ /app/", "WORKDIR /app"]
    if chance(r, 0.4):
        final += ["COPY --from=build /models /models"]
    if chance(r, 0.2):
        final += ["ENV {}={}".format(*fake_secret(r))]
    tail = []
    roll = r.random()
    if roll < 0.35:
        tail += ["USER nonroot"]
    elif roll < 0.55:
        tail += ["USER 65532:65532"]
    elif roll < 0.62:
        tail += ["USER root"]
    tail += ['ENV PYTHONPATH=/venv/lib/python3.11/site-packages']
    tail += expose(ctx, [8080])
    tail += ['ENTRYPOINT ["python3", "-m", "app.server"]']
    # filler goes into the build stage for distroless images (no shell in the final stage)
    return [], [build, final + tail], None


def t_dotnet(ctx, compact):
    r = ctx.r
    ver = r.choice(["8.0", "9.0", "6.0"])
    project = r.choice(["Inference.Api", "Sentiment.Service", "Embeddings.Api", "Vision.Classifier"])
    windows = chance(r, 0.2)
    header = []
    if windows:
        ctx.esc = "`"
        header = ["# escape=`", "", f"# {project}: Windows container for the ONNX Runtime inference API"]
        os_tag = r.choice(["nanoserver-ltsc2022", "windowsservercore-ltsc2022"])
        build = [f"FROM {image(ctx, 'mcr.microsoft.com/dotnet/sdk', f'{ver}-windowsservercore-ltsc2022')} AS build",
                 "WORKDIR C:\\src", f"COPY {project}/{project}.csproj {project}/",
                 f"RUN dotnet restore {project}/{project}.csproj", "COPY . .",
                 *ctx.cont(f"RUN dotnet publish {project}/{project}.csproj", ["-c Release", "-o C:\\app", "--no-restore"])]
        if chance(r, 0.5):
            build += ['SHELL ["powershell", "-Command", "$ErrorActionPreference = \'Stop\'; $ProgressPreference = \'SilentlyContinue\';"]']
            build += ctx.cont("RUN Invoke-WebRequest -Uri https://huggingface.co/onnx-community/bert-base-uncased/resolve/main/onnx/model.onnx -OutFile C:\\app\\model.onnx;", [
                "if ((Get-FileHash C:\\app\\model.onnx -Algorithm SHA256).Hash -ne '" + hexstr(r, 64).upper() + "') { throw 'bad model' }"]
                if chance(r, 0.5) else ["Write-Host 'model downloaded'"])
        final = [f"FROM {image(ctx, 'mcr.microsoft.com/dotnet/aspnet', f'{ver}-{os_tag}')}", "WORKDIR C:\\app",
                 "COPY --from=build C:\\app .", "ENV ASPNETCORE_URLS=http://+:8080"]
        final += secret_lines(ctx)[:1] if chance(r, 0.25) else []
        tail = [r.choice(["USER ContainerUser", "USER ContainerAdministrator"])] if chance(r, 0.7) else []
        tail += expose(ctx, [8080])
        tail += [f'ENTRYPOINT ["dotnet", "{project}.dll"]']
        return header, [build, final + tail], None
    header = [f"ARG DOTNET_VERSION={ver}"] if chance(r, 0.4) else []
    vtag = "${DOTNET_VERSION}" if header else ver
    build = [f"FROM {image(ctx, 'mcr.microsoft.com/dotnet/sdk', vtag)} AS build",
             "WORKDIR /src", f"COPY [\"{project}/{project}.csproj\", \"{project}/\"]",
             f"RUN dotnet restore \"{project}/{project}.csproj\"", "COPY . .",
             f"WORKDIR \"/src/{project}\"",
             *ctx.cont(f"RUN dotnet publish \"{project}.csproj\"", ["-c Release", "-o /app/publish", "/p:UseAppHost=false"])]
    if chance(r, 0.3):
        build += [f"RUN dotnet nuget add source https://pkgs.dev.azure.com/example/_packaging/ml/nuget/v3/index.json -n ml -u build -p {alnum(r, 52)} --store-password-in-clear-text"]
    runtime = r.choice(["aspnet", "runtime", "runtime-deps"])
    suffix = r.choice(["", "-jammy-chiseled", "-bookworm-slim", "-alpine"])
    final = [f"FROM {image(ctx, 'mcr.microsoft.com/dotnet/' + runtime, (vtag + suffix))} AS final", "WORKDIR /app"]
    final += ["COPY --from=build /app/publish ."]
    if chance(r, 0.45):
        final += add_url(ctx)
    if chance(r, 0.25):
        final += secret_lines(ctx)[:1]
    final += env_block(ctx, 1) if chance(r, 0.3) else []
    final += ["ENV ASPNETCORE_URLS=http://+:8080"] if chance(r, 0.6) else ["ENV ASPNETCORE_HTTP_PORTS=8080"]
    tail = []
    roll = r.random()
    if roll < 0.4:
        tail += ["USER $APP_UID"]
    elif roll < 0.55:
        tail += ["USER app"]
    elif roll < 0.65:
        tail += ["USER root"]
    tail += expose(ctx, [8080] + ([8081] if chance(r, 0.4) else []))
    tail += [f'ENTRYPOINT ["dotnet", "{project}.dll"]']
    chiseled = "chiseled" in suffix or runtime == "runtime-deps"
    return header, [build, final + tail], None if chiseled else len(final)


TEMPLATES = [
    ("cuda-pytorch", t_cuda_pytorch, 3),
    ("torchserve", t_torchserve, 2),
    ("triton", t_triton, 2),
    ("vllm", t_vllm, 2),
    ("tgi", t_tgi, 2),
    ("python-venv", t_python_venv, 3),
    ("jupyter", t_jupyter, 1),
    ("ray", t_ray, 1),
    ("conda", t_conda, 2),
    ("distroless", t_distroless, 2),
    ("dotnet-inference", t_dotnet, 2),
]


def target_size(r):
    """Log-uniform between MIN_LINES and MAX_LINES: many small files, a long tail of big ones."""
    lo, hi = MIN_LINES, MAX_LINES
    return int(round(lo * (hi / lo) ** r.random()))


def render(r, name, fn):
    target = target_size(r)
    compact = target < 40
    ctx = Ctx(r)
    header, stages, at = fn(ctx, compact)
    # Parser directives come first: `# escape=` (Windows images) or `# syntax=` (needed for heredocs).
    lead = []
    if header and header[0].startswith("# escape="):
        lead, header = header, []
    syntax = not lead and (ctx.heredocs or chance(r, 0.3))

    def total():
        return (len(lead) + (1 if syntax else 0) + len(header) + (1 if header and not compact else 0)
                + sum(len(s) for s in stages) + (len(stages) - 1))

    # Grow the final stage before its USER/EXPOSE/CMD tail, or the build stage when the final
    # stage has no shell (distroless, chiseled, Windows).
    if at is not None:
        grow(ctx, stages[-1], target, total(), at=at)
    else:
        grow(ctx, stages[0], target, total(), py=name != "dotnet-inference", apt=ctx.esc != "`")
    syntax = syntax or (not lead and ctx.heredocs)
    out = list(lead)
    if syntax:
        out.append(f"# syntax=docker/dockerfile:{r.choice(['1', '1.4', '1.6', '1.7'])}")
    out += header
    if header and not compact:
        out.append("")
    for i, s in enumerate(stages):
        if i:
            out.append("" if chance(r, 0.7) else "# ---- runtime ----")
        out += s
    # A few files use a lowercase instruction, as real repositories sometimes do.
    if chance(r, 0.05):
        out = [l.replace("RUN ", "run ", 1) if l.startswith("RUN ") and chance(r, 0.3) else l for l in out]
    while len(out) < MIN_LINES:
        out.append("# " + r.choice(["end", "keep the image small", "see README", "eof"]))
    if len(out) > MAX_LINES:
        return None
    return "\n".join(out) + "\n"


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("output", nargs="?", help="output folder (default: a new temporary folder)")
    p.add_argument("-n", "--count", type=int, default=600, help="number of Dockerfiles (default 600)")
    p.add_argument("--seed", type=int, default=20240611, help="random seed (default 20240611)")
    p.add_argument("--quiet", action="store_true", help="print only the output folder")
    args = p.parse_args(argv)
    if args.count < 1:
        p.error("--count must be at least 1")

    out = args.output or tempfile.mkdtemp(prefix="threatlint-dockerfiles-")
    os.makedirs(out, exist_ok=True)
    if any(e[:4].isdigit() for e in os.listdir(out)):
        p.error(f"{out} already holds a corpus (NNNN-* folders); give an empty or new folder")

    r = random.Random(args.seed)
    weights = [w for _, _, w in TEMPLATES]
    stats = {}
    total_lines = 0
    sizes = []
    for i in range(1, args.count + 1):
        while True:
            name, fn, _ = r.choices(TEMPLATES, weights=weights)[0]
            text = render(r, name, fn)
            if text is not None:
                break
        folder = os.path.join(out, f"{i:04d}-{name}")
        os.makedirs(folder)
        with open(os.path.join(folder, "Dockerfile"), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        n = text.count("\n")
        sizes.append(n)
        total_lines += n
        stats[name] = stats.get(name, 0) + 1

    sizes.sort()
    if args.quiet:
        print(out)
    else:
        print(out)
        print(f"{args.count} Dockerfiles, {total_lines} lines (min {sizes[0]}, median {sizes[len(sizes) // 2]}, "
              f"max {sizes[-1]}), seed {args.seed}", file=sys.stderr)
        print("templates: " + ", ".join(f"{k} {v}" for k, v in sorted(stats.items())), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
