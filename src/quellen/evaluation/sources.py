"""Are the speakers consistent with the annotators' Source spans? A wide check on the news-spkatt training articles.

Why: the hand-made "who" referents (``evaluation.who``) cover 70 held-out articles, about 130 found
attributions; one more right speaker moves them by a point. The 630 other training articles have no referents,
but their expert Source spans say *where* the speaker is named. This check pairs each found attribution with its
gold annotation (the seeds matcher: content token-F1 >= 0.5) and counts the speaker as consistent when the last
word of its name is a word of the gold Source span (parentheses removed, so "SPD" is not "Anna Berg (SPD)").
Sources that are only a pronoun or an adverb ("er", "demnach") are skipped: their referent is elsewhere.

It is a proxy, not accuracy: a description the article resolves to a name ("der Ministerpräsident" -> "Christian
Wulff") counts as inconsistent. It moves when a rule picks the wrong source, over about 1,500 attributions. The
attribution model was trained on these articles, so the figure is optimistic for detection; the speaker rules
were never fitted to them.

    python -m quellen.evaluation.sources --data ../shared/data [--limit N] [--errors]
"""
from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from .seeds import match
from .who import _role_text

_SKIP = {"er", "sie", "ich", "wir", "es", "man", "ihm", "ihr", "ihnen", "denen", "der", "die", "dem", "demnach",
         "danach", "dies", "diese", "dieser", "seiner", "ihrer"}
_WORD = re.compile(r"\w[\w'-]*")


def _words(text: str | None) -> list[str]:
    return _WORD.findall((text or "").lower())


def consistent(speaker: str | None, gold_source: str) -> bool | None:
    """Whether ``speaker`` is named in ``gold_source``; None when the gold Source names no one itself."""
    gold = _words(re.sub(r"\([^()]*\)", " ", gold_source))
    if not gold or (len(gold) == 1 and gold[0] in _SKIP):
        return None
    last = _words(speaker)[-1:]
    return bool(last) and last[0] in gold


def _annotations(path: Path) -> list[dict]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    return [{"content": _role_text(doc, a.get("Message") or []), "source": _role_text(doc, a.get("Source") or [])}
            for a in doc["Annotations"]]


def evaluate(data: Path, limit: int = 0, pipeline=None) -> dict[str, Any]:
    from ..model import RawDocument
    from ..pipeline import Pipeline
    from ..training.corpora import spkatt_sentences, spkatt_text
    from ..training.splits import spkatt_split

    train, _ = spkatt_split(Path(data))
    files = train[:limit] if limit else train
    pipe = pipeline or Pipeline()
    c: Counter = Counter()
    misses = []
    for path in files:
        gold = _annotations(path)
        doc = pipe.analyse(RawDocument(source=str(path), text=spkatt_text(spkatt_sentences(path))[0]))
        pred = [{"content": a.content.text, "a": a} for a in doc.attributions]
        for gi, pi, _ in match(gold, pred):
            a = pred[pi]["a"]
            ok = consistent(a.speaker.name, gold[gi]["source"])
            if ok is None:
                continue
            c["scored"] += 1
            c["consistent"] += ok
            if not ok:
                misses.append({"doc": path.stem, "gold_source": gold[gi]["source"],
                               "source": a.source.text if a.source else None, "speaker": a.speaker.name,
                               "kind": a.speaker.kind, "type": a.type,
                               "context": " ".join(doc.text[max(0, a.content.start - 160):a.content.end].split())})
    return {"articles": len(files), "scored": c["scored"], "consistent": c["consistent"],
            "consistency": round(c["consistent"] / c["scored"], 4) if c["scored"] else None, "misses": misses}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--limit", type=int, default=0, help="Only the first N training articles.")
    ap.add_argument("--errors", action="store_true", help="Also print every inconsistent speaker (JSON lines).")
    args = ap.parse_args()
    res = evaluate(args.data, args.limit)
    misses = res.pop("misses")
    print(json.dumps(res, ensure_ascii=False))
    for m in misses if args.errors else []:
        print(json.dumps(m, ensure_ascii=False))


if __name__ == "__main__":
    main()
