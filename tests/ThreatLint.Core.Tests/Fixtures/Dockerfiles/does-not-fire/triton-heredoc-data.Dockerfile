# syntax=docker/dockerfile:1.7
# expect: none
# Triton with heredocs that are data, not scripts: a README and a pip.conf written to files, and Python run by
# python3. Their text mentions "curl -k", "| sh" and extra indexes; none of it runs as a shell command.
FROM nvcr.io/nvidia/tritonserver:24.08-py3@sha256:1f8b4f4ab6e2d8a2a1a5a0d0f6e2f4d58b3c7e1e9a0b2c4d6e8f0a1b3c5d7e9f

RUN <<'EOF' cat > /opt/README.ops
Do not "curl -k https://..." and never "curl https://... | sh" in this image.
Ask the platform team before adding --extra-index-url or PIP_TRUSTED_HOST.
EOF

COPY <<EOF /etc/pip.conf
[global]
index-url = https://pypi.corp.internal/simple
EOF

RUN python3 <<EOF
import urllib.request
urllib.request.urlopen("https://pypi.corp.internal/simple/")  # verified with the system CA bundle
EOF

RUN <<-SETUP bash
	set -eux
	git config --global http.sslVerify true
	pip install --no-cache-dir --require-hashes -r /opt/requirements.lock
	SETUP

COPY model_repository/ /models/
RUN useradd --uid 10001 --no-create-home triton
USER 10001
EXPOSE 8000 8001
CMD ["tritonserver", "--model-repository=/models"]
