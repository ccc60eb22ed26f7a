"""Which organisation a description means: 'Die Universität' after "Universität Bayreuth", 'das neue
Unternehmen' after "Premium Aerotec GmbH", 'Die Organisation' after "Amnesty International".

Why: articles name an organisation once and then refer to it by what it is. A ledger that keeps "Organisation"
or "Unternehmen" as the speaker loses who spoke; these rules find the organisation named before it, and only
where one fits, so that 'eine Behörde' stays someone new.
"""
from __future__ import annotations

import re

from ..attribution import lexicon as L
from ..model import Speaker
from .entities import LEGAL_FORMS, word_stem
from .phrases import _head_is


_DEFINITE = {"der", "die", "das", "dem", "den", "des"}


_COMPANY_NOUNS = {"unternehmen", "konzern", "firma"}
# nouns any non-governmental organisation is called by: they refer to the organisation named last (400 characters);
# not names that end in them ('Weltgesundheitsorganisation')
_GENERIC_ORGS = {"organisation", "hilfsorganisation", "menschenrechtsorganisation", "umweltschutzorganisation",
                 "umweltorganisation", "nichtregierungsorganisation", "dachorganisation", "vereinigung", "initiative",
                 "bürgerinitiative"}


def _not_a_place(resolver, e) -> bool:
    """An organisation entity that is no country or city typed ORG ('Myanmar', 'Guatemala' as a government)."""
    from ..nlp.name_types import TYPES, typed
    from .gazetteer import COUNTRIES

    if e.name.lower() in COUNTRIES:
        return False
    doc, m = resolver.spacy_doc, (e.mentions[0] if e.mentions else None)
    p = typed(doc, m.start, m.end) if doc is not None and m is not None else None
    return p is None or TYPES[int(p.argmax())] != "LOC"


def named_organisation(resolver, start: int, head_part: str) -> Speaker | None:
    """'Die Universität' after "Universität Bayreuth", 'das Ministerium' after "Innenministerium": a definite
    organisation description refers to the organisation named before it whose name holds its head noun (as a word,
    or as the end of a compound of at least five letters), and 'das (neue) Unternehmen', 'der Konzern', 'die
    Firma' to a company named with its legal form ("Premium Aerotec GmbH"); the one named last wins. None without
    a definite article or such a name, so that 'eine Behörde' stays someone new."""
    words = re.findall(r"[\wÄÖÜäöüß-]+", head_part)
    if len(words) < 2 or words[0].lower() not in _DEFINITE:
        return None
    return organisation_before(resolver, start, words[-1].lower())


def organisation_before(resolver, start: int, noun: str) -> Speaker | None:
    """The organisation named last before ``start`` that the lower-case ``noun`` can refer to (see
    :func:`named_organisation`)."""
    head = word_stem(noun)
    company = noun in _COMPANY_NOUNS                   # 'das neue Unternehmen': the company named last before
    generic = noun in _GENERIC_ORGS                    # 'Die Organisation' after "Amnesty International"
    best = None
    for e in resolver.ents.values():
        if e.type != "ORG":
            continue
        if generic and resolver.kind_of_entity(e) == "organization" and _not_a_place(resolver, e):
            last = max((m.start for m in e.mentions if m.start < start and start - m.start < 400), default=-1)
            if last >= 0 and (best is None or last > best[0]):
                best = (last, e)
            continue
        parts = [word_stem(w.lower()) for w in re.findall(r"[\wÄÖÜäöüß]+", e.name)]
        fits = any(p == head or (len(head) >= 5 and p.endswith(head)) for p in parts) and parts != [head]
        if not (fits or company and len(parts) > 1 and e.name.lower().split()[-1] in LEGAL_FORMS):
            continue
        last = max((m.start for m in e.mentions if m.start < start), default=-1)
        if last >= 0 and (best is None or last > best[0]):
            best = (last, e)
    return resolver.speaker_of(best[1].id) if best else None


def name_after_org_word(spacy_doc, start: int, head_part: str) -> str | None:
    """'Die Gruppe Turkey Blocks', 'die Initiative Pro Rad': the capitalised words after the organisation word of
    the source ``head_part`` (at ``start``), starting with a proper noun, are its name (the last of them alone is
    not)."""
    span = spacy_doc.char_span(start, start + len(head_part.rstrip()), alignment_mode="expand") if spacy_doc is not \
        None and spacy_doc.has_annotation("TAG") else None
    if span is None:
        return None
    toks = list(span)
    for k in range(len(toks) - 2, -1, -1):
        rest = toks[k + 1:]
        if _head_is(toks[k].text, L.ORG_WORDS) and toks[k].tag_ == "NN" and rest[0].tag_ in ("NE", "FM") and all(
                t.tag_ in ("NE", "FM", "NN") and t.text[:1].isupper() for t in rest):
            return " ".join(t.text for t in rest)
    return None
