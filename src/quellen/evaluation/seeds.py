"""Score ``quellen analyze --jsonl`` output against the seed gold (``seeds-gold/SCHEMA.md``).

Why its own module: the bar of the project is stated in these numbers, so the rules that produce them are
written down once, here, and tested.

Matching follows SCHEMA.md: a predicted attribution matches a gold one when their contents reach token-F1
>= 0.5 (lower-cased, punctuation stripped); matching is one-to-one, greedy by overlap (best pairs first).

Choices the schema leaves open (documented so numbers are comparable):

* Ties in overlap (a nested attribution shares its content with the outer one) are broken in favour of
  the pair that agrees on type, then on speaker; otherwise by order.
* Documents are paired by the file name of the prediction's ``source`` (``#member`` and folders dropped)
  with the gold's ``doc``; gold documents without a prediction count as all-missed.
* Speaker: right when the predicted ``speaker.name`` equals the gold ``source`` or their last tokens agree
  (case-insensitive, punctuation stripped). A null predicted name is wrong.
* Denial target, over matched pairs whose *gold* type is ``denial``: when gold ``denies`` is an id, right
  when the predicted ``denies`` names a predicted attribution that is matched to exactly that gold id. When
  gold ``denies`` is a paraphrase (the denied claim is not attributed in the text), right when the
  prediction is null or points to a predicted attribution that has no gold counterpart — pointing at a
  different gold claim is wrong.
* Boilerplate: each gold string is located in the text (first occurrence, whitespace-tolerant); recall =
  share of gold strings whose characters are >= 50 % covered by predicted spans; precision = share of
  predicted characters that fall inside located gold strings.
* Gaps: recall = share of gold snippets that overlap a predicted gap (located like boilerplate);
  precision = share of predicted gaps that overlap some gold snippet.
* Title / outlet: right when equal after whitespace and case folding (both null counts as right);
  published: exact string.
* Entities (simple): a gold entity is found when a predicted entity of the same type has a mention whose
  text equals (case-insensitive) one of the gold mention strings or the gold name's last token.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

_PUNCT = re.compile(r"[^\w\s-]", re.UNICODE)


def tokens(text: str | None) -> list[str]:
    """Lower-cased tokens with punctuation stripped (hyphenated words stay one token)."""
    if not text:
        return []
    out = []
    for t in _PUNCT.sub(" ", text.lower()).split():
        t = t.strip("-")
        if t:
            out.append(t)
    return out


def token_f1(a: str | None, b: str | None) -> float:
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return 0.0
    common = sum((Counter(ta) & Counter(tb)).values())
    if not common:
        return 0.0
    p, r = common / len(ta), common / len(tb)
    return 2 * p * r / (p + r)


def _last(s: str | None) -> str:
    t = tokens(s)
    return t[-1] if t else ""


def speaker_right(pred_name: str | None, gold_name: str | None) -> bool:
    if not pred_name or not gold_name:
        return False
    if " ".join(tokens(pred_name)) == " ".join(tokens(gold_name)):
        return True
    return _last(pred_name) != "" and _last(pred_name) == _last(gold_name)


def match(gold: list[dict], pred: list[dict], threshold: float = 0.5) -> list[tuple[int, int, float]]:
    """One-to-one greedy matching by content token-F1; returns (gold index, pred index, f1)."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            f = token_f1(g.get("content"), _content(p))
            if f >= threshold:
                # ties (nested attributions share their content) go to the pair that agrees on type,
                # then on speaker
                agree = (p.get("type") == g.get("type"),
                         speaker_right((p.get("speaker") or {}).get("name"), g.get("source")))
                pairs.append((f, agree, gi, pi))
    pairs.sort(key=lambda x: (-round(x[0], 6), not x[1][0], not x[1][1], x[2], x[3]))
    used_g, used_p, out = set(), set(), []
    for f, _, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi, f))
    return sorted(out)


def _content(p: dict) -> str:
    c = p.get("content")
    return c.get("text", "") if isinstance(c, dict) else (c or "")


def _norm(s: str | None) -> str:
    return " ".join((s or "").split()).casefold()


