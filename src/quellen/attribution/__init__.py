"""Attribution: who said, claimed or denied what — rules plus the learned model, merged.

``find_attributions`` fills ``analysis.document.attributions`` (ids a1, a2, … in text order). The rules
(:mod:`.rules`) give the contract's types (direct / indirect / according_to / denial) and run alone when no
model is shipped; the learned model (:mod:`.learned`, when present) adds statements the rules miss. Where both
find the same statement the rule's type and spans win and ``origin`` says ``model+rule``. Speakers are filled
later by :func:`quellen.link.speakers.resolve_speakers`; the source span and hints it needs are left in
``analysis.extra["attribution_meta"]``.
"""
from __future__ import annotations

import logging
import re

from ..faults import guard
from ..model import Attribution, Span, Speaker
from .rules import Cand, find_rule_candidates

log = logging.getLogger(__name__)

MODEL_MIN_CONFIDENCE = 0.6


def ensure_doc(analysis):
    """The spaCy Doc for the article; a blank German one with a sentencizer when the nlp stage did not run."""
    if analysis.spacy_doc is None:
        import spacy

        nlp = spacy.blank("de")
        nlp.add_pipe("sentencizer")
        analysis.spacy_doc = nlp(analysis.document.text)
    return analysis.spacy_doc


def find_attributions(analysis, resources) -> None:
    doc = ensure_doc(analysis)
    text = analysis.document.text
    skip = [(b.start, b.end) for b in analysis.document.boilerplate]
    document = analysis.document
    cands = find_rule_candidates(doc, text, skip, document)
    for c in cands:
        c.extra["origin"] = "rule"
    attributor = None
    if resources is not None:
        attributor = resources.get("attributor", _load_attributor)
    if attributor is not None:
        with guard(document, "attribution", "learned model"):     # the rule candidates stand without it
            cands = merge_model(cands, model_candidates(attributor, doc, text, skip), text)
    cands.sort(key=lambda c: (min(c.cue[0], c.content[0]), c.cue[0]))
    attributions, meta = [], {}
    for c in cands:
        aid = f"a{len(attributions) + 1}"
        with guard(document, "attribution", f"candidate at {c.cue[0]}-{c.content[1]}") as g:
            a = Attribution(
                id=aid, type=c.type, cue=Span.of(text, *c.cue),
                source=Span.of(text, *c.source) if c.source else None,
                speaker=Speaker(None, None, "unspecified"), content=Span.of(text, *c.content),
                hedged=c.hedged, confidence=c.confidence, origin=c.extra.get("origin", "rule"),
                form=c.extra.get("form"),
                addr=Span.of(text, *c.extra["addr"]) if c.extra.get("addr") else None,
                frame=Span.of(text, *c.extra["frame"]) if c.extra.get("frame") else None)
        if g.failed:
            continue
        attributions.append(a)
        meta[aid] = {"hint": c.source_hint, "rule": c.rule, "sent": c.sent,
                     "copy_of": None, "denies_hint": c.denies_hint, "cand": c}
    # a continued quotation shares the speaker of the one it continues
    by_cand = {id(m["cand"]): aid for aid, m in meta.items()}
    for aid, m in meta.items():
        prev = m["cand"].copy_of
        if prev is not None:
            m["copy_of"] = by_cand.get(id(prev))
    analysis.document.attributions = attributions
    analysis.extra["attribution_meta"] = meta


def _load_attributor():
    """The shipped learned model, ``None`` where none is shipped (the rules run alone, by design); a shipped
    model that cannot be loaded is an environment fault that stops the run, not a silent downgrade."""
    from ..errors import MODEL_UNAVAILABLE, EnvironmentFault
    from .learned import load_attributor

    try:
        return load_attributor()
    except Exception as exc:  # noqa: BLE001 - turned into one clear message
        raise EnvironmentFault(MODEL_UNAVAILABLE, f"the shipped attribution model cannot be loaded "
                                                  f"({type(exc).__name__}: {exc}); reinstall quellen or run "
                                                  "`quellen models train`") from exc


# --- the learned model ------------------------------------------------------------------------------------

_FORM_TYPE = {"Direct": "direct", "Indirect": "indirect", "FreeIndirect": "indirect",
              "IndirectFreeIndirect": "indirect", "Reported": "indirect"}


