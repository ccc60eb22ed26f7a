"""Word-level tests on a source phrase, for the speaker rules (``speakers``): is its head an organisation,
a document, a plural group; what is its short name; is a description of a woman.

Why apart: ``speakers`` decides; these helpers only read the words of one phrase and know nothing of the
article, so they are easy to test and to reuse.
"""
from __future__ import annotations

import re

from ..attribution import lexicon as L
from .entities import word_stem

NAME_STOP = L.DETERMINERS | L.PREPOSITIONS | {"herr", "herrn", "frau", "darin", "auch", "aber"}


def _last(phrase: str | None) -> str:
    """The last word of ``phrase``, or "" when it has none (a source span may be only punctuation or spaces;
    ``phrase.split()[-1]`` on such a span once lost a whole article)."""
    words = (phrase or "").split()
    return words[-1] if words else ""


def _first(phrase: str | None) -> str:
    words = (phrase or "").split()
    return words[0] if words else ""


_UNNAMED_REL = re.compile(r"\s*,\s*(der|die|das|welche[rs]?)\s+[^,.;]{0,80}?(anonym|nicht\s+namentlich|namentlich\s+nicht"
                         r"|ungenannt|nicht\s+genannt|(seinen|ihren)\s+Namen\s+nicht)", re.I)


# 'eine Sprecherin der Behörde': a spokesperson of an institution named before
_SPOKES_OF = re.compile(r"^(?:ein|eine|der|die)?\s*(?P<role>Sprecher(?:in)?|Sprecherinnen|Vertreter(?:in)?)\s+"
                        r"(?P<det>des|der)\s+(?P<head>Behörde|Ministeriums|Ministerium|Staatsanwaltschaft|Polizei|"
                        r"Regierung|Stadt|Gemeinde|Kommission|Amtes|Amts|Gerichts|Gerichtes)$")
_AUTHORITY = ("ministerium", "staatsanwaltschaft", "polizei", "amt", "behörde", "gericht", "kommission",
              "regierung", "verwaltung", "senat", "ministerien", "bundeswehr", "armee")
_ORG_ANAPHORS = {"behörde": _AUTHORITY, "ministeriums": ("ministerium",), "ministerium": ("ministerium",),
                 "staatsanwaltschaft": ("staatsanwaltschaft",), "polizei": ("polizei",),
                 "regierung": ("regierung",), "stadt": ("stadt",), "gemeinde": ("gemeinde",),
                 "kommission": ("kommission",), "amtes": ("amt",), "amts": ("amt",), "gerichts": ("gericht",),
                 "gerichtes": ("gericht",)}

_QUOTED_OUTLET = re.compile(r"\b(?:[\wäöüß-]*(?:zeitung|blatt|magazin|bericht|berichts|artikel|sender|agentur|portal|"
                            r"journal|zeitschrift|kolumne|interview))\s+(?:(des|der|dem|von|vom|im|in)\s+)?"
                            r"[„\"»]([A-ZÄÖÜ][^“”\"«]{1,40})[“”\"«]", re.I)


def _age_noun_female(det: str, head: str) -> bool:
    """'die 54-Jährige' / 'eine 54-Jährige' / 'der 54-Jährigen' (dative) are women; 'der 54-Jährige',
    'ein 54-Jähriger', 'dem/des 54-Jährigen' are men."""
    if head.endswith("jähriger"):
        return False
    if head.endswith("jährigen"):
        return det == "der"
    return det in ("die", "eine")


def _head_is(text: str, words) -> bool:
    toks = [w.lower().strip(",.;:„“”\"»«()") for w in text.split()]
    toks = [t for t in toks if t and t not in L.DETERMINERS and t not in L.PREPOSITIONS]
    if not toks:
        return False
    if " ".join(toks) in words:
        return True                                   # multi-word heads: 'Weiße Haus'
    for t in toks:
        parts = t.split("-")
        for p in (t, parts[-1]):
            if p in words or word_stem(p) in words or any(p.endswith(w) and len(w) >= 4 for w in words) or (
                    "amt" in words and p.endswith("amt") and len(p) > 6):
                return True
    return False


def _apposed_name(text: str, heads) -> str | None:
    """'das russischsprachige Medium Verstka' -> 'Verstka': capitalised words after the role noun."""
    words = [w.strip(",.;:„“”\"»«()") for w in text.split()]
    for k, w in enumerate(words):
        if _head_is(w, heads):
            rest = [x for x in words[k + 1:] if x[:1].isupper()]
            if rest and len(rest) == len(words[k + 1:]):
                return " ".join(rest)
    return None


