# expect: TL2010@6 TL4005@9 TL2010@19
# vLLM OpenAI-compatible server: the gated-model token is a build-argument default and the server's API key is
# written into the command line; the ENV below only references the ARG (that is not another finding).
FROM vllm/vllm-openai:v0.6.3@sha256:ec8207a3dde607f7867f8f5390915018488b877761306ffd4ef099f9b3ee16a1

ARG HF_TOKEN=hf_ThreatLintFixtureTokenKq7Wm2Rv9Zp4Bn
ENV HF_TOKEN=${HF_TOKEN} \
    HF_HOME=/models/hf \
    VLLM_API_KEY=Lr8Tq3Zm6Xw1Pv9K
RUN huggingface-cli download meta-llama/Llama-3.1-8B-Instruct \
        --revision 0e9e39f249a16976918f6564b8830bc894c89659 \
        --token "$HF_TOKEN"
RUN useradd --uid 10001 --create-home vllm
USER 10001
EXPOSE 8000
ENTRYPOINT ["python3", "-m", "vllm.entrypoints.openai.api_server", \
            "--model", "meta-llama/Llama-3.1-8B-Instruct", \
            "--revision", "0e9e39f249a16976918f6564b8830bc894c89659", \
            "--api-key", "sk-proj-ThreatLintFixture_k7Qm2Xv9Rb4Tn8Wz3Lp6Hd1Jc5"]
