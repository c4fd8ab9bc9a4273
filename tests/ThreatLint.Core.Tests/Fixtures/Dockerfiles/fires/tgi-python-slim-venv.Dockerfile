# expect: TL3008@6 TL3008@10
# A small Text Generation Inference client gateway on python-slim with a virtualenv; the private index is added
# next to PyPI, and the ML client libraries are installed unpinned.
FROM python:3.12-slim-bookworm@sha256:a1675fc29cc86b8e915c1c48a9583c1b43a834615147fcbaa59676e2e39476a4
ENV VIRTUAL_ENV=/opt/venv \
    PIP_EXTRA_INDEX_URL=https://pypi.corp.internal/simple
RUN python -m venv "$VIRTUAL_ENV"
ENV PATH="$VIRTUAL_ENV/bin:$PATH"
COPY gateway/ /srv/gateway/
RUN pip install --no-cache-dir text-generation 'huggingface_hub>=0.24' fastapi==0.115.0 uvicorn==0.30.6 \
    && useradd --uid 10001 --no-create-home gateway
USER 10001
WORKDIR /srv
EXPOSE 8080
CMD ["uvicorn", "gateway.app:app", "--host", "0.0.0.0", "--port", "8080"]
