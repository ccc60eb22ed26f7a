"""FTS5's ``snippet()`` redone in Python, so that PostgreSQL's search shows the snippets SQLite's does.

``ts_headline`` picks other windows (and counts words differently); the user sees snippets, so PostgreSQL's
hits are cut and marked here the way FTS5 does it (SQLite's ``fts5_aux.c``): the window of ``n`` tokens that
holds the most different phrases, centred on its hits, or starting at the beginning of a sentence (after ``.``
or ``:``) when that window holds them as well; overlapping hits marked once, ``…`` where the text is cut.
Tokens are FTS5's ``unicode61`` tokens: runs of letters and digits.
"""
from __future__ import annotations

import re

_TOKEN = re.compile(r"[^\W_]+")


def snippet(text: str, hits: list[tuple[int, int, str]], n: int = 12, open_: str = "[", close: str = "]",
            ellipsis: str = "…") -> str:
    """``text`` cut to ``n`` tokens around ``hits`` — (start, end, phrase) character ranges of matched phrases —
    with the hits between ``open_`` and ``close``."""
    toks = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    if not toks:
        return text
    inst = []                                  # (first token, last token, phrase), by position
    for start, end, phrase in hits:
        covered = [k for k, (s, e) in enumerate(toks) if s < end and e > start]
        if covered:
            inst.append((covered[0], covered[-1], phrase))
    inst.sort()
    best = _best_start(text, toks, inst, n)
    return _render(text, toks, _merged(inst, best), best, n, open_, close, ellipsis)


def _score(inst: list[tuple[int, int, str]], size: int, pos: int, n: int) -> tuple[int, int]:
    """(score, centred start) of the window of ``n`` tokens from ``pos``: 1000 for each phrase seen first,
    1 for each repetition (fts5SnippetScore)."""
    seen, score, first, last = set(), 0, -1, 0
    for start, end, phrase in inst:
        if pos <= start < pos + n:
            score += 1 if phrase in seen else 1000
            seen.add(phrase)
            first = start if first < 0 else first
            last = end + 1
    adj = first - int((n - (last - first)) / 2)
    adj = min(adj, size - n)
    return score, max(adj, 0)


def _best_start(text: str, toks: list[tuple[int, int]], inst: list[tuple[int, int, str]], n: int) -> int:
    sentences = [0] + [k for k in range(1, len(toks)) if _starts_sentence(text, toks[k][0])]
    best_score, best = 0, 0
    for start, _, _ in inst:
        score, adj = _score(inst, len(toks), start, n)
        if score > best_score:
            best_score, best = score, adj
        if len(toks) > n:
            s = max(k for k in sentences if k <= start)
            if s < start:
                score = _score(inst, len(toks), s, n)[0] + (120 if s == 0 else 100)
                if score > best_score:
                    best_score, best = score, s
    return best


def _starts_sentence(text: str, at: int) -> bool:
    """FTS5's sentence finder: whitespace before the token, and before that a full stop or a colon."""
    i = at - 1
    while i >= 0 and text[i] in " \t\n\r":
        i -= 1
    return i != at - 1 and i >= 0 and text[i] in ".:"


def _merged(inst: list[tuple[int, int, str]], best: int) -> list[tuple[int, int]]:
    """The hits from the window's start on, overlapping ones joined (fts5CInstIterNext)."""
    out: list[list[int]] = []
    for start, end, _ in inst:
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(s, e) for s, e in out if s >= best]


def _render(text: str, toks: list[tuple[int, int]], inst: list[tuple[int, int]], best: int, n: int,
            open_: str, close: str, ellipsis: str) -> str:
    """The tokens ``best`` .. ``best + n - 1`` with their hits marked (fts5HighlightCb)."""
    out = [ellipsis] if best > 0 else []
    off = toks[best][0] if best > 0 else 0
    last = best + n - 1
    k, is_open = 0, False
    for pos in range(best, min(last, len(toks) - 1) + 1):
        s, e = toks[pos]
        cur = inst[k] if k < len(inst) else None
        if is_open and (cur is None or pos <= cur[0]) and s > off:
            out.append(close)
            is_open = False
        if cur and pos == cur[0] and not is_open:
            out += [text[off:s], open_]
            off, is_open = s, True
        if cur and pos == cur[1]:
            if not is_open:
                out.append(open_)
                is_open = True
            out.append(text[off:e])
            off = e
            k += 1
        if pos == last:
            if is_open:
                cur = inst[k] if k < len(inst) else None
                if cur and pos >= cur[0]:
                    out.append(text[off:e])
                    off = e
                out.append(close)
                is_open = False
            out.append(text[off:e])
            off = e
    if is_open:
        out.append(close)
    out.append(text[off:] if last >= len(toks) - 1 else ellipsis)
    return "".join(out)


__all__ = ["snippet"]
