# expect: none
# TorchServe pinned by digest, serving as the image's own model-server user.
FROM pytorch/torchserve:0.12.0-gpu@sha256:58720bdb82e73c1c34c5a3b11e737cbfb7c15a64fc2c1c2bf246c5e33252a89e

USER root
RUN apt-get update \
    && apt-get install -y --no-install-recommends libsndfile1 \
    && rm -rf /var/lib/apt/lists/*
USER model-server:model-server

COPY --chown=model-server:model-server config.properties /home/model-server/config.properties
COPY --chown=model-server:model-server model-store/ /home/model-server/model-store/
EXPOSE 8080
CMD ["torchserve", "--start", "--foreground", "--ts-config", "/home/model-server/config.properties"]
