"""Throughput and memory of the full quellen pipeline (clean → nlp → attribution → linking), no database.

Prints words/second with 1 and 2 worker processes and the peak resident memory of one worker.
Corpus: the texts of ../shared/data/news-spkatt/unlabeled (real news, never used for training) when present,
else the bundled sample articles repeated.

    .venv/bin/python bench/bench_pipeline.py [--docs 148] [--data ../shared/data]
"""
from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _detok(tokens: list[str]) -> str:
    text = ""
    no_space_before = set(".,;:!?)]}“\"'")
    for t in tokens:
        if text and t not in no_space_before and not text.endswith(("„", "(", "[")):
            text += " "
        text += t
    return text


def load_corpus(data: Path, n_docs: int) -> list[str]:
    folder = data / "news-spkatt" / "unlabeled"
    texts: list[str] = []
    if folder.is_dir():
        for f in sorted(folder.glob("*.json"))[:n_docs]:
            doc = json.loads(f.read_text(encoding="utf-8"))
            texts.append("\n".join(_detok(s["Tokens"]) for s in doc["Sentences"]))
    if not texts:
        sample = (ROOT / "examples" / "articles" / "stadtwerke-strompreis.txt").read_text(encoding="utf-8")
        texts = [sample] * n_docs
    return texts


def _work(texts: list[str]) -> tuple[int, float, int]:
    from quellen.model import RawDocument
    from quellen.pipeline import Pipeline

    pipe = Pipeline()
    pipe.analyse(RawDocument(source="warmup", text=texts[0]))  # load models outside the timing
    words = 0
    t0 = time.perf_counter()
    for i, text in enumerate(texts):
        pipe.analyse(RawDocument(source=f"bench-{i}", text=text))
        words += len(text.split())
    return words, time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=148)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = ap.parse_args()
    texts = load_corpus(args.data, args.docs)
    total_words = sum(len(t.split()) for t in texts)
    print(f"corpus: {len(texts)} documents, {total_words} words")

    from quellen.nlp import load_pipeline

    t0 = time.perf_counter()
    load_pipeline()
    print(f"German pipeline load: {time.perf_counter() - t0:.2f} s (target <= 2 s)")
    load_pipeline.cache_clear()

    words, secs, rss = _work(texts)
    print(f"1 process : {words / secs:,.0f} words/s ({secs:.1f} s), peak RSS {rss / 1024:.0f} MiB")

    # the real code path of `quellen analyze --workers 2` (models already loaded in the parent are shared by fork)
    from quellen.model import RawDocument
    from quellen.pipeline import Pipeline

    pipe = Pipeline()
    pipe.analyse(RawDocument(source="warmup", text=texts[0]))
    raws = [RawDocument(source=f"bench-{i}", text=t) for i, t in enumerate(texts)]
    t0 = time.perf_counter()
    results = list(pipe.run(raws, workers=2))
    secs2 = time.perf_counter() - t0
    assert len(results) == len(texts)
    print(f"2 processes: {total_words / secs2:,.0f} words/s ({secs2:.1f} s, Pipeline.run(workers=2))")


if __name__ == "__main__":
    main()
