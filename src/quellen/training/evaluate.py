"""Held-out evaluation of the shipped German pipeline (``quellen models evaluate``).

Everything here reads only the HELD-OUT slices defined in ``splits.py``/``corpora.py``:
- news tokenisation + sentence F1: the 70 held-out news-spkatt articles, re-joined into running text:
  sentences separated by a single space, except that a heading (a line without final punctuation) ends
  in a line break as it does in any real article; no paragraph breaks otherwise. ``sentence_f1_flat``
  joins everything with spaces (stress test, headings glued to the next sentence). ``sentence_f1`` is
  sentence-BOUNDARY F1 (each sentence start except an article's first); ``sentence_span_f1`` is the
  stricter exact-sentence-span F1 (one wrong boundary costs two spans);
- UPOS / STTS / morphology / Mood=Sub / lemma: held-out UD sentences, on gold tokens (STTS on GSD only;
  PUD has no STTS);
- NER: held-out GermEval sentences as raw text through the full pipeline; an entity counts when its
  character span and label match exactly (outer layer, OTH->MISC, -deriv/-part dropped);
- speed: words/second of the full pipeline over the held-out news articles, 1 and 2 processes.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from ..nlp.components import NER_PIPES
from . import corpora

REPO = Path(__file__).resolve().parents[3]
MODELS_DIR = Path(__file__).resolve().parents[1] / "data" / "models"


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"p": p, "r": r, "f": 2 * p * r / (p + r) if p + r else 0.0}


def _span_prf(gold: list[set], pred: list[set]) -> dict[str, float]:
    tp = sum(len(g & p) for g, p in zip(gold, pred))
    return prf(tp, sum(len(p) for p in pred) - tp, sum(len(g) for g in gold) - tp)


def eval_news(nlp, data: Path, limit: int = 0, flat: bool = False) -> dict[str, Any]:
    files = corpora.spkatt_parts(data)["heldout"]
    files = files[:limit] if limit else files
    texts, gold_tok, gold_sent = [], [], []
    for f in files:
        text, toks, sents = corpora.spkatt_text(corpora.spkatt_sentences(f), flat=flat)
        texts.append(text); gold_tok.append(set(toks)); gold_sent.append(set(sents))
    pred_tok, pred_sent = [], []
    for doc in nlp.pipe(texts, disable=[p for p in ("ner", "trainable_lemmatizer")
                                        if p in nlp.pipe_names]):
        pred_tok.append({(t.idx, t.idx + len(t)) for t in doc if not t.is_space})
        ss = set()
        for s in doc.sents:
            toks = [t for t in s if not t.is_space]
            if toks:
                ss.add((toks[0].idx, toks[-1].idx + len(toks[-1])))
        pred_sent.append(ss)
    tok = _span_prf(gold_tok, pred_tok)
    spans = _span_prf(gold_sent, pred_sent)
    # boundary F1: a boundary is the start of every sentence but the first of its article
    gb = [{a for a, _ in g} - {min(a for a, _ in g)} for g in gold_sent]
    pb = [{a for a, _ in p} - {min(a for a, _ in p)} if p else set() for p in pred_sent]
    bound = _span_prf(gb, pb)
    return {"news_articles": len(files), "news_sentences": sum(len(s) for s in gold_sent),
            "token_f1": tok["f"], "sentence_precision": bound["p"], "sentence_recall": bound["r"],
            "sentence_f1": bound["f"], "sentence_span_f1": spans["f"], "_texts": texts}


def _feats(morph: str) -> set[str]:
    return {f for f in str(morph).split("|") if f and f != "_"}


def eval_ud(nlp, data: Path, limit: int = 0) -> dict[str, Any]:
    c: Counter = Counter()
    for sents, has_stts in corpora.ud_parts(data)["heldout"]:
        sents = sents[:limit] if limit else sents
        for s in sents:
            doc = Doc(nlp.vocab, words=s.words, spaces=s.spaces)
            doc = nlp(doc, disable=["ner"]) if "ner" in nlp.pipe_names else nlp(doc)
            for i, t in enumerate(doc):
                c["tokens"] += 1
                c["upos"] += t.pos_ == s.pos[i]
                c["lemma"] += t.lemma_ == s.lemmas[i]
                g, p = _feats(s.morphs[i]), _feats(t.morph)
                c["morph"] += g == p
                gs, ps = "Mood=Sub" in g, "Mood=Sub" in p
                c["sub_tp"] += gs and ps; c["sub_fp"] += ps and not gs; c["sub_fn"] += gs and not ps
                if has_stts:
                    c["stts_tokens"] += 1
                    c["stts"] += t.tag_ == s.tags[i]
    sub = prf(c["sub_tp"], c["sub_fp"], c["sub_fn"])
    n = max(c["tokens"], 1)
    return {"ud_tokens": c["tokens"], "upos_accuracy": c["upos"] / n,
            "stts_accuracy": c["stts"] / max(c["stts_tokens"], 1), "morph_accuracy": c["morph"] / n,
            "lemma_accuracy": c["lemma"] / n, "mood_sub_precision": sub["p"], "mood_sub_recall": sub["r"],
            "mood_sub_f1": sub["f"], "mood_sub_gold": c["sub_tp"] + c["sub_fn"]}


def eval_ner(nlp, data: Path, limit: int = 0) -> dict[str, Any]:
    held = corpora.germeval_parts(data)["heldout"]
    held = held[:limit] if limit else held
    texts, golds = [], []
    for toks, bio in held:
        spaces = corpora.detokenize(toks)
        text, offs = "", []
        for tok, sp in zip(toks, spaces):
            offs.append(len(text)); text += tok + (" " if sp else "")
        ents, cur = set(), None
        for i, tag in enumerate(bio + ["O"]):
            if cur and not tag.startswith("I-"):
                ents.add((offs[cur[0]], offs[i - 1] + len(toks[i - 1]), cur[1])); cur = None
            if tag.startswith("B-"):
                cur = (i, tag[2:])
        texts.append(text); golds.append(ents)
    res: dict[str, Any] = {"ner_sentences": len(texts)}
    res.update(_ner_scores(nlp, texts, golds, "ner"))
    return res


def eval_ner_smartdata(nlp, data: Path, limit: int = 0) -> dict[str, Any]:
    """PER/ORG/LOC on the held-out SmartData *news* documents (``ner_data.smartdata_split``), whole texts.

    SmartData has no MISC layer, so only PER/ORG/LOC are scored (overall = those three).
    """
    from .ner_data import flat_spans, smartdata_split

    _, held = smartdata_split(data)
    held = held[:limit] if limit else held
    texts = [d["text"] for d in held]
    golds = [{s for s in flat_spans(d["spans"]) if s[2] != "-"} for d in held]
    res: dict[str, Any] = {"smartdata_news_docs": len(texts)}
    res.update(_ner_scores(nlp, texts, golds, "smartdata_ner", labels=("PER", "ORG", "LOC")))
    return res


def _ner_scores(nlp, texts: list[str], golds: list[set], prefix: str,
                labels: tuple[str, ...] = ("PER", "ORG", "LOC", "MISC")) -> dict[str, Any]:
    """Exact char-span + label P/R/F overall, per type, and over PER/ORG/LOC (the bar of issue 13)."""
    # the NER and what its output passes through: with two NERs, quellen_ner_combine reads tags and the first's
    keep = [p for p in nlp.pipe_names if p in NER_PIPES]
    disable = [p for p in nlp.pipe_names if p not in keep]
    preds = [{(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in labels}
             for doc in nlp.pipe(texts, disable=disable)]
    overall = _span_prf(golds, preds)
    res: dict[str, Any] = {f"{prefix}_precision": overall["p"], f"{prefix}_recall": overall["r"],
                           f"{prefix}_f1": overall["f"]}
    pol = [{e for e in s if e[2] in ("PER", "ORG", "LOC")} for s in golds]
    res[f"{prefix}_pol_f1"] = _span_prf(pol, [{e for e in s if e[2] in ("PER", "ORG", "LOC")}
                                              for s in preds])["f"]
    per = {}
    for lab in labels:
        g = [{e for e in s if e[2] == lab} for s in golds]
        p = [{e for e in s if e[2] == lab} for s in preds]
        per[lab] = {**_span_prf(g, p), "n": sum(len(x) for x in g)}
    res[f"{prefix}_per_type"] = per
    return res


_SPEED_SCRIPT = r"""
import os, sys, time, json
from quellen.nlp import load_pipeline
texts = json.load(open(sys.argv[1], encoding="utf-8")); nproc = int(sys.argv[2]); path = sys.argv[3] or None
nlp = load_pipeline(path)
list(nlp.pipe(texts[:5]))
t = time.perf_counter()
words = sum(sum(1 for tok in d if not tok.is_space) for d in nlp.pipe(texts, n_process=nproc, batch_size=16))
print(json.dumps({"words": words, "seconds": time.perf_counter() - t}))
"""


def eval_speed(texts: list[str], model: Path | None, nproc: int) -> float:
    """Words/second of the full pipeline, in a fresh single-threaded interpreter (BLAS threads = 1)."""
    import json
    import tempfile

    reps = max(1, 40000 // max(1, sum(len(t.split()) for t in texts)))
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as fh:
        json.dump(texts * reps, fh)
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    out = subprocess.run([sys.executable, "-c", _SPEED_SCRIPT, fh.name, str(nproc), str(model or "")],
                         capture_output=True, text=True, env=env, check=True)
    os.unlink(fh.name)
    r = json.loads(out.stdout.strip().splitlines()[-1])
    return r["words"] / r["seconds"]


def load_seconds(model: Path | None) -> float:
    code = ("import time; t=time.perf_counter(); from quellen.nlp import load_pipeline; "
            f"load_pipeline({str(model)!r} if {bool(model)} else None); print(time.perf_counter()-t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def dir_size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def evaluate_all(data: Path, model: Path | None = None, limit: int = 0, speed: bool = True) -> dict:
    from quellen.nlp import load_pipeline

    nlp = load_pipeline(str(model) if model else None)
    res: dict[str, Any] = {"model": str(model or MODELS_DIR / "de_quellen"), "pipeline": nlp.pipe_names}
    news = eval_news(nlp, data, limit)
    texts = news.pop("_texts")
    res.update(news)
    res["sentence_f1_flat"] = eval_news(nlp, data, limit, flat=True)["sentence_f1"]
    res.update(eval_ud(nlp, data, limit * 5 if limit else 0))
    res.update(eval_ner(nlp, data, limit * 10 if limit else 0))
    res.update(eval_ner_smartdata(nlp, data, limit * 3 if limit else 0))
    res["las"] = None  # no parser shipped (see model card)
    res["models_size_mb"] = dir_size_mb(MODELS_DIR)
    res["pipeline_size_mb"] = dir_size_mb(Path(model) if model else MODELS_DIR / "de_quellen")
    if speed:
        res["load_seconds"] = load_seconds(model)
        res["words_per_second_1proc"] = eval_speed(texts, model, 1)
        res["words_per_second_2proc"] = eval_speed(texts, model, 2)
    else:
        res["load_seconds"] = res["words_per_second_1proc"] = res["words_per_second_2proc"] = None
    return res


def render(res: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    t = Table(title="quellen German pipeline — held-out scores")
    t.add_column("metric"); t.add_column("value", justify="right")
    for k, v in res.items():
        if k.endswith("_per_type"):
            for lab, s in v.items():
                t.add_row(f"{k[:-9]} {lab} P/R/F (n={s['n']})", f"{s['p']:.3f} / {s['r']:.3f} / {s['f']:.3f}")
        elif isinstance(v, float):
            t.add_row(k, f"{v:.1f}" if k.endswith(("_mb", "_seconds")) and v >= 10 else
                      f"{v:.4f}" if v < 10 else f"{v:,.0f}")
        else:
            t.add_row(k, str(v))
    Console().print(t)
