"""Full-text search on PostgreSQL, with the same contract as SQLite's FTS5 search (``Store.search``).

Why its own search: PostgreSQL has no FTS5, and a LIKE over contents neither stems German words nor finds
speakers. This uses PostgreSQL's text search with the ``german`` configuration (Snowball stemming, German
stop words) over one vector per attribution — its content weighted ``A``, its speaker ``B`` — that the GIN
index ``ix_attributions_search`` of migration ``0004`` holds (:data:`VECTOR` is that index's expression, so
the planner uses it).

The query language is FTS5's, translated (:func:`translate`) into ``to_tsquery`` syntax, so that a query means
the same on both backends: words (all must occur), ``"phrases"``, ``prefix*``, ``AND``/``OR``/``NOT``,
parentheses, ``speaker:``/``content:`` column filters (``-speaker:``, ``{content speaker}:``), ``a + b`` phrases;
``NEAR(…)`` is read as AND and ``^`` is ignored. What FTS5 rejects is rejected here too, and then — as on
SQLite — the words are searched as plain words. Snippets come from ``ts_headline`` with FTS5's ``[``…``]``
markers and ``…`` where the content was cut.

Differences that remain (ranking may differ, and the tests compare hit sets only): German stemming finds
inflected forms FTS5 does not (``Gespräch`` also finds ``Gespräche``), and stop words (``die``, ``nicht``) are
not indexed, so a query of stop words only (:func:`search` returns ``None``) falls back to the portable LIKE
search, and a stop word inside a longer query is ignored.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

CONFIG = "german"
INDEX = "ix_attributions_search"
VECTOR = ("setweight(to_tsvector('german'::regconfig, coalesce(content_text, '')), 'A') || "
          "setweight(to_tsvector('german'::regconfig, coalesce(speaker_name, '')), 'B')")
WEIGHTS = {"content": "A", "speaker": "B"}     # FTS5 column -> tsvector weight
SNIPPET_WORDS = 12                              # as FTS5's snippet(…, 12) in schema.fts_search
HEADLINE = f"StartSel=[, StopSel=], MaxWords={SNIPPET_WORDS}, MinWords=6, ShortWord=0, MaxFragments=0"

_SQL = text(f"SELECT a.doc_id, a.id, a.content_text, ts_headline('{CONFIG}', coalesce(a.content_text, ''), q, "
            f"'{HEADLINE}') FROM attributions AS a, to_tsquery('{CONFIG}', :q) AS q WHERE ({VECTOR}) @@ q "
            f"ORDER BY ts_rank({VECTOR}, q) DESC, a.doc_id, a.pk LIMIT :n")
_LEXEMES = text(f"SELECT numnode(to_tsquery('{CONFIG}', :q))")


class QuerySyntaxError(ValueError):
    """The query is not valid FTS5 syntax (FTS5 would reject it too)."""


def search(conn: Connection, query: str, limit: int) -> list[tuple[str, str, str]] | None:
    """(doc_id, attr_id, snippet) best first; ``None`` when the query has no word to search (stop words only)."""
    try:
        tsquery = translate(query)
    except QuerySyntaxError:
        tsquery = plain_words(query)
    try:
        return _run(conn, tsquery, limit)
    except DBAPIError:  # to_tsquery refused what we made of it (should not happen): search the plain words
        conn.rollback()
        return _run(conn, plain_words(query), limit)


def _run(conn: Connection, tsquery: str, limit: int) -> list[tuple[str, str, str]] | None:
    if not tsquery or not conn.execute(_LEXEMES, {"q": tsquery}).scalar():
        return None
    return [(doc_id, attr_id, _ellipsis(headline, content or ""))
            for doc_id, attr_id, content, headline in conn.execute(_SQL, {"q": tsquery, "n": limit})]


def _ellipsis(headline: str, content: str) -> str:
    """``…`` where ``ts_headline`` cut the content, as FTS5's snippet marks it."""
    plain = headline.replace("[", "").replace("]", "").strip()
    if not plain or plain == content.replace("[", "").replace("]", "").strip():
        return headline
    stripped = content.replace("[", "").replace("]", "")
    at = stripped.find(plain)
    head = "…" if at > 0 and stripped[:at].strip() else ""
    tail = "…" if at < 0 or stripped[at + len(plain):].strip() else ""
    return head + headline.strip() + tail


