# expect: none
# Text Generation Inference pinned through its environment; the model's own code is not trusted, and the warm-up
# stage checks out the commit it cloned.
FROM ghcr.io/huggingface/text-generation-inference:2.4.1@sha256:4cc4c2fc734a3f50b6830fa0ec3d87f8a5b3bb8e603b5350a55e4755ab4d5b18 AS tgi
ENV MODEL_ID=Qwen/Qwen2-7B-Instruct \
    REVISION=f2826a00ceef68f0f2b946d945ecc0477ce4450c \
    TRUST_REMOTE_CODE=false \
    MAX_INPUT_TOKENS=4096 \
    MAX_TOTAL_TOKENS=8192

FROM tgi AS warm
RUN git lfs install \
 && git clone --depth 1 https://huggingface.co/Qwen/Qwen2-7B-Instruct /data/qwen2
RUN git -C /data/qwen2 fetch --depth 1 origin f2826a00ceef68f0f2b946d945ecc0477ce4450c \
 && git -C /data/qwen2 checkout f2826a00ceef68f0f2b946d945ecc0477ce4450c
RUN useradd --uid 10001 --create-home tgi && chown -R 10001 /data
USER 10001
EXPOSE 80
