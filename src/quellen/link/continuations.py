"""Whose report a Konjunktiv continuation goes on with, when the sentence before it reports without a content.

Why: "Der Flugbetriebsleiter Reinhard Kraxner spekulierte über einen toten Winkel als Ursache. So sei die Sicht
nach oben eingeschränkt …" — the second sentence is Kraxner's, but the first has no content of its own, so it is
no attribution, and the continuation took the speaker of an older report ("Ohrenzeugen") instead. The same in
the passive: "Die Forderungen wurden von Verkehrsminister Stolpe als unrealistisch bezeichnet. Heutige Fahrzeuge
seien …" is Stolpe's, not the owner of "Forderungen". The annotators of news-spkatt give such continuations the
subject (or the von-agent) of the reporting sentence before them.
"""
from __future__ import annotations

from ..attribution import lexicon as L
from ..model import Speaker
from .descriptions import mention_speaker, previous_subject, sentence_before

_CLASSES = (L.SPEECH, L.DENIAL, L.NAMING)
_WERDEN = {"wurde", "wurden", "wird", "werden", "worden"}
# 'Präsident X ist besorgt.', 'Die Ministerin zeigte sich zuversichtlich.': a stance that the next sentences give
_STANCE = {"besorgt", "überzeugt", "zuversichtlich", "optimistisch", "skeptisch", "empört", "enttäuscht",
           "erleichtert", "zufrieden", "unzufrieden", "entsetzt", "verärgert", "beunruhigt", "alarmiert"}
_COPULA = {"ist", "sind", "war", "waren", "zeigte", "zeigten", "zeigt", "zeigen", "gab", "gaben", "gibt"}


def _reporting(sent):
    """("active", None) (a stance adjective after a copula counts: "X zeigte sich besorgt") or ("passive", the von token) when ``sent`` has a reporting verb as its predicate, else
    None. The agent's "von" stands between the auxiliary and the participle, with no comma in between ("wurden
    von Minister X als unrealistisch bezeichnet"; not "wird kritisiert, dass … von Präsident X")."""
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
