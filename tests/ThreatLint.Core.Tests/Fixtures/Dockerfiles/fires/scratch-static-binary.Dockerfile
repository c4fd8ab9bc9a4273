# expect: TL4001@12
# Go embedding server compiled statically and shipped on scratch: no shell, but it still runs as uid 0.
FROM golang:1.22.6-bookworm@sha256:d754ed9f64ac293b10268157f283ee23256fb32a4f8dedb25c8446ca5bcb0bb3 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags="-s -w" -o /out/embedder ./cmd/embedder

# The final image: the binary, CA certificates and the ONNX model.

FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
COPY --from=build /out/embedder /embedder
COPY models/all-MiniLM-L6-v2.onnx /models/
ENTRYPOINT ["/embedder", "--model", "/models/all-MiniLM-L6-v2.onnx"]
