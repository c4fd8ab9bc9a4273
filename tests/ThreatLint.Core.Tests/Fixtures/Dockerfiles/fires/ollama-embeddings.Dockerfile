# expect: TL1010@5 TL1010@6
# Ollama with the chat and embedding models baked in at build time: both are pulled by tag.
FROM ollama/ollama:0.3.12@sha256:d0b0e3e4d3a1c0c7f18b5c4e0f7d8e3b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e
RUN ollama serve & sleep 5 \
 && ollama pull llama3.1:8b-instruct-q4_K_M \
 && ollama pull nomic-embed-text
RUN useradd --uid 10001 --create-home ollama
USER 10001
EXPOSE 11434
ENTRYPOINT ["ollama", "serve"]
