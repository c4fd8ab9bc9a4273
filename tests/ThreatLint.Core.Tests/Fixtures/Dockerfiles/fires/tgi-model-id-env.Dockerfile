# expect: TL1010@5 TL1011@7 TL1010@14
# Text Generation Inference configured through its environment: the model is a Hub name with a branch as its
# revision, remote code is on, and a second stage warms the cache with an unpinned clone of the tokenizer repo.
FROM ghcr.io/huggingface/text-generation-inference:2.4.1@sha256:4cc4c2fc734a3f50b6830fa0ec3d87f8a5b3bb8e603b5350a55e4755ab4d5b18 AS tgi
ENV MODEL_ID=Qwen/Qwen2-7B-Instruct \
    REVISION=main \
    TRUST_REMOTE_CODE=true \
    MAX_INPUT_TOKENS=4096 \
    MAX_TOTAL_TOKENS=8192 \
    HUGGINGFACE_HUB_CACHE=/data

FROM tgi AS warm
RUN git lfs install \
 && git clone --depth 1 https://huggingface.co/Qwen/Qwen2-7B-Instruct /data/qwen2 \
 && ls /data/qwen2
RUN useradd --uid 10001 --create-home tgi && chown -R 10001 /data
USER 10001
EXPOSE 80
