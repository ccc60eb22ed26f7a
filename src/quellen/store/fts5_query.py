"""FTS5's query language parsed into a small tree, so that PostgreSQL (``pg_search.py``) answers the queries
that SQLite's FTS5 answers, and in the same way.

Why a parser of our own: ``websearch_to_tsquery`` and friends speak another language (no column filters, no
``NOT``, no prefixes, never an error). This one follows FTS5's grammar — words, ``"phrases"`` (``""`` is a quote),
``a + b`` phrases, ``prefix*``, ``AND``/``OR``/``NOT`` (NOT binds tightest, then AND, also implicit, then OR),
parentheses, column filters ``speaker:``, ``-speaker:``, ``{content speaker}:``; ``NEAR(…)`` is read as AND and
``^`` is ignored — and raises :class:`QuerySyntaxError` where FTS5 reports a syntax error (an unknown column,
a character outside barewords, an unbalanced parenthesis), so that both backends fall back to the plain words
(:func:`plain_words`) for the same queries.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union

COLUMNS = ("content", "speaker")          # the FTS5 table's searchable columns, in order


class QuerySyntaxError(ValueError):
    """The query is not valid FTS5 syntax (FTS5 would reject it too)."""


@dataclass(frozen=True)
class Phrase:
    """Consecutive words in one column: ``strings`` as written, each (text, prefix?)."""

    strings: tuple[tuple[str, bool], ...]
    columns: frozenset[str]

    def words(self) -> list[tuple[str, bool]]:
        """The words, as FTS5's unicode61 tokenizer splits the strings (letters and digits); a string's prefix
        mark belongs to its last word."""
        out = []
        for s, prefix in self.strings:
            toks = tokens(s)
            out += [(t, prefix and i == len(toks) - 1) for i, t in enumerate(toks)]
        return out


@dataclass(frozen=True)
class And:
    parts: tuple["Node", ...]


@dataclass(frozen=True)
class Or:
    parts: tuple["Node", ...]


@dataclass(frozen=True)
class Not:
    keep: "Node"
    drop: "Node"


Node = Union[Phrase, And, Or, Not]
ALL = frozenset(COLUMNS)


def tokens(s: str) -> list[str]:
    """The words of ``s`` as FTS5's unicode61 tokenizer finds them (runs of letters and digits)."""
    return re.findall(r"[^\W_]+", s)


def plain_words(query: str) -> Node:
    """The fallback for invalid syntax, as on SQLite: every whitespace-separated word, read as a quoted string."""
    return And(tuple(Phrase(((w, False),), ALL) for w in query.split()))


def parse(query: str) -> Node:
    """``query`` as a tree; raises :class:`QuerySyntaxError` where FTS5 would."""
    return _Parser(query).parse()


# ------------------------------------------------------------------ tokens and grammar

_PUNCT = set("(){}:*+-^,")


@dataclass
class _Tok:
    kind: str      # "word" (bareword), "string" (quoted), or the punctuation character itself
    value: str


def _bareword_char(c: str) -> bool:
    # FTS5: non-ASCII characters, ASCII letters and digits, "_", and the substitute character
    return ord(c) > 127 or c.isascii() and c.isalnum() or c in "_\x1a"


def _lex(query: str) -> list[_Tok]:
    out, i, n = [], 0, len(query)
    while i < n:
        c = query[i]
        if c.isspace():
            i += 1
        elif c == '"':
            j, buf = i + 1, []
            while True:
                k = query.find('"', j)
                if k < 0:
                    raise QuerySyntaxError("unterminated string")
                buf.append(query[j:k])
                if query.startswith('"', k + 1):      # "" is a quote inside a string
                    buf.append('"')
                    j = k + 2
                    continue
                i = k + 1
                break
            out.append(_Tok("string", "".join(buf)))
        elif c in _PUNCT:
            out.append(_Tok(c, c))
            i += 1
        elif _bareword_char(c):
            j = i
            while j < n and _bareword_char(query[j]):
                j += 1
            out.append(_Tok("word", query[i:j]))
            i = j
        else:
            raise QuerySyntaxError(f"unexpected {c!r}")
    return out