def plain_words(query: str) -> str:
    """The fallback for invalid syntax, as on SQLite: every word must occur (each read as a quoted string)."""
    return " & ".join(_quote(w) for w in query.split())


def _quote(s: str) -> str:
    return "'" + s.replace("\\", "\\\\").replace("'", "''") + "'"


# ------------------------------------------------------------------ FTS5 query syntax -> to_tsquery syntax

_PUNCT = set("(){}:*+-^,")


@dataclass
class _Tok:
    kind: str      # "word" (bareword), "string" (quoted), or the punctuation character itself
    value: str


def _bareword_char(c: str) -> bool:
    # FTS5: non-ASCII characters, ASCII letters and digits, "_", and the substitute character
    return ord(c) > 127 or c.isascii() and c.isalnum() or c in "_\x1a"


def _tokens(query: str) -> list[_Tok]:
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
    """Recursive descent over FTS5's grammar; NOT binds tighter than AND (also implicit), AND than OR."""

    def __init__(self, query: str):
        self.toks = _tokens(query)
        self.i = 0

    def peek(self, offset: int = 0) -> _Tok | None:
        j = self.i + offset
        return self.toks[j] if j < len(self.toks) else None

    def take(self, kind: str | None = None) -> _Tok:
        tok = self.peek()
        if tok is None or (kind is not None and tok.kind != kind):
            raise QuerySyntaxError(f"expected {kind or 'more'}")
        self.i += 1
        return tok

    def keyword(self, word: str) -> bool:
        tok = self.peek()
        return tok is not None and tok.kind == "word" and tok.value == word

    def parse(self) -> str:
        if not self.toks:
            raise QuerySyntaxError("empty query")
        out = self.or_expr(None)
        if self.peek() is not None:
            raise QuerySyntaxError(f"unexpected {self.peek().value!r}")
        return out

    def or_expr(self, cols: frozenset | None) -> str:
        parts = [self.and_expr(cols)]
        while self.keyword("OR"):
            self.i += 1
            parts.append(self.and_expr(cols))
        return parts[0] if len(parts) == 1 else " | ".join(f"( {p} )" for p in parts)

    def and_expr(self, cols: frozenset | None) -> str:
        parts = [self.not_expr(cols)]
        while True:
            if self.keyword("AND"):
                self.i += 1
            elif not self.starts_unary():
                break
            parts.append(self.not_expr(cols))
        return parts[0] if len(parts) == 1 else " & ".join(f"( {p} )" for p in parts)

    def not_expr(self, cols: frozenset | None) -> str:
        out = self.unary(cols)
        while self.keyword("NOT"):
            self.i += 1
            out = f"( {out} ) & !( {self.unary(cols)} )"
        return out

    def starts_unary(self) -> bool:
        tok = self.peek()
        if tok is None or tok.kind in (")", "}", ":", "*", "+", ","):
            return False
        return not (tok.kind == "word" and tok.value in ("AND", "OR", "NOT"))

    def unary(self, cols: frozenset | None) -> str:
        cols = self.colspec(cols)
        if self.peek() is not None and self.peek().kind == "^":
            self.i += 1                              # "at the start of the column": not expressible, ignored
        tok = self.peek()
        if tok is None:
            raise QuerySyntaxError("query ends too early")
        if tok.kind == "(":
            self.i += 1
            out = self.or_expr(cols)
            self.take(")")
            return out
        if self.keyword("NEAR") and self.peek(1) is not None and self.peek(1).kind == "(":
            return self.near(cols)
        return self.phrase(cols)

    def colspec(self, cols: frozenset | None) -> frozenset | None:
        """``col:``, ``{col col}:``, ``-col:`` before a phrase or group; filters nest by intersection."""
        j, negate = self.i, False
        tok = self.peek()
        if tok is not None and tok.kind == "-":
            negate, j = True, j + 1
        names: list[str] = []
        tok = self.toks[j] if j < len(self.toks) else None
        if tok is not None and tok.kind == "{":
            j += 1
            while j < len(self.toks) and self.toks[j].kind == "word":
                names.append(self.toks[j].value)
                j += 1
            if j >= len(self.toks) or self.toks[j].kind != "}":
                raise QuerySyntaxError("unclosed column list")
            j += 1
        elif tok is not None and tok.kind == "word" and j + 1 < len(self.toks) and self.toks[j + 1].kind == ":":
            names.append(tok.value)
        else:
            if negate:
                raise QuerySyntaxError("'-' without a column")
            return cols
        if tok.kind == "word":
            j += 1
        if j >= len(self.toks) or self.toks[j].kind != ":":
            raise QuerySyntaxError("column list without ':'")
        self.i = j + 1
        chosen = set()
        for name in names:
            if name.lower() not in WEIGHTS:
                raise QuerySyntaxError(f"no such column: {name}")
            chosen.add(name.lower())
        if negate:
            chosen = set(WEIGHTS) - chosen
        out = frozenset(chosen) if cols is None else cols & frozenset(chosen)
        if not out:
            raise QuerySyntaxError("no column left to search")
        return out

    def near(self, cols: frozenset | None) -> str:
        self.i += 2                                  # NEAR (
        parts = []
        while self.peek() is not None and self.peek().kind in ("word", "string"):
            parts.append(self.phrase(cols))
        if not parts:
            raise QuerySyntaxError("empty NEAR group")
        if self.peek() is not None and self.peek().kind == ",":
            self.i += 1
            if not self.take("word").value.isdigit():
                raise QuerySyntaxError("NEAR distance is not a number")
        self.take(")")
        return " & ".join(f"( {p} )" for p in parts)

    def phrase(self, cols: frozenset | None) -> str:
        """``string [*] (+ string [*])*`` as a ``<->`` chain of quoted lexemes with the columns' weights."""
        weights = "" if cols is None or len(cols) == len(WEIGHTS) else "".join(sorted(WEIGHTS[c] for c in cols))
        pieces = []
        while True:
            tok = self.take()
            if tok.kind not in ("word", "string"):
                raise QuerySyntaxError(f"unexpected {tok.value!r}")
            prefix = self.peek() is not None and self.peek().kind == "*"
            if prefix:
                self.i += 1
            pieces.append(_lexemes(tok.value, prefix, weights))
            if self.peek() is None or self.peek().kind != "+":
                break
            self.i += 1
        return " <-> ".join(p for p in pieces if p) or _quote("")


def _lexemes(s: str, prefix: bool, weights: str) -> str:
    """One FTS5 string as to_tsquery operands: quoted (PostgreSQL splits it into a phrase of its words itself);
    for a prefix, the last word alone carries ``:*``."""
    label = f":{weights}" if weights else ""
    if not prefix:
        return _quote(s) + label if s.strip() else ""
    words = s.split()
    if not words:
        return ""
    head = [_quote(w) + label for w in words[:-1]]
    return " <-> ".join(head + [_quote(words[-1]) + f":*{weights}"])


def translate(query: str) -> str:
    """``query`` (FTS5 syntax) as the text for ``to_tsquery``; raises :class:`QuerySyntaxError` where FTS5 would."""
    return _Parser(query).parse()


__all__ = ["search", "translate", "plain_words", "QuerySyntaxError", "VECTOR", "INDEX", "CONFIG"]
