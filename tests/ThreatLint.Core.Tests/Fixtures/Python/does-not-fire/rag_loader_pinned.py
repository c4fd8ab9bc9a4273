# expect: none
"""RAG over the policy handbook with pinned embeddings and a verified GGUF; the index is rebuilt, never unpickled."""
from huggingface_hub import hf_hub_download
from langchain_chroma import Chroma
from langchain_community.embeddings import HuggingFaceEmbeddings
from langchain_community.llms import LlamaCpp

EMBEDDING_MODEL = "BAAI/bge-small-en-v1.5"
EMBEDDING_REVISION = "5c38ec7c405ec4b44b94cc5a9bb96e735b38267a"

embeddings = HuggingFaceEmbeddings(
    model_name=EMBEDDING_MODEL,
    model_kwargs={"device": "cpu", "revision": EMBEDDING_REVISION},
)
store = Chroma(collection_name="handbook", embedding_function=embeddings, persist_directory="indexes/handbook")


def load_llm() -> LlamaCpp:
    gguf = hf_hub_download(
        repo_id="TheBloke/Llama-2-7B-Chat-GGUF",
        filename="llama-2-7b-chat.Q4_K_M.gguf",
        revision="191239b3e26b2882fb562ffccdd1cf0f65402adb",
    )
    return LlamaCpp(model_path=gguf, n_ctx=4096, temperature=0.1)
