"""Speakers found in the sentences around a statement: the subject of the sentence before, the sentence before
that reports without a content, the subject whose own account ('nach eigenen Angaben') a statement is.

Why a module of its own: these rules read the neighbouring sentence's subject through the coreference mentions,
not the source span, and several stages ask for it (continuations, documents, impersonal reports).

Continuations: "Der Flugbetriebsleiter Reinhard Kraxner spekulierte über einen toten Winkel als Ursache. So sei die
Sicht nach oben eingeschränkt …" — the second sentence is Kraxner's, but the first has no content of its own, so it
is no attribution, and the continuation took the speaker of an older report ("Ohrenzeugen") instead. The same in
the passive: "Die Forderungen wurden von Verkehrsminister Stolpe als unrealistisch bezeichnet. Heutige Fahrzeuge
seien …" is Stolpe's, not the owner of "Forderungen". The annotators of news-spkatt give such continuations the
subject (or the von-agent) of the reporting sentence before them.
"""
from __future__ import annotations

import re

from ..attribution import lexicon as L
from ..model import Speaker
from .descriptions import _DETS, _role_kind, name_after, span_at
from .phrases import owned_kind

_CLASSES = (L.SPEECH, L.DENIAL, L.NAMING)
_WERDEN = {"wurde", "wurden", "wird", "werden", "worden"}
# 'Präsident X ist besorgt.', 'Die Ministerin zeigte sich zuversichtlich.': a stance that the next sentences give
_STANCE = {"besorgt", "überzeugt", "zuversichtlich", "optimistisch", "skeptisch", "empört", "enttäuscht",
           "erleichtert", "zufrieden", "unzufrieden", "entsetzt", "verärgert", "beunruhigt", "alarmiert"}
_COPULA = {"ist", "sind", "war", "waren", "zeigte", "zeigten", "zeigt", "zeigen", "gab", "gaben", "gibt"}


def _reporting(sent):
    """("active", None) or ("passive", the von token) when ``sent`` has a reporting verb as its predicate, else
    None. A stance adjective after a copula counts as active ("X zeigte sich besorgt"). The agent's "von" stands
    between the auxiliary and the participle, with no comma in between ("wurden von Minister X als unrealistisch
    bezeichnet"; not "wird kritisiert, dass … von Präsident X")."""
    words = {t.lower_ for t in sent}
    if words & _COPULA and any(t.lower_ in _STANCE and t.tag_ == "ADJD" for t in sent):
        return "active", None
    for t in sent:
        forms = [f for f in L.VERBS.get(t.lower_, ()) if f.cls in _CLASSES and (not f.particle or f.particle in words)]
        if not forms:
            continue
        if t.tag_ == "VVFIN" and any(f.finite for f in forms):
            return "active", None
        if t.tag_ == "VVPP" and words & _WERDEN:
            before = sent.doc[sent.start:t.i]
            agent = next((x for x in reversed(before) if x.lower_ in ("von", "vom")), None)
            if agent is not None and not any(x.text == "," for x in sent.doc[agent.i:t.i]):
                return "passive", agent
    return None


def reporting_sentence_before(resolver, pos: int) -> Speaker | None:
    """The speaker of the sentence before the one at ``pos`` when that sentence reports (a reporting verb as its
    predicate) and holds no attribution itself: its subject, or in the passive its von-agent. None otherwise."""
    prev = sentence_before(resolver, pos)
    if prev is None:
        return None
    a, b = prev.start_char, prev.end_char
    if any(x.cue is not None and a <= x.cue.start < b or x.content.start < b and x.content.end > a
           for x in resolver.history):
        return None                                   # it is a report already: the usual inheritance holds
    found = _reporting(prev)
    if found is None:
        return None
    voice, agent = found
    if voice == "active":
        return previous_subject(resolver, pos)
    for m in resolver.antecedents.mentions:
        if a <= m.chars[0] < b and m.kind != "pron" and agent.i < m.start <= agent.i + 2:
            return mention_speaker(resolver, m)
    return None


def sentence_before(resolver, pos: int):
    """The sentence before the one at ``pos``, in the same paragraph; None at the start or after a blank line."""
    doc = resolver.spacy_doc
    here = span_at(doc, pos, pos + 1, "SENT_START")
    if here is None or here.sent.start == 0:
        return None
    prev = doc[here.sent.start - 1].sent
    if "\n\n" in resolver.text[prev.end_char:pos]:
        return None                                   # a new paragraph is a new report
    return prev


