"""Train and measure the mention-ranking coreference model (``quellen.link.coref``) on PCC (+ GerDraCor).

Data: ``coref-pcc`` (Potsdam Commentary Corpus 2.0, German newspaper commentaries; CC BY-NC-SA 4.0) and,
optionally, ``coref-gerdracor`` (German drama, CC0) for more pronoun pairs. Each document is tagged by
quellen's own pipeline on the corpus's tokens; mentions are found by ``link.coref.detect_mentions`` and
aligned to the gold markables by their head token, so the model learns from what the run-time detector sees.

Split (fixed): PCC documents sorted by name, every 5th (index % 5 == 0) is HELD OUT (36 documents).

Measures on held-out PCC, for anaphors whose gold chain has an earlier detected mention:
- antecedent accuracy: the top-scored candidate is in the anaphor's gold chain (no threshold), per kind
  (pronoun, description, name);
- link precision / recall with the shipped thresholds (a link is right when it lands in the gold chain;
  recall over anaphors that have a gold antecedent; precision over all links made).

    python -m quellen.training.coref --data ../shared/data [--gerdracor] [--out src/quellen/data/models/coref]
"""
from __future__ import annotations

import json
import re
import time
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree as ET

from ..link.coref import CorefModel, candidates, detect_mentions, pair_features

REPO = Path(__file__).resolve().parents[3]
HELDOUT_EVERY = 5


# ----------------------------------------------------------------------------- PCC reader

def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _span_words(span: str) -> list[int]:
    """'word_3..word_5,word_9' -> [3, 4, 5, 9] (1-based word numbers)."""
    out = []
    for part in span.split(","):
        a, _, b = part.partition("..")
        lo = int(a.split("_")[1])
        hi = int(b.split("_")[1]) if b else lo
        out.extend(range(lo, hi + 1))
    return out


def read_pcc(folder: Path) -> list[dict]:
    """[{"name", "words", "chains": [[word numbers of each mention]...]}] for every PCC document."""
    base = Path(folder) / "coreference"
    docs = []
    for words_file in sorted((base / "basedata").glob("*_words.xml")):
        name = words_file.name[: -len("_words.xml")]
        words = [w.text or "" for w in ET.parse(words_file).getroot().iter() if _local(w.tag) == "word"]
        marks: dict[tuple[str, str], dict] = {}
        for level in ("primmark", "secmark", "groups"):
            f = base / "markables" / f"{name}_{level}_level.xml"
            if not f.exists():
                continue
            for m in ET.parse(f).getroot().iter():
                if _local(m.tag) == "markable":
                    marks[(level, m.get("id"))] = {"span": _span_words(m.get("span")),
                                                   "ante": m.get("anaphor_antecedent", "empty")}
        parent = {k: k for k in marks}

        def find(k):
            while parent[k] != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k
        for (level, mid), m in marks.items():
            if level != "primmark" or not m["ante"] or m["ante"] == "empty":
                continue
            target = m["ante"].split(";")[0]
            key = tuple(target.split(":", 1)) if ":" in target else ("primmark", target)
            if key in marks:
                parent[find((level, mid))] = find(key)
        groups: dict = {}
        for k in marks:
            groups.setdefault(find(k), []).append(marks[k]["span"])
        # every markable group, singletons too: a head word takes the chain of its *smallest* markable
        chains = list(groups.values())
        docs.append({"name": name, "words": words, "chains": chains})
    return docs


def pcc_split(data: Path) -> tuple[list[dict], list[dict]]:
    docs = read_pcc(Path(data) / "coref-pcc")
    return ([d for i, d in enumerate(docs) if i % HELDOUT_EVERY != 0],
            [d for i, d in enumerate(docs) if i % HELDOUT_EVERY == 0])


# ----------------------------------------------------------------------------- GerDraCor reader

