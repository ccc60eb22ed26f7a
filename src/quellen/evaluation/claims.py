"""Score claim clustering (the claim ledger) against the hand-labelled dev set in ``data/dev/claims``.

The labels name news-spkatt annotations (``doc`` = file name without ``.json``, ``annotation`` = index into
its ``Annotations``); the article text is never stored in the repo, it is rebuilt from the tokens with
:func:`quellen.training.corpora.spkatt_text`, so the Message's character span is known.

Rules (written down once so numbers are comparable):

* A gold statement is *found* when an attribution of the analysed article covers >= 0.5 of the characters
  of its Message tokens (the token set, so discontinuous Messages count only their own characters).
  Matching is one-to-one, best overlap first; ties go to the lower gold key, then the lower attribution id.
* All figures except ``found`` are over found statements only (the clustering is not blamed for misses).
* Pairwise P/R/F1: same-claim pairs among found statements; a denial sits in the cluster of the claim it
  denies, so a denial-claim link is a pair like any other. Predicted clusters that mix groups are allowed
  (such pairs are simply wrong). B³ P/R/F1 per statement, averaged.
* ``cross_denials_linked``: gold denials whose cluster holds an asserting statement in another article;
  right when found, predicted stance is ``denies`` and the predicted cluster contains a found asserting
  member of that gold cluster from another article. ``cross_denials_reachable``: how many of them the ledger
  could link at all (the denial and one such asserting statement found), and ``..._reachable_typed``: of
  those, how many the pipeline typed as denials — so a miss upstream is told apart from a miss of the ledger.
"""
from __future__ import annotations

import difflib
import json
import math
import re
from collections import Counter
from itertools import combinations
from pathlib import Path
from typing import Any, Callable

from ..taskformat.io import read_doc
from ..training.corpora import spkatt_text

Key = tuple[str, int]                      # (doc name, annotation index)
AttrKey = tuple[str, str]                  # (document id, attribution id)


