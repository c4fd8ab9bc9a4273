# expect: TL4002@3 TL4001@9
# TorchServe on the mutable latest-gpu tag; the image switches to model-server, then back to root to patch a package and forgets to switch again.
FROM pytorch/torchserve:latest-gpu

USER model-server
COPY --chown=model-server:model-server config.properties /home/model-server/config.properties
COPY --chown=model-server:model-server model-store/ /home/model-server/model-store/

USER root
RUN apt-get update \
    && apt-get install -y --no-install-recommends libsndfile1 \
    && rm -rf /var/lib/apt/lists/*

# Extra Python dependencies of the handlers.
COPY requirements.txt /tmp/requirements.txt
RUN pip install --no-cache-dir -r /tmp/requirements.txt

EXPOSE 8080
CMD ["torchserve", "--start", "--foreground", "--ts-config", "/home/model-server/config.properties", "--model-store", "/home/model-server/model-store"]
