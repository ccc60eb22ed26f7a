"""Decoding rules of the learned attribution component (:mod:`.learned`): tag sequences to messages,
nested quotations, cue completion and inherited sources, following the annotators' conventions."""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence
from .features import *  # noqa: F401,F403 - the shared constants and TokenAnnotation


def decode_messages(labels: Sequence[str], marg: Sequence[float] | None = None) -> list[tuple[list[int], str, float]]:
    """BIO-with-Form labels -> [(token indices, form, confidence)]."""
    spans: list[tuple[list[int], str, float]] = []
    cur: list[int] = []
    cur_form = ""
    votes: dict[str, int] = {}

    def close() -> None:
        if cur:
            form = max(votes, key=votes.get) if votes else cur_form
            conf = sum(marg[i] for i in cur) / len(cur) if marg is not None else 0.5
            spans.append((list(cur), form, conf))

    for i, lab in enumerate(labels):
        if lab == "O":
            close()
            cur, votes = [], {}
            continue
        bio, form = lab.split("-", 1)
        if bio == "B" or not cur or form != cur_form and bio == "B":
            close()
            cur, votes = [], {}
        cur.append(i)
        cur_form = form
        votes[form] = votes.get(form, 0) + 1
    close()
    return spans


def _looks_like_a_name(tokens: Sequence[str], inner: Sequence[int]) -> bool:
    """A quotation whose words are all capitalised („Eagle“, „Hafencity“, „Social Action Party“) is a name or
    title, not a quoted utterance: in the training articles 72 of 80 such quotations inside a message are not
    annotated as nested Direct, against 36 of 213 for the others."""
    return all(tokens[i][:1].isupper() or not tokens[i][:1].isalpha() for i in inner)


def nested_quotes(tokens: Sequence[str], message: list[int]) -> list[list[int]]:
    """Quotations (with their marks) lying strictly inside a message span, except names and titles."""
    out = []
    start = None
    mset = message
    for i in mset:
        t = tokens[i]
        if t in OPEN_QUOTES or (t in TOGGLE_QUOTES and start is None):
            start = i
        elif (t in CLOSE_QUOTES or t in TOGGLE_QUOTES) and start is not None:
            span = list(range(start, i + 1))
            if len(span) < len(message) - 1 and len(span) >= 3 and not _looks_like_a_name(tokens, span[1:-1]):
                out.append(span)
            start = None
    return out


# Decoding rule: a cue-less continuation takes the Source of the attribution before it, and a continued quotation
# also its Cue and Frame (see inherit_sources). Measured: dev joint F1 0.708 -> 0.716 (Source), 0.726 -> 0.731
# (Cue and Frame of quotations); held-out 0.701 -> 0.705 and 0.706 -> 0.711. With all five forms, copying Cue
# and Frame for free indirect speech too, or only for FreeIndirect / IndirectFreeIndirect, it gains less.
INHERIT_SOURCE: dict[str, Any] = {"forms": ["Direct", "FreeIndirect", "IndirectFreeIndirect"], "sentences": 2,
                                  "cue_forms": ["Direct"]}


def inherit_sources(anns: list[TokenAnnotation], sent_of: Sequence[int], forms: Sequence[str] = (),
                    sentences: int = 2, cue_forms: Sequence[str] = ()) -> None:
    """A quotation or free-indirect sentence with no cue and no Source continues the speaker of the
    attribution before it ("Peskow sagte, ... . „Wir ...“"): give it that Source when that attribution's
    message starts at most ``sentences`` sentences earlier. A continued quotation (``cue_forms``) also shares
    the Cue and Frame of that speaker's last attribution with a cue, as the annotators mark it. Nested
    annotations are not speakers to inherit."""
    last: tuple[int, TokenAnnotation] | None = None
    last_cued: tuple[int, TokenAnnotation] | None = None
    for ann in sorted((a for a in anns if a.message), key=lambda a: min(a.message)):
        start = sent_of[min(ann.message)]
        if (not ann.source and not ann.cue and ann.form in forms and last is not None
                and start - last[0] <= sentences):
            ann.source = list(last[1].source)
        if (not ann.cue and ann.form in cue_forms and ann.source and last_cued is not None
                and ann.source == last_cued[1].source and start - last_cued[0] <= sentences):
            ann.cue = list(last_cued[1].cue)
            ann.frame = ann.frame or list(last_cued[1].frame)
        if ann.source and not ann.is_nested:
            last = (start, ann)
            if ann.cue:
                last_cued = (start, ann)


_CLAUSE_BREAK = {",", ":", ";", "„", "“", "»", "«", '"'}
COMPLETE_CUES = "aux+ptkvz"   # what complete_cue adds: auxiliaries ("aux") and separated particles ("ptkvz")


def complete_cue(cue: list[int], tokens: Sequence[str], tags: Sequence[str], sent_of: Sequence[int],
                 mode: str = COMPLETE_CUES) -> list[int]:
    """The cue with what its verb needs to be whole: the finite auxiliary of a participle ("hat ...
    angekündigt", "angekündigt hat"), the separated particle of a finite verb ("gab ... bekannt") and the
    finite verb of a lone particle ("kündigte ... an"). The annotators include them: in the training articles
    67 of 69 cues with a participle and a findable auxiliary contain it. Searches stay inside the clause (no
    comma, colon or quotation mark between)."""
    if not cue:
        return cue
    have = {tags[i] for i in cue}
    add: list[int] = []

    def search(start: int, step: int, want: str, limit: int = 12) -> int:
        j = start + step
        while 0 <= j < len(tokens) and sent_of[j] == sent_of[start] and tokens[j] not in _CLAUSE_BREAK \
                and abs(j - start) <= limit:
            if tags[j] == want:
                return j
            j += step
        return -1

    if "aux" in mode and "VVPP" in have and "VAFIN" not in have:
        pp = next(i for i in cue if tags[i] == "VVPP")
        j = search(pp, -1, "VAFIN")
        if j < 0:
            j = search(pp, 1, "VAFIN", limit=2)
        add.append(j)
    if "ptkvz" in mode and "VVFIN" in have and "PTKVZ" not in have:
        add.append(search(next(i for i in cue if tags[i] == "VVFIN"), 1, "PTKVZ"))
    if "ptkvz" in mode and "PTKVZ" in have and "VVFIN" not in have:
        add.append(search(next(i for i in cue if tags[i] == "PTKVZ"), -1, "VVFIN"))
    add = [j for j in add if j >= 0]
    return sorted(set(cue) | set(add)) if add else cue


# --------------------------------------------------------------------------------------------- the model
