"""Seeded text mutators over real article text.

Why real text, mutated, rather than random strings: random strings rarely reach the attribution, speaker and
denial code (no sentence looks like a quote or a reporting verb), so they test the tokenizer and little else.
Small damage to a real German article — an unbalanced „, a zero-width joiner inside a name, a paragraph repeated
forty times, a lone surrogate — keeps most of the structure the stages look for and puts the odd character exactly
where their offset arithmetic has to cope with it.

Every mutator is a pure function ``(text, rng) -> text`` driven only by the ``random.Random`` it is given, so an
input is reproduced from its seed alone. :func:`mutate` composes several.
"""
from __future__ import annotations

import random
import unicodedata
from typing import Callable

Mutator = Callable[[str, random.Random], str]
MUTATORS: dict[str, Mutator] = {}

QUOTES = "„“”\"»«‚‘’‹›'`´"
QUOTE_PAIRS = (("„", "“"), ("“", "”"), ('"', '"'), ("»", "«"), ("«", "»"), ("‚", "‘"), ("‘", "’"), ("›", "‹"),
               ("'", "'"), ("„", "”"), ("“", "“"), ("”", "”"))
DASHES = ("–", "—", "-", "‐", "‑", "‒", "―", "−", " – ", " — ", " - ", "--", "–", "—")
BRACKETS = (("(", ")"), ("[", "]"), ("{", "}"), ("<", ">"), ("⟨", "⟩"), ("（", "）"))
PUNCT = (":", ";", ",", ".", "!", "?", "…", "...", "!!!", "?!", ": „", "“:", ".“", "“.", ",“", "“,")
BREAKS = ("\n", "\n\n", "\n\n\n\n", "\r\n", "\r", "\r\n\r\n", "\u2028", "\u2029", "\x0b", "\x0c", "\x85", " \n ")
ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")
RTL_WORDS = ("مرحبا", "السلام عليكم", "قال", "שלום", "עברית", "אמר", "١٢٣", "۴۵۶")
RTL_MARKS = ("\u202e", "\u202d", "\u200f", "\u200e", "\u202a", "\u202b", "\u202c", "\u2066", "\u2067", "\u2068",
             "\u2069", "\u061c")
