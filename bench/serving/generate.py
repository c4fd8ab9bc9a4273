#!/usr/bin/env python3
"""Serving-config corpus for bench/serving-bench.sh: N files shaped like real serving repositories.

Files come in application groups of eight, each in its own folder and Kubernetes namespace so that cross-file
exposure is decided per application (an Ingress in one file, the Deployment it reaches in another):

  deploy/<app>/server.yaml      Deployment (vLLM, TGI, Triton, TorchServe or Ollama) + Service + ConfigMap + HPA
  deploy/<app>/ingress.yaml     Ingress (nginx annotations, sometimes rate limits / auth) or Gateway API route
  deploy/<app>/isvc.yaml        KServe InferenceService + ServingRuntime
  deploy/<app>/ray.yaml         KubeRay RayService (some with enableIngress)
  deploy/<app>/seldon.yaml      Seldon v2 Models + SeldonDeployment
  deploy/<app>/compose.yaml     docker-compose with anchors and merge keys
  deploy/<app>/config.properties  TorchServe configuration
  charts/<app>/templates/deployment.yaml  Helm template of a Triton server

Seeded (default 20241130): the same N gives byte-identical files everywhere. Standard library only.
Usage: generate.py OUT --count N [--seed S]
"""
import argparse
import os
import random

SERVERS = [
    ("vllm/vllm-openai:v0.6.3", ["--model", "{model}", "--max-model-len", "8192", "--gpu-memory-utilization", "0.9"], 8000),
    ("ghcr.io/huggingface/text-generation-inference:2.4.0", ["--model-id", "{model}", "--max-input-tokens", "4096"], 80),
    ("nvcr.io/nvidia/tritonserver:24.08-py3", ["tritonserver", "--model-repository=s3://models/triton", "--model-control-mode={mode}"], 8000),
    ("pytorch/torchserve:0.12.0-gpu", ["torchserve", "--start", "--ts-config", "/config/config.properties", "--model-store", "/models"], 8080),
    ("ollama/ollama:0.3.12", ["serve"], 11434),
]
MODELS = ["meta-llama/Meta-Llama-3-8B-Instruct", "mistralai/Mistral-7B-Instruct-v0.3", "Qwen/Qwen2-7B-Instruct", "google/gemma-2-9b-it", "/models/local"]


def server(app, r):
    image, args, port = r.choice(SERVERS)
    model = r.choice(MODELS)
    args = [a.format(model=model, mode=r.choice(["explicit", "poll", "none"])) for a in args]
    if r.random() < 0.3:
        args += ["--revision", "%040x" % r.getrandbits(160)]
    if r.random() < 0.2:
        args.append("--trust-remote-code")
    env = ["            - name: HF_HOME\n              value: /data",
           "            - name: HF_TOKEN\n              valueFrom:\n                secretKeyRef: {name: hf-token, key: token}"]
    if r.random() < 0.4:
        env.append("            - name: VLLM_API_KEY\n              valueFrom:\n                secretKeyRef: {name: %s-api, key: key}" % app)
    limits = "          resources:\n            limits: {cpu: \"8\", memory: 32Gi, nvidia.com/gpu: \"1\"}\n            requests: {cpu: \"4\", memory: 16Gi}\n" if r.random() < 0.6 else ""
    security = "          securityContext:\n            runAsNonRoot: true\n            allowPrivilegeEscalation: false\n            capabilities: {drop: [ALL]}\n" if r.random() < 0.7 else "          securityContext: {privileged: true}\n"
    service_type = r.choice(["ClusterIP", "ClusterIP", "ClusterIP", "LoadBalancer", "NodePort"])
    return f"""# {app}: model server
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {app}-server
  namespace: {app}
  labels:
    app.kubernetes.io/name: {app}
    app.kubernetes.io/component: inference
spec:
  replicas: {r.randint(1, 4)}
  selector:
    matchLabels:
      app.kubernetes.io/name: {app}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: {app}
        app.kubernetes.io/component: inference
      annotations:
        prometheus.io/scrape: "true"
        prometheus.io/port: "{port}"
    spec:
      serviceAccountName: {app}
      nodeSelector:
        nvidia.com/gpu.present: "true"
      tolerations:
        - {{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}}
      containers:
        - name: server
          image: {image}
          imagePullPolicy: IfNotPresent
          args:
{chr(10).join('            - "' + a + '"' for a in args)}
          env:
{chr(10).join(env)}
          ports:
            - containerPort: {port}
              name: http
{limits}{security}          readinessProbe:
            httpGet: {{path: /health, port: http}}
            initialDelaySeconds: 30
            periodSeconds: 10
          livenessProbe:
            httpGet: {{path: /health, port: http}}
            initialDelaySeconds: 120
          volumeMounts:
            - {{name: cache, mountPath: /data}}
            - {{name: shm, mountPath: /dev/shm}}
      volumes:
        - name: cache
          persistentVolumeClaim: {{claimName: {app}-cache}}
        - name: shm
          emptyDir: {{medium: Memory, sizeLimit: 8Gi}}
---
apiVersion: v1
kind: Service
metadata:
  name: {app}
  namespace: {app}
spec:
  type: {service_type}
  selector:
    app.kubernetes.io/name: {app}
  ports:
    - name: http
      port: 80
      targetPort: http
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {app}-config
  namespace: {app}
data:
  MAX_BATCH_SIZE: "32"
  LOG_LEVEL: info
  OPENAI_API_BASE: https://api.openai.com/v1
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {app}
  namespace: {app}
spec:
  scaleTargetRef: {{apiVersion: apps/v1, kind: Deployment, name: {app}-server}}
  minReplicas: 1
  maxReplicas: 8
  metrics:
    - type: Resource
      resource: {{name: cpu, target: {{type: Utilization, averageUtilization: 70}}}}
"""


