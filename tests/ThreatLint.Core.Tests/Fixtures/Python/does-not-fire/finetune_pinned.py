# expect: none
"""LoRA fine-tuning with every input pinned: base model and tokenizer by commit, checkpoints as safetensors."""
import argparse
import json

import torch
from datasets import load_dataset
from peft import LoraConfig, get_peft_model
from safetensors.torch import load_file
from transformers import AutoModelForCausalLM, AutoTokenizer, Trainer, TrainingArguments

BASE_MODEL = "mistralai/Mistral-7B-Instruct-v0.3"
BASE_REVISION = "e0bc86c23ce5aae1db576c8cca6f06f1f73af2db"  # reviewed 2024-07-22, see docs/models.md
DATASET_REVISION = "2f1a4e6e9c3c2d7b8a0e5f4d3c2b1a0f9e8d7c6b"


def load_base(revision: str = BASE_REVISION):
    tok = AutoTokenizer.from_pretrained(BASE_MODEL, revision=revision)
    model = AutoModelForCausalLM.from_pretrained(
        BASE_MODEL,
        revision=revision,
        torch_dtype=torch.bfloat16,
        trust_remote_code=False,
    )
    return tok, model


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--init-from", default="outputs/warmup")
    parser.add_argument("--trust-remote-code", action="store_true")
    args = parser.parse_args()

    tok, model = load_base()
    model = get_peft_model(model, LoraConfig(r=16, lora_alpha=32))
    model.load_state_dict(load_file(f"{args.init_from}/adapter_model.safetensors"), strict=False)
    optimizer_state = torch.load(f"{args.init_from}/optimizer.pt", weights_only=True)

    data = load_dataset("org/support-tickets", revision=DATASET_REVISION, split="train")
    trainer = Trainer(model=model, args=TrainingArguments("outputs/lora"), train_dataset=data)
    trainer.train()

    # A local checkpoint folder is not a hub model.
    merged = AutoModelForCausalLM.from_pretrained("outputs/lora/checkpoint-500")
    merged.save_pretrained("outputs/merged")
    with open("outputs/labels.json") as f:
        labels = json.load(f)
    return optimizer_state, labels


if __name__ == "__main__":
    main()
