# expect: TL4007@6 TL3008@7 TL4007@10 TL4007@13
# TorchServe behind a corporate mirror: certificate checks switched off instead of installing the mirror's CA,
# and the mirror itself served over plain http.
FROM pytorch/torchserve:0.12.0-gpu@sha256:58720bdb82e73c1c34c5a3b11e737cbfb7c15a64fc2c1c2bf246c5e33252a89e

ENV PIP_TRUSTED_HOST=pypi.mirror.corp \
    PIP_INDEX_URL=http://pypi.mirror.corp/simple

USER root
RUN apt-get -o Acquire::https::Verify-Peer=false update \
    && apt-get install -y --no-install-recommends libsndfile1 \
    && rm -rf /var/lib/apt/lists/*
RUN git config --global http.sslVerify false \
    && pip install --no-cache-dir -r /home/model-server/requirements.txt
USER model-server:model-server

COPY --chown=model-server:model-server config.properties /home/model-server/config.properties
COPY --chown=model-server:model-server model-store/ /home/model-server/model-store/
EXPOSE 8080
CMD ["torchserve", "--start", "--foreground", "--ts-config", "/home/model-server/config.properties"]