def ingress(app, r):
    annotations = ["    nginx.ingress.kubernetes.io/proxy-body-size: \"%s\"" % r.choice(["16m", "64m", "0"]),
                   "    nginx.ingress.kubernetes.io/proxy-read-timeout: \"600\""]
    if r.random() < 0.5:
        annotations.append("    nginx.ingress.kubernetes.io/limit-rps: \"10\"")
    else:
        annotations.append("    # nginx.ingress.kubernetes.io/limit-rps: \"10\"")
    if r.random() < 0.5:
        annotations.append("    nginx.ingress.kubernetes.io/auth-url: https://oauth2.example.com/oauth2/auth")
    if r.random() < 0.3:
        annotations.append("    nginx.ingress.kubernetes.io/enable-cors: \"true\"")
    route = f"""---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: {app}
  namespace: {app}
spec:
  parentRefs: [{{name: public, namespace: gateway}}]
  hostnames: [{app}.example.com]
  rules:
    - matches: [{{path: {{type: PathPrefix, value: /v1}}}}]
      backendRefs: [{{name: {app}, port: 80}}]
""" if r.random() < 0.3 else ""
    return f"""apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {app}
  namespace: {app}
  annotations:
{chr(10).join(annotations)}
spec:
  ingressClassName: nginx
  tls:
    - hosts: [{app}.example.com]
      secretName: {app}-tls
  rules:
    - host: {app}.example.com
      http:
        paths:
          - path: /v1
            pathType: Prefix
            backend:
              service:
                name: {app}
                port:
                  number: 80
{route}"""


def isvc(app, r):
    uri = r.choice(["s3://models/%s" % app, "hf://%s" % r.choice(MODELS[:4]), "http://models.example.com/%s" % app, "oci://registry.example.com/%s:v1" % app])
    logger = "    logger:\n      mode: all\n      url: http://logger.monitoring/\n" if r.random() < 0.3 else ""
    auth = "    serving.kserve.io/enable-auth: \"true\"\n" if r.random() < 0.5 else "    serving.kserve.io/deploymentMode: Serverless\n"
    return f"""apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: {app}-llm
  namespace: {app}
  annotations:
{auth}spec:
  predictor:
    minReplicas: 1
{logger}    model:
      modelFormat:
        name: huggingface
      args:
        - --model_name={app}
        - --max-model-len=4096
      storageUri: {uri}
      resources:
        limits: {{cpu: "6", memory: 24Gi, nvidia.com/gpu: "1"}}
---
apiVersion: serving.kserve.io/v1alpha1
kind: ServingRuntime
metadata:
  name: {app}-runtime
  namespace: {app}
spec:
  supportedModelFormats:
    - name: huggingface
      version: "1"
      autoSelect: true
  containers:
    - name: kserve-container
      image: kserve/huggingfaceserver:v0.13.0
      args: ["--model_name={{{{.Name}}}}"]
      resources:
        limits: {{cpu: "4", memory: 16Gi, nvidia.com/gpu: "1"}}
"""


def ray(app, r):
    ingress = "      enableIngress: true\n" if r.random() < 0.2 else ""
    return f"""apiVersion: ray.io/v1
kind: RayService
metadata:
  name: {app}-ray
  namespace: {app}
spec:
  serviceUnhealthySecondThreshold: 900
  serveConfigV2: |
    applications:
      - name: {app}
        import_path: serve_app:deployment
        route_prefix: /
        runtime_env:
          pip: ["transformers==4.44.2"]
        deployments:
          - name: LLM
            num_replicas: 2
            ray_actor_options: {{num_gpus: 1}}
  rayClusterConfig:
    rayVersion: "2.9.0"
    headGroupSpec:
      rayStartParams:
        dashboard-host: "0.0.0.0"
{ingress}      template:
        spec:
          containers:
            - name: ray-head
              image: rayproject/ray-ml:2.9.0-gpu
              resources:
                limits: {{cpu: "4", memory: 16Gi}}
              ports:
                - {{containerPort: 6379, name: gcs}}
                - {{containerPort: 8265, name: dashboard}}
                - {{containerPort: 8000, name: serve}}
    workerGroupSpecs:
      - groupName: gpu
        replicas: 2
        rayStartParams: {{}}
        template:
          spec:
            containers:
              - name: ray-worker
                image: rayproject/ray-ml:2.9.0-gpu
                resources:
                  limits: {{cpu: "8", memory: 32Gi, nvidia.com/gpu: "1"}}
"""


