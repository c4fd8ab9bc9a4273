# expect: TL4002@5 TL4002@18 TL4001@18
# CUDA/PyTorch training image: wheels are built on the devel image and installed into the runtime image.
# Both bases are tagged but not pinned by digest, and the final stage never leaves root.

FROM nvidia/cuda:12.4.1-cudnn-devel-ubuntu22.04 AS build
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3.11 python3.11-venv python3-pip git \
    && rm -rf /var/lib/apt/lists/*
RUN python3.11 -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
COPY requirements.txt .
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install --index-url https://download.pytorch.org/whl/cu124 torch==2.4.1 torchvision==0.19.1 \
    && pip install -r requirements.txt
COPY src/ /workspace/src/

FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04 AS train
ENV DEBIAN_FRONTEND=noninteractive \
    PYTHONUNBUFFERED=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3.11 libgomp1 \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /opt/venv /opt/venv
COPY --from=build /workspace/src /workspace/src
ENV PATH="/opt/venv/bin:$PATH"
WORKDIR /workspace
ENTRYPOINT ["python", "-m", "src.train"]
CMD ["--config", "configs/resnet50.yaml"]
