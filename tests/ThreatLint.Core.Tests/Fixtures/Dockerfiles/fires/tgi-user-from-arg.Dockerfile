# expect: TL4002@5 TL4001@15
# Text Generation Inference with a custom entrypoint; the runtime user comes from an ARG whose default is root.
ARG TGI_VERSION=2.4.1

FROM ghcr.io/huggingface/text-generation-inference:${TGI_VERSION}
ARG RUN_AS=root
ENV MODEL_ID=meta-llama/Llama-3.1-8B-Instruct \
    REVISION=0e9e39f249a16976918f6564b8830bc894c89659 \
    MAX_INPUT_TOKENS=4096 \
    MAX_TOTAL_TOKENS=8192 \
    PORT=8080

COPY entrypoint.sh /usr/local/bin/entrypoint.sh
RUN chmod 0755 /usr/local/bin/entrypoint.sh
USER ${RUN_AS}
ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]
