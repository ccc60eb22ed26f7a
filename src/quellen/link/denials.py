"""Point every denial at the attribution whose claim it denies (``denies`` = its id, else null).

Why these cues, in this order: a denial names what it rejects in a few recurrent ways — a 'wonach' clause
with the claim itself ("dementierte einen Bericht …, wonach Musk …"), a report anaphor ("einen falschen
Bericht", "die Geschichte"), or the claim's own words (overlapping content, the same people). The first that
applies wins; a headline denial that names nothing points to the claim the article's other denials reject.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from ..attribution import lexicon as L
from ..faults import guard

STOP = {"der", "die", "das", "und", "in", "zu", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer",
        "mit", "von", "für", "auf", "ist", "sich", "es", "er", "sie", "nicht", "dass", "habe", "haben", "hat",
        "sei", "seien", "wurde", "werden", "auch", "um", "im", "an", "als", "aus", "bei", "nach", "über",
        "wonach", "oder", "aber", "noch", "nur", "so", "wie", "was", "diese", "dieser", "dieses", "man", "wir",
        "ich", "kein", "keine", "etwas", "darüber", "alle", "sehr", "zwischen", "allerdings", "jedoch", "weiterhin",
        "seit", "bis", "durch", "gegen", "unter", "ihre", "ihr", "sein", "seine", "seiner", "seinen", "ihren"}
REPORT_WORDS = re.compile(r"\b(Bericht\w*|Artikel\w*|Meldung\w*|Geschichte|Behauptung\w*|Darstellung\w*"
                          r"|Spekulation\w*|Gerücht\w*|Informationen)\b")


_ACCUSE = re.compile(r"\b(vor(ge)?w[ia]rf|vorgeworfen|warf|wirft|werfen|beschuldig|verdächtig|kritisier|unterstell|"
                     r"klagt|anklag|bezichtig)", re.I)


def _same_paragraph(text: str, a: int, b: int) -> bool:
    return "\n" not in text[min(a, b):max(a, b)]


def _stems(text: str) -> set[str]:
    out = set()
    for w in re.findall(r"[\wÄÖÜäöüß]+", text.lower()):
        if w in STOP or len(w) < 3:
            continue
        out.add(w[:5])
    return out


@lru_cache(maxsize=4)
def _idf(text: str) -> dict[str, float]:
    """Rarity of each stem across the article's sentences: names that occur everywhere weigh little.

    Cached per text: every denial of an article asks for it (once per denial was quadratic on long articles).
    Callers must not change the returned dict."""
    import math

    sents = [x for x in re.split(r"(?<=[.!?])\s+|\n+", text) if x.strip()]
    df = Counter()
    for s in sents:
        df.update(_stems(s))
    n = max(1, len(sents))
    return {w: math.log(1 + n / c) for w, c in df.items()}


def _nested(claims) -> set[int]:
    """``id()`` of every claim whose content lies inside another claim's content (an identical span counts).

    One sweep over the claims sorted by start (end descending): a claim is nested when an earlier one in that
    order reaches at least as far. O(n log n); the pairwise test it replaces, once per denial, was cubic in the
    number of attributions of a long article."""
    spans = Counter((c.content.start, c.content.end) for c in claims)
    out, reach = set(), -1
    for c in sorted(claims, key=lambda c: (c.content.start, -c.content.end)):
        if reach >= c.content.end or spans[(c.content.start, c.content.end)] > 1:
            out.add(id(c))
        reach = max(reach, c.content.end)
    return out


def link_denials(analysis) -> None:
    doc = analysis.document
    meta = analysis.extra.get("attribution_meta", {})
    attrs = doc.attributions
    claims = [a for a in attrs if a.type != "denial"]
    targets: dict[str, str | None] = {}
    pending = []
    for d in attrs:
        if d.type != "denial":
            continue
        hint = meta.get(d.id, {}).get("denies_hint")
        if hint:
            for c in claims:
                if (c.content.start, c.content.end) == tuple(hint):
                    targets[d.id] = c.id
                    break
        if d.id not in targets:
            pending.append(d)
    counts = Counter(v for v in targets.values() if v)
    denials = [a for a in attrs if a.type == "denial"]
    for d in pending:
        # a report that holds the denial ('nach Angaben der APA hat Klien … zurückgewiesen') is not what it denies
        own = [c for c in claims if not (c.content.start <= d.cue.start < c.content.end)]
        with guard(doc, "denials", d.id) as g:      # a link that cannot be made leaves the denial unlinked
            target, follows = _target(d, denials, targets, own, counts, doc.text)
        if g.failed:
            targets[d.id] = None
            continue
        targets[d.id] = target
        if target and not follows:
            counts[target] += 1
    for d in attrs:
        if d.type == "denial":
            d.denies = targets.get(d.id)


def _target(d, denials, targets: dict, claims, counts: Counter, text: str) -> tuple[str | None, bool]:
    """The claim ``d`` denies, and whether it was taken over from the denial just before it."""
    # a denial right after another one in the same paragraph ('X wies den Bericht zurück. „Das ist
    # falsch“, sagte eine Sprecherin.') rejects the same claim
    prev = [p for p in denials if p.cue.start < d.cue.start and p.id in targets
            and 0 <= min(d.cue.start, d.content.start) - max(p.cue.end, p.content.end) < 250
            and "\n" not in text[max(p.cue.end, p.content.end):min(d.cue.start, d.content.start)]]
    if prev:
        return targets[prev[-1].id], True
    return _choose(d, claims, counts, text), False


def _choose(d, claims, counts: Counter, text: str) -> str | None:
    first = min(d.cue.start, d.content.start)
    sent_lo = max(text.rfind("\n", 0, first), text.rfind(". ", 0, first)) + 1
    around = text[sent_lo:max(d.content.end, d.cue.end)]
    cands = [c for c in claims if c.speaker.name != d.speaker.name or not d.speaker.name]
    if not cands:
        return None
    mine = _stems(around) | _stems(text[d.cue.start:d.cue.end])
    if d.source is not None:
        mine -= _stems(d.source.text) - _stems(d.content.text)     # the denier is not what is denied
    idf = _idf(text)
    # words naming what is rejected outside the quoted/reported content ('Die Gespräche … wies X zurück')
    outside = text[sent_lo:first]
    if d.content.end < d.cue.start:
        outside += " " + text[d.content.end:d.cue.start]
    obj = _stems(outside) - (_stems(d.source.text) if d.source is not None else set())
    scored = []
    lead = "\n" in text[:d.cue.start] and text[:d.cue.start].count("\n") <= 2 or "\n" not in text[:d.cue.start]
    lead = lead and d.cue.start < 400
    for c in cands:
        if c.content.start >= d.content.start and c.content.start <= d.content.end:
            continue                                  # the denial's own wonach clause handled above
        if c.content.start > d.cue.start and not lead:
            continue                                  # a denial answers a claim made before it
        shared = mine & _stems(c.content.text)
        overlap = sum(idf.get(x, 1.0) * (2.0 if x in obj else 1.0) for x in shared)
        before = c.content.end <= d.cue.start
        scored.append((overlap, before, c))
    # 'wies die Vorwürfe zurück': the latest accusation by someone else
    if re.search(r"\b(Vorw[uü]rf\w*|Kritik|Anschuldigung\w*|Beschuldigung\w*|Anzeigen?)\b", around):
        nested = _nested(claims)
        prior = [c for ov, b, c in scored if b and c.type in ("indirect", "direct", "according_to")
                 and id(c) not in nested]
        if prior and not REPORT_WORDS.search(around):
            # the accusation itself ('warf … vor', 'beschuldigte') before any later remark of the accuser
            accusing = [c for c in prior if _ACCUSE.search(c.cue.text)]
            return (accusing or prior)[-1].id
    reportish = bool(REPORT_WORDS.search(around)) or bool(
        re.match(r"\s*(dies|das|diese|diesen|dieses|solche)\b", d.content.text, re.I)) or bool(
        re.search(r"\bsolche[rnsm]?\b", d.content.text, re.I))
    # an anaphor right after a claim ('Paris wies die Darstellung zurück', 'X bestritt das:') rejects that claim
    if reportish:
        near = [c for ov, b, c in scored if b and _same_paragraph(text, c.content.end, d.cue.start)
                and min(d.cue.start, d.content.start) - c.content.end < 250
                and c.type in ("indirect", "direct", "according_to")]
        if near:
            return near[-1].id
    # a report anaphor: the claim the other denials reject, else the latest report-like claim before it
    if reportish:
        if counts:
            return counts.most_common(1)[0][0]
        reports = [c for ov, b, c in scored if c.speaker.kind in ("media", "document", "unspecified")
                   and c.type in ("according_to", "indirect")]
        prior = [c for c in reports if c.content.end <= d.cue.start]
        if prior:
            return prior[-1].id
        if lead and reports:
            return reports[0].id                      # the lead denies the report the article then cites
    dismissal = bool(L.DENIAL_PHRASES.search(d.content.text))
    best0 = max(scored, key=lambda x: (x[0], x[1]), default=None)
    if dismissal and counts and not (best0 and best0[0] >= 3.0):
        return counts.most_common(1)[0][0]
    # a headline denial (before every claim) rejects what the article's other denials reject
    if counts and d.cue.start < min(c.content.start for c in claims):
        return counts.most_common(1)[0][0]
    best = max(scored, key=lambda x: (x[0], x[1], x[2].content.start if x[1] else -x[2].content.start),
               default=None)
    if best and best[0] >= 1.5:
        return best[2].id
    if counts and d.cue.start < min(c.content.start for c in claims):
        return counts.most_common(1)[0][0]
    if best and best[0] >= 1 and best[1]:
        return best[2].id
    return None
