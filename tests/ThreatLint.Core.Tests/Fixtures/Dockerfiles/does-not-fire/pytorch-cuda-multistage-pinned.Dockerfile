# expect: none
# CUDA/PyTorch inference image: both bases pinned by digest; packages are installed as root, then the final stage drops to uid 10001.

FROM nvidia/cuda:12.4.1-cudnn-devel-ubuntu22.04@sha256:b0e97ea0019c98c8ddba2875c89c60a342bd67e2900af42f1df8ef9f0b6f0a74 AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3.11 python3.11-venv \
    && rm -rf /var/lib/apt/lists/*
RUN python3.11 -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
COPY requirements.lock .
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install --require-hashes --no-deps -r requirements.lock

FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04@sha256:71b2ca710bd069e2db86fd873a2367cb9015d011244e65bc827fbb3690da1d78 AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3.11 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --uid 10001 --no-create-home --shell /usr/sbin/nologin infer
COPY --from=build /opt/venv /opt/venv
COPY --chown=10001:10001 app/ /app/
ENV PATH="/opt/venv/bin:$PATH"
USER 10001
WORKDIR /app
EXPOSE 8080
CMD ["python", "-m", "app.serve", "--host", "0.0.0.0", "--port", "8080"]