def load_labels(labels_dir: Path | str) -> dict[str, Any]:
    """{"labels": [row, ...] (labels.jsonl order), "gists": {cluster: gist}}."""
    d = Path(labels_dir)
    rows = [json.loads(x) for x in (d / "labels.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    gists = {}
    for x in (d / "clusters.jsonl").read_text(encoding="utf-8").splitlines():
        if x.strip():
            c = json.loads(x)
            gists[c["cluster"]] = c["gist"]
    return {"labels": rows, "gists": gists}


def documents_for(data_dir: Path | str, labels: dict[str, Any] | list[dict]) -> list[tuple[str, str, list[dict]]]:
    """[(doc name, text, gold statements)] for every labelled article, in first-label order.

    A gold statement: {"key": (doc, annotation), "group", "cluster", "stance", "start", "end" (first..last
    Message character, exclusive end), "chars": [(start, end)] per Message token}.
    """
    rows = labels["labels"] if isinstance(labels, dict) else labels
    by_doc: dict[str, list[dict]] = {}
    for r in rows:
        by_doc.setdefault(r["doc"], []).append(r)
    out = []
    for name, rs in by_doc.items():
        doc = read_doc(Path(data_dir) / f"{name}.json")
        text, tok_spans, _ = spkatt_text(doc.sentences)
        gold = []
        for r in rs:
            ann = doc.annotations[r["annotation"]]
            chars = sorted({tok_spans[doc.doc_index(p)] for p in ann.message})
            gold.append({"key": (name, r["annotation"]), "group": r["group"], "cluster": r["cluster"],
                         "stance": r["stance"], "start": chars[0][0], "end": chars[-1][1], "chars": chars})
        out.append((name, text, gold))
    return out


def _pairs(assign: dict[Key, str]) -> set[tuple[Key, Key]]:
    groups: dict[str, list[Key]] = {}
    for k, c in assign.items():
        groups.setdefault(c, []).append(k)
    return {tuple(sorted(p)) for ks in groups.values() for p in combinations(ks, 2)}


def _prf(p_num: float, p_den: float, r_num: float, r_den: float) -> tuple[float, float, float]:
    p = p_num / p_den if p_den else 1.0
    r = r_num / r_den if r_den else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(gold: list[dict], predicted: dict[Key, Any]) -> dict[str, Any]:
    """Figures for predicted {gold key: cluster id or (cluster id, stance)}; keys absent = not found."""
    pred = {k: (v if isinstance(v, tuple) else (v, None)) for k, v in predicted.items()}
    g = {s["key"]: s for s in gold}
    found = [k for k in g if k in pred]
    gc = {k: g[k]["cluster"] for k in found}
    pc = {k: pred[k][0] for k in found}
    gp, pp = _pairs(gc), _pairs(pc)
    both = len(gp & pp)
    p, r, f = _prf(both, len(pp), both, len(gp))
    bp = br = 0.0
    for k in found:
        same_g = {j for j in found if gc[j] == gc[k]}
        same_p = {j for j in found if pc[j] == pc[k]}
        bp += len(same_g & same_p) / len(same_p)
        br += len(same_g & same_p) / len(same_g)
    n = len(found)
    b3 = _prf(bp, n, br, n) if n else (1.0, 1.0, 1.0)
    cross, linked, reachable, typed = 0, 0, 0, 0
    for k, s in g.items():
        if s["stance"] != "denies":
            continue
        claims = [j for j, t in g.items() if t["cluster"] == s["cluster"] and t["stance"] == "asserts" and j[0] != k[0]]
        if not claims:
            continue
        cross += 1
        if k in pred and any(j in pred for j in claims):      # what the ledger could link at all
            reachable += 1
            typed += pred[k][1] == "denies"
        if k in pred and pred[k][1] == "denies" and any(j in pred and pred[j][0] == pred[k][0] for j in claims):
            linked += 1
    return {"statements": len(g), "found": n, "found_share": n / len(g) if g else 0.0,
            "gold_pairs": len(gp), "pred_pairs": len(pp), "pair_p": p, "pair_r": r, "pair_f1": f,
            "b3_p": b3[0], "b3_r": b3[1], "b3_f1": b3[2],
            "cross_denials": cross, "cross_denials_linked": linked / cross if cross else None,
            "cross_denials_reachable": reachable, "cross_denials_reachable_typed": typed}


def _to_gold_offsets(gold_text: str, doc_text: str) -> list[int]:
    """For each character of the analysed text, its position in the rebuilt gold text (-1: none)."""
    if gold_text == doc_text:
        return list(range(len(doc_text)))
    m = [-1] * len(doc_text)
    for a, b, size in difflib.SequenceMatcher(None, gold_text, doc_text, autojunk=False).get_matching_blocks():
        for i in range(size):
            m[b + i] = a + i
    return m


def match(gold_statements: list[dict], documents: list, texts: dict[str, str] | None = None,
          threshold: float = 0.5) -> dict[Key, AttrKey]:
    """Gold key -> (doc id, attribution id); documents are paired by ``source`` == gold doc name.

    ``texts``: {doc name: rebuilt gold text}, needed only when the pipeline's cleaned text differs from it.
    """
    by_source = {d.source: d for d in documents}
    maps = {n: _to_gold_offsets(texts[n], d.text) if texts else list(range(len(d.text)))
            for n, d in by_source.items() if not texts or n in texts}
    cands: list[tuple[float, Key, str, AttrKey]] = []
    for s in gold_statements:
        doc = by_source.get(s["key"][0])
        if doc is None:
            continue
        gchars = {i for a, b in s["chars"] for i in range(a, b)}
        to_gold = maps[doc.source]
        for a in doc.attributions:
            c = a.content
            ov = sum(1 for i in range(c.start, min(c.end, len(to_gold))) if to_gold[i] in gchars) / len(gchars)
            if ov >= threshold:
                cands.append((-ov, s["key"], a.id, (doc.id, a.id)))
    out: dict[Key, AttrKey] = {}
    used: set[AttrKey] = set()
    for _, k, _, ak in sorted(cands):
        if k not in out and ak not in used:
            out[k] = ak
            used.add(ak)
    return out


def analyse(docs: list[tuple[str, str, list[dict]]], pipeline: Any = None) -> list:
    """Run the real pipeline over the rebuilt texts; each Document's ``source`` is the article's file name."""
    from ..model import RawDocument
    from ..pipeline import Pipeline

    pipe = pipeline or Pipeline()
    return [pipe.analyse(RawDocument(source=name, text=text)) for name, text, _ in docs]


def evaluate(data_dir: Path | str, labels_dir: Path | str, cluster_fn: Callable[[list], dict],
             documents: list | None = None) -> dict[str, Any]:
    """Analyse the labelled articles (or reuse ``documents``), cluster them with ``cluster_fn(documents) ->
    {(doc id, attribution id): (claim id, stance)}`` and score. Returns the figures plus ``documents``."""
    docs = documents_for(data_dir, load_labels(labels_dir))
    gold = [s for _, _, g in docs for s in g]
    documents = documents if documents is not None else analyse(docs)
    links = match(gold, documents, texts={n: t for n, t, _ in docs})
    clusters = cluster_fn(documents)
    predicted = {k: clusters[ak] for k, ak in links.items() if ak in clusters}
    return {**score(gold, predicted), "documents": documents}


# ----------------------------------------------------------------------------- reference baselines

_WORD = re.compile(r"\w+", re.UNICODE)


def singletons(documents: list) -> dict[AttrKey, tuple[str, str]]:
    return {(d.id, a.id): (f"{d.id}/{a.id}", "denies" if a.denies else "asserts")
            for d in documents for a in d.attributions}


def tfidf_baseline(documents: list, threshold: float = 0.5) -> dict[AttrKey, tuple[str, str]]:
    """Single-link clusters of attributions whose content TF-IDF cosine >= threshold (bag of lower-cased words)."""
    items = [((d.id, a.id), Counter(_WORD.findall(a.content.text.lower())), a.denies)
             for d in documents for a in d.attributions]
    df = Counter(w for _, c, _ in items for w in c)
    n = len(items)
    vecs = []
    for _, c, _ in items:
        v = {w: (1 + math.log(x)) * math.log((1 + n) / (1 + df[w])) for w, x in c.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vecs.append({w: x / norm for w, x in v.items()})
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(n):
        for j in range(i + 1, n):
            if sum(x * vecs[j].get(w, 0.0) for w, x in vecs[i].items()) >= threshold:
                parent[root(j)] = root(i)
    return {k: (f"t{root(i)}", "denies" if den else "asserts") for i, (k, _, den) in enumerate(items)}