def _locate(text: str, snippet: str) -> tuple[int, int] | None:
    """First occurrence of ``snippet`` in ``text``, tolerant to whitespace differences."""
    if not snippet.strip():
        return None
    i = text.find(snippet)
    if i >= 0:
        return i, i + len(snippet)
    pattern = r"\s+".join(re.escape(w) for w in snippet.split())
    m = re.search(pattern, text)
    return (m.start(), m.end()) if m else None


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _doc_key(name: str) -> str:
    name = name.split("#", 1)[0].replace("\\", "/").rsplit("/", 1)[-1]
    for suffix in (".gold.json", ".txt", ".html", ".htm", ".json"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _ratio(num: float, den: float) -> float | None:
    return round(num / den, 4) if den else None


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return round(2 * p * r / (p + r), 4) if p + r else 0.0


def score(gold_dir: Path, pred_jsonl: Path) -> dict[str, Any]:
    """All seed metrics, micro-averaged over documents, plus a per-document breakdown."""
    gold_dir, pred_jsonl = Path(gold_dir), Path(pred_jsonl)
    preds: dict[str, dict] = {}
    with pred_jsonl.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                preds[_doc_key(d.get("source", ""))] = d
    c = Counter()
    kinds_confusion: Counter = Counter()
    per_doc = []
    for gpath in sorted(gold_dir.glob("*.gold.json")):
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        key = _doc_key(gold.get("doc") or gpath.name)
        pred = preds.get(key)
        d = _score_doc(gold, pred, c, kinds_confusion)
        d["doc"] = key
        per_doc.append(d)
    p = _ratio(c["matched"], c["pred"])
    r = _ratio(c["matched"], c["gold"])
    res: dict[str, Any] = {
        "documents": {"gold": len(per_doc), "predicted": sum(1 for d in per_doc if d["predicted"])},
        "attributions": {
            "gold": c["gold"], "predicted": c["pred"], "matched": c["matched"],
            "precision": p, "recall": r, "f1": _f1(p, r),
            "speaker_accuracy": _ratio(c["speaker_ok"], c["matched"]),
            "type_accuracy": _ratio(c["type_ok"], c["matched"]),
            "source_kind_accuracy": _ratio(c["kind_ok"], c["matched"]),
            "hedged_accuracy": _ratio(c["hedged_ok"], c["matched"]),
            "denial_target_accuracy": _ratio(c["denial_ok"], c["denial_n"]),
            "denials_scored": c["denial_n"],
            "content_f1_mean": _ratio(c["content_f1"], c["matched"]),
        },
        "cleaning": {
            "boilerplate_recall": _ratio(c["bp_found"], c["bp_gold"]),
            "boilerplate_precision": _ratio(c["bp_pred_in"], c["bp_pred_chars"]),
            "gap_recall": _ratio(c["gap_found"], c["gap_gold"]),
            "gap_precision": _ratio(c["gap_pred_ok"], c["gap_pred"]),
            "title_accuracy": _ratio(c["title_ok"], len(per_doc)),
            "published_accuracy": _ratio(c["pub_ok"], len(per_doc)),
            "outlet_accuracy": _ratio(c["outlet_ok"], len(per_doc)),
        },
        "entities": {
            "gold": c["ent_gold"], "found": c["ent_found"], "recall": _ratio(c["ent_found"], c["ent_gold"]),
            "predicted": c["ent_pred"],
        },
        "per_document": per_doc,
    }
    return res


def _score_doc(gold: dict, pred: dict | None, c: Counter, kinds: Counter) -> dict[str, Any]:
    g_attrs = gold.get("attributions", [])
    c["gold"] += len(g_attrs)
    c["bp_gold"] += len(gold.get("boilerplate", []))
    c["gap_gold"] += len(gold.get("gaps", []))
    c["ent_gold"] += len(gold.get("entities", []))
    doc_res: dict[str, Any] = {"predicted": pred is not None, "gold": len(g_attrs)}
    if pred is None:
        doc_res.update(pred=0, matched=0)
        return doc_res
    text = pred.get("text", "")
    p_attrs = pred.get("attributions", [])
    c["pred"] += len(p_attrs)
    pairs = match(g_attrs, p_attrs)
    c["matched"] += len(pairs)
    g2p = {gi: pi for gi, pi, _ in pairs}
    p2g = {pi: gi for gi, pi, _ in pairs}
    pid_index = {a.get("id"): i for i, a in enumerate(p_attrs)}
    gold_ids = {a.get("id") for a in g_attrs}
    errors = []
    for gi, pi, f in pairs:
        g, p = g_attrs[gi], p_attrs[pi]
        c["content_f1"] += f
        sp = (p.get("speaker") or {})
        sp_ok = speaker_right(sp.get("name"), g.get("source"))
        c["speaker_ok"] += sp_ok
        c["type_ok"] += p.get("type") == g.get("type")
        c["kind_ok"] += sp.get("kind") == g.get("source_kind")
        c["hedged_ok"] += bool(p.get("hedged")) == bool(g.get("hedged"))
        if g.get("type") == "denial":
            c["denial_n"] += 1
            ok = _denial_right(g.get("denies"), p.get("denies"), pid_index, p2g, g_attrs, gold_ids)
            c["denial_ok"] += ok
            if not ok:
                errors.append(f"denies {g['id']}: gold {g.get('denies')!r} pred {p.get('denies')!r}")
        if not sp_ok:
            errors.append(f"speaker {g['id']}: gold {g.get('source')!r} pred {sp.get('name')!r}")
        if p.get("type") != g.get("type"):
            errors.append(f"type {g['id']}: gold {g.get('type')} pred {p.get('type')}")
    doc_res.update(pred=len(p_attrs), matched=len(pairs),
                   missed=[g["id"] for i, g in enumerate(g_attrs) if i not in g2p],
                   spurious=[a.get("id") for i, a in enumerate(p_attrs) if i not in p2g],
                   errors=errors)
    _score_cleaning(gold, pred, text, c)
    _score_entities(gold, pred, text, c)
    return doc_res


def _denial_right(gold_target, pred_target, pid_index, p2g, g_attrs, gold_ids) -> bool:
    if gold_target in gold_ids:
        if pred_target not in pid_index:
            return False
        gi = p2g.get(pid_index[pred_target])
        return gi is not None and g_attrs[gi].get("id") == gold_target
    # Paraphrase (claim not attributed in the text): null, or a predicted claim without gold counterpart.
    if not pred_target:
        return True
    pi = pid_index.get(pred_target)
    return pi is not None and pi not in p2g


def _score_cleaning(gold: dict, pred: dict, text: str, c: Counter) -> None:
    pred_bp = [(b["start"], b["end"]) for b in pred.get("boilerplate", [])]
    gold_bp = [loc for s in gold.get("boilerplate", []) if (loc := _locate(text, s))]
    for s in gold.get("boilerplate", []):
        loc = _locate(text, s)
        if loc and sum(_overlap(loc, b) for b in pred_bp) >= 0.5 * (loc[1] - loc[0]):
            c["bp_found"] += 1
    for b in pred_bp:
        c["bp_pred_chars"] += b[1] - b[0]
        c["bp_pred_in"] += min(b[1] - b[0], sum(_overlap(b, g) for g in gold_bp))
    pred_gaps = [(g["start"], g["end"]) for g in pred.get("gaps", [])]
    gold_gaps = [loc for s in gold.get("gaps", []) if (loc := _locate(text, s))]
    c["gap_found"] += sum(1 for g in gold_gaps if any(_overlap(g, p) or (p[0] == p[1] and g[0] <= p[0] <= g[1])
                                                     for p in pred_gaps))
    c["gap_pred"] += len(pred_gaps)
    c["gap_pred_ok"] += sum(1 for p in pred_gaps if any(_overlap(g, p) or (p[0] == p[1] and g[0] <= p[0] <= g[1])
                                                        for g in gold_gaps))
    c["title_ok"] += _norm(pred.get("title")) == _norm(gold.get("title"))
    c["pub_ok"] += (pred.get("published") or None) == (gold.get("published") or None)
    c["outlet_ok"] += _norm(pred.get("outlet")) == _norm(gold.get("outlet"))


def _score_entities(gold: dict, pred: dict, text: str, c: Counter) -> None:
    pred_ents = pred.get("entities", [])
    c["ent_pred"] += len(pred_ents)
    surf: dict[str, set[str]] = {}
    for e in pred_ents:
        s = surf.setdefault(e.get("type"), set())
        for m in e.get("mentions", []):
            s.add(text[m["start"]:m["end"]].casefold())
    for g in gold.get("entities", []):
        forms = {m.casefold() for m in g.get("mentions", [])} | {_last(g.get("name"))}
        if forms & surf.get(g.get("type"), set()):
            c["ent_found"] += 1


def format_scores(result: dict[str, Any]) -> str:
    """A short plain-text report: the headline numbers first, then per document."""
    a, cl, en = result["attributions"], result["cleaning"], result["entities"]

    def f(x):
        return "  -  " if x is None else f"{x:.3f}"

    lines = [
        f"documents: {result['documents']['predicted']}/{result['documents']['gold']} predicted",
        f"attributions: gold {a['gold']}  predicted {a['predicted']}  matched {a['matched']}",
        f"  detection  P {f(a['precision'])}  R {f(a['recall'])}  F1 {f(a['f1'])}",
        f"  speaker accuracy        {f(a['speaker_accuracy'])}",
        f"  type accuracy           {f(a['type_accuracy'])}",
        f"  denial-target accuracy  {f(a['denial_target_accuracy'])}  (n={a['denials_scored']})",
        f"  source_kind accuracy    {f(a['source_kind_accuracy'])}",
        f"  hedged accuracy         {f(a['hedged_accuracy'])}",
        f"  content token-F1 mean   {f(a['content_f1_mean'])}",
        "cleaning:",
        f"  boilerplate recall {f(cl['boilerplate_recall'])}  precision {f(cl['boilerplate_precision'])}",
        f"  gap recall {f(cl['gap_recall'])}  precision {f(cl['gap_precision'])}",
        f"  title {f(cl['title_accuracy'])}  published {f(cl['published_accuracy'])}  outlet {f(cl['outlet_accuracy'])}",
        f"entities: gold {en['gold']}  found {en['found']}  recall {f(en['recall'])}  predicted {en['predicted']}",
        "per document:",
    ]
    for d in result["per_document"]:
        lines.append(f"  {d['doc']}: gold {d['gold']} pred {d.get('pred', 0)} matched {d.get('matched', 0)}"
                     + ("" if d["predicted"] else "  (no prediction)"))
        if d.get("missed"):
            lines.append(f"    missed: {', '.join(d['missed'])}")
        if d.get("spurious"):
            lines.append(f"    spurious: {', '.join(d['spurious'])}")
        for e in d.get("errors", []):
            lines.append(f"    {e}")
    return "\n".join(lines)
