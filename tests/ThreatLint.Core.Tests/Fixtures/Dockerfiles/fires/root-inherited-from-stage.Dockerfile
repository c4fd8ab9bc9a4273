# expect: TL4001@9
# The base stage switches to 0:0 for system packages; the serving stage is built FROM it and inherits that user.
FROM pytorch/pytorch:2.4.1-cuda12.4-cudnn9-runtime@sha256:e8795e623be803af131a2cd6e0598bc9d7f69b44d23a261d2d389a312f3df9ac AS base
RUN useradd --uid 10001 --create-home model
USER model
WORKDIR /home/model

# System packages need root.
USER 0:0
RUN apt-get update \
    && apt-get install -y --no-install-recommends ffmpeg \
    && rm -rf /var/lib/apt/lists/*

FROM base AS serve
COPY --chown=10001:10001 app/ /home/model/app/
EXPOSE 8080
CMD ["python", "-m", "app.server", "--port", "8080"]
