# expect: none
# ONNX inference app built in a venv and copied onto distroless :nonroot, which runs as uid 65532 without a USER line.
FROM python:3.11-slim-bookworm@sha256:a1675fc29cc86b8e915c1c48a9583c1b43a834615147fcbaa59676e2e39476a4 AS build
RUN python -m venv /venv
COPY requirements.lock .
RUN /venv/bin/pip install --require-hashes --no-deps -r requirements.lock
COPY app/ /app/

FROM gcr.io/distroless/python3-debian12:nonroot@sha256:ea3e6869841f102bdb95fc7358ad94097770136193d88ac06a56a1c5a318d613
COPY --from=build /venv /venv
COPY --from=build /app /app
ENV PYTHONPATH=/venv/lib/python3.11/site-packages
WORKDIR /app
ENTRYPOINT ["python3", "-m", "app.serve"]
