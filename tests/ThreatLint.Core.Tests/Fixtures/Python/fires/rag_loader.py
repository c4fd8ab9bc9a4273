# expect: TL1010@16:16 TL1011@17:36 TL1013@31:12 TL1010@36:17
"""Builds and loads the RAG index over the policy handbook, then answers with a local Llama via llama.cpp."""
from pathlib import Path

from huggingface_hub import hf_hub_download
from langchain_community.document_loaders import DirectoryLoader, PyPDFLoader
from langchain_community.embeddings import HuggingFaceEmbeddings
from langchain_community.llms import LlamaCpp
from langchain_community.vectorstores import FAISS
from langchain_text_splitters import RecursiveCharacterTextSplitter

INDEX_DIR = Path("indexes/handbook")
EMBEDDING_MODEL = "nomic-ai/nomic-embed-text-v1.5"

embeddings = HuggingFaceEmbeddings(
    model_name=EMBEDDING_MODEL,
    model_kwargs={"device": "cpu", "trust_remote_code": True},
    encode_kwargs={"normalize_embeddings": True},
)


def build_index(source_dir: str) -> FAISS:
    docs = DirectoryLoader(source_dir, glob="**/*.pdf", loader_cls=PyPDFLoader).load()
    chunks = RecursiveCharacterTextSplitter(chunk_size=800, chunk_overlap=80).split_documents(docs)
    index = FAISS.from_documents(chunks, embeddings)
    index.save_local(str(INDEX_DIR))
    return index


def load_index() -> FAISS:
    return FAISS.load_local(str(INDEX_DIR), embeddings, allow_dangerous_deserialization=True)


def load_llm() -> LlamaCpp:
    gguf = hf_hub_download(
        repo_id="TheBloke/Llama-2-7B-Chat-GGUF",
        filename="llama-2-7b-chat.Q4_K_M.gguf",
    )
    return LlamaCpp(model_path=gguf, n_ctx=4096, temperature=0.1)
