# expect: none
# vLLM extended with adapters: one https index, locked and hashed requirements, uv from a pinned image.
FROM vllm/vllm-openai:v0.6.3@sha256:ec8207a3dde607f7867f8f5390915018488b877761306ffd4ef099f9b3ee16a1
COPY --from=ghcr.io/astral-sh/uv:0.4.20@sha256:5f3a0b5c8e2d4f6a8b0c2e4d6f8a0b2c4e6d8f0a2b4c6e8d0f2a4b6c8e0d2f4a /uv /usr/local/bin/uv
ARG PIP_TRUSTED_HOST
ENV PIP_INDEX_URL=https://pypi.corp.internal/simple \
    UV_INDEX_URL=https://pypi.corp.internal/simple \
    PYTHONHTTPSVERIFY=1
COPY requirements.lock /tmp/requirements.lock
RUN uv pip install --system --require-hashes -r /tmp/requirements.lock \
    && pip install --no-cache-dir peft==0.12.0 'bitsandbytes==0.43.3' \
    && pip install --no-cache-dir -c /tmp/requirements.lock sentence-transformers
RUN useradd --uid 10001 --create-home vllm
USER vllm
ENTRYPOINT ["python3", "-m", "vllm.entrypoints.openai.api_server"]
