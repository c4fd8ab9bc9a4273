# expect: TL4004@12 TL4006@17 TL4006@17
# TorchServe that advertises its management and metrics APIs (ShellTorch territory) next to inference, and
# fetches its model archive over plain http without a checksum.
FROM pytorch/torchserve:0.12.0-cpu@sha256:58720bdb82e73c1c34c5a3b11e737cbfb7c15a64fc2c1c2bf246c5e33252a89e

USER root
RUN apt-get update \
    && apt-get install -y --no-install-recommends libsndfile1 \
    && rm -rf /var/lib/apt/lists/*

ARG MODEL_HOST=http://artifacts.ml.internal
ADD --chown=model-server:model-server ${MODEL_HOST}/mar/bert-sentiment-1.4.mar /home/model-server/model-store/
COPY --chown=model-server:model-server config.properties /home/model-server/config.properties

USER model-server
ENV TS_MANAGEMENT_PORT=8081
EXPOSE 8080 ${TS_MANAGEMENT_PORT} 8082/tcp
CMD ["torchserve", "--start", "--foreground", "--ts-config", "/home/model-server/config.properties", "--models", "bert=bert-sentiment-1.4.mar"]
