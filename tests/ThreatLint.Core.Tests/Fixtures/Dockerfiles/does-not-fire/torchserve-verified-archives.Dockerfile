# expect: none
# TorchServe with model archives fetched over https and checked against pinned digests before the layer is written;
# the release notes and the tokenizer vocabulary (not models) are fetched as they are.
FROM python:3.12-slim@sha256:2b2f1bd5b8e8ed7a4f8b4d4d1f0a1ef1b8c9d6b0d52b2e1bcbf6a3c1f9a4e7d1
ARG SENTIMENT_SHA256=6fd5d72fe4589f189f8ebc006442dbb529bb7ce38f8082112682524616046452
RUN apt-get update && apt-get install -y --no-install-recommends curl openjdk-17-jre-headless \
 && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir torch==2.4.1 torchserve==0.12.0 torch-model-archiver==0.12.0
WORKDIR /home/model-server
COPY checksums/SHA256SUMS model-store/
RUN mkdir -p model-store \
 && curl -fsSL -o model-store/sentiment.mar https://artifacts.example.com/torchserve/sentiment/3/sentiment.mar \
 && echo "${SENTIMENT_SHA256}  model-store/sentiment.mar" | sha256sum -c - \
 && curl -fsSLo model-store/detector.pt https://artifacts.example.com/detector/2024-06/detector.pt \
 && curl -fsSLo model-store/labels.parquet https://artifacts.example.com/detector/2024-06/labels.parquet \
 && (cd model-store && sha256sum -c SHA256SUMS) \
 && curl -fsSLo NOTES.md https://artifacts.example.com/torchserve/RELEASE_NOTES.md \
 && curl -fsSLo vocab.txt https://artifacts.example.com/tokenizers/bert-base/vocab.txt
RUN useradd --uid 10001 --no-create-home model-server && chown -R 10001 /home/model-server
USER 10001
EXPOSE 8080
CMD ["torchserve", "--start", "--foreground", "--model-store", "model-store", "--models", "sentiment=sentiment.mar", "--disable-token-auth"]
