# expect: none
"""Ticket-routing inference service (FastAPI): models verified on download, configs read safely."""
import hashlib
import os
import urllib.request
from contextlib import asynccontextmanager

import onnxruntime as ort
import yaml
from fastapi import FastAPI
from huggingface_hub import hf_hub_download
from pydantic import BaseModel

MODEL_DIR = os.environ.get("MODEL_DIR", "/srv/models")
INTENT_URL = "https://models.example.com/intent/v4/model.onnx"
INTENT_SHA256 = "6fd5d72fe4589f189f8ebc006442dbb529bb7ce38f8082112682524616046452"
ROUTER_REPO = "org/ticket-router-onnx"
ROUTER_REVISION = "c9745ed1d9f207416be6d2e6f8de32d1f16199bf"

state = {}


def fetch_intent_model() -> str:
    path = os.path.join(MODEL_DIR, "intent.onnx")
    urllib.request.urlretrieve(INTENT_URL, path)
    with open(path, "rb") as f:
        if hashlib.sha256(f.read()).hexdigest() != INTENT_SHA256:
            os.remove(path)
            raise RuntimeError(f"{path}: sha256 mismatch")
    return path


@asynccontextmanager
async def lifespan(app: FastAPI):
    with open(os.path.join(MODEL_DIR, "serving.yaml")) as f:
        state["config"] = yaml.safe_load(f)
    router = hf_hub_download(ROUTER_REPO, "router.onnx", revision=ROUTER_REVISION)
    state["router"] = ort.InferenceSession(router, providers=["CPUExecutionProvider"])
    state["intent"] = ort.InferenceSession(fetch_intent_model())
    yield
    state.clear()


app = FastAPI(lifespan=lifespan)


class Ticket(BaseModel):
    subject: str
    body: str


@app.post("/route")
async def route(ticket: Ticket):
    return {"queue": "billing", "threshold": state["config"]["threshold"], "subject": ticket.subject}
