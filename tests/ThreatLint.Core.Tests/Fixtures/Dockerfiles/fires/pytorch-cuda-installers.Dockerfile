# expect: TL4003@9 TL3008@16 TL3008@17
# CUDA/PyTorch training image: uv installed by piping its installer to sh, torch pulled through a second index
# (the torchtriton dependency-confusion pattern) without pins. Comments and continuations split the commands.
FROM nvidia/cuda:12.4.1-cudnn-devel-ubuntu22.04@sha256:b0e97ea0019c98c8ddba2875c89c60a342bd67e2900af42f1df8ef9f0b6f0a74 AS build
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl ca-certificates python3.11 python3.11-venv \
    # uv, the fast way
    && curl -LsSf https://astral.sh/uv/install.sh \
        | sh \
    && rm -rf /var/lib/apt/lists/*
ENV PATH="/root/.local/bin:$PATH"
RUN uv venv /opt/venv --python 3.11
RUN --mount=type=cache,target=/root/.cache/pip \
    /opt/venv/bin/python -m pip install --no-cache-dir \
        --extra-index-url https://download.pytorch.org/whl/cu124 \
        torch torchvision \
        numpy==2.1.1

FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04@sha256:71b2ca710bd069e2db86fd873a2367cb9015d011244e65bc827fbb3690da1d78
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3.11 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --uid 10001 --no-create-home trainer
COPY --from=build /opt/venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
USER 10001
ENTRYPOINT ["python", "-m", "train"]
