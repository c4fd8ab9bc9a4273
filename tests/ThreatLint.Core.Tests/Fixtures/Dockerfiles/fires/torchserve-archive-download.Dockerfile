# expect: TL1012@11 TL1012@12
# TorchServe with model archives fetched at build time: the sentiment .mar comes over plain http with no check,
# the detector weights are checked only in a later RUN, and the tokenizer vocab is verified in the same RUN.
FROM python:3.12-slim@sha256:2b2f1bd5b8e8ed7a4f8b4d4d1f0a1ef1b8c9d6b0d52b2e1bcbf6a3c1f9a4e7d1
ARG VOCAB_SHA256=6fd5d72fe4589f189f8ebc006442dbb529bb7ce38f8082112682524616046452
RUN apt-get update && apt-get install -y --no-install-recommends curl openjdk-17-jre-headless \
 && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir torch==2.4.1 torchserve==0.12.0 torch-model-archiver==0.12.0
WORKDIR /home/model-server
RUN mkdir -p model-store \
 && curl -fsSL -o model-store/sentiment.mar http://artifacts.internal.example.com/torchserve/sentiment/3/sentiment.mar \
 && wget -q -O model-store/detector.pt https://artifacts.example.com/detector/2024-06/detector.pt \
 && curl -fsSLo vocab.txt https://artifacts.example.com/tokenizers/bert-base/vocab.txt \
 && curl -fsSLo model-store/vocab.npz https://artifacts.example.com/tokenizers/bert-base/vocab.npz \
 && echo "${VOCAB_SHA256}  model-store/vocab.npz" | sha256sum -c -
COPY checksums/detector.pt.sha256 model-store/
RUN cd model-store && sha256sum -c detector.pt.sha256
RUN useradd --uid 10001 --no-create-home model-server && chown -R 10001 /home/model-server
USER 10001
EXPOSE 8080
CMD ["torchserve", "--start", "--foreground", "--model-store", "model-store", "--models", "sentiment=sentiment.mar", "--disable-token-auth"]