def read_gerdracor(folder: Path, max_tokens: int = 4000) -> list[dict]:
    """Plays cut into pieces of about ``max_tokens`` words (at sentence ends); chains from the last column."""
    docs = []
    for f in sorted(Path(folder).glob("*.conll")):
        words, chains, open_ = [], {}, {}
        piece = 0

        def flush():
            nonlocal words, chains, open_, piece
            if words:
                docs.append({"name": f"{f.name.split('.')[0]}-{piece}", "words": words,
                             "chains": list(chains.values())})
            words, chains, open_ = [], {}, {}
            piece += 1
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.startswith("#"):
                continue
            if not line.strip():
                if len(words) >= max_tokens:
                    flush()
                continue
            cols = line.split("\t")
            words.append(cols[3])
            w = len(words)
            for part in cols[-1].split("|"):
                m = re.match(r"^(\()?(\d+)(\))?$", part.strip())
                if not m:
                    continue
                cid = m.group(2)
                if m.group(1):
                    open_.setdefault(cid, []).append(w)
                if m.group(3):
                    start = open_.get(cid, [w]).pop() if open_.get(cid) else w
                    chains.setdefault(cid, []).append(list(range(start, w + 1)))
        flush()
    return docs


# ----------------------------------------------------------------------------- examples

def tagged(nlp, words: list[str]):
    from spacy.tokens import Doc

    from .corpora import detokenize

    return nlp(Doc(nlp.vocab, words=words, spaces=detokenize(words)))


def aligned(doc, gold: dict):
    """Detected mentions and, per mention, its gold chain id (or None), by the head token's word number."""
    mentions = detect_mentions(doc)
    chain_of_word: dict[int, tuple[int, int]] = {}
    for cid, spans in enumerate(gold["chains"]):
        for span in spans:
            for w in span:
                size = len(span)
                if w not in chain_of_word or size < chain_of_word[w][1]:
                    chain_of_word[w] = (cid, size)        # the smallest markable around the word wins
    sizes = Counter(chain_of_word[m.head + 1][0] for m in mentions if m.head + 1 in chain_of_word)
    # a chain that only one detected mention aligns to is a singleton for the ranking task
    chain = [chain_of_word[m.head + 1][0] if m.head + 1 in chain_of_word and
             sizes[chain_of_word[m.head + 1][0]] > 1 else None for m in mentions]
    return mentions, chain


def examples(doc, gold: dict):
    """(features, label, anaphor kind) for every anaphor whose gold chain has an earlier detected mention."""
    mentions, chain = aligned(doc, gold)
    out = []
    for ana in mentions:
        c_ana = chain[ana.index]
        cands = candidates(ana, mentions)
        if c_ana is None or not any(chain[c.index] == c_ana for c in cands):
            # discourse-new (or antecedent outside the window): negatives only, to learn the threshold
            for c in cands[:10]:
                out.append((pair_features(ana, c, mentions), 0, ana.kind))
            continue
        for c in cands:
            out.append((pair_features(ana, c, mentions), int(chain[c.index] == c_ana), ana.kind))
    return out


def evaluate(model: CorefModel, tagged_docs) -> dict:
    c: Counter = Counter()
    for doc, gold in tagged_docs:
        mentions, chain = aligned(doc, gold)
        for ana in mentions:
            c_ana = chain[ana.index]
            cands = candidates(ana, mentions)
            has = c_ana is not None and any(chain[x.index] == c_ana for x in cands)
            scored = [(model.score(pair_features(ana, x, mentions)), x) for x in cands]
            top = max(scored, key=lambda s: s[0], default=None)
            if has:
                c[(ana.kind, "n")] += 1
                c[(ana.kind, "top_right")] += top is not None and chain[top[1].index] == c_ana
            if top is not None and top[0] >= model.threshold.get(ana.kind, 0.5):
                c[(ana.kind, "links")] += 1
                right = c_ana is not None and chain[top[1].index] == c_ana
                c[(ana.kind, "links_right")] += right
                c[(ana.kind, "recall_hit")] += right and has
    res = {}
    for k in ("pron", "desc", "name"):
        n, links = c[(k, "n")], c[(k, "links")]
        res[k] = {"anaphors": n, "antecedent_accuracy": round(c[(k, "top_right")] / n, 4) if n else None,
                  "link_precision": round(c[(k, "links_right")] / links, 4) if links else None,
                  "link_recall": round(c[(k, "recall_hit")] / n, 4) if n else None}
    return res


