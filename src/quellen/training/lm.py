"""Pretrain a small bidirectional LSTM language model (ELMo-style) on plain German text.

Why: the attribution taggers learn from 630 annotated articles, too few to learn from scratch what a
clause of reported speech looks like across a sentence or two. A language model read over millions of
words of Bundestag speeches and unlabeled news learns that context for free; its frozen states are
then one more input of the BiLSTM message scorer, or CRF features (:mod:`quellen.attribution.neural`;
measured on held-out news, neither helps: see the README).

Input per token is the pipeline's own floret vector (frozen, so every unseen word has one); the
forward LSTM predicts the next word, the backward LSTM the previous one, both through one adaptive
softmax over the most frequent words. Held-out articles of the attribution split are never read.
Weights are exported to NumPy (``lm.npz``); the run time needs no deep-learning library.

    python -m quellen.training.lm --data ../shared/data --out build/lm/v1 --steps 9927
"""
from __future__ import annotations

import argparse
import json
import logging
import lzma
import time
from collections import Counter
from pathlib import Path

import numpy as np

from .splits import spkatt_split
from .vectors import TOKEN_RE

log = logging.getLogger(__name__)

EOS = "</s>"
# the measured run's settings (vocab and cutoffs as run; it stopped by time at 9,927 updates)
DEFAULTS = {"hidden": 256, "vocab": 20000, "cutoffs": [1000, 5000], "bptt": 40, "batch": 64, "lr": 2e-3,
            "bundestag_words": 12_000_000, "news_repeat": 3, "minutes": 45.0, "steps": 0, "threads": 2, "seed": 0,
            "dropout": 0.1}


def read_corpus(data: Path, bundestag_words: int, news_repeat: int) -> list[list[str]]:
    """Token streams: the attribution training articles (not the held-out ones) and the unlabeled
    news, each ``news_repeat`` times (the register we care about), then Bundestag paragraphs."""
    from ..taskformat.io import read_doc

    train, _held = spkatt_split(data)
    news = [read_doc(f).tokens for f in train]
    news += [read_doc(f).tokens for f in sorted((data / "news-spkatt" / "unlabeled").glob("*.json"))]
    docs: list[list[str]] = []
    for _ in range(news_repeat):
        docs.extend(news)
    words = 0
    with lzma.open(data / "raw-german" / "bundestag.txt.xz", "rt", encoding="utf-8") as fh:
        for line in fh:
            toks = TOKEN_RE.findall(line)
            if toks:
                docs.append(toks)
                words += len(toks)
            if words >= bundestag_words:
                break
    log.info("LM corpus: %d news articles x %d, %d Bundestag words", len(news), news_repeat, words)
    return docs


def _interleave(docs: list[list[str]], rng: np.random.Generator) -> list[str]:
    """One stream, documents in a seeded random order, each closed by ``</s>``."""
    out: list[str] = []
    for k in rng.permutation(len(docs)):
        out.extend(docs[k])
        out.append(EOS)
    return out


def train(data: Path, out: Path, params: dict | None = None) -> dict:
    """Read the corpus, look up every word type's floret vector once, fit, export to ``out``; returns the
    summary written to ``lm.json`` (tokens, steps, epochs, final perplexity)."""
    from ..attribution.neural import token_vectors
    from ..nlp import load_pipeline

    p = {**DEFAULTS, **(params or {})}
    rng = np.random.default_rng(p["seed"])
    docs = read_corpus(data, p["bundestag_words"], p["news_repeat"])
    stream = _interleave(docs, rng)
    counts = Counter(stream)
    types = [w for w, _ in counts.most_common()]
    type_id = {w: i for i, w in enumerate(types)}
    ids = np.fromiter((type_id[w] for w in stream), dtype=np.int64, count=len(stream))
    del stream, docs
    nlp = load_pipeline()
    t0 = time.time()
    table = np.concatenate([token_vectors(nlp.vocab.vectors, types[k:k + 50000])
                            for k in range(0, len(types), 50000)])
    log.info("LM: %d tokens, %d types, input vectors in %.0fs", len(ids), len(types), time.time() - t0)
    fwd, bwd, info = fit(ids, table, p)
    info["types"] = len(types)
    export(fwd, bwd, out, info)
    log.info("LM written to %s: %s", out, info)
    return info


