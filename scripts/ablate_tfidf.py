"""What the TF-IDF part's settings do, with the encoder of a built model held fixed.

A model directory written by ``stance train`` adds a TF-IDF model's log-probabilities to its encoder's logits, and
fits the `none` offsets to that sum on the real-prose dev split. This script takes such a directory (or several, e.g.
two seeds of one recipe), recovers each encoder's own logits on the dev and test rows once (the saved logits less the
shipped TF-IDF part and the folded offsets), then for each variant of the TF-IDF part fits it on the train split, refits
the offsets as ``stance train`` does (for each weight of its log-probabilities, ``--weights``), and scores real and
written dev and test rows. The dev splits choose; test rows are printed for the record. One line per (model,
variant, weight); the last line is a JSON summary::

    python scripts/ablate_tfidf.py corpora/policy-stance/judgments.jsonl --models models/policy-stance-minilm \\
        --variants shipped negation C=1 --weights 0.5 1 1.5
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import numpy as np

from stance import tfidf
from stance.calibrate import NONE, fit_none_offsets
from stance.classify import StanceClassifier
from stance.evaluate import score
from stance.heldout import row_logits
from stance.judgments import read_judgments
from stance.tfidf import TfidfModel
from stance.types import LABELS

PARTS = (("real", "dev"), ("synthetic", "dev"), ("real", "test"), ("synthetic", "test"))
_CUE = re.compile(r"^(?:not|no|never|nor|neither|without|cannot|n't|none|nothing)$")
_TOKEN = re.compile(r"(?u)\b\w\w+\b|n't|[.,;:!?]")


def negation_tokens(text: str) -> list[str]:
    """Word tokens, those after a negation cue up to the next punctuation marked ``NEG_`` (Das and Chen 2001; Pang et
    al. 2002), so that "not lifted" and "lifted" are different words.

    >>> negation_tokens("Sanctions are not to be lifted, they work.")
    ['sanctions', 'are', 'not', 'NEG_to', 'NEG_be', 'NEG_lifted', 'they', 'work']
    """
    out, negated = [], False
    for token in _TOKEN.findall(text.lower().replace("n't", " n't")):
        if token in ".,;:!?":
            negated = False
            continue
        out.append("NEG_" + token if negated else token)
        negated = negated or bool(_CUE.match(token))
    return out


VARIANTS = {  # name: the vectorizers' settings (stance.tfidf.VECTORIZERS), the regression's C, the real rows' weight
    "shipped": (tfidf.VECTORIZERS, 4.0),
    "real-x2": (tfidf.VECTORIZERS, 4.0, 2.0),
    "real-x4": (tfidf.VECTORIZERS, 4.0, 4.0),
    "negation": (
        {
            **tfidf.VECTORIZERS,
            "word": {
                "tokenizer": negation_tokens,
                "lowercase": False,
                "token_pattern": None,
                "ngram_range": (1, 2),
                "sublinear_tf": True,
                "min_df": 1,
            },
        },
        4.0,
    ),
    "word-1-3": ({**tfidf.VECTORIZERS, "word": {**tfidf.VECTORIZERS["word"], "ngram_range": (1, 3)}}, 4.0),
    "word-only": ({"word": tfidf.VECTORIZERS["word"]}, 4.0),
    "char-only": ({"char": tfidf.VECTORIZERS["char"]}, 4.0),
    "C=1": (tfidf.VECTORIZERS, 1.0),
    "C=0.25": (tfidf.VECTORIZERS, 0.25),
}
CLASS_WEIGHTS = {"unweighted": None, "sqrt-weighted": "sqrt"}  # variants of the shipped part's class weights


def encoder_logits(directory: Path, rows: list[dict]) -> np.ndarray:
    """The encoder's own logits for ``rows``: the model's, less its TF-IDF part and its folded `none` offsets."""
    classifier = StanceClassifier(directory, runtime="torch").load()
    logits = row_logits(classifier, rows)
    logits -= classifier.lexical_row_logits([r["text"] for r in rows], [r["target"] for r in rows])
    offsets = json.loads((directory / "calibration.json").read_text()).get("none_offsets", {})
    logits[:, NONE] -= [offsets.get(r["target"], 0.0) for r in rows]
    return logits


def context_log_odds(train_rows: list[dict], held: list[dict]) -> np.ndarray:
    """What each held row's previous claim says of the row's own label: a TF-IDF model fitted on the training rows'
    contexts with the rows' labels, its log-probabilities centred over the labels (so that an uninformative context
    adds about nothing); zero for rows without a context."""
    with_context = [{**r, "text": r["context"]} for r in train_rows if r.get("context")]
    model = TfidfModel(fallback=False, seed=13).fit(with_context)
    odds = np.zeros((len(held), len(LABELS)))
    index = [i for i, r in enumerate(held) if r.get("context")]
    odds[index] = model.row_log_proba([held[i]["context"] for i in index], [held[i]["target"] for i in index])
    odds[index] -= odds[index].mean(axis=1, keepdims=True)
    return odds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("judgments", type=Path)
    parser.add_argument("--models", type=Path, nargs="+", required=True, help="model directories from stance train")
    parser.add_argument("--variants", nargs="+", default=list(VARIANTS), choices=[*VARIANTS, *CLASS_WEIGHTS])
    parser.add_argument(
        "--weights", type=float, nargs="+", default=[1.0], help="weights of the TF-IDF log-probabilities"
    )
    parser.add_argument(
        "--context-weights",
        type=float,
        nargs="+",
        default=[0.0],
        help="weights of a second TF-IDF model's log-odds, fitted on each claim's previous claim (the rows' context) "
        "to predict the claim's own label; default 0 (none)",
    )
    parser.add_argument(
        "--floors",
        type=float,
        nargs="+",
        default=[None],
        help="floors on the TF-IDF log-probabilities (e.g. -3: no label below e^-3 = 0.05), so that the n-grams "
        "cannot veto a label the encoder finds; default none",
    )
    args = parser.parse_args(argv)

    rows = read_judgments(args.judgments)
    train_rows = [r for r in rows if r["split"] == "train"]
    held = [r for r in rows if r["split"] in ("dev", "test") and r.get("origin") in ("real", "synthetic")]
    parts = {f"{o} {s}": [i for i, r in enumerate(held) if (r["origin"], r["split"]) == (o, s)] for o, s in PARTS}
    real_dev = parts["real dev"]
    results = []
    context = context_log_odds(train_rows, held) if any(args.context_weights) else np.zeros((len(held), len(LABELS)))
    for directory in args.models:
        encoder = encoder_logits(directory, held)
        for name in args.variants:
            vectorizers, c, real_weight = (*VARIANTS.get(name, VARIANTS["shipped"]), 1.0)[:3]
            weights = [real_weight if r.get("origin") == "real" else 1.0 for r in train_rows]
            shipped = tfidf.VECTORIZERS
            tfidf.VECTORIZERS = vectorizers  # read by TfidfModel.fit; restored below
            try:
                model = TfidfModel(C=c, fallback=False, seed=13, class_weight=CLASS_WEIGHTS.get(name, "balanced")).fit(
                    train_rows, sample_weight=weights
                )
                lexical = model.row_log_proba([r["text"] for r in held], [r["target"] for r in held])
            finally:
                tfidf.VECTORIZERS = shipped
            grid = [(w, f, c) for w in args.weights for f in args.floors for c in args.context_weights]
            for weight, floor, beta in grid:
                logits = encoder + weight * (lexical if floor is None else np.maximum(lexical, floor)) + beta * context
                offsets = fit_none_offsets(
                    logits[real_dev], [held[i]["label"] for i in real_dev], [held[i]["target"] for i in real_dev]
                )
                logits[:, NONE] += [offsets.get(r["target"], 0.0) for r in held]
                result = {"model": str(directory), "variant": name, "weight": weight, "floor": floor}
                result["context_weight"] = beta
                result["none_offsets"] = offsets
                for part, index in parts.items():
                    predicted = [LABELS[k] for k in logits[index].argmax(axis=1)]
                    result[part] = round(score([held[i]["label"] for i in index], predicted)["macro_f1"], 4)
                results.append(result)
                print(" ".join(f"{k}={v}" for k, v in result.items()), flush=True)
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
