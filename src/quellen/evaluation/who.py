"""Speaker-name accuracy ("who") on held-out news-spkatt articles with hand-annotated referents.

Why: the seeds say nothing about articles quellen was not written on. ``data/dev/who/referents.jsonl`` gives,
for each expert Source span of the 70 held-out news-spkatt training articles (``training.splits``), the
canonical referent written by hand (fullest name in the article, or a short description for an unnamed
source). This module runs the whole pipeline on each article's running text and asks, for each gold
annotation that quellen *found* (a predicted attribution whose content overlaps the gold Message with
token-F1 ≥ 0.5, one-to-one, as the seeds scorer matches), whether the predicted speaker is that referent.

The name test is :func:`quellen.evaluation.seeds.speaker_right` (equal after tokenising, or the same last
token), the one the issue's figures use; a gold "Full Name (ACR)" is also matched by either form alone
(:func:`name_right`). ``--set b`` and ``--set c`` score the second and third sets, 70 articles each that the
attribution model was trained on. ``--strip-quotes`` removes every quotation mark from the text first
(the harder case of scraped text that lost its typography).

    python -m quellen.evaluation.who --data ../shared/data [--set a|b] [--part dev|test|all] [--strip-quotes] [--errors]
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Iterable

from .seeds import match, speaker_right

REPO = Path(__file__).resolve().parents[3]
REFERENTS = REPO / "data" / "dev" / "who" / "referents.jsonl"
# set A: the 70 articles held out from every training (index % 10 == 0); sets B and C: 70 attribution-training
# articles each (index % 10 == 5, == 3), labelled later to see how far the rules tuned on A carry (README there)
SETS = {"a": REFERENTS, "b": REFERENTS.with_name("referents-b.jsonl"), "c": REFERENTS.with_name("referents-c.jsonl")}
_ACRONYM = re.compile(r"^(?P<full>.*\S)\s*\((?P<short>[^()]+)\)$")
QUOTES = "„“”\"»«‚‘’›‹"
PRONOUNS = {"er", "sie", "ich", "wir", "ihm", "ihr", "ihnen", "es", "man", "seiner", "ihrer", "du", "mir",
            "uns", "ihn"}


def load_referents(path: Path = REFERENTS, part: str = "all") -> dict[str, dict[int, dict]]:
    """{doc name: {annotation index: row}} for the chosen part."""
    out: dict[str, dict[int, dict]] = defaultdict(dict)
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            if part == "all" or row["part"] == part:
                out[row["doc"]][row["annotation"]] = row
    return dict(out)


def article(path: Path, strip_quotes: bool = False) -> str:
    """Running text of a news-spkatt article, as ``training.corpora.spkatt_text`` builds it (sentences joined by a
    space, a heading by a line break). With ``strip_quotes`` every quotation mark is removed first, and a token
    that was only quotation marks is left out."""
    from ..training.corpora import spkatt_sentences, spkatt_text

    sents = spkatt_sentences(Path(path))
    if strip_quotes:
        table = {ord(c): None for c in QUOTES}
        sents = [s for s in ([t.translate(table) for t in toks if t.translate(table)] for toks in sents) if s]
    return spkatt_text(sents)[0]


def _role_text(doc: dict, positions: Iterable[str]) -> str:
    words = []
    by_id = {s["SentenceId"]: s["Tokens"] for s in doc["Sentences"]}
    for pos in positions:
        sid, tid = pos.split(":")
        toks = by_id.get(int(sid)) or by_id.get(sid) or []
        if int(tid) < len(toks):
            words.append(toks[int(tid)])
    return " ".join(words)


def name_right(pred: str | None, gold: str) -> bool:
    """:func:`~quellen.evaluation.seeds.speaker_right`, where a gold name written "Full Name (ACR)" (the dev set
    records both forms the article gives) is also matched by either form alone: "Deutscher Wetterdienst" and
    "DWD" name the referent as surely as both together."""
    if speaker_right(pred, gold):
        return True
    both = _ACRONYM.match(gold)
    return bool(both) and (speaker_right(pred, both.group("full")) or speaker_right(pred, both.group("short")))


def source_form(source_text: str) -> str:
    """pronoun | name-or-description: how the Source is written (for the breakdown)."""
    words = source_text.lower().split()
    return "pronoun" if len(words) == 1 and words[0] in PRONOUNS else "other"


def evaluate(data: Path, referents: Path = REFERENTS, part: str = "all", strip_quotes: bool = False,
             pipeline=None, limit: int = 0) -> dict[str, Any]:
    from ..model import RawDocument
    from ..pipeline import Pipeline

    refs = load_referents(referents, part)
    pipe = pipeline or Pipeline()
    folder = Path(data) / "news-spkatt" / "train"
    c: Counter = Counter()
    by_form: Counter = Counter()
    by_kind: Counter = Counter()
    errors = []
    names = sorted(refs)[:limit] if limit else sorted(refs)
    for name in names:
        path = folder / f"{name}.json"
        gold_doc = json.loads(path.read_text(encoding="utf-8"))
        text = article(path, strip_quotes)
        doc = pipe.analyse(RawDocument(source=str(path), text=text))
        gold = []
        for idx, row in sorted(refs[name].items()):
            ann = gold_doc["Annotations"][idx]
            content = _role_text(gold_doc, ann.get("Message") or [])
            if strip_quotes:
                content = content.translate({ord(ch): None for ch in QUOTES})
            gold.append({"content": content, "row": row, "source": row["name"]})
        # the speaker breaks ties between statements of one content (a nested source and its report)
        pred = [{"content": a.content.text, "a": a, "speaker": {"name": a.speaker.name}} for a in doc.attributions]
        c["gold"] += len(gold)
        for gi, pi, _ in match(gold, pred):
            row, a = gold[gi]["row"], pred[pi]["a"]
            ok = name_right(a.speaker.name, row["name"])
            form = source_form(row["source_text"])
            c["found"] += 1; c["right"] += ok
            by_form[(form, "n")] += 1; by_form[(form, "right")] += ok
            by_kind[(row["kind"], "n")] += 1; by_kind[(row["kind"], "right")] += ok
            kind_ok = a.speaker.kind == row["kind"]
            c["kind_right"] += kind_ok
            if not ok or not kind_ok:
                errors.append({"doc": name, "annotation": row["annotation"], "speaker_right": ok,
                               "kind_right": kind_ok, "source_text": row["source_text"],
                               "gold": row["name"], "gold_kind": row["kind"], "pred": a.speaker.name,
                               "pred_kind": a.speaker.kind,
                               "pred_source": a.source.text if a.source else None})
    ratio = (lambda a, b: round(a / b, 4) if b else None)
    return {"part": part, "strip_quotes": strip_quotes, "articles": len(names), "gold": c["gold"],
            "found": c["found"], "found_rate": ratio(c["found"], c["gold"]),
            "speaker_accuracy": ratio(c["right"], c["found"]),
            "kind_accuracy": ratio(c["kind_right"], c["found"]),
            "by_form": {f: {"n": by_form[(f, "n")], "accuracy": ratio(by_form[(f, "right")], by_form[(f, "n")])}
                        for f in ("pronoun", "other")},
            "by_kind": {k: {"n": by_kind[(k, "n")], "accuracy": ratio(by_kind[(k, "right")], by_kind[(k, "n")])}
                        for k in sorted({k for k, _ in by_kind})},
            "errors": errors}


def main() -> None:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--set", default="a", choices=sorted(SETS), help="a: held-out articles; b, c: training articles")
    ap.add_argument("--referents", type=Path, default=None, help="another referents file (instead of --set)")
    ap.add_argument("--part", default="dev", choices=("dev", "test", "all"))
    ap.add_argument("--strip-quotes", action="store_true")
    ap.add_argument("--errors", action="store_true", help="Also print every wrong speaker or kind.")
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()
    res = evaluate(args.data, args.referents or SETS[args.set], args.part, args.strip_quotes, limit=args.limit)
    errors = res.pop("errors")
    print(json.dumps(res, ensure_ascii=False))
    if args.errors:
        for e in errors:
            print(json.dumps(e, ensure_ascii=False))


if __name__ == "__main__":
    main()
