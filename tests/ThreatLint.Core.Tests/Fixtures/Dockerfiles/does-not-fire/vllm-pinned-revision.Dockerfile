# expect: none
# vLLM serving a natively supported model at a reviewed commit; the adapter is downloaded at a commit too, and the
# entrypoint and command together name the revision.
FROM vllm/vllm-openai:v0.6.3@sha256:ec8207a3dde607f7867f8f5390915018488b877761306ffd4ef099f9b3ee16a1

ENV HF_HOME=/models/hf
RUN hf download org/support-lora --revision 3f1e9c2a7b4d6e8f0a1c3e5d7b9f2a4c6e8d0b1a --local-dir /models/lora
RUN useradd --uid 10001 --create-home vllm
USER 10001
EXPOSE 8000
ENTRYPOINT ["vllm", "serve", "--revision", "0e9e39f249a16976918f6564b8830bc894c89659"]
CMD ["meta-llama/Llama-3.1-8B-Instruct", "--enable-lora", "--lora-modules", "support=/models/lora", "--trust-remote-code=false"]