class _Parser:
    """Recursive descent over FTS5's grammar."""

    def __init__(self, query: str):
        self.toks = _lex(query)
        self.i = 0

    def peek(self, offset: int = 0) -> _Tok | None:
        j = self.i + offset
        return self.toks[j] if j < len(self.toks) else None

    def at(self, kind: str, offset: int = 0) -> bool:
        tok = self.peek(offset)
        return tok is not None and tok.kind == kind

    def take(self, kind: str | None = None) -> _Tok:
        tok = self.peek()
        if tok is None or (kind is not None and tok.kind != kind):
            raise QuerySyntaxError(f"expected {kind or 'more'}")
        self.i += 1
        return tok

    def keyword(self, word: str) -> bool:
        tok = self.peek()
        return tok is not None and tok.kind == "word" and tok.value == word

    def parse(self) -> Node:
        if not self.toks:
            raise QuerySyntaxError("empty query")
        out = self.or_expr(ALL)
        if self.peek() is not None:
            raise QuerySyntaxError(f"unexpected {self.peek().value!r}")
        return out

    def _joined(self, word: str, operand, node, cols: frozenset) -> Node:
        """``operand (word operand)*`` as one ``node`` of the parts (the operand alone when there is one)."""
        parts = [operand(cols)]
        while self.keyword(word):
            self.i += 1
            parts.append(operand(cols))
        return parts[0] if len(parts) == 1 else node(tuple(parts))

    def or_expr(self, cols: frozenset) -> Node:
        return self._joined("OR", self.and_expr, Or, cols)

    def and_expr(self, cols: frozenset) -> Node:
        return self._joined("AND", self.not_expr, And, cols)

    def not_expr(self, cols: frozenset) -> Node:
        out = self.primary(cols)
        while self.keyword("NOT"):
            self.i += 1
            out = Not(out, self.primary(cols))
        return out

    def primary(self, cols: frozenset) -> Node:
        """``( expr )``, ``colset : ( expr )``, or phrases side by side (FTS5's implicit AND joins phrases and
        NEAR groups only, not parenthesised groups)."""
        if self.at("("):
            self.i += 1
            out = self.or_expr(cols)
            self.take(")")
            return out
        start = self.i
        inner = self.colspec(cols)
        if inner is not None and self.at("("):
            self.i += 1
            out = self.or_expr(inner)
            self.take(")")
            return out
        self.i = start
        parts = [self.cnearset(cols)]
        while self.starts_cnearset():
            parts.append(self.cnearset(cols))
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def starts_cnearset(self) -> bool:
        tok = self.peek()
        if tok is None:
            return False
        if tok.kind == "word":
            return tok.value not in ("AND", "OR", "NOT")
        return tok.kind in ("string", "^", "-", "{")

    def cnearset(self, cols: frozenset) -> Node:
        inner = self.colspec(cols)
        cols = cols if inner is None else inner
        if self.at("^"):
            self.i += 1                              # "at the start of the column": not expressible, ignored
        tok = self.peek()
        if tok is None:
            raise QuerySyntaxError("query ends too early")
        if tok.kind in ("word", "string") and self.at("(", 1):
            if tok.kind != "word" or tok.value != "NEAR":
                raise QuerySyntaxError(f"syntax error near {tok.value!r}")
            return self.near(cols)
        return self.phrase(cols)

    def colspec(self, cols: frozenset) -> frozenset | None:
        """``col:``, ``{col col}:``, ``-col:`` before a phrase or group (``None`` when there is none);
        filters nest by intersection."""
        j = self.i
        negate = self.at("-")
        if negate:
            j += 1
        names: list[str] = []
        tok = self.toks[j] if j < len(self.toks) else None
        if tok is not None and tok.kind == "{":
            j += 1
            while j < len(self.toks) and self.toks[j].kind in ("word", "string"):
                names.append(self.toks[j].value)
                j += 1
            if j >= len(self.toks) or self.toks[j].kind != "}" or not names:
                raise QuerySyntaxError("unclosed or empty column list")
            j += 1
        elif tok is not None and tok.kind in ("word", "string") and j + 1 < len(self.toks) \
                and self.toks[j + 1].kind == ":":
            names.append(tok.value)
            j += 1
        else:
            if negate:
                raise QuerySyntaxError("'-' without a column")
            return None
        if j >= len(self.toks) or self.toks[j].kind != ":":
            raise QuerySyntaxError("column list without ':'")
        self.i = j + 1
        chosen = set()
        for name in names:
            if name.lower() not in COLUMNS:
                raise QuerySyntaxError(f"no such column: {name}")
            chosen.add(name.lower())
        return cols & (ALL - chosen if negate else frozenset(chosen))   # may be empty: matches nothing

    def near(self, cols: frozenset) -> Node:
        self.i += 2                                  # NEAR (
        parts = []
        while self.at("word") or self.at("string"):
            parts.append(self.phrase(cols))
        if not parts:
            raise QuerySyntaxError("empty NEAR group")
        if self.at(","):
            self.i += 1
            if not self.take("word").value.isdigit():
                raise QuerySyntaxError("NEAR distance is not a number")
        self.take(")")
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def phrase(self, cols: frozenset) -> Phrase:
        """``string [*] (+ string [*])*``."""
        strings = []
        while True:
            tok = self.take()
            if tok.kind not in ("word", "string") or tok.kind == "word" and tok.value in ("AND", "OR", "NOT"):
                raise QuerySyntaxError(f"unexpected {tok.value!r}")
            prefix = self.at("*")
            if prefix:
                self.i += 1
            strings.append((tok.value, prefix))
            if not self.at("+"):
                break
            self.i += 1
        return Phrase(tuple(strings), cols)


__all__ = ["parse", "plain_words", "tokens", "QuerySyntaxError", "Phrase", "And", "Or", "Not", "Node", "COLUMNS"]
