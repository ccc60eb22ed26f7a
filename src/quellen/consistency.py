"""The last gate before an analysed article leaves the pipeline: its items agree with its text.

Why a gate and not trust: the stages are many and heuristic, and a fault isolated in one of them (see
:mod:`quellen.faults`) can leave an item pointing at an attribution that was dropped. Users rely on the output
contract — every span inside ``text`` and equal to its slice, ids unique, references that resolve — so this gate
enforces it: an item that breaks it is dropped (or its dangling reference cleared) with a warning, never stored.
"""
from __future__ import annotations

import math

from .model import ATTRIBUTION_TYPES, SPEAKER_KINDS, Document, Span

STAGE = "consistency"


def _span_ok(span: Span | None, text: str, required: bool) -> bool:
    if span is None:
        return not required
    return (isinstance(span.start, int) and isinstance(span.end, int) and 0 <= span.start <= span.end <= len(text)
            and span.text == text[span.start:span.end])


def enforce(document: Document) -> None:
    """Drop or repair every item of ``document`` that breaks the output contract, recording why."""
    text, n = document.text, len(document.text)
    for name in ("boilerplate", "gaps"):
        items = getattr(document, name)
        good = [b for b in items if 0 <= b.start <= b.end <= n]
        if len(good) < len(items):
            document.warn(STAGE, f"{len(items) - len(good)} {name} span(s) outside the text dropped", name)
        setattr(document, name, sorted(good, key=lambda b: (b.start, b.end)))

    entities, seen = [], set()
    for e in document.entities:
        mentions = [m for m in e.mentions if 0 <= m.start <= m.end <= n]
        for m in mentions:
            m.text = text[m.start:m.end]
        if e.id in seen or not mentions:
            document.warn(STAGE, "duplicate entity id" if e.id in seen else "entity without a mention in the text",
                          e.id)
            continue
        if len(mentions) < len(e.mentions):
            document.warn(STAGE, f"{len(e.mentions) - len(mentions)} mention(s) outside the text dropped", e.id)
        e.mentions = sorted(mentions, key=lambda m: (m.start, m.end))
        seen.add(e.id)
        entities.append(e)
    document.entities = entities

    attributions, ids = [], set()
    for a in document.attributions:
        problem = None
        if a.id in ids:
            problem = "duplicate attribution id"
        elif a.type not in ATTRIBUTION_TYPES or a.speaker.kind not in SPEAKER_KINDS:
            problem = f"unknown type {a.type!r} or speaker kind {a.speaker.kind!r}"
        elif not (_span_ok(a.cue, text, True) and _span_ok(a.content, text, True)
                  and all(_span_ok(s, text, False) for s in (a.source, a.addr, a.frame))):
            problem = "a span lies outside the text or does not match it"
        elif not isinstance(a.confidence, (int, float)) or math.isnan(a.confidence):
            problem = "confidence is not a number"
        if problem:
            document.warn(STAGE, problem, a.id)
            continue
        a.confidence = min(1.0, max(0.0, float(a.confidence)))
        ids.add(a.id)
        attributions.append(a)
    document.attributions = attributions

    for a in attributions:
        if a.speaker.entity is not None and a.speaker.entity not in seen:
            document.warn(STAGE, f"speaker entity {a.speaker.entity} no longer exists; link cleared", a.id)
            a.speaker.entity = None
        if a.denies is not None and a.denies not in ids:
            document.warn(STAGE, f"denied attribution {a.denies} no longer exists; link cleared", a.id)
            a.denies = None


__all__ = ["enforce"]
