# syntax=docker/dockerfile:1.7
# expect: none
# TorchServe that publishes inference only: the management API is bound to loopback in its config, the model
# archive is fetched over https with a pinned sha256, and no admin port is exposed.
FROM pytorch/torchserve:0.12.0-cpu@sha256:58720bdb82e73c1c34c5a3b11e737cbfb7c15a64fc2c1c2bf246c5e33252a89e

ADD --checksum=sha256:6fd5d72fe4589f189f8ebc006442dbb529bb7ce38f8082112682524616046452 \
    --chown=model-server:model-server \
    https://artifacts.ml.example.com/mar/bert-sentiment-1.4.mar /home/model-server/model-store/

COPY --chown=model-server:model-server <<EOF /home/model-server/config.properties
inference_address=http://0.0.0.0:8080
management_address=http://127.0.0.1:8081
metrics_address=http://127.0.0.1:8082
allowed_urls=https://artifacts.ml.example.com/.*
EOF

USER model-server
EXPOSE 8080
CMD ["torchserve", "--start", "--foreground", "--ts-config", "/home/model-server/config.properties"]
