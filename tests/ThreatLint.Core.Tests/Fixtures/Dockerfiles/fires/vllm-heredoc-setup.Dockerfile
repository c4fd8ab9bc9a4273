# syntax=docker/dockerfile:1.7
# expect: TL4003@10 TL4007@12 TL4003@17
# vLLM image whose setup lives in heredocs: the body is a script, so what it pipes and clones is checked there.
FROM vllm/vllm-openai:v0.6.3@sha256:ec8207a3dde607f7867f8f5390915018488b877761306ffd4ef099f9b3ee16a1

RUN <<EOF
set -eux
# tokenizer assets and a helper CLI
apt-get update && apt-get install -y --no-install-recommends git
wget -qO- https://get.example-ml.dev/cli/install.sh | bash -s -- --prefix /usr/local
mkdir -p /opt/adapters
git -c http.sslVerify=false clone --depth 1 https://git.corp.internal/ml/lora-adapters.git /opt/adapters
EOF

RUN useradd --uid 10001 --create-home vllm
USER vllm
ENTRYPOINT ["/bin/bash", "-c", "curl -fsSL https://config.corp.internal/bootstrap.sh | bash && exec python3 -m vllm.entrypoints.openai.api_server --model /models/llama --revision 0e9e39f249a16976918f6564b8830bc894c89659"]
