"""Name forms for cross-article identity: what of a surface name is the name, and the keys that compare names.

A per-article entity or speaker name arrives as written: "Kremlsprecher Dmitri Peskow", "der Kreml",
"Herrn Peskow", "US-Präsident Joe Biden", "Dr. Anna Müller". :func:`name_tokens` keeps the name part (leading
determiners and titles go for every type; for people also leading role nouns and adjectives, which are never
part of a personal name, while an organisation may well start with one: "General Motors"). :func:`normalise`
is the key behind corpus ids (lower-case, umlauts spelled out so "Müller" = "Mueller", other diacritics,
hyphens and spaces dropped). :func:`translit` is a looser key for comparing the transliterations German
papers use for Slavic names ("Peskow"/"Peskov", "Dmitri"/"Dmitrij", "Selenskyj"/"Selensky"); it is only ever
used together with the type, the first-name initial and a similarity threshold, never as an id.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..attribution import lexicon as L
from ..link.entities import TITLES

_EDGE = " \t\n,.;:!?\"„“”»«'‚‘()[]{}"
_TITLE_WORDS = {t.rstrip(".") for t in TITLES} | {"dr", "prof", "mr", "mrs", "ms", "sir", "ex"}
# lower-case words that belong inside a personal name ("Ursula von der Leyen", "Ludwig van Beethoven")
PARTICLES = {"von", "van", "vom", "de", "der", "den", "da", "di", "del", "della", "du", "la", "le", "zu", "ter",
             "ten", "bin", "ibn", "al", "el", "dos", "y"}
# a one-word name that is a description, not a name: which ministry, which police, whose report?
_GENERIC_PLURAL = ("medien", "behörden", "ministerien", "berichte", "berichten", "geheimdienste", "zeitungen",
                   "sender", "kreise", "kreisen", "parteien")
_DESCRIPTIVE = ("zeitung", "bericht", "berichts", "artikel", "magazin", "agentur", "sprecher", "sprecherin")
_INSTITUTION = ("ministerium", "regierung", "behörde", "polizei", "staatsanwaltschaft", "gericht", "armee",
                "militär", "verwaltung", "geheimdienst", "partei", "unternehmen", "konzern", "kommission")
_UMLAUT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


@lru_cache(maxsize=1 << 20)
def fold(text: str) -> str:
    """Lower-case, umlauts spelled out, other diacritics dropped; letters and digits only."""
    s = unicodedata.normalize("NFKD", unicodedata.normalize("NFC", text).lower().translate(_UMLAUT))
    return "".join(c for c in s if c.isalnum() and not unicodedata.combining(c))


@lru_cache(maxsize=1 << 16)
def is_role(word: str) -> bool:
    """'Kremlsprecher', 'Kreml-Sprecher', 'US-Präsident', 'Bundeskanzlerin': a role noun, not a name."""
    w = word.lower().replace("-", "")
    return w.rstrip(".") in _TITLE_WORDS or any(w.endswith(s) for s in L.HUMAN_ROLE_SUFFIXES)


def _clean(name: str) -> list[str]:
    # a word needs a letter or digit: detokenised text gives names like "O ’ Keefe" or "Grüne / Bündnis"
    words = [w for w in (w.strip(_EDGE) for w in name.split()) if any(ch.isalnum() for ch in w)]
    for poss in ("’s", "'s"):                              # 'Putin’s' (not inside 'Putin’s Playbook')
        if words and words[-1].endswith(poss) and len(words[-1]) > 3:
            words[-1] = words[-1][: -len(poss)]
    return words


@lru_cache(maxsize=1 << 20)
def name_tokens(name: str, type: str | None = None) -> tuple[str, ...]:
    """The words of ``name`` that are the name; ``()`` when nothing is (a role or description only).

    ``type`` None or "PER" strips roles too ("Kremlsprecher Dmitri Peskow" -> Dmitri Peskow); a role followed
    by a preposition is a description ("US-Direktor für Nationale Geheimdienste") and gives ``()``."""
    words = _clean(name)
    while words and (words[0].lower().rstrip(".") in _TITLE_WORDS or words[0].lower() in L.DETERMINERS):
        words.pop(0)
    if type in (None, "PER"):
        while len(words) > 1 and (words[0][:1].islower() or is_role(words[0])):
            if is_role(words[0]) and words[1].lower() in L.PREPOSITIONS:
                return ()
            words.pop(0)
        if not words or is_role(words[-1]) or words[0][:1].islower():
            return ()
        if any(w[:1].islower() and w.lower() not in PARTICLES for w in words):
            return ()
    elif not words or not (words[0][:1].isupper() or words[0][:1].isdigit()):
        return ()
    if len(words) == 1 and _generic(words[0]):
        return ()
    return tuple(words)


def _generic(word: str) -> bool:
    """'Außenministerium', 'US-Medien', 'Bloomberg-Bericht', 'Kreml-Sprecher': a description. 'US-Regierung'
    (an institution of a named country) and known outlets are names."""
    low = word.lower()
    if low in L.MEDIA_OUTLETS:
        return False
    if low in L.UNSPECIFIED_WORDS or low in L.ANONYMOUS_WORDS or low.endswith(_GENERIC_PLURAL + _DESCRIPTIVE):
        return True
    prefix = word.rpartition("-")[0]
    if prefix and prefix.isupper() and len(prefix) <= 3:
        return False
    return low.endswith(_INSTITUTION)


def normalise(name: str, type: str | None = None) -> str:
    """The id key of a name: name words only (see :func:`name_tokens`), folded, without spaces or hyphens.

    ``normalise("Kremlsprecher Dmitri Peskow") == normalise("dmitri peskow") == "dmitripeskow"``;
    ``normalise("Hans-Peter Müller") == normalise("Hans Peter Mueller")``. '' when there is no name."""
    return "".join(fold(w) for w in name_tokens(name, type))


_TRANSLIT = ((re.compile(r"tsch"), "ch"), (re.compile(r"sch"), "sh"), (re.compile(r"w"), "v"),
             (re.compile(r"y"), "i"), (re.compile(r"(?<=[aeiou])j(?![aeiou])"), "i"), (re.compile(r"ks"), "x"),
             (re.compile(r"(.)\1+"), r"\1"))


@lru_cache(maxsize=1 << 20)
def translit(word: str) -> str:
    """A loose spelling key for one word: 'Peskow'/'Peskov' -> 'peskov', 'Dmitrij'/'Dmitri' -> 'dmitri',
    'Selenskyj'/'Selensky' -> 'selenski'."""
    s = fold(word)
    for rx, rep in _TRANSLIT:
        s = rx.sub(rep, s)
    return s
