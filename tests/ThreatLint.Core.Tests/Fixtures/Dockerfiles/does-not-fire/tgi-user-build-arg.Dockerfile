# expect: none
# Text Generation Inference; the uid is supplied by the deployment at build time (no default), so TL4001 cannot tell and stays silent.
FROM ghcr.io/huggingface/text-generation-inference:2.4.1@sha256:4cc4c2fc734a3f50b6830fa0ec3d87f8a5b3bb8e603b5350a55e4755ab4d5b18
ARG APP_UID
ENV MODEL_ID=meta-llama/Llama-3.1-8B-Instruct \
    REVISION=0e9e39f249a16976918f6564b8830bc894c89659
RUN useradd --uid "${APP_UID}" --create-home tgi
USER ${APP_UID}
