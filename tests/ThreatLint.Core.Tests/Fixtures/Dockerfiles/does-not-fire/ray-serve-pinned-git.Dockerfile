# expect: none
# Ray Serve application: sources added from git pinned to commits, the dashboard left unexposed (port-forward it).
FROM rayproject/ray:2.37.0-py311-cpu@sha256:4cc4c2fc734a3f50b6830fa0ec3d87f8a5b3bb8e603b5350a55e4755ab4d5b18

ADD https://github.com/ray-project/serve_config_examples.git#c9745ed1d9f207416be6d2e6f8de32d1f16199bf:text_ml /srv/app
ADD --keep-git-dir=true git@github.com:contoso/reranker.git?ref=0e9e39f249a16976918f6564b8830bc894c89659 /srv/reranker
ARG SERVE_PORT=8000
ENV RAY_SERVE_HTTP_PORT=${SERVE_PORT} \
    RAY_memory_monitor_refresh_ms=0
USER ray
EXPOSE ${SERVE_PORT}
CMD ["serve", "run", "/srv/app/config.yaml"]
