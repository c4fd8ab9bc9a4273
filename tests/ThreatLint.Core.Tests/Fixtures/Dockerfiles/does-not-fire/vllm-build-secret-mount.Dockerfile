# syntax=docker/dockerfile:1.10
# expect: none
# vLLM with a gated model: the token is a BuildKit secret during the download and an orchestrator secret at run
# time; the ARG has no default and nothing secret reaches ENV, a layer or the history.
FROM vllm/vllm-openai:v0.6.3@sha256:ec8207a3dde607f7867f8f5390915018488b877761306ffd4ef099f9b3ee16a1

ARG HF_TOKEN
ENV HF_HOME=/models/hf \
    HF_HUB_ENABLE_HF_TRANSFER=1 \
    HF_TOKEN_PATH=/run/secrets/hf_token \
    MAX_NUM_BATCHED_TOKENS=8192 \
    TOKENIZERS_PARALLELISM=false
RUN --mount=type=secret,id=hf_token,env=HF_TOKEN \
    --mount=type=cache,target=/root/.cache/pip \
    huggingface-cli download meta-llama/Llama-3.1-8B-Instruct \
        --revision 0e9e39f249a16976918f6564b8830bc894c89659 \
        --local-dir /models/llama
RUN useradd --uid 10001 --create-home vllm && chown -R vllm /models
USER 10001
EXPOSE 8000
# The API key comes from VLLM_API_KEY, set by the deployment (see deploy/vllm.yaml), e.g. sk-proj-...
ENTRYPOINT ["python3", "-m", "vllm.entrypoints.openai.api_server", "--model", "/models/llama", "--port", "8000"]