def model_candidates(attributor, doc, text: str, skip) -> list[Cand]:
    from . import lexicon as L

    out = []
    for a in attributor.annotate_doc(doc):
        if not a.message or a.confidence < MODEL_MIN_CONFIDENCE or getattr(a, "is_nested", False):
            continue                  # quotations nested in a report are part of its content here
        content = _char_span(doc, a.message)
        if any(b <= content[0] and content[1] <= e for b, e in skip):
            continue
        cue = _char_span(doc, a.cue) if a.cue else (content[0], content[0])
        source = _char_span(doc, a.source) if a.source else None
        typ = _FORM_TYPE.get(a.form, "indirect")
        cue_words = {doc[i].text.lower() for i in a.cue}
        if cue_words & (L.ACCORDING_PRE | L.ACCORDING_POST | {"wonach", "demnach"}):
            typ = "according_to"
        if any(vf.cls == L.DENIAL for w in cue_words for vf in L.verb_forms(w)):
            typ = "denial"
        if a.cue and doc[min(a.cue)].lower_ == "wie" and typ == "indirect":
            typ = "according_to"                  # '…, wie der Gouverneur mitteilte': a parenthetical
        words = {t.lower_ for t in doc[min(a.message):max(a.message) + 1]}
        c = Cand(typ, cue, content, source, "model", float(a.confidence), -1, tuple(a.cue))
        c.hedged = bool(words & (L.HEDGE_WORDS | {"soll", "sollen"}))
        c.extra.update(origin="model", form=a.form,
                       addr=_char_span(doc, a.addr) if a.addr else None,
                       frame=_char_span(doc, a.frame) if a.frame else None)
        if not source:
            c.source_hint = "inherit"
        out.append(c)
    return out


def _char_span(doc, idx: list[int]) -> tuple[int, int]:
    a, b = min(idx), max(idx)
    return doc[a].idx, doc[b].idx + len(doc[b].text)


def _overlap(a, b) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return inter / max(1, min(a[1] - a[0], b[1] - b[0]))


def _same_sentence_source(m: Cand, r: Cand, text: str) -> bool:
    """Whether the model found a Source for a statement whose rule left it open, in the sentence of the rule's
    cue ("Wie der Bevollmächtigte der EU-Kommission, Gerald Braun, in Luxemburg mitteilte, …", "Theo Zwanziger,
    Präsident des DFB, nannte … und stellte fest, dass …"). A Source the model reaches for in an earlier sentence
    is left to the speaker rules, which continue the last report there; a continued quotation keeps its own, and
    a Source inside the rule's cue is none."""
    if m.source is None or r.copy_of is not None or (m.source[0] < r.cue[1] and r.cue[0] < m.source[1]):
        return False                              # 'Dem Vernehmen nach': the cue itself names no one
    a, b = (m.source[1], r.cue[0]) if m.source[0] < r.cue[0] else (r.cue[1], m.source[0])
    return not re.search(r"[.!?][\"“”»«]?\s", text[a:b])


def merge_model(rule_cands: list[Cand], model_cands: list[Cand], text: str) -> list[Cand]:
    """Rules keep their types and spans; a model statement that overlaps one confirms it, others are added
    (only where the model is confident and has a cue, to keep precision)."""
    out = list(rule_cands)
    model_cands = [m for m in model_cands if not any(
        o is not m and o.content[0] <= m.content[0] and m.content[1] <= o.content[1]
        and (o.content[1] - o.content[0]) > (m.content[1] - m.content[0]) for o in model_cands)]
    for m in model_cands:
        hits = [r for r in rule_cands if _overlap(r.content, m.content) >= 0.5]
        if hits:
            for r in hits:
                if r.extra.get("origin") == "rule":
                    r.extra["origin"] = "model+rule"
                    for key in ("form", "addr", "frame"):
                        r.extra[key] = m.extra.get(key)
                    if r.source is None and _same_sentence_source(m, r, text):
                        r.source, r.source_hint = m.source, None
                    r.confidence = min(0.97, max(r.confidence, m.confidence) + 0.05)
            continue
        if m.cue[1] > m.cue[0] and m.source is not None and m.confidence >= 0.75:
            out.append(m)
    return out