def _plural(text: str) -> bool:
    low = text.lower().split()
    return any(w.endswith(("berichte", "berichten", "medien", "artikeln", "studien")) for w in low)


def _plural_people(text: str) -> bool:
    low = [w.lower() for w in text.split()]
    return bool(low) and low[0] in ("einige", "einiger", "mehrere", "viele", "zwei", "drei", "andere")


def _normal_name(text: str) -> str:
    """A short name for an unnamed source: determiners/prepositions dropped, dative plural -n undone."""
    words = [w.strip(",.;:„“”\"»«()") for w in text.split()]
    words = [w for w in words if w]
    while len(words) > 1 and words[0].lower() in NAME_STOP | {"im", "in", "aus"}:
        words = words[1:]
    if not words:
        return text.strip()
    if len(words) == 1 and words[0].lower() in ("einiger", "vieler", "mancher", "anderer"):
        return words[0][:-1]                          # 'nach Ansicht einiger' -> 'einige'
    first = text.split()[0].lower() if text.split() else ""
    dative = first in ("den", "mehreren", "einigen", "vielen", "in") or (
        first.endswith("en") and first not in ("einen", "keinen") and not text.split()[0][:1].isupper()) or (
        len(words) == 1 and words[0].lower().endswith(("ern", "eln", "ten", "sen")) and first not in (
            "dem", "einem"))                          # 'dem Gutachten' is one report, not 'Gutachte'
    if first.startswith("beid") and not words[-1].endswith(("ern", "eln")):
        dative = False                                # '(den) beiden Seiten': a plural that ends so in any case
    last = words[-1]
    if dative and len(last) > 4 and last.lower() != "eltern" and (last.endswith(("ern", "eln")) or (
            last.endswith(("ten", "den", "sen", "ssen", "ßen", "chen")) and not last.endswith(
                ("ungen", "ionen", "innen", "heiten", "keiten", "schaften") + _WEAK_PLURALS))):
        words[-1] = last[:-1]
    elif first == "des" and len(words) >= 1 and len(last) > 5 and last[:1].isupper() and not last.endswith(
            ("ss", "us", "is", "as", "os")):
        # 'des ukrainischen Generalstabs' -> '… Generalstab', 'des Rates' -> '… Rat'
        words[-1] = last[:-2] if re.search(r"[^aeiouäöü]es$", last) and len(last) > 6 else (
            last[:-1] if last.endswith("s") else last)
    return " ".join(words)


# weak nouns whose nominative plural ends in -en already ('Diplomaten', 'Experten', 'Soldaten')
_WEAK_PLURALS = ("aten", "anten", "enten", "isten", "oten", "erten", "uten")


def _head_name(text: str) -> str:
    words = [w for w in re.findall(r"[\wÄÖÜäöüß-]+", text) if w.lower() not in NAME_STOP]
    caps = [w for w in words if w[:1].isupper()]
    return caps[-1] if caps else (words[-1] if words else text.strip())


# nouns that say whose someone is ('Rezais Wahlkampfhelfer', 'Demjanjuks Sohn', 'Papiers Stellvertreter'), and
# groups that belong to someone ('McCains Kampagne', 'die Verteidigung Saddam Husseins')
_OWNED_PEOPLE = ("helfer", "helferin", "stellvertreter", "stellvertreterin", "sohn", "tochter", "bruder",
                 "schwester", "vater", "mutter", "ehefrau", "ehemann", "witwe", "witwer", "anhänger", "anhängerin",
                 "mitarbeiter", "vertraute", "vertrauter", "freund", "freundin", "nachfolger", "nachfolgerin",
                 "vorgänger", "vorgängerin", "unterstützer", "unterstützerin", "verteidiger", "verteidigerin")
_OWNED_GROUPS = ("verteidigung", "kampagne", "lager", "umfeld", "familie", "wahlkampfteam")


def owned_kind(word: str) -> str | None:
    """'anonymous' for a noun of a person who is someone's (a role, a relative, a helper), 'organization' for a
    group that is someone's, else None."""
    from .entities import _role_kind

    low = word.lower().strip(",.;:")
    if _role_kind(word) == "person" or low.endswith(_OWNED_PEOPLE) or low.rstrip("n") in _OWNED_PEOPLE:
        return "anonymous"
    return "organization" if low.endswith(_OWNED_GROUPS) else None
