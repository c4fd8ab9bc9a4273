# expect: none
# vLLM: the serving stage is picked by a global ARG that names a build stage; the stage it names runs as vllm.
ARG VLLM_BASE=vllm/vllm-openai:v0.6.3@sha256:ec8207a3dde607f7867f8f5390915018488b877761306ffd4ef099f9b3ee16a1
ARG SERVE_STAGE=runtime

FROM ${VLLM_BASE} AS runtime
RUN useradd --uid 10001 --create-home vllm
ENV HF_HOME=/home/vllm/.cache/huggingface
USER vllm

FROM runtime AS debug
USER root
RUN pip install --no-cache-dir py-spy==0.3.14

FROM ${SERVE_STAGE} AS serve
ENTRYPOINT ["python3", "-m", "vllm.entrypoints.openai.api_server", \
            # pinned model revision
            "--model", "mistralai/Mistral-7B-Instruct-v0.3", \
            "--revision", "e0bc86c23ce5aae1db576c8cca6f06f1f73af2db"]
