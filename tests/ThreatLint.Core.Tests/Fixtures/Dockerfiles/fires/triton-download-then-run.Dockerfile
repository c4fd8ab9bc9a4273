# expect: TL4007@7 TL4003@9 TL4003@13
# Triton with a Python backend: a dependency script downloaded and run in the same RUN, with no checksum check,
# and a package installed whatever its signature.
FROM nvcr.io/nvidia/tritonserver:24.08-py3@sha256:1f8b4f4ab6e2d8a2a1a5a0d0f6e2f4d58b3c7e1e9a0b2c4d6e8f0a1b3c5d7e9f

RUN apt-get update \
    && apt-get install -y --no-install-recommends --allow-unauthenticated libb64-dev \
    && curl -fsSLO https://raw.githubusercontent.com/triton-inference-server/python_backend/r24.08/install_deps.sh \
    && bash install_deps.sh --cuda \
    && rm -rf /var/lib/apt/lists/*

# The same, written the other way round: run from a file saved by wget.
RUN wget -q -O /tmp/setup.sh https://pkgs.corp.internal/triton/setup.sh && sh /tmp/setup.sh

COPY model_repository/ /models/
RUN useradd --uid 10001 --no-create-home triton
USER 10001
EXPOSE 8000 8001
CMD ["tritonserver", "--model-repository=/models"]
