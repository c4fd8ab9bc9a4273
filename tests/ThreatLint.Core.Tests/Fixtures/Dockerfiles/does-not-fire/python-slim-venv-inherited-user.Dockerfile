# expect: none
# python-slim with a virtualenv; the base stage creates and switches to the app user, later stages are built FROM it (case differs on purpose).
ARG PYTHON_IMAGE=python:3.12-slim-bookworm@sha256:a1675fc29cc86b8e915c1c48a9583c1b43a834615147fcbaa59676e2e39476a4

FROM ${PYTHON_IMAGE} AS Base
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    VIRTUAL_ENV=/opt/venv
RUN groupadd --system app && useradd --system --gid app --create-home app \
    && python -m venv "$VIRTUAL_ENV" && chown -R app:app "$VIRTUAL_ENV"
ENV PATH="$VIRTUAL_ENV/bin:$PATH"
USER app:app
WORKDIR /home/app

FROM base AS deps
COPY --chown=app:app requirements.lock .
RUN pip install --require-hashes --no-deps -r requirements.lock

FROM deps AS final
COPY --chown=app:app sentiment/ ./sentiment/
EXPOSE 8000
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "--workers", "2", "sentiment.api:app"]
