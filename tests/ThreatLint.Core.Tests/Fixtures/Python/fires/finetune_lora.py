# expect: TL1010@25:41 TL1010@26:50 TL1011@29:9 TL1013@55:17 TL1013@61:18 TL1010@69:59
"""LoRA fine-tuning of an instruction model on the support-ticket corpus.

Run: accelerate launch finetune_lora.py --output-dir outputs/lora-support
"""
import argparse
import pickle

import torch
from datasets import load_dataset
from peft import LoraConfig, get_peft_model
from transformers import (
    AutoModelForCausalLM,
    AutoTokenizer,
    DataCollatorForLanguageModeling,
    Trainer,
    TrainingArguments,
)

BASE_MODEL = "tiiuae/falcon-7b-instruct"
DATASET = "org/support-tickets"


def load_base():
    tok = AutoTokenizer.from_pretrained(BASE_MODEL)
    model = AutoModelForCausalLM.from_pretrained(BASE_MODEL,
        torch_dtype=torch.bfloat16,
        device_map="auto",
        trust_remote_code=True,
    )
    return tok, model


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--output-dir", default="outputs/lora-support")
    parser.add_argument("--resume", default=None)
    args = parser.parse_args()

    tok, model = load_base()
    tok.pad_token = tok.eos_token
    model = get_peft_model(model, LoraConfig(r=16, lora_alpha=32, target_modules=["query_key_value"]))

    # Datasets are TL3006's business, not this rule's.
    data = load_dataset(DATASET, split="train")
    data = data.map(lambda row: tok(row["text"], truncation=True, max_length=1024), batched=True)

    trainer = Trainer(
        model=model,
        args=TrainingArguments(args.output_dir, per_device_train_batch_size=4, num_train_epochs=1, bf16=True),
        train_dataset=data,
        data_collator=DataCollatorForLanguageModeling(tok, mlm=False),
    )
    if args.resume:
        state = torch.load(f"{args.resume}/trainer_state.pt")
        model.load_state_dict(state["model"])
    trainer.train()
    model.save_pretrained(args.output_dir)

    with open("label_encoder.pkl", "rb") as f:
        labels = pickle.load(f)
    print(f"labels: {labels.classes_}")


def evaluate(adapter_dir):
    """Compare with the reference adapter published by the upstream team."""
    from peft import PeftModel

    reference = PeftModel.from_pretrained(load_base()[1], "tiiuae/falcon-7b-support-lora")
    return reference


if __name__ == "__main__":
    main()
