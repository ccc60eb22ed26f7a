"""Who gave an account: information compounds ('laut Polizeiangaben', 'nach israelischen Militärangaben',
'Zeugenaussagen zufolge') and origins after an information word ('Angaben aus Khartum').

Why: German packs who gave an account into the first part of a compound. The source span is then one word that
names no one as it stands ("Polizeiangaben"), while a reader takes it for the police speaking; a ledger that
keeps "Polizeiangaben" as the speaker cannot group it with the police's other statements.
"""
from __future__ import annotations

import re

from ..attribution import lexicon as L
from ..model import Speaker
from .entities import _role_kind
from .phrases import _head_is, _normal_name

_LINKING_S = ("ung", "heit", "keit", "schaft", "tion", "tät", "ling", "tum", "amt", "ium", "nehmen")


def compound_source(text: str) -> Speaker | None:
    """'laut Polizeiangaben', 'nach Behördenangaben', 'Zeugenaussagen zufolge', 'nach israelischen
    Militärangaben': the first part of an '-angaben', '-aussagen' or '-informationen' compound (after at most
    one adjective) is who gave them (the linking s dropped: 'Regierungs' -> 'Regierung'); a person word there is
    an unnamed individual or group ('Veranstalterangaben', 'Zeugenaussagen': anonymous). None for any other
    source."""
    words = [w.strip(",.;:„“”\"»«()") for w in text.split()]
    words = [w for w in words if w and w.lower() not in L.ARTICLES]
    info = next((x for x in _INFO_COMPOUNDS if words and words[-1].lower().endswith(x)), None)
    if not info or len(words[-1]) < len(info) + 4 or len(words) > 2 or (
            len(words) == 2 and not re.fullmatch(r"[a-zäöüß]+(?:en|er|e)", words[0])):
        return None
    giver = words[-1][:-len(info)].rstrip("-")
    if giver.endswith("s") and giver[:-1].lower().endswith(_LINKING_S):
        giver = giver[:-1]
    kind = _role_kind(giver)
    if len(words) == 2:                 # 'israelischen Militärangaben' -> 'israelisches Militär'
        giver = f"{_nominative_adjective(words[0], giver)} {giver}"
    if kind == "person" or _head_is(giver, L.ANONYMOUS_WORDS + ("zeugen", "augenzeugen", "anwohner")):
        return Speaker(giver, None, "anonymous")
    return Speaker(giver, None, kind or "organization")


_INFO_COMPOUNDS = ("angaben", "aussagen", "informationen")
_FEMININE_ENDS = ("ei", "ung", "heit", "keit", "schaft", "ion", "tät", "ie", "ik", "ur", "ee", "anz", "enz", "in")
_NEUTER_ENDS = ("um", "ment", "tum", "chen", "lein", "amt", "haus", "militär", "gericht", "komitee", "institut",
                "büro", "team", "werk", "land", "parlament", "kabinett", "regime", "gremium", "blatt")


def _nominative_adjective(adjective: str, noun: str) -> str:
    """The adjective of 'den israelischen Militärangaben' as it stands before the giver alone in the nominative
    without article ('israelisches Militär', 'italienische Polizei', 'japanischer Zoll'): by the giver's gender,
    guessed from its ending (plural givers such as 'Behörden' take -e)."""
    stem = re.sub(r"(?:en|er|e)$", "", adjective.lower())
    low = noun.lower()
    if low.endswith(("en", "er")) and _role_kind(noun) != "organization":
        return stem + "e"               # 'Behörden', 'Veranstalter': a plural giver
    if low.endswith(_NEUTER_ENDS):
        return stem + "es"
    return stem + ("e" if low.endswith(_FEMININE_ENDS) else "er")


def from_owner(resolver, j: int) -> Speaker | None:
    """The noun phrase at token ``j`` after 'aus'/'von' that an information word names as its origin: an entity
    (a place stands for its government), else a description."""
    doc = resolver.spacy_doc
    k = j + 1 if doc[j].tag_ == "ART" else j
    e = k
    while e < len(doc) and doc[e].tag_ in ("ADJA", "NN", "NE") and e - k < 5:
        e += 1
    if e == k or doc[e - 1].tag_ not in ("NN", "NE"):
        return None
    eid = resolver.antecedents.entity_at(doc[k].idx, doc[e - 1].idx + len(doc[e - 1]))
    if eid is not None:
        sp = resolver.speaker_of(eid)
        return Speaker(sp.name, sp.entity, "organization") if resolver.ents[eid].type == "LOC" else sp
    name = _normal_name("den " + doc[k:e].text)
    return Speaker(name, None, "anonymous" if _head_is(name, L.ANONYMOUS_WORDS) else "organization")
