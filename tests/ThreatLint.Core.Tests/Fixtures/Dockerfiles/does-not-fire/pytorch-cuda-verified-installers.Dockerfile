# expect: none
# CUDA/PyTorch image done carefully: installers are downloaded, checked against a pinned sha256, then run; archives
# and keys are piped to tar and gpg, not to a shell; torch comes from one https index, pinned.
FROM nvidia/cuda:12.4.1-cudnn-devel-ubuntu22.04@sha256:b0e97ea0019c98c8ddba2875c89c60a342bd67e2900af42f1df8ef9f0b6f0a74 AS build
ARG MINIFORGE_SHA256=0f2d8a27f5a1fcbbd3b1e56a3d1a7f6c1e0d1c1aa0c6f4e7b7d7c6b5a4e3d2c1
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl ca-certificates gnupg \
    # never "curl ... | sh": fetch, verify, then run
    && curl -fsSL -o /tmp/miniforge.sh https://github.com/conda-forge/miniforge/releases/download/24.7.1-0/Miniforge3-24.7.1-0-Linux-x86_64.sh \
    && echo "${MINIFORGE_SHA256}  /tmp/miniforge.sh" | sha256sum -c - \
    && bash /tmp/miniforge.sh -b -p /opt/conda \
    && curl -fsSL https://developer.download.nvidia.com/compute/cuda/repos/ubuntu2204/x86_64/3bf863cc.pub \
        | gpg --dearmor -o /usr/share/keyrings/cuda-archive-keyring.gpg \
    && curl -fsSL https://github.com/microsoft/onnxruntime/releases/download/v1.19.2/onnxruntime-linux-x64-gpu-1.19.2.tgz \
        | tar xz -C /opt \
    && rm -rf /var/lib/apt/lists/* /tmp/miniforge.sh
RUN /opt/conda/bin/python -m pip install --no-cache-dir \
        --index-url https://download.pytorch.org/whl/cu124 \
        torch==2.4.1 torchvision==0.19.1

FROM nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04@sha256:71b2ca710bd069e2db86fd873a2367cb9015d011244e65bc827fbb3690da1d78
COPY --from=build /opt/conda /opt/conda
COPY --from=build /opt/onnxruntime-linux-x64-gpu-1.19.2 /opt/onnxruntime
RUN useradd --uid 10001 --no-create-home infer
ENV PATH="/opt/conda/bin:$PATH"
USER 10001
CMD ["python", "-m", "serve", "--port", "8080"]
