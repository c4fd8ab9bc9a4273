# expect: none
# A notebook stage used only to execute and export the training notebook; its private-index .netrc and its
# EXPOSE never ship. The final image is a distroless runtime that serves the exported ONNX model.
FROM python:3.12-slim-bookworm@sha256:a1675fc29cc86b8e915c1c48a9583c1b43a834615147fcbaa59676e2e39476a4 AS notebook
COPY .netrc /root/.netrc
RUN pip install --no-cache-dir jupyterlab==4.2.5 nbconvert==7.16.4 \
    && rm /root/.netrc
COPY train.ipynb .
RUN jupyter nbconvert --to notebook --execute train.ipynb
EXPOSE 8888

FROM gcr.io/distroless/python3-debian12:nonroot@sha256:ea3e6869841f102bdb95fc7358ad94097770136193d88ac06a56a1c5a318d613
COPY --from=notebook /model.onnx /app/model.onnx
COPY serve/ /app/serve/
EXPOSE 8080
ENTRYPOINT ["python3", "-m", "serve"]
