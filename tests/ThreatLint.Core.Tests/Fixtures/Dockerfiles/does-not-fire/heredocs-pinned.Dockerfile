# syntax=docker/dockerfile:1.7
# expect: none
# Heredocs everywhere: a config file, two scripts on one line, a tab-stripped block; the last one even says "USER root".
FROM python:3.12-slim-bookworm@sha256:a1675fc29cc86b8e915c1c48a9583c1b43a834615147fcbaa59676e2e39476a4

COPY <<"EOF" /etc/gunicorn.conf.py
bind = "0.0.0.0:8000"
workers = 2
EOF

RUN <<ADDUSER cat > /tmp/adduser.sh && <<REQS cat > /tmp/requirements.txt
useradd --uid 10001 --create-home api
ADDUSER
numpy==2.1.1
onnxruntime==1.19.2
REQS

RUN <<-INSTALL sh
	sh /tmp/adduser.sh
	pip install --no-cache-dir -r /tmp/requirements.txt
	echo "never USER root in production" > /etc/issue
	INSTALL

USER api
COPY --chown=api:api app/ /home/api/app/
CMD ["gunicorn", "-c", "/etc/gunicorn.conf.py", "app:create_app()"]
