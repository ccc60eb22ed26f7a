"""NER as quellen outputs it: PER/ORG/LOC F1 (exact character spans) of the entity layer (``Document.entities``,
after span cleaning, gazetteer, retyping and merging) next to the raw tagger, on the held-out GermEval sentences
and the held-out SmartData news documents (the same parts ``quellen models evaluate`` scores the tagger on).

    python -m quellen.evaluation.entities --data ../shared/data [--limit N] [--type-disagreements]

Why a second figure: users read the entity layer's mentions, not the tagger's spans, and the rules between the
two can help (a name with a legal form is an organisation) or hurt (a gazetteer name that is also a noun)."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

LABELS = ("PER", "ORG", "LOC")


def _germeval(data: Path) -> tuple[list[str], list[set]]:
    from ..training import corpora
    from ..training.ner_data import token_spans

    pairs = [token_spans(toks, bio, LABELS) for toks, bio in corpora.germeval_parts(data)["heldout"]]
    return [t for t, _ in pairs], [g for _, g in pairs]


def _smartdata(data: Path) -> tuple[list[str], list[set]]:
    from ..training.ner_data import flat_spans, smartdata_split

    _, held = smartdata_split(data)
    return [d["text"] for d in held], [{s for s in flat_spans(d["spans"]) if s[2] in LABELS} for d in held]


def _prf(golds: list[set], preds: list[set]) -> dict:
    tp = sum(len(g & p) for g, p in zip(golds, preds))
    n_p, n_g = sum(map(len, preds)), sum(map(len, golds))
    p, r = (tp / n_p if n_p else 0.0), (tp / n_g if n_g else 0.0)
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 3)}


def layer_spans(pipe, text: str) -> set:
    """The entity layer's mentions of ``text`` as (start, end, type), mapped back onto ``text`` where cleaning
    changed it."""
    from ..model import RawDocument
    from .claims import _to_gold_offsets

    doc = pipe.analyse(RawDocument(source="ner-eval", text=text))
    spans = {(m.start, m.end, e.type) for e in doc.entities if e.type in LABELS for m in e.mentions}
    if doc.text == text:
        return spans
    back = _to_gold_offsets(text, doc.text)
    return {(back[s], back[e - 1] + 1, t) for s, e, t in spans if 0 <= s and e - 1 < len(back)}


def evaluate(data: Path, limit: int = 0) -> dict:
    from ..nlp import load_pipeline
    from ..pipeline import Pipeline

    nlp, pipe = load_pipeline(), Pipeline()
    out = {}
    for name, (texts, golds) in (("germeval", _germeval(data)), ("smartdata_news", _smartdata(data))):
        texts, golds = (texts[:limit], golds[:limit]) if limit else (texts, golds)
        raw = [{(e.start_char, e.end_char, e.label_) for e in d.ents if e.label_ in LABELS} for d in nlp.pipe(texts)]
        layer = [layer_spans(pipe, t) for t in texts]
        out[name] = {"texts": len(texts), "tagger": _prf(golds, raw), "entity_layer": _prf(golds, layer)}
    return out


def type_disagreements(data: Path, limit: int = 0) -> dict:
    """Where a pipeline with two NERs tags one span with two types: how often the gold type is the first's, the
    second's or neither's, per (first, second) pair. Why: it decides whether a type vote between them could help
    (docs/who.md, section 8: first PER against second LOC, the gold sides with the second 28 : 16)."""
    from collections import Counter

    from ..nlp import load_pipeline
    from ..nlp.components import ATTRIBUTION_ENTS, NER_PIPES

    nlp = load_pipeline()
    keep = [p for p in NER_PIPES if p not in ("quellen_ner_combine", "quellen_name_types")]  # the 2nd NER's own types
    out = {}
    for name, (texts, golds) in (("germeval", _germeval(data)), ("smartdata_news", _smartdata(data))):
        texts, golds = (texts[:limit], golds[:limit]) if limit else (texts, golds)
        c: Counter = Counter()
        for doc, gold in zip(nlp.pipe(texts, disable=[p for p in nlp.pipe_names if p not in keep]), golds):
            if ATTRIBUTION_ENTS not in doc.spans:
                continue
            g = {(s, e): lab for s, e, lab in gold}
            first = {(x.start_char, x.end_char): x.label_ for x in doc.spans[ATTRIBUTION_ENTS]}
            for x in doc.ents:
                f = first.get((x.start_char, x.end_char))
                if f and f != x.label_:
                    right = g.get((x.start_char, x.end_char))
                    c[f"{f}/{x.label_}:" + ("first" if right == f else "second" if right == x.label_ else "neither")] += 1
        out[name] = dict(sorted(c.items()))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True, help="the ../shared/data folder")
    ap.add_argument("--limit", type=int, default=0, help="score only the first N texts of each set")
    ap.add_argument("--type-disagreements", action="store_true",
                    help="instead: who is right where the two NERs give one span two types")
    args = ap.parse_args()
    res = type_disagreements(args.data, args.limit) if args.type_disagreements else evaluate(args.data, args.limit)
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
