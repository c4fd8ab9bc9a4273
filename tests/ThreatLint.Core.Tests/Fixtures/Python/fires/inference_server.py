# expect: TL1012@28:9 TL1013@35:27 TL1013@36:23 TL1013@37:26 TL1010@38:38
"""Ticket-routing inference service (FastAPI).

The classifier is a scikit-learn pipeline; the reranker comes from the Hub; the ONNX intent model is fetched from
the model bucket on first start.
"""
import os
import urllib.request
from contextlib import asynccontextmanager

import joblib
import numpy as np
import yaml
from fastapi import FastAPI
from pydantic import BaseModel
from sentence_transformers import CrossEncoder

MODEL_DIR = os.environ.get("MODEL_DIR", "/srv/models")
INTENT_URL = "http://models.internal.example.com/intent/v4/model.onnx"
RERANKER = "cross-encoder/ms-marco-MiniLM-L-6-v2"

state = {}


def fetch_intent_model():
    path = os.path.join(MODEL_DIR, "intent.onnx")
    if not os.path.exists(path):
        urllib.request.urlretrieve(INTENT_URL, path)
    return path


@asynccontextmanager
async def lifespan(app: FastAPI):
    with open(os.path.join(MODEL_DIR, "serving.yaml")) as f:
        state["config"] = yaml.load(f, Loader=yaml.Loader)
    state["router"] = joblib.load(os.path.join(MODEL_DIR, "router.joblib"))
    state["centroids"] = np.load(os.path.join(MODEL_DIR, "centroids.npy"), allow_pickle=True)
    state["reranker"] = CrossEncoder(RERANKER, max_length=512, revision="main")
    state["intent"] = fetch_intent_model()
    yield
    state.clear()


app = FastAPI(lifespan=lifespan)


class Ticket(BaseModel):
    subject: str
    body: str


@app.post("/route")
async def route(ticket: Ticket):
    text = f"{ticket.subject}\n{ticket.body}"
    queue = state["router"].predict([text])[0]
    return {"queue": queue, "threshold": state["config"]["threshold"]}
