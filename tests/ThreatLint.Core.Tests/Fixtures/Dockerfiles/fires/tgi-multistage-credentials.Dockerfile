# expect: TL4005@4 TL2010@9 TL4005@15 TL4005@17
# Text Generation Inference with a builder stage for custom kernels. The builder's .netrc never ships (silent), but
# its literal W&B key is still in the Dockerfile and the build cache; the final image copies key material.
ARG PIP_INDEX_URL=https://ml-ci:Tr4ck1ng-Pw-Qz9@pypi.corp.internal/simple

FROM nvidia/cuda:12.4.1-cudnn-devel-ubuntu22.04@sha256:b0e97ea0019c98c8ddba2875c89c60a342bd67e2900af42f1df8ef9f0b6f0a74 AS kernels
ARG PIP_INDEX_URL
COPY .netrc /root/.netrc
ENV WANDB_API_KEY=3f9a7c2e1b8d4f6a0c5e9b7d2a4f8c1e6b3d9a70
RUN pip install --no-cache-dir --index-url "$PIP_INDEX_URL" flash-attn==2.6.3 \
    && python build_kernels.py --out /kernels

FROM ghcr.io/huggingface/text-generation-inference:2.4.1@sha256:4cc4c2fc734a3f50b6830fa0ec3d87f8a5b3bb8e603b5350a55e4755ab4d5b18
COPY --from=kernels /kernels /opt/kernels
COPY certs/server-key.pem \
     certs/fullchain.pem /etc/tgi/tls/
COPY gcp/service-account-prod.json /var/secrets/google/key.json
ENV GOOGLE_APPLICATION_CREDENTIALS=/var/secrets/google/key.json \
    MODEL_ID=mistralai/Mistral-7B-Instruct-v0.3 \
    REVISION=e0bc86c23ce5aae1db576c8cca6f06f1f73af2db
RUN useradd --uid 10001 tgi
USER tgi
