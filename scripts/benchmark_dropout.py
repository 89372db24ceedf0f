"""Seconds per training step with torch's dropout masks and with numpy's (`stance.dropout`), in one process.

Whole builds in fresh processes drift by several percent from one run to the next on a shared machine, more than the
difference measured here; so this script times the two side by side: the recipe's model (its kept layers, the frozen
layer's outputs computed once), the same batches of training claims for both, alternating which goes first in each
round, each step a forward and backward pass, gradient clipping and a fused AdamW update as the Trainer does them.
The last line is a JSON summary with the CPU::

    python scripts/benchmark_dropout.py --claims 2400 --rounds 8 --steps 10

Prefix ``ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2 MKL_ENABLE_INSTRUCTIONS=AVX2`` to hold torch to AVX2.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from contextlib import nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpora" / "policy-stance" / "judgments.jsonl")
    parser.add_argument("--claims", type=int, default=2400, help="training claims drawn at random (seed 0)")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--steps", type=int, default=10, help="steps of each kind per round")
    args = parser.parse_args()

    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer, DataCollatorWithPadding

    from stance.dropout import numpy_dropout
    from stance.info import describe
    from stance.judgments import read_judgments
    from stance.layer_cache import collate_states, lower_states, upper_layers
    from stance.train import _keep_layers, default_base_model
    from stance.training_args import TrainingConfig

    recipe = TrainingConfig()
    base = default_base_model()
    tokenizer = AutoTokenizer.from_pretrained(base, local_files_only=True)
    model = AutoModelForSequenceClassification.from_pretrained(base, local_files_only=True, num_labels=9)
    _keep_layers(model, recipe.encoder_layers)
    model.base_model.embeddings.requires_grad_(False)
    for layer in model.base_model.encoder.layer[: recipe.frozen_layers]:
        layer.requires_grad_(False)
    texts = sorted({r["text"] for r in read_judgments(args.corpus, split="train")})
    random.Random(0).shuffle(texts)
    examples = [
        {**tokenizer(t, truncation=True, max_length=recipe.max_length), "labels": [0] * 9} for t in texts[: args.claims]
    ]
    states = sorted(
        lower_states(model, examples, recipe.frozen_layers, DataCollatorWithPadding(tokenizer)),
        key=lambda e: len(e["input_ids"]),
    )
    size = recipe.batch_size
    batches = [collate_states(states[i : i + size]) for i in range(0, len(states), size)]  # of like length
    random.Random(1).shuffle(batches)
    needed = (args.rounds + 1) * args.steps
    if len(batches) < needed:
        parser.error(f"{args.rounds} rounds of {args.steps} steps need {needed * size} claims; pass --claims")
    trained = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trained, lr=1e-5, fused=True)

    def step(batch: dict) -> None:
        logits = model(inputs_embeds=batch["inputs_embeds"], attention_mask=batch["attention_mask"]).logits
        logits.pow(2).mean().backward()
        torch.nn.utils.clip_grad_norm_(trained, 1.0)
        optimizer.step()
        optimizer.zero_grad()

    seconds = {"torch": 0.0, "numpy": 0.0}
    with upper_layers(model, recipe.frozen_layers):
        model.train()
        for batch in batches[: args.steps]:  # warm-up
            step(batch)
        for round_ in range(args.rounds):
            chunk = batches[(round_ + 1) * args.steps : (round_ + 2) * args.steps]
            for masks in ("torch", "numpy") if round_ % 2 == 0 else ("numpy", "torch"):
                with numpy_dropout(model, seed=round_) if masks == "numpy" else nullcontext():
                    started = time.perf_counter()
                    for batch in chunk:
                        step(batch)
                    seconds[masks] += time.perf_counter() - started
    per_step = {masks: round(total / (args.rounds * args.steps), 4) for masks, total in seconds.items()}
    print(
        json.dumps(
            {
                "cpu": describe()["cpu"],
                "threads": torch.get_num_threads(),
                "steps_each": args.rounds * args.steps,
                "seconds_per_step": per_step,
                "numpy_saves": round(1 - per_step["numpy"] / per_step["torch"], 3),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
