"""Find quotations in raw text: „…“ »…« «…» “…” "…" — including unclosed ones that run to the paragraph end.

Why character-level and per paragraph: the closing mark of one style is the opening mark of another (“), and
news text often leaves a quote open at a paragraph break; deciding open/close from the neighbouring
characters handles both without a tokenizer.
"""
from __future__ import annotations

from dataclasses import dataclass

OPENERS = {"„": "“”\"", "»": "«", "«": "»", "“": "”“\"", "\"": "\"“”", "‚": "‘’", "”": "”"}
ALWAYS_OPEN = {"„", "»", "‚"}
ALWAYS_CLOSE = {"«", "”"}


@dataclass
class Quote:
    start: int          # the opening mark
    end: int            # one past the closing mark (or the paragraph end when unclosed)
    inner_start: int
    inner_end: int
    closed: bool = True


def _is_opening(text: str, i: int) -> bool:
    ch = text[i]
    if ch in ALWAYS_OPEN:
        return True
    if ch in ALWAYS_CLOSE:
        return False
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if prev.isspace() or prev in "([–—-:/":
        return not nxt.isspace()
    return False


def find_quotes(text: str, min_chars: int = 1) -> list[Quote]:
    """All quotations, in text order; nested single quotes are ignored."""
    quotes: list[Quote] = []
    pos = 0
    for para in text.split("\n"):
        quotes.extend(_scan(para, pos))
        pos += len(para) + 1
    return [q for q in quotes if q.inner_end - q.inner_start >= min_chars]


def _scan(para: str, offset: int) -> list[Quote]:
    out: list[Quote] = []
    open_at: int | None = None
    closers = ""
    i = 0
    while i < len(para):
        ch = para[i]
        if ch in "„“”\"»«":
            if open_at is None:
                if _is_opening(para, i) or (ch == "«" and para[i + 1:i + 2].strip()):
                    open_at, closers = i, OPENERS.get(ch, "")
            elif ch in closers and not _is_opening(para, i):
                out.append(Quote(offset + open_at, offset + i + 1, offset + open_at + 1, offset + i, True))
                open_at = None
            elif _is_opening(para, i) and ch in ("“", "„", "»") and _sentence_ended(para, open_at, i):
                # a new quote opens while the previous one was never closed: end that one here
                end = _rstrip(para, i)
                out.append(Quote(offset + open_at, offset + end, offset + open_at + 1, offset + end, False))
                open_at, closers = i, OPENERS.get(ch, "")
        i += 1
    if open_at is not None:
        end = _rstrip(para, len(para))
        if end - open_at > 1:
            out.append(Quote(offset + open_at, offset + end, offset + open_at + 1, offset + end, False))
    return out


def _sentence_ended(para: str, start: int, i: int) -> bool:
    return any(c in ".!?" for c in para[start:i].rstrip()[-2:])


def _rstrip(para: str, end: int) -> int:
    while end > 0 and para[end - 1].isspace():
        end -= 1
    return end
