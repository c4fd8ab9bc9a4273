#!/usr/bin/env python3
"""Generates a deterministic corpus of GitHub Actions workflows modelled on ML repositories.

Usage: generate.py [--count N] [--seed S] OUT_DIR

Writes N files OUT_DIR/.github/workflows/NNNN-<template>.yml (the path is what makes them workflows for
ThreatLint; actionlint is given the same files). Each file is one of the templates below, varied by the seeded
random generator: triggers, runner labels, action pins (tags or full SHAs with a version comment), container
images, Python versions, model and dataset names, matrix sizes, extra steps. Some files are hardened and some
carry the weaknesses ThreatLint looks for, in about the proportions real repositories have. Same N and seed,
same bytes. Prints a one-line summary of the templates used to stderr.
"""
import argparse
import os
import random

SHA = {
    "actions/checkout": ("11bd71901bbe5b1630ceea73d27597364c9af683", "v4.2.2"),
    "actions/setup-python": ("a26af69be951a213d495a4c3e4e4022e16d87065", "v5.6.0"),
    "actions/cache": ("5a3ec84eff668545956fd18022155c47e93e2684", "v4.2.3"),
    "actions/upload-artifact": ("ea165f8d65b6e75b540449e92b4886f43607fa02", "v4.6.2"),
    "docker/login-action": ("74a5d142397b4f367a81961eba4e8cd7edddf772", "v3.4.0"),
    "docker/build-push-action": ("263435318d21b8e681c14492fe198d362a7d2c83", "v6.18.0"),
    "docker/setup-buildx-action": ("e468171a9de216ec08956ac3ada2f0791b6bd435", "v3.11.1"),
    "sigstore/cosign-installer": ("3454372f43399081ed03b604cb2d021dabca52bb", "v3.8.2"),
    "actions/attest-build-provenance": ("e8998f949152b193b063cb0ec769d69d929409be", "v2.4.0"),
    "actions/github-script": ("60a0d83039c74a4aee543508d2ffcb1c3799cdea", "v7.0.1"),
    "iterative/setup-dvc": ("4bdfd2b0f6f1ad7e08afadb03b1a895c352a5239", "v2.0.0"),
}
TAGS = {"actions/checkout": "v4", "actions/setup-python": "v5", "actions/cache": "v4", "actions/upload-artifact": "v4",
        "docker/login-action": "v3", "docker/build-push-action": "v6", "docker/setup-buildx-action": "v3",
        "sigstore/cosign-installer": "v3", "actions/attest-build-provenance": "v2", "actions/github-script": "v7",
        "iterative/setup-dvc": "v2"}
MODELS = ["distilbert/distilbert-base-uncased", "meta-llama/Llama-3.1-8B-Instruct", "mistralai/Mistral-7B-v0.1",
          "sentence-transformers/all-MiniLM-L6-v2", "google/flan-t5-base", "openai/whisper-small", "microsoft/phi-2"]
DATASETS = ["imdb", "contoso/reviews", "squad", "contoso/support-tickets", "glue"]
IMAGES = ["pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime", "nvcr.io/nvidia/pytorch:24.05-py3", "python:3.11-slim",
          "ghcr.io/contoso/trainer:latest", "python:3.12-slim@sha256:2b2f1bd5b8e8ed7a4f8b4d4d1f0a1ef1b8c9d6b0d52b2e1bcbf6a3c1f9a4e7d1"]
PYTHONS = ["3.10", "3.11", "3.12"]
COMMIT = "9a1b2c3d4e5f60718293a4b5c6d7e8f901234567"


def uses(r, action, pinned):
    if pinned:
        sha, version = SHA[action]
        return f"{action}@{sha} # {version}"
    return f"{action}@{TAGS[action]}"


def python_setup(r, pinned):
    return [f"      - uses: {uses(r, 'actions/checkout', pinned)}",
            f"      - uses: {uses(r, 'actions/setup-python', pinned)}",
            "        with:",
            f"          python-version: \"{r.choice(PYTHONS)}\"",
            "          cache: pip"]


def ci(r, i):
    pinned = r.random() < 0.5
    lines = ["name: ci", "on:", "  push:", "    branches: [main]", "  pull_request:", "permissions:", "  contents: read",
             "jobs:", "  test:", "    runs-on: ${{ matrix.os }}", "    strategy:", "      fail-fast: false", "      matrix:",
             f"        os: [ubuntu-latest{', macos-latest' if r.random() < 0.4 else ''}]",
             f"        python: [{', '.join(repr(p) for p in r.sample(PYTHONS, r.randint(1, 3)))}]", "    steps:"]
    lines += python_setup(r, pinned)
    lines += ["      - name: Install", "        run: |", "          python -m pip install --upgrade pip",
              "          pip install -r requirements.txt" + (" --extra-index-url https://pypi.contoso.net/simple" if r.random() < 0.15 else ""),
              "          pip install -e .[test]", "      - name: Test", "        run: pytest -q --maxfail=1 tests/"]
    return lines


