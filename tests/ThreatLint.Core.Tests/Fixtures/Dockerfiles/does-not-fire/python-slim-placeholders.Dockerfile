# expect: none
# An LLM gateway on python-slim whose Dockerfile documents its settings with placeholders and references only;
# templates and public certificates are copied, real credentials are not.
ARG PYTHON_IMAGE=python:3.12-slim-bookworm@sha256:a1675fc29cc86b8e915c1c48a9583c1b43a834615147fcbaa59676e2e39476a4
FROM ${PYTHON_IMAGE}

ARG OPENAI_API_KEY
ARG WANDB_API_KEY=
ENV OPENAI_API_KEY=${OPENAI_API_KEY} \
    ANTHROPIC_API_KEY="" \
    HF_TOKEN=<your-hugging-face-token> \
    AZURE_OPENAI_API_KEY=changeme \
    DB_PASSWORD=xxxxxxxxxxxx \
    AWS_ACCESS_KEY_ID=AKIAIOSFODNN7THREATL \
    OAUTH_TOKEN_URL=https://login.example.com/oauth2/token \
    PIP_INDEX_URL=https://pypi.org/simple \
    MAX_NEW_TOKENS=1024
LABEL org.opencontainers.image.description="Set OPENAI_API_KEY (sk-...) and HF_TOKEN (hf_...) at run time"

RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"
COPY requirements.lock .
RUN pip install --require-hashes --no-deps -r requirements.lock scikit-learn==1.5.2
COPY .env.example /app/.env.example
COPY certs/ca.pem certs/rootCA.pem /usr/local/share/ca-certificates/
COPY gateway/ /app/gateway/
RUN useradd --uid 10001 app
USER 10001
EXPOSE 8000
CMD ["python", "-m", "gateway"]
