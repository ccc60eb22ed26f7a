"""Whether one attribution matches an FTS5 query, decided in Python on its content and speaker.

``quellen serve`` needs this for one case: a broad text query (a common word, hundreds of thousands of matches)
together with narrow filters (a rare type and speaker kind). The FTS5 index can only list all the matches, but
the filters' indexes give a few thousand candidates, and checking those here is cheaper. The rules are FTS5's
with the ``unicode61 remove_diacritics 0`` tokenizer that ``attributions_fts`` uses:

* tokens are runs of letters and digits (:func:`quellen.store.fts5_query.tokens`), compared case-insensitively;
* a phrase is consecutive tokens in one of its columns, and ``*`` makes its last token a prefix;
* ``AND``, ``OR`` and ``NOT`` combine as in FTS5.

``tests/test_fts5_emulation.py`` holds it to a real FTS5 table.
"""
from __future__ import annotations

import re
from typing import Callable

from .fts5_query import And, Node, Not, Or, Phrase, tokens


def matches(tree: Node, columns: dict[str, str]) -> bool:
    """``columns``: the text of each FTS column (``content``, ``speaker``)."""
    toks = {c: [t.lower() for t in tokens(v or "")] for c, v in columns.items()}
    return _match(tree, toks)


def matcher(tree: Node) -> Callable[[dict[str, str]], bool]:
    """:func:`matches` for many rows: a query of one phrase (most are) becomes one regular expression, the same
    token rule written as a pattern (a token is a run of letters and digits, so a phrase's words are separated by
    anything else); other queries are evaluated on tokens."""
    if isinstance(tree, Phrase) and tree.words():
        words = tree.words()
        pattern = re.compile(r"(?<![^\W_])" + r"[\W_]+".join(
            re.escape(w) + (r"[^\W_]*" if prefix else r"(?![^\W_])") for w, prefix in words), re.IGNORECASE)
        cols = sorted(tree.columns)
        return lambda row: any(pattern.search(row.get(c) or "") for c in cols)
    return lambda row: matches(tree, row)


def _empty(node: Node) -> bool:
    """A part FTS5 leaves out of the query: a phrase with no word in it (``"("``)."""
    return isinstance(node, Phrase) and not node.words()


def _match(node: Node, toks: dict[str, list[str]]) -> bool:
    if isinstance(node, And):
        parts = [p for p in node.parts if not _empty(p)]
        return bool(parts) and all(_match(p, toks) for p in parts)
    if isinstance(node, Or):
        return any(_match(p, toks) for p in node.parts if not _empty(p))
    if isinstance(node, Not):
        return _match(node.keep, toks) and not _match(node.drop, toks)
    return _phrase(node, toks)


def _phrase(p: Phrase, toks: dict[str, list[str]]) -> bool:
    words = [(w.lower(), prefix) for w, prefix in p.words()]
    if not words:
        return False
    n = len(words)
    for col in p.columns:
        seq = toks.get(col, [])
        for i in range(len(seq) - n + 1):
            if all(seq[i + j].startswith(w) if prefix else seq[i + j] == w for j, (w, prefix) in enumerate(words)):
                return True
    return False