def gpu_train(r, i):
    pinned = r.random() < 0.4
    fork_safe = r.random() < 0.5
    model = r.choice(MODELS)
    revision = f" --revision {COMMIT}" if r.random() < 0.3 else ""
    lines = ["name: gpu-train", "on:", "  pull_request:", "    paths: ['train/**', 'configs/**']", "  workflow_dispatch:",
             "    inputs:", "      epochs:", "        type: number", "        default: 3", "      note:", "        type: string",
             "permissions:", "  contents: read", "jobs:", "  train:"]
    if fork_safe:
        lines.append("    if: github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository")
    lines += [f"    runs-on: [self-hosted, linux, {r.choice(['gpu', 'a100', 'h100', 'cuda'])}]",
              f"    container: {r.choice(IMAGES)}", "    timeout-minutes: 240", "    env:",
              "      HF_TOKEN: ${{ secrets.HF_TOKEN }}", "      WANDB_API_KEY: ${{ secrets.WANDB_API_KEY }}",
              "      HF_HOME: /mnt/cache/hf", "    steps:"]
    lines += python_setup(r, pinned)
    lines += ["      - name: Download base model", "        run: |",
              f"          huggingface-cli download {model}{revision} --local-dir models/base",
              "      - name: Train", "        run: |",
              f"          accelerate launch train.py --model models/base --epochs ${{{{ inputs.epochs || 3 }}}}" + (" --trust-remote-code" if r.random() < 0.2 else ""),
              "          python evaluate.py --out results/metrics.json" + (" --note \"${{ inputs.note }}\"" if r.random() < 0.3 else ""),
              f"      - uses: {uses(r, 'actions/upload-artifact', pinned)}", "        with:", "          name: metrics",
              "          path: results/"]
    return lines


def publish(r, i):
    pinned = r.random() < 0.5
    signed = r.random() < 0.4
    perms = r.random() < 0.6
    lines = ["name: publish", "on:", "  push:", "    tags: ['v*']"]
    if perms:
        lines += ["permissions:", "  contents: read"]
    lines += ["env:", "  IMAGE: ghcr.io/contoso/sentiment-serving", "jobs:", "  image:", "    runs-on: ubuntu-latest"]
    if perms:
        lines += ["    permissions:", "      contents: read", "      packages: write", "      id-token: write",
                  "      attestations: write"]
    lines += ["    steps:", f"      - uses: {uses(r, 'actions/checkout', pinned)}",
              f"      - uses: {uses(r, 'docker/setup-buildx-action', pinned)}",
              f"      - uses: {uses(r, 'docker/login-action', pinned)}", "        with:", "          registry: ghcr.io",
              "          username: ${{ github.actor }}", "          password: ${{ secrets.GITHUB_TOKEN }}",
              f"      - uses: {uses(r, 'docker/build-push-action', pinned)}", "        id: build", "        with:",
              "          push: true", "          tags: ${{ env.IMAGE }}:${{ github.ref_name }}"]
    if signed:
        lines += [f"      - uses: {uses(r, 'sigstore/cosign-installer', pinned)}",
                  "      - run: cosign sign --yes \"${IMAGE}@${{ steps.build.outputs.digest }}\""]
    lines += ["  weights:", "    runs-on: ubuntu-latest", "    steps:", f"      - uses: {uses(r, 'actions/checkout', pinned)}",
              "      - name: Upload weights", "        run: |",
              "          huggingface-cli upload contoso/sentiment ./model" if r.random() < 0.7 else
              "          aws s3 cp model/model.safetensors s3://contoso-models/sentiment/${GITHUB_REF_NAME}/",
              "        env:", "          HF_TOKEN: ${{ secrets.HF_TOKEN }}" if r.random() < 0.85 else
              "          HF_TOKEN: hf_" + "".join(r.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(34))]
    return lines


def dvc_pipeline(r, i):
    pinned = r.random() < 0.5
    lines = ["name: dvc-repro", "on:", "  schedule:", f"    - cron: '{r.randint(0, 59)} {r.randint(0, 23)} * * *'",
             "  workflow_dispatch:", "permissions:", "  contents: write", "jobs:", "  repro:", "    runs-on: ubuntu-latest",
             "    steps:"]
    lines += python_setup(r, pinned)
    lines += [f"      - uses: {uses(r, 'iterative/setup-dvc', pinned)}", "      - name: Pull data", "        run: |",
              "          dvc pull"]
    if r.random() < 0.4:
        lines.append("          dvc import-url https://data.contoso.net/reviews/latest.csv data/raw/reviews.csv")
    if r.random() < 0.4:
        lines.append(f"          huggingface-cli download --repo-type dataset {r.choice(DATASETS)} --local-dir data/hub")
    if r.random() < 0.3:
        lines.append("          wget -q https://data.contoso.net/extra/train.parquet -O data/raw/extra.parquet")
    lines += ["        env:", "          AWS_ACCESS_KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }}",
              "          AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}", "      - name: Reproduce",
              "        run: dvc repro", "      - name: Push", "        run: |", "          dvc push",
              "          git config user.name ci-bot", "          git commit -am \"dvc: update\" && git push"]
    return lines


