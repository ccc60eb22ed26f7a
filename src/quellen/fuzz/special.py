"""The two load cases random inputs never reach: one 50 MB input, and 100,000 tiny files in one folder.

Why separate: both are about size, not content. A 50 MB article must come back as a clear failure within
seconds — not after minutes of parsing, and not by exhausting memory; 100,000 small files must be listed and read
without a per-file cost that makes a real archive folder unusable. Each case adds its timings to
``summary.special`` and counts a crash or violation (with a reproducer note) when the promise is broken.
"""
from __future__ import annotations

import json
import random
import shutil
import time
from pathlib import Path

from ..model import Document, Failure, RawDocument
from .collect import InputResult, Outcome, Runner
from .driver import load_corpus
from .formats import encode, html_page, warc_bytes
from .invariants import check_raw
from .mutate import window

BIG_BYTES = 50 * 1024 * 1024
FAST_S = 10.0


def _big_text(target: int) -> str:
    para = ("Der Sprecher der Stadt sagte, man werde die Vorwürfe prüfen. „Das ist schlicht falsch“, erklärte "
            "die Ministerin am Montag laut einem Bericht des Beispielboten.\n")
    return para * (target // len(para.encode("utf-8")) + 1)


def big_inputs(runner: Runner, pipeline=None, size: int = BIG_BYTES) -> dict:
    """A 50 MB (``size``) ``.txt``, ``.html``, ``.json``, one such ``.jsonl`` line and a WARC with such a record:
    each must be refused by ingest (a ``Failure`` naming the size) in under :data:`FAST_S` seconds.
    ``pipeline`` is unused (nothing this big may reach it); the signature matches :func:`tiny_files`."""
    from ..ingest import iter_inputs, list_inputs

    folder = runner.workdir / "big"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    text = _big_text(size)
    data = text.encode("utf-8")
    (folder / "big.txt").write_bytes(data)
    (folder / "big.html").write_bytes(encode(html_page(text, random.Random(0)), "utf-8"))
    (folder / "big.json").write_text(json.dumps({"text": text}), encoding="utf-8")
    (folder / "big.jsonl").write_text(json.dumps({"text": "kurz"}) + "\n" + json.dumps({"text": text}) + "\n",
                                      encoding="utf-8")
    (folder / "big.warc.gz").write_bytes(warc_bytes([("https://x.example/big", b"<html><body><p>" + data +
                                                      b"</p></body></html>", "text/html")], random.Random(0), True))
    del data, text
    report = {}
    for path in list_inputs([folder]):
        t0 = time.perf_counter()
        items = list(iter_inputs([path]))
        seconds = time.perf_counter() - t0
        big = [x for x in items if not (isinstance(x, RawDocument) and x.text == "kurz")]
        ok = bool(big) and all(isinstance(x, Failure) for x in big) and seconds < FAST_S
        report[path.name] = {"seconds": round(seconds, 2),
                             "results": [f"{type(x).__name__}: {getattr(x, 'reason', 'accepted')}" for x in items]}
        res = InputResult(-1, "big", path.name, [], str(path))
        for x in items:
            res.outcomes.append(Outcome(x.source, x if isinstance(x, Failure) else None, True, check_raw(x, path)))
        if not ok:
            res.violations.append(f"{size / 2**20:.0f} MB input {path.name} was not refused as a clear failure "
                                  f"within {FAST_S:.0f} s: {report[path.name]}")
        runner.handle(res, count_input=False)
        runner.log(f"big: {path.name}: {report[path.name]}")
    shutil.rmtree(folder, ignore_errors=True)
    runner.summary.special["big"] = report
    return report


def tiny_files(runner: Runner, n: int, pipeline, sample: int = 200, corpus_paths=None) -> dict:
    """``n`` tiny files (a sentence or two each, a few broken) in one folder: time ``list_inputs`` and reading
    every one with ``iter_inputs`` (each must yield a document or a failure), then analyse, store and check an
    evenly spread ``sample`` of them."""
    from ..ingest import iter_inputs, list_inputs

    folder = runner.workdir / "tiny"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rng = random.Random(f"quellen-fuzz-tiny:{runner.seed}")
    corpus = load_corpus(corpus_paths or [Path(__file__).resolve().parents[3] / "examples" / "articles"])
    texts = []
    for art in corpus:
        texts += [s.strip() + "." for s in window(art.text, rng, 1).split(". ") if s.strip()]
    t0 = time.perf_counter()
    for i in range(n):
        text = rng.choice(texts)
        r = rng.random()
        if r < 0.8:
            (folder / f"{i:06d}.txt").write_bytes(encode(text, "utf-8"))
        elif r < 0.9:
            (folder / f"{i:06d}.json").write_text(json.dumps({"text": text}), encoding="utf-8")
        elif r < 0.95:
            (folder / f"{i:06d}.html").write_text(f"<p>{text}</p>", encoding="utf-8")
        else:
            (folder / f"{i:06d}.txt").write_bytes(rng.choice((b"", b" \n", b"\xff\xfe\x00", b"%PDF-1.4")))
    write_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    files = list_inputs([folder])
    list_s = time.perf_counter() - t0
    violations = []
    if len(files) != n or files != sorted(files):
        violations.append(f"list_inputs listed {len(files)} of {n} files (sorted: {files == sorted(files)})")
    t0 = time.perf_counter()
    raws, failures, every = [], 0, max(1, n // sample)
    for k, item in enumerate(iter_inputs(files)):
        vs = check_raw(item, item.source.split("#", 1)[0])
        violations += vs[:3]
        if isinstance(item, Failure):
            failures += 1
        elif k % every == 0:
            raws.append(item)
    read_s = time.perf_counter() - t0
    res = InputResult(-2, "tiny", f"tiny x{n}", [], str(folder), violations=violations[:50])
    t0 = time.perf_counter()
    for raw in raws[:sample]:
        res.outcomes.append(Outcome(raw.source, pipeline.analyse_or_fail(raw), False))
    analyse_s = time.perf_counter() - t0
    docs = sum(isinstance(o.result, Document) for o in res.outcomes)
    report = {"files": n, "write_s": round(write_s, 1), "list_s": round(list_s, 2), "read_s": round(read_s, 1),
              "read_per_file_ms": round(1000 * read_s / max(n, 1), 3), "ingest_failures": failures,
              "analysed": len(res.outcomes), "documents": docs, "analyse_s": round(analyse_s, 1)}
    runner.handle(res, count_input=False)
    runner.summary.special["tiny"] = report
    runner.log(f"tiny: {report}")
    shutil.rmtree(folder, ignore_errors=True)
    return report


__all__ = ["big_inputs", "tiny_files", "BIG_BYTES"]
