# expect: TL1010@7 TL1010@8 TL1011@17
# vLLM serving a model whose architecture lives in its Hub repository: the server runs the repository's Python
# (--trust-remote-code), the model and its LoRA adapter are pulled by name, and the adapter download is not pinned.
FROM vllm/vllm-openai:v0.6.3@sha256:ec8207a3dde607f7867f8f5390915018488b877761306ffd4ef099f9b3ee16a1

ENV HF_HOME=/models/hf
RUN huggingface-cli download deepseek-ai/deepseek-coder-6.7b-instruct --local-dir /models/base \
 && hf download org/support-lora --revision v2 --local-dir /models/lora
RUN useradd --uid 10001 --create-home vllm
USER 10001
EXPOSE 8000
ENTRYPOINT ["python3", "-m", "vllm.entrypoints.openai.api_server"]
CMD ["--model", "/models/base", \
     "--tokenizer", "deepseek-ai/deepseek-coder-6.7b-instruct", \
     "--served-model-name", "coder", \
     "--enable-lora", "--lora-modules", "support=/models/lora", \
     "--trust-remote-code"]