def pr_target(r, i):
    pinned = r.random() < 0.5
    dangerous = r.random() < 0.5
    lines = ["name: pr-eval", "on:", "  pull_request_target:", "    types: [opened, synchronize, labeled]",
             "permissions:", "  contents: read", "  pull-requests: write", "jobs:", "  eval:",
             "    if: contains(github.event.pull_request.labels.*.name, 'safe-to-eval')", "    runs-on: ubuntu-latest",
             "    steps:", f"      - uses: {uses(r, 'actions/checkout', pinned)}"]
    if dangerous:
        lines += ["        with:", "          ref: ${{ github.event.pull_request.head.sha }}",
                  "      - run: pip install -e . && python eval.py --limit 100"]
    lines += [f"      - uses: {uses(r, 'actions/github-script', pinned)}", "        with:", "          script: |",
              "            await github.rest.issues.addLabels({ ...context.repo, issue_number: context.issue.number, labels: ['evaluated'] })"]
    return lines


def issue_bot(r, i):
    pinned = r.random() < 0.5
    injected = r.random() < 0.5
    body = "${{ github.event.issue.title }}" if injected else "$TITLE"
    return ["name: dataset-request", "on:", "  issues:", "    types: [opened, edited]", "permissions:", "  issues: write",
            "jobs:", "  triage:", "    runs-on: ubuntu-latest", "    steps:", f"      - uses: {uses(r, 'actions/checkout', pinned)}",
            "      - name: Parse request", "        run: |", f"          echo \"Request: {body}\"",
            "          python scripts/parse_request.py --issue \"$NUMBER\"", "        env:",
            "          TITLE: ${{ github.event.issue.title }}", "          NUMBER: ${{ github.event.issue.number }}"]


def nightly(r, i):
    pinned = r.random() < 0.5
    lines = ["name: nightly-eval", "on:", "  schedule:", f"    - cron: '{r.randint(0, 59)} 2 * * *'", "permissions: {}",
             "jobs:", "  eval:", "    runs-on: ubuntu-latest", "    permissions:", "      contents: read",
             "    services:", "      mlflow:", f"        image: {r.choice(['ghcr.io/mlflow/mlflow:v2.14.1', 'ghcr.io/mlflow/mlflow'])}",
             "        ports: ['5000:5000']", "    steps:"]
    lines += python_setup(r, pinned)
    lines += [f"      - uses: {uses(r, 'actions/cache', pinned)}", "        with:", "          path: ~/.cache/huggingface",
              f"          key: hf-${{{{ runner.os }}}}-{i}", "      - name: Evaluate", "        run: |",
              "          curl -fsSL https://raw.githubusercontent.com/contoso/tools/main/install.sh | bash" if r.random() < 0.3 else
              "          pip install -r requirements-eval.txt",
              f"          python -m lm_eval --model hf --model_args pretrained={r.choice(MODELS)} --tasks hellaswag --limit 200",
              "        env:", "          MLFLOW_TRACKING_URI: http://localhost:5000"]
    return lines


TEMPLATES = [("ci", ci, 30), ("gpu-train", gpu_train, 15), ("publish", publish, 15), ("dvc", dvc_pipeline, 12),
             ("pr-target", pr_target, 10), ("issue-bot", issue_bot, 8), ("nightly", nightly, 10)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20251130)
    parser.add_argument("out")
    args = parser.parse_args()
    r = random.Random(args.seed)
    folder = os.path.join(args.out, ".github", "workflows")
    os.makedirs(folder, exist_ok=True)
    names = [t[0] for t in TEMPLATES]
    weights = [t[2] for t in TEMPLATES]
    used = {}
    total = 0
    for i in range(args.count):
        name = r.choices(names, weights)[0]
        make = next(t[1] for t in TEMPLATES if t[0] == name)
        text = "\n".join(make(r, i)) + "\n"
        with open(os.path.join(folder, f"{i:04d}-{name}.yml"), "w", newline="\n") as fh:
            fh.write(text)
        used[name] = used.get(name, 0) + 1
        total += len(text.encode())
    summary = ", ".join(f"{k} {v}" for k, v in sorted(used.items()))
    print(f"{args.count} workflows ({total} bytes, seed {args.seed}): {summary}", file=os.sys.stderr)


if __name__ == "__main__":
    main()