EMOJI = ("😀", "👍🏽", "👨‍👩‍👧‍👦", "🇩🇪", "🇺🇦", "🏳️‍🌈", "1️⃣", "👩🏿‍💻", "🧑‍🤝‍🧑", "❤️", "🫶🏼",
         "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "🤷‍♀️", "👁️‍🗨️", "🇪🇺🇪🇺", "👍", "🏽")
SPACES = (" ", "\t", "\u00a0", "\u2009", "\u202f", "\u3000", "\u2003", "\u200a", "\u1680", "\u205f")
ODD = ("\ufffd", "\ufffe", "\uffff", "\ue000", "\U0010ffff", "\U0001d518", "ẞ", "ß", "ﬁ", "Å", "\u0130",
       "\u0131", "&amp;", "&nbsp;", "&#8222;", "<b>", "</p>", "<script>", "]]>", "\\", "\\n", "%s", "{0}", "\x00")
# Fragments that make the attribution, speaker and denial code fire in places it did not expect.
CUES = ("„", "“", ", sagte er.", ", sagte sie", " sagte ", "laut ", " zufolge ", " dementierte ", " wies ",
        " zurück", "Nach Angaben ", " hieß es", " er sei ", " sie habe ", " soll ", " angeblich ", " betonte ",
        " Sprecher ", " Ministerin ", " teilte mit", "Das ist falsch", " wonach ", " erklärte, ",
        "„Nein“, sagte er.", "Er/Sie", " Dr. ", " z. B. ", " u. a. ", "...“, so ")


def mutator(name: str) -> Callable[[Mutator], Mutator]:
    """Register a mutator under ``name`` (used in reproducer logs)."""
    def register(fn: Mutator) -> Mutator:
        MUTATORS[name] = fn
        return fn
    return register


# ---------------------------------------------------------------- positions

def _pos(text: str, rng: random.Random) -> int:
    """An insertion point: half the time anywhere, half the time at a word boundary (where punctuation sits)."""
    if text and rng.random() < 0.5:
        spaces = [i for i in range(len(text)) if text[i].isspace()] if len(text) < 5000 else None
        if spaces:
            return rng.choice(spaces) + rng.choice((0, 1))
    return rng.randint(0, len(text))


def _span(text: str, rng: random.Random, longest: int = 200) -> tuple[int, int]:
    a = rng.randint(0, len(text))
    return a, min(len(text), a + rng.randint(0, longest))


def _insert(text: str, rng: random.Random, piece: str) -> str:
    p = _pos(text, rng)
    return text[:p] + piece + text[p:]


def _sprinkle(text: str, rng: random.Random, pieces, most: int = 5) -> str:
    for _ in range(rng.randint(1, most)):
        text = _insert(text, rng, rng.choice(pieces))
    return text


def _wrap(text: str, rng: random.Random, left: str, right: str) -> str:
    a, b = _span(text, rng)
    return text[:a] + left + text[a:b] + right + text[b:]


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of the non-empty lines: the articles keep one paragraph per line."""
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


# ---------------------------------------------------------------- the mutators

@mutator("quotes")
def quotes(text: str, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.35:
        left, right = rng.choice(QUOTE_PAIRS)
        return _wrap(text, rng, left, right)
    if r < 0.7:
        return _sprinkle(text, rng, QUOTES, 4)                # unbalanced
    if r < 0.85:                                              # another house style for every quote of one kind
        old, new = rng.choice(QUOTES), rng.choice(QUOTES)
        return text.replace(old, new)
    left, right = rng.choice(QUOTE_PAIRS)                     # nested, maybe never closed
    inner_l, inner_r = rng.choice(QUOTE_PAIRS)
    a, b = _span(text, rng, 400)
    mid = a + (b - a) // 2
    return text[:a] + left + text[a:mid] + inner_l + text[mid:b] + (inner_r if rng.random() < 0.5 else "") + \
        (right if rng.random() < 0.7 else "") + text[b:]


@mutator("dashes")
def dashes(text: str, rng: random.Random) -> str:
    if rng.random() < 0.3:
        return text.replace(" ", rng.choice(DASHES), rng.randint(1, 5))
    return _sprinkle(text, rng, DASHES)


@mutator("brackets")
def brackets(text: str, rng: random.Random) -> str:
    left, right = rng.choice(BRACKETS)
    if rng.random() < 0.5:
        return _wrap(text, rng, left, right)
    return _sprinkle(text, rng, (left, right), 3)


@mutator("punctuation")
def punctuation(text: str, rng: random.Random) -> str:
    return _sprinkle(text, rng, PUNCT)


@mutator("breaks")
def breaks(text: str, rng: random.Random) -> str:
    if rng.random() < 0.2:                                    # every line break of the article another kind
        return text.replace("\n", rng.choice(BREAKS))
    return _sprinkle(text, rng, BREAKS)


@mutator("zero_width")
def zero_width(text: str, rng: random.Random) -> str:
    if rng.random() < 0.2:                                    # between every letter of a span
        a, b = _span(text, rng, 60)
        zw = rng.choice(ZERO_WIDTH)
        return text[:a] + zw.join(text[a:b]) + text[b:]
    return _sprinkle(text, rng, ZERO_WIDTH, 8)


@mutator("combining")
def combining(text: str, rng: random.Random) -> str:
    if rng.random() < 0.3:                                    # decomposed umlauts: NFC changes the length
        a, b = _span(text, rng, 500)
        return text[:a] + unicodedata.normalize("NFD", text[a:b]) + text[b:]
    marks = "".join(chr(rng.randint(0x300, 0x36F)) for _ in range(rng.choice((1, 2, 3, 30))))
    return _insert(text, rng, marks)


@mutator("rtl")
def rtl(text: str, rng: random.Random) -> str:
    if rng.random() < 0.5:
        return _sprinkle(text, rng, RTL_MARKS, 3)
    word = rng.choice(RTL_WORDS)
    mark = rng.choice(("", "\u202e", "\u200f"))
    return _insert(text, rng, f" {mark}{word} ")


@mutator("emoji")
def emoji(text: str, rng: random.Random) -> str:
    return _sprinkle(text, rng, EMOJI, 4)


@mutator("controls")
def controls(text: str, rng: random.Random) -> str:
    pool = [chr(c) for c in range(0x20)] + ["\x7f"] + [chr(c) for c in range(0x80, 0xA0)]
    return _sprinkle(text, rng, pool, 4)


@mutator("surrogates")
def surrogates(text: str, rng: random.Random) -> str:
    pool = [chr(rng.randint(0xD800, 0xDBFF)), chr(rng.randint(0xDC00, 0xDFFF)),
            chr(rng.randint(0xDC00, 0xDFFF)) + chr(rng.randint(0xD800, 0xDBFF))]   # also a pair in wrong order
    return _sprinkle(text, rng, pool, 2)


@mutator("odd_chars")
def odd_chars(text: str, rng: random.Random) -> str:
    return _sprinkle(text, rng, ODD, 3)


@mutator("cues")
def cues(text: str, rng: random.Random) -> str:
    return _sprinkle(text, rng, CUES, 3)


@mutator("delete")
def delete(text: str, rng: random.Random) -> str:
    paras = paragraphs(text)
    if paras and rng.random() < 0.3:
        a, b = rng.choice(paras)
    else:
        a, b = _span(text, rng, rng.choice((3, 30, 300)))
    return text[:a] + text[b:]


@mutator("repeat")
def repeat(text: str, rng: random.Random) -> str:
    paras = paragraphs(text)
    if paras and rng.random() < 0.3:                          # a paragraph repeated many times (scraper loop)
        a, b = rng.choice(paras)
        sep = rng.choice(("\n", "\n\n", " "))
        return text[:b] + (sep + text[a:b]) * rng.randint(5, 60) + text[b:]
    a, b = _span(text, rng, 80)
    return text[:a] + text[a:b] * rng.randint(2, 20) + text[b:]


@mutator("case")
def case(text: str, rng: random.Random) -> str:
    fn = rng.choice((str.upper, str.lower, str.swapcase, str.title, str.casefold))
    if rng.random() < 0.1:
        return fn(text)
    a, b = _span(text, rng, 300)
    return text[:a] + fn(text[a:b]) + text[b:]


@mutator("whitespace")
def whitespace(text: str, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.2:                                               # no spaces at all in a span
        a, b = _span(text, rng, 300)
        return text[:a] + text[a:b].replace(" ", "") + text[b:]
    if r < 0.35:
        return text.replace(" ", rng.choice(SPACES))
    run = "".join(rng.choice(SPACES) for _ in range(rng.choice((2, 5, 50, 500))))
    return _insert(text, rng, run)


@mutator("long_word")
def long_word(text: str, rng: random.Random) -> str:
    n = rng.choice((100, 1000, 5000))
    r = rng.random()
    if r < 0.3:
        word = rng.choice("aäoßeZ") * n
    elif r < 0.5:
        word = "-".join(rng.choice(("Donau", "Dampf", "Schiff", "Fahrt", "Gesellschaft"))
                        for _ in range(n // 10))
    elif r < 0.7:
        word = "https://example.org/" + "a/b?c=d&" * (n // 8)
    elif r < 0.85:
        word = "".join(rng.choice("0123456789.,") for _ in range(n))
    else:                                                     # the words of a span glued together
        a, b = _span(text, rng, n)
        return text[:a] + text[a:b].replace(" ", "").replace("\n", "") + text[b:]
    return _insert(text, rng, f" {word} ")


@mutator("shuffle")
def shuffle(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    if rng.random() < 0.5:
        rng.shuffle(lines)
        return "\n".join(lines)
    sentences = text.split(". ")
    rng.shuffle(sentences)
    return ". ".join(sentences)


@mutator("truncate")
def truncate(text: str, rng: random.Random) -> str:
    return text[:rng.randint(0, len(text))]


# ---------------------------------------------------------------- composing

def mutate(text: str, rng: random.Random, n_ops: int, *, max_len: int = 60_000,
           log: list[str] | None = None) -> str:
    """``n_ops`` mutators drawn from :data:`MUTATORS` applied in turn; ``log`` receives their names.

    ``max_len`` caps the result (repetitions compound) so that one input stays cheap to analyse."""
    names = sorted(MUTATORS)
    for _ in range(n_ops):
        name = rng.choice(names)
        if log is not None:
            log.append(name)
        text = MUTATORS[name](text, rng)
        if len(text) > max_len:
            text = text[:max_len]
    return text


def window(text: str, rng: random.Random, most: int = 4) -> str:
    """1–``most`` consecutive paragraphs of ``text`` (what most inputs are: cheap, yet real article prose)."""
    paras = paragraphs(text)
    if not paras:
        return text
    k = rng.randint(1, min(most, len(paras)))
    first = rng.randint(0, len(paras) - k)
    return text[paras[first][0]:paras[first + k - 1][1]]


__all__ = ["MUTATORS", "mutate", "mutator", "window", "paragraphs"]
