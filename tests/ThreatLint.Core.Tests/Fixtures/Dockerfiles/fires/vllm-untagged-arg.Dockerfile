# expect: TL4002@5 TL4001@5
# vLLM OpenAI-compatible server; the base comes from a global ARG whose default is untagged.
ARG VLLM_IMAGE=vllm/vllm-openai

FROM ${VLLM_IMAGE}
ENV HF_HOME=/models/hf \
    VLLM_WORKER_MULTIPROC_METHOD=spawn
WORKDIR /srv
COPY chat_template.jinja /srv/chat_template.jinja
ENTRYPOINT ["python3", "-m", "vllm.entrypoints.openai.api_server", \
            "--model", "mistralai/Mistral-7B-Instruct-v0.3", \
            "--revision", "e0bc86c23ce5aae1db576c8cca6f06f1f73af2db", \
            "--chat-template", "/srv/chat_template.jinja"]
