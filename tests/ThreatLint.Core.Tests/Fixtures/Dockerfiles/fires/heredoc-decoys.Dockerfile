# syntax=docker/dockerfile:1.7
# expect: TL4001@3
FROM python:3.12-slim-bookworm@sha256:a1675fc29cc86b8e915c1c48a9583c1b43a834615147fcbaa59676e2e39476a4

# The heredoc bodies below mention USER and FROM; they are file content and script text, not instructions.
COPY <<EOF /etc/supervisor/conf.d/worker.conf
[program:worker]
command=python -m worker
USER nobody
EOF

RUN <<-SETUP bash
	set -eux
	useradd --uid 10001 --create-home worker
	echo "FROM here on the worker runs unprivileged" > /etc/motd
	USER worker
	SETUP

WORKDIR /srv
COPY worker/ /srv/worker/
CMD ["supervisord", "-n"]