_GENITIVE_TAIL = re.compile(r"\s+(?:der|des)\s+[^,.;:!?]{1,40}(?=,)")


def mention_speaker(resolver, m) -> Speaker | None:
    """The speaker a mention stands for: its entity, else a description headed by a person or organisation noun."""
    eid = resolver.antecedents.entity_of(m)
    if eid is not None:
        return resolver.speaker_of(eid)
    role = _role_kind(m.head_text)
    kin = role is None and owned_kind(m.head_text) == "anonymous"     # 'Der ältere Bruder des Papstes'
    if m.kind == "desc" and (role in ("person", "organization") or kin):
        if role == "person" or kin:                   # 'Der Leiter (der Feuerwehr), Karl Hansen, …'
            owner = _GENITIVE_TAIL.match(resolver.text, m.chars[1])
            named = name_after(resolver, owner.end() if owner else m.chars[1], None)
            if named is not None:
                return resolver.speaker_of(named)
            if kin:
                return None                           # 'von ihrem Vater': a relative, named nowhere here
        words = [w for w in m.text.split() if w.lower() not in _DETS]
        return Speaker(" ".join(words) or m.text, None, "organization" if role == "organization" else "anonymous")
    return None


def previous_subject(resolver, pos: int) -> Speaker | None:
    """The first person or organisation of the sentence before the one at ``pos`` (see rule 3): a named
    entity, else a description headed by a person or organisation noun. None when that sentence has none."""
    doc, prev = resolver.spacy_doc, sentence_before(resolver, pos)
    if prev is None:
        return None
    a, b = prev.start_char, prev.end_char
    # the subject stands before the finite verb or, after a fronted adverbial ('Am Montag hat die FIFA …'),
    # right after it: only the mentions up to the first one after the finite verb are candidates
    fin = next((t.i for t in prev if t.tag_ in ("VVFIN", "VAFIN", "VMFIN")), prev.end)
    pool = [m for m in resolver.antecedents.mentions if a <= m.chars[0] < b and m.kind != "pron"]
    after = [m for m in pool if m.start > fin][:1]
    cands = [m for m in pool if m.start < fin] + after
    for n, m in enumerate(cands):                     # in text order: the first fitting one
        if m.end < len(doc) and doc[m.end].tag_ == "NN" and m.text.endswith("s"):
            continue                                  # 'Obamas Einsatz': a genitive, not the subject
        words = m.text.lower().split()
        if len(words) >= 2 and words[0] in L.INDEFINITE_ARTICLES and words[-1] in L.PEOPLE_NOUNS:
            continue                                  # 'Die Taten hätte ein anderer Mann verübt': told of, not telling
        if (sp := mention_speaker(resolver, m)) is not None:
            other = cands[n + 1] if n + 1 < len(cands) else None
            if other is not None and sp.name and _AND.fullmatch(resolver.text[m.chars[1]:other.chars[0]]):
                sp2 = mention_speaker(resolver, other)          # 'Die Union sowie auch die FDP': both
                if sp2 is not None and sp2.name and sp2.kind == sp.kind:
                    return Speaker(f"{sp.name} und {sp2.name}", None, sp.kind)
            return sp
    return None


_AND = re.compile(r"\s+(?:und|sowie)(?:\s+auch)?\s+(?:der|die|das|den|dem)?\s*")


def own_subject(resolver, start: int, end: int) -> Speaker | None:
    """Whose 'eigenen Angaben' / 'eigenem Bekunden' the source [start, end) is: the subject of its clause, the
    first mention before it in the sentence ('Georg Weber war nach eigenem Bekunden …'), else the first one after
    it ('Nach eigenen Angaben erhielt das Amt …')."""
    doc = resolver.spacy_doc
    here = span_at(doc, start, end, "SENT_START")
    if here is None:
        return None
    sent = here.sent
    pool = [m for m in resolver.antecedents.mentions if sent.start_char <= m.chars[0] < sent.end_char
            and not start <= m.chars[0] < end]
    for m in [m for m in pool if m.chars[1] <= start] + [m for m in pool if m.chars[0] >= end][:1]:
        if m.kind == "pron":
            return resolver.pronoun(m.chars[0], m.text.lower()) if m.text.lower() in ("er", "sie") else None
        if (sp := mention_speaker(resolver, m)) is not None:
            return sp
    return None