def seldon(app, r):
    return f"""apiVersion: mlops.seldon.io/v1alpha1
kind: Model
metadata:
  name: {app}-iris
  namespace: {app}
spec:
  storageUri: "{r.choice(['gs://seldon-models/scv2/samples/mlserver_1.3.5/iris-sklearn', 'http://models.example.com/iris'])}"
  requirements: [sklearn]
  memory: 100Ki
---
apiVersion: machinelearning.seldon.io/v1
kind: SeldonDeployment
metadata:
  name: {app}-sd
  namespace: {app}
spec:
  predictors:
    - name: default
      replicas: 1
      graph:
        name: classifier
        implementation: SKLEARN_SERVER
        modelUri: gs://seldon-models/v1.19.0/sklearn/iris
        logger: {{mode: {r.choice(['all', 'response'])}}}
      componentSpecs:
        - spec:
            containers:
              - name: classifier
                image: seldonio/mlserver:1.3.5
                resources:
                  limits: {{cpu: "1", memory: 1Gi}}
"""


def compose(app, r):
    token = "hf_%s" % "".join(r.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789") for _ in range(34)) if r.random() < 0.1 else "${HF_TOKEN}"
    bind = r.choice(["", "127.0.0.1:"])
    return f"""x-common: &common
  restart: unless-stopped
  logging:
    driver: json-file
    options: {{max-size: 10m, max-file: "3"}}
x-hf-env: &hf-env
  HF_HOME: /data
  HF_TOKEN: {token}
services:
  {app}-llm:
    <<: *common
    image: vllm/vllm-openai:v0.6.3
    command: ["--model", "{r.choice(MODELS)}", "--max-model-len", "8192"]
    environment:
      <<: *hf-env
    ports:
      - "{bind}8000:8000"
    volumes:
      - hf-cache:/data
    deploy:
      resources:
        reservations:
          devices: [{{driver: nvidia, count: 1, capabilities: [gpu]}}]
  mlflow:
    <<: *common
    image: ghcr.io/mlflow/mlflow:v2.16.0
    command: mlflow server --host 0.0.0.0 --port 5000 --backend-store-uri sqlite:///mlflow.db
    ports:
      - "{bind}5000:5000"
  redis:
    <<: *common
    image: redis:7.2
volumes:
  hf-cache: {{}}
"""


def properties(app, r):
    management = r.choice(["127.0.0.1", "0.0.0.0"])
    lines = ["# TorchServe configuration for %s" % app,
             "inference_address=http://0.0.0.0:8080",
             "management_address=http://%s:8081" % management,
             "metrics_address=http://0.0.0.0:8082",
             "number_of_netty_threads=32",
             "job_queue_size=1000",
             "model_store=/home/model-server/model-store",
             "workflow_store=/home/model-server/wf-store",
             "default_workers_per_model=2",
             "max_request_size=%d" % r.choice([6553500, 104857600, 4294967296])]
    if r.random() < 0.6:
        lines.append("allowed_urls=https://s3.amazonaws.com/%s-models/.*" % app)
    if r.random() < 0.5:
        lines.append("enable_token_authorization=true")
    if r.random() < 0.2:
        lines.append("cors_allowed_origin=*")
    lines.append("load_models=%s.mar" % app)
    return "\n".join(lines) + "\n"


def chart(app, r):
    return f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{{{ include "triton.fullname" . }}}}
  labels:
    {{{{- include "triton.labels" . | nindent 4 }}}}
spec:
  replicas: {{{{ .Values.replicaCount }}}}
  selector:
    matchLabels:
      app: {app}-triton
  template:
    metadata:
      labels:
        app: {app}-triton
    spec:
      containers:
        - name: triton
          image: "{{{{ .Values.image.repository }}}}:{{{{ .Values.image.tag }}}}"
          args:
            - tritonserver
            - --model-repository={{{{ .Values.modelRepositoryPath }}}}
            - --model-control-mode={r.choice(['poll', 'explicit'])}
          resources:
            {{{{- toYaml .Values.resources | nindent 12 }}}}
          ports:
            - {{containerPort: 8000, name: http}}
            - {{containerPort: 8001, name: grpc}}
            - {{containerPort: 8002, name: metrics}}
"""


FILES = [("deploy/{app}/server.yaml", server), ("deploy/{app}/ingress.yaml", ingress), ("deploy/{app}/isvc.yaml", isvc),
         ("deploy/{app}/ray.yaml", ray), ("deploy/{app}/seldon.yaml", seldon), ("deploy/{app}/compose.yaml", compose),
         ("deploy/{app}/config.properties", properties), ("charts/{app}/templates/deployment.yaml", chart)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--seed", type=int, default=20241130)
    args = parser.parse_args()
    r = random.Random(args.seed)
    for i in range(args.count):
        app = "app%05d" % (i // len(FILES))
        path, make = FILES[i % len(FILES)]
        full = os.path.join(args.out, path.format(app=app))
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", newline="\n") as f:
            f.write(make(app, r))


if __name__ == "__main__":
    main()
