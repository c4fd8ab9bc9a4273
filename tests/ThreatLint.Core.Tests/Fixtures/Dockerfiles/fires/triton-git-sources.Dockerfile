# syntax=docker/dockerfile:1.7
# expect: TL4004@7 TL4004@8 TL4005@11 TL2010@13
# Triton with a Python backend built from git: one source follows a branch, one has no ref at all, one is pinned.
# A heredoc writes an .env with a literal Anthropic key into the image.
FROM nvcr.io/nvidia/tritonserver:24.08-py3@sha256:71b2ca710bd069e2db86fd873a2367cb9015d011244e65bc827fbb3690da1d78

ADD https://github.com/triton-inference-server/python_backend.git#r24.08 /opt/src/python_backend
ADD --keep-git-dir=true https://github.com/huggingface/tokenizers /opt/src/tokenizers
ADD https://github.com/triton-inference-server/common.git#c9745ed1d9f207416be6d2e6f8de32d1f16199bf /opt/src/common

COPY <<EOF /opt/app/.env
LOG_LEVEL=info
ANTHROPIC_API_KEY=sk-ant-api03-ThreatLintFixture-Hq3Vn7Kx2Mb9Pw4Rz8Ld6Tf1Yc5Jg0Ns
EOF

COPY model_repository/ /models/
USER triton-server
EXPOSE 8000 8001 8002
CMD ["tritonserver", "--model-repository=/models"]
