# expect: TL4002@6 TL4001@6
# Triton Inference Server with a Python backend; the FROM line is split by continuations and a comment.
ARG TRITON_VERSION=24.08
ARG TRITON_FLAVOR=py3

FROM \
    # the NGC release is chosen by the CI matrix
    nvcr.io/nvidia/tritonserver:${TRITON_VERSION}-${TRITON_FLAVOR} \
    AS serve

RUN pip install --no-cache-dir \
        transformers==4.44.2 \
        sentencepiece==0.2.0
COPY model_repository/ /models/
EXPOSE 8000 8001
CMD ["tritonserver", "--model-repository=/models", "--strict-model-config=false"]