class NearestCompatible(CorefModel):
    """The rule baseline: the nearest earlier mention that does not clash in gender or number (pronouns), has
    the same head stem (descriptions; else the nearest compatible) or the same last name (names)."""

    def __init__(self):
        super().__init__({}, {"pron": 0.5, "desc": 0.5, "name": 0.5})

    def score(self, feats: dict[str, float]) -> float:
        kind = next(k for k in feats if k.startswith("pair=")).split("=")[1].split(">")[0]
        md = next(k for k in feats if ":md=" in k).split("=")[1]
        near = {"1": 0.9, "2": 0.8, "3": 0.7, "5": 0.6, "10": 0.5, "20": 0.4}.get(md, 0.3)
        clash = any(k.endswith(("g=no", "n=no")) for k in feats)
        if kind == "name":
            return near if "name:last=same" in feats else 0.0
        if kind == "desc" and (f"desc:head=exact" in feats or "desc:head=stem" in feats):
            return 1.0 + near
        return 0.0 if clash else near * 0.5


def fit(exs, C: float = 1.0) -> dict[str, float]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    X = vec.fit_transform([f for f, _, _ in exs])
    y = [lab for _, lab, _ in exs]
    clf = LogisticRegression(C=C, max_iter=3000, fit_intercept=False)
    clf.fit(X, y)
    return {name: round(float(w), 5) for name, w in zip(vec.get_feature_names_out(), clf.coef_[0]) if abs(w) > 1e-6}


def tune_thresholds(weights, tagged_docs) -> dict[str, float]:
    """Per kind, the threshold that maximises link F1 on the given (training) docs."""
    best = {}
    for kind in ("pron", "desc", "name"):
        scores = []
        for t in (0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
            m = CorefModel(weights, {kind: t})
            r = evaluate(m, tagged_docs)[kind]
            p, rec = r["link_precision"] or 0.0, r["link_recall"] or 0.0
            scores.append((2 * p * rec / (p + rec) if p + rec else 0.0, t))
        best[kind] = max(scores)[1]
    return best


def main() -> None:
    import argparse

    from quellen.nlp import load_pipeline

    ap = argparse.ArgumentParser(description="Train the coreference model on PCC (+ GerDraCor).")
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--gerdracor", action="store_true", help="Add GerDraCor pronoun anaphors to training.")
    ap.add_argument("--C", type=float, default=1.0)
    ap.add_argument("--out", type=Path, default=None, help="Write model.json here (the shipped folder).")
    args = ap.parse_args()
    t0 = time.time()
    nlp = load_pipeline()
    train, held = pcc_split(args.data)
    tr = [(tagged(nlp, d["words"]), d) for d in train]
    he = [(tagged(nlp, d["words"]), d) for d in held]
    exs = [e for doc, d in tr for e in examples(doc, d)]
    extra = 0
    if args.gerdracor:
        for d in read_gerdracor(args.data / "coref-gerdracor"):
            for e in examples(tagged(nlp, d["words"]), d):
                if e[2] == "pron":
                    exs.append(e); extra += 1
    weights = fit(exs, args.C)
    thresholds = tune_thresholds(weights, tr)
    model = CorefModel(weights, thresholds)
    res = {"train_docs": len(train), "heldout_docs": len(held), "pairs": len(exs), "gerdracor_pairs": extra,
           "C": args.C, "thresholds": thresholds, "heldout": evaluate(model, he),
           "heldout_rule_baseline": evaluate(NearestCompatible(), he),
           "seconds": round(time.time() - t0)}
    print(json.dumps(res))
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "model.json").write_text(json.dumps(
            {"weights": weights, "threshold": thresholds, "trained_on": "PCC 2.0 train part" +
             (" + GerDraCor pronouns" if args.gerdracor else ""), "heldout": res["heldout"]},
            indent=0, sort_keys=True), encoding="utf-8")


if __name__ == "__main__":
    main()
