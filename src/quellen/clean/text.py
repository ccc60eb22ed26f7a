"""Small text helpers shared by the cleaning modules: lines with offsets, words, scripts, language."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

WORD = re.compile(r"\w+(?:[-'’]\w+)*", re.U)

# German function words: a line containing some is German prose, whatever a language guesser says.
GERMAN_STOPWORDS = frozenset("""
der die das den dem des ein eine einen einem einer eines und oder aber doch sondern denn nicht kein keine
ist sind war waren wird werden wurde wurden hat haben hatte hatten sei seien habe wäre würde kann könne
konnte muss soll sollte will wollte darf mag
ich du er sie es wir ihr ihm ihn ihnen sich mich mir uns euch man sein seine seiner seinem seinen ihre ihrer
ihrem ihren dass daß ob weil wenn als wie auch noch schon nur sehr mehr bei mit nach von vom zum zur zu im
in am an auf aus für über unter vor gegen durch ohne um bis seit während wegen laut trotz zwischen dieser
diese dieses diesem diesen jener welche welcher welches wo was wer hier dort heute dann so da
""".split())

# Where a line is visibly part of running prose (sentence-final punctuation).
SENTENCE_END = re.compile(r"[.!?…:;“”\"»«']\s*$")


@dataclass(frozen=True)
class Line:
    index: int      # position among non-empty lines
    start: int      # offset of the first non-space character
    end: int        # offset after the last non-space character
    text: str


def iter_lines(text: str) -> list[Line]:
    """Non-empty lines with offsets of their stripped content."""
    lines: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            start = pos + lead
            lines.append(Line(len(lines), start, start + len(stripped), stripped))
        pos += len(raw) + 1
    return lines


def words(text: str) -> list[str]:
    return WORD.findall(text)


NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ASCII_LETTER = re.compile(r"[A-Za-z]")


@lru_cache(maxsize=4096)
def _is_latin(ch: str) -> bool:
    return "LATIN" in unicodedata.name(ch, "")


def latin_ratio(text: str) -> float:
    """Share of letters in ``text`` that are Latin script (1.0 when it has no letters).

    ASCII letters are counted by a regular expression and only the non-ASCII characters one by one: this runs
    on every line, and a per-character loop made it a large share of cleaning a long article.
    """
    if text.isascii():
        return 1.0
    others = [ch for ch in NON_ASCII.findall(text) if ch.isalpha()]
    if not others:
        return 1.0
    ascii_letters = len(_ASCII_LETTER.findall(text))
    return (ascii_letters + sum(map(_is_latin, others))) / (ascii_letters + len(others))


def normalise(text: str) -> str:
    """Lower-cased, whitespace-collapsed, with surrounding punctuation and bullets removed (for lexicon lookup)."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"\s+", " ", text)
    return text.strip(" \t.:;,!?|•·–—-»«›‹>\"'“”„")


@lru_cache(maxsize=1)
def _identifier():
    from pathlib import Path

    import py3langid.langid as L

    return L.LanguageIdentifier.from_modelpath(Path(L.MODEL_DIR) / L.MODEL_FILE, norm_probs=True)


def detect_language(text: str, max_chars: int = 3000) -> tuple[str | None, float]:
    """(ISO 639-1 code, probability) by py3langid, or (None, 0.0) for text without letters.

    Long texts are judged on their first ``max_chars`` characters (plenty for a language guess).
    """
    if len(text) > max_chars:
        cut = text.rfind(" ", 0, max_chars)
        text = text[:cut if cut > 0 else max_chars]
    if not any(ch.isalpha() for ch in text):
        return None, 0.0
    lang, prob = _identifier().classify(text)
    return lang, float(prob)
