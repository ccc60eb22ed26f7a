"""What the pages draw, as plain data for the templates (which escape every string): a document's text cut
into segments by the spans over it, snippets cut at their match marks, an entity's timeline as bar geometry.

Markup is never assembled from article text in Python: each segment is a (text, classes, ids) record and the
template writes it through Jinja2's autoescaping.
"""
from __future__ import annotations

from . import data

ROLES = ("content", "cue", "source")     # later wins nothing: a segment carries every role over it


def segments(d: dict) -> list[dict]:
    """The document text cut at every span boundary; each piece with the roles over it (``cue``, ``source``,
    ``content`` of which attributions, ``bp`` boilerplate, ``gap``, ``ent`` an entity mention) and the ids of
    the attributions that start there (their anchors)."""
    text = d["text"]
    spans: list[tuple[int, int, str, str | None]] = []      # (start, end, role, attribution id)
    for a in d["attributions"]:
        for role in ROLES:
            s = a.get(role)
            if s and 0 <= s["start"] < s["end"] <= len(text):
                spans.append((s["start"], s["end"], role, a["id"]))
    for b in d["boilerplate"]:
        spans.append((b["start"], b["end"], "bp", None))
    for g in d["gaps"]:
        spans.append((g["start"], g["end"], "gap", None))
    for e in d["entities"]:
        for m in e["mentions"]:
            spans.append((m["start"], m["end"], "ent", e.get("cid") or e["id"]))
    cuts = sorted({0, len(text)} | {max(0, min(len(text), x)) for s in spans for x in s[:2]})
    starts: dict[int, list[str]] = {}
    for a in d["attributions"]:
        first = min((a[r]["start"] for r in ROLES if a.get(r)), default=None)
        if first is not None:
            starts.setdefault(first, []).append(a["id"])
    out = []
    for lo, hi in zip(cuts, cuts[1:]):
        if lo >= hi:
            continue
        over = [s for s in spans if s[0] <= lo and s[1] >= hi]
        roles = sorted({s[2] for s in over if s[2] != "ent"})
        attrs = sorted({s[3] for s in over if s[3] and s[2] in ROLES}, key=_natural)
        ents = sorted({s[3] for s in over if s[2] == "ent" and s[3]})
        out.append({"text": text[lo:hi], "roles": roles, "attrs": attrs, "entity": ents[0] if ents else None,
                    "anchors": sorted(starts.get(lo, []), key=_natural), "start": lo})
    return out


def _natural(aid: str) -> tuple:
    return (len(aid), aid)


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """A snippet of :func:`quellen.serve.data.search` as (text, matched) pieces."""
    out, marked, rest = [], False, snippet
    while rest:
        mark = data.MARK[1] if marked else data.MARK[0]
        head, sep, rest = rest.partition(mark)
        if head:
            out.append((head, marked))
        if not sep:
            break
        marked = not marked
    return out


def _months(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last and len(out) < 1200:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def timeline_svg(bins: list[dict], width: int = 720, height: int = 160) -> dict | None:
    """Bar geometry of an entity's monthly timeline: every month from the first to the last (empty ones too),
    each bar stacked said / denied / about. ``None`` when there is nothing dated."""
    valid = [b for b in bins if len(b["month"]) == 7 and b["month"][4] == "-" and b["month"][:4].isdigit()]
    if not valid:
        return None
    by = {b["month"]: b for b in valid}
    months = _months(valid[0]["month"], valid[-1]["month"])
    top = max(b["said"] + b["denied"] + b["about"] for b in valid) or 1
    plot_h, left, bottom = height - 30, 34, height - 20
    step = (width - left - 6) / max(1, len(months))
    bar_w = min(40.0, max(1.0, step * 0.8))
    bars = []
    for i, month in enumerate(months):
        b = by.get(month, {"said": 0, "denied": 0, "about": 0})
        y = float(bottom)
        parts = []
        for role in ("said", "denied", "about"):
            h = plot_h * b[role] / top
            if h > 0:
                y -= h
                parts.append({"role": role, "y": round(y, 1), "h": round(h, 1), "n": b[role]})
        bars.append({"month": month, "x": round(left + i * step, 1), "w": round(bar_w, 1), "parts": parts,
                     "total": b["said"] + b["denied"] + b["about"], "said": b["said"], "denied": b["denied"],
                     "about": b["about"]})
    every = max(1, len(months) // 8)
    labels = [{"x": bars[i]["x"], "text": months[i]} for i in range(0, len(months), every)]
    return {"width": width, "height": height, "bars": bars, "labels": labels, "top": top, "bottom": bottom,
            "left": left, "plot_top": bottom - plot_h}
