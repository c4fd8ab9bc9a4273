"""Nightly ingestion: chunk the legal team's contracts, embed them and upload them to the search index.

Every chunk records the group allowed to read its source document (allowed_group), but the chatbot
never filters on it.
"""
import os
import pathlib

from azure.core.credentials import AzureKeyCredential
from azure.search.documents import SearchClient
from openai import OpenAI

CONTRACTS = pathlib.Path(os.environ.get("CONTRACTS_DIR", "/mnt/legal/contracts"))
CHUNK_CHARS = 2000


def chunks(text: str):
    for start in range(0, len(text), CHUNK_CHARS):
        yield text[start:start + CHUNK_CHARS]


def main() -> None:
    openai = OpenAI(api_key=os.environ["OPENAI_API_KEY"])
    search = SearchClient(
        endpoint=os.environ["SEARCH_ENDPOINT"],
        index_name="contracts",
        credential=AzureKeyCredential(os.environ["SEARCH_ADMIN_KEY"]),
    )
    batch = []
    for path in sorted(CONTRACTS.glob("**/*.txt")):
        group = path.parent.name  # folder per business unit: finance, hr, m-and-a ...
        for i, piece in enumerate(chunks(path.read_text(encoding="utf-8"))):
            vector = openai.embeddings.create(model="text-embedding-3-small", input=piece).data[0].embedding
            batch.append({
                "id": f"{path.stem}-{i}",
                "title": path.stem,
                "content": piece,
                "contentVector": vector,
                "allowedGroup": group,
            })
    search.upload_documents(documents=batch)


if __name__ == "__main__":
    main()
