"""Throughput of the learned attribution component (words/s), alone and behind quellen's German pipeline.

    python bench/bench_attribution.py [--data ../shared/data] [--threads 2] [--processes 2]

Text: the 70 held-out news-spkatt articles (tokens as given) for the component alone; the same articles
joined to plain text for the full pipeline (quellen.nlp's pipeline + the attribution component), when the
shipped pipeline exists. Threads: OMP/BLAS limited to --threads (the project's 2-core budget).
With ``--processes N`` (N > 1) it also times N forked worker processes, each running pipeline + component
(one BLAS thread each) on its share of the articles, repeated ``--scale`` times: the throughput on N cores.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared" / "data")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--processes", type=int, default=1)
    ap.add_argument("--scale", type=int, default=4, help="copies of the articles for the multi-process run")
    args = ap.parse_args()
    if args.processes > 1:
        args.threads = 1
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)

    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from quellen.attribution.learned import load_attributor
    from quellen.taskformat.io import read_doc
    from quellen.training.splits import spkatt_split

    model = load_attributor()
    if model is None:
        print("no shipped attribution model", file=sys.stderr)
        return 1
    _, heldout = spkatt_split(args.data)
    docs = [read_doc(f) for f in heldout]
    n_words = sum(len(s) for d in docs for s in d.sentences)

    # 1. given tokens (the benchmark adapter's path): includes tagging the tokens with quellen's pipeline
    #    when the model uses its tags
    vocab = Vocab()
    spacy_docs = [Doc(vocab, words=d.tokens, sent_starts=[k == 0 for s in d.sentences for k in range(len(s))])
                  for d in docs]
    best = float("inf")
    n_ann = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        n_ann = sum(len(model.annotate_doc(sd)) for sd in spacy_docs)
        best = min(best, time.perf_counter() - t0)
    print(f"attribution on given tokens (incl. tagging them): {n_words} tokens, {n_ann} attributions, "
          f"{n_words / best:,.0f} tokens/s")

    try:
        from quellen.nlp import load_pipeline

        nlp = load_pipeline()
    except Exception as exc:  # the pipeline is trained separately
        print(f"full pipeline: skipped ({exc})")
        return 0
    # 2. the normal pipeline: quellen's German pipeline on plain text, then the component on its Docs
    texts = [" ".join(" ".join(s) for s in d.sentences) for d in docs]
    list(nlp.pipe(texts[:5]))   # warm up
    best_nlp = best_att = float("inf")
    parsed = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        parsed = list(nlp.pipe(texts, batch_size=16))
        t1 = time.perf_counter()
        for doc in parsed:
            model.annotate_doc(doc)
        t2 = time.perf_counter()
        best_nlp = min(best_nlp, t1 - t0)
        best_att = min(best_att, t2 - t1)
    n_tok = sum(len(doc) for doc in parsed)
    n_w = sum(1 for doc in parsed for t in doc if not t.is_space and not t.is_punct)
    full = best_nlp + best_att
    print(f"attribution component on pipeline Docs: {n_tok / best_att:,.0f} tokens/s ({n_w / best_att:,.0f} words/s)")
    print(f"German pipeline alone: {n_tok / best_nlp:,.0f} tokens/s ({n_w / best_nlp:,.0f} words/s)")
    print(f"pipeline + attribution: {n_tok / full:,.0f} tokens/s ({n_w / full:,.0f} words/s); "
          f"words = tokens that are not punctuation or space")
    if args.processes > 1:
        _multi_process(nlp, model, texts * args.scale, args.processes)
    return 0


def _work(job: tuple) -> tuple[int, int]:
    """One worker: pipeline + attribution over its texts; returns (tokens, words)."""
    texts = job
    nlp, model = _SHARED["nlp"], _SHARED["model"]
    n_tok = n_w = 0
    for doc in nlp.pipe(texts, batch_size=16):
        model.annotate_doc(doc)
        n_tok += len(doc)
        n_w += sum(1 for t in doc if not t.is_space and not t.is_punct)
    return n_tok, n_w


_SHARED: dict = {}


def _multi_process(nlp, model, texts: list[str], processes: int) -> None:
    import multiprocessing as mp

    _SHARED.update(nlp=nlp, model=model)
    chunks = [texts[k::processes] for k in range(processes)]
    ctx = mp.get_context("fork")
    with ctx.Pool(processes) as pool:
        pool.map(_work, [c[:2] for c in chunks])          # warm up each worker
        t0 = time.perf_counter()
        counts = pool.map(_work, chunks)
        dt = time.perf_counter() - t0
    n_tok = sum(c[0] for c in counts)
    n_w = sum(c[1] for c in counts)
    print(f"pipeline + attribution, {processes} processes: {n_tok / dt:,.0f} tokens/s ({n_w / dt:,.0f} words/s) "
          f"over {len(texts)} articles")


if __name__ == "__main__":
    raise SystemExit(main())