def fit(ids: np.ndarray, table: np.ndarray, p: dict):
    """Train both LSTMs on one stream of type ids (most frequent type first) whose input vectors are the
    rows of ``table``; returns the forward and backward ``torch.nn.LSTM`` and a summary."""
    import torch
    from torch import nn

    p = {**DEFAULTS, **p}
    torch.manual_seed(p["seed"])
    torch.set_num_threads(int(p["threads"]))
    vocab = int(p["vocab"])
    target = np.minimum(ids, vocab)              # every rarer word is one output class, ``vocab``
    hidden = int(p["hidden"])
    fwd = nn.LSTM(table.shape[1], hidden, batch_first=True)
    bwd = nn.LSTM(table.shape[1], hidden, batch_first=True)
    drop = nn.Dropout(p["dropout"])
    head = nn.AdaptiveLogSoftmaxWithLoss(hidden, vocab + 1, cutoffs=list(p["cutoffs"]), div_value=4.0)
    params_ = list(fwd.parameters()) + list(bwd.parameters()) + list(head.parameters())
    opt = torch.optim.Adam(params_, lr=p["lr"])
    emb = torch.from_numpy(np.asarray(table, dtype=np.float32))
    B, T = int(p["batch"]), int(p["bptt"])
    n = (len(ids) - 1) // B
    # B parallel streams left to right for the forward LSTM; the reversed stream for the backward one
    rev, rev_t = ids[::-1].copy(), target[::-1].copy()
    xs = {"f": torch.from_numpy(ids[:n * B].reshape(B, n)), "b": torch.from_numpy(rev[:n * B].reshape(B, n))}
    ys = {"f": torch.from_numpy(target[1:n * B + 1].reshape(B, n)), "b": torch.from_numpy(rev_t[1:n * B + 1].reshape(B, n))}
    lstms = {"f": fwd, "b": bwd}
    states: dict = {"f": None, "b": None}
    t0 = time.time()
    deadline = t0 + 60.0 * float(p["minutes"])
    steps = int(p["steps"])
    step = seen = pos = epoch = 0
    run_loss = 0.0
    while (step < steps) if steps else (time.time() < deadline):
        if pos + T > n:
            pos, epoch, states = 0, epoch + 1, {"f": None, "b": None}
        loss = torch.zeros(())
        for d in ("f", "b"):
            h, st = lstms[d](drop(emb[xs[d][:, pos:pos + T]]), states[d])
            states[d] = tuple(s.detach() for s in st)
            loss = loss + head(drop(h).reshape(-1, hidden), ys[d][:, pos:pos + T].reshape(-1)).loss
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(params_, 1.0)
        opt.step()
        pos += T
        step += 1
        seen += B * T
        run_loss = loss.item() / 2 if step == 1 else 0.98 * run_loss + 0.02 * loss.item() / 2
        if step % 200 == 0:
            log.info("LM step %d epoch %d: %d tokens, loss %.3f (ppl %.0f), %.0f tokens/s", step, epoch, seen,
                     run_loss, float(np.exp(run_loss)), seen / (time.time() - t0))
    info = {"params": p, "tokens": int(len(ids)), "steps": step, "tokens_seen": seen,
            "epochs": round(epoch + pos / max(n, 1), 3), "loss": round(run_loss, 4),
            "perplexity": round(float(np.exp(run_loss)), 1), "seconds": round(time.time() - t0)}
    return fwd, bwd, info


def export(fwd, bwd, out: Path, info: dict) -> None:
    """``lm.npz`` (what :class:`quellen.attribution.neural.LanguageModelEncoder` reads) and ``lm.json``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    w = {}
    for lstm, d in ((fwd, "f"), (bwd, "b")):
        w[f"{d}_wih"] = lstm.weight_ih_l0.detach().numpy()
        w[f"{d}_whh"] = lstm.weight_hh_l0.detach().numpy()
        w[f"{d}_b"] = (lstm.bias_ih_l0 + lstm.bias_hh_l0).detach().numpy()
    np.savez_compressed(out / "lm.npz", **w)
    (out / "lm.json").write_text(json.dumps(info, indent=1), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True, help="the shared data folder")
    ap.add_argument("--out", type=Path, default=Path("build/lm"))
    ap.add_argument("--minutes", type=float, default=DEFAULTS["minutes"], help="training time budget")
    ap.add_argument("--steps", type=int, default=0, help="a fixed number of updates (reproducible); overrides --minutes")
    ap.add_argument("--params", default="{}", help="JSON overrides of DEFAULTS")
    a = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    train(a.data, a.out, {**json.loads(a.params), "minutes": a.minutes, "steps": a.steps})


if __name__ == "__main__":
    main()
