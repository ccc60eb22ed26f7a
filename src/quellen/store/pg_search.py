"""Full-text search on PostgreSQL, with the same contract as SQLite's FTS5 search (``Store.search``).

Why its own search: PostgreSQL has no FTS5, and a LIKE over contents neither stems German words nor finds
speakers. This uses PostgreSQL's text search with the ``german`` configuration (Snowball stemming) over one
vector per attribution — its content weighted ``A``, its speaker ``B`` for the ``speaker:``/``content:``
filters — held by the GIN index ``ix_attributions_search`` of migration ``0004`` (:data:`VECTOR` is that index's
expression, so the planner uses it).

The query is FTS5's language, parsed by ``fts5_query.py`` (invalid syntax: the plain words, as on SQLite) and
compiled into one SQL condition: each phrase becomes ``vector @@ to_tsquery('german', …)``, and AND/OR/NOT
become SQL's. German *stop words* (``die``, ``nicht``, ``werden``) are not in the vector at all, so a phrase
holding one, or a ``prefix*`` (which may stand for a stop word), is matched as whole words by a
case-insensitive regular expression on its columns instead — behind the index test of its other words where it
has any. That keeps the hit sets FTS5's: ``tests/test_store_pg.py`` runs the same queries on both backends.

What differs: ranking (``ts_rank`` against FTS5's bm25), and stemming, which finds inflected forms FTS5 does
not (``Erhöhung`` also finds ``Erhöhungen``). Snippets are FTS5's: hits in ``[``…``]`` (``ts_headline``
for the indexed words), 12 words at most, ``…`` where the content was cut.
"""
from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.engine import Connection

from .fts5_query import And, Node, Not, Or, Phrase, QuerySyntaxError, parse, plain_words
from .fts5_snippet import snippet

CONFIG = "german"
INDEX = "ix_attributions_search"
VECTOR = ("setweight(to_tsvector('german'::regconfig, coalesce(content_text, '')), 'A') || "
          "setweight(to_tsvector('german'::regconfig, coalesce(speaker_name, '')), 'B')")
WEIGHTS = {"content": "A", "speaker": "B"}                         # FTS5 column -> tsvector weight
FIELDS = {"content": "a.content_text", "speaker": "a.speaker_name"}
SNIPPET_WORDS = 12                                                  # as FTS5's snippet(…, 12) in schema.py
HEADLINE = "StartSel=\x02, StopSel=\x03, HighlightAll=true"     # all of the content, hits between \x02 \x03

_STOP_WORDS = text("SELECT t FROM unnest(CAST(:t AS text[])) AS t WHERE ts_lexize('german_stem', t) = '{}'")


def search(conn: Connection, query: str, limit: int) -> list[tuple[str, str, str]]:
    """(doc_id, attr_id, snippet), best first."""
    sql, params, marks = build(conn, query, limit)
    out = []
    for doc_id, attr_id, content, headline in conn.execute(sql, params):
        content = content or ""
        hits = _headline_hits(headline, content) + [
            (m.start(), m.end(), f"phrase {k}") for k, mark in enumerate(marks) for m in mark.finditer(content)]
        out.append((doc_id, attr_id, snippet(content, hits, SNIPPET_WORDS)))
    return out


def _headline_hits(headline: str | None, content: str) -> list[tuple[int, int, str]]:
    """The words ``ts_headline`` marked (the stemmed matches), as character ranges of ``content``."""
    if not headline:
        return []
    hits, plain, at = [], [], 0
    for k, part in enumerate(re.split("[\x02\x03]", headline)):
        if k % 2:
            hits.append((at, at + len(part), part.lower()))
        plain.append(part)
        at += len(part)
    return hits if "".join(plain) == content else []


def build(conn: Connection, query: str, limit: int):  # noqa: ANN201 - (TextClause, params, [re.Pattern])
    """The SELECT that answers ``query``, its parameters, and the patterns of its stop-word phrases."""
    try:
        tree = parse(query)
    except QuerySyntaxError:
        tree = plain_words(query)
    words = sorted({w.lower() for p in _phrases(tree) for w, _ in p.words()})
    stop = set(conn.execute(_STOP_WORDS, {"t": words}).scalars()) if words else set()
    c = _Compiler(stop)
    where = c.condition(tree, positive=True) or "FALSE"
    c.params["n"] = limit
    if c.ranked:           # the phrases found through the index rank the hits, ts_headline marks them
        c.params["rank"] = " | ".join(f"( {q} )" for q in c.ranked)
        rank = f"to_tsquery('{CONFIG}', :rank)"
        headline = "NULL"                  # speaker: phrases only: nothing to mark in the content
        if c.highlighted:
            c.params.update(mark=" | ".join(f"( {q} )" for q in c.highlighted), headline=HEADLINE)
            headline = (f"ts_headline('{CONFIG}', coalesce(a.content_text, ''), to_tsquery('{CONFIG}', :mark), "
                        ":headline)")
        sql = (f"SELECT a.doc_id, a.id, a.content_text, {headline} FROM attributions AS a WHERE {where} "
               f"ORDER BY ts_rank({VECTOR}, {rank}) DESC, a.doc_id, a.pk LIMIT :n")
    else:
        sql = (f"SELECT a.doc_id, a.id, a.content_text, NULL FROM attributions AS a WHERE {where} "
               "ORDER BY a.doc_id, a.pk LIMIT :n")
    return text(sql), c.params, [re.compile(m, re.IGNORECASE) for m in c.marks]


def _phrases(node: Node) -> list[Phrase]:
    if isinstance(node, Phrase):
        return [node]
    if isinstance(node, Not):
        return _phrases(node.keep) + _phrases(node.drop)
    return [p for part in node.parts for p in _phrases(part)]


class _Compiler:
    """The tree as a SQL condition with bound parameters (no query text ever enters the SQL itself)."""

    def __init__(self, stop: set[str]):
        self.stop = stop
        self.params: dict[str, object] = {}
        self.ranked: list[str] = []       # to_tsquery texts of the phrases that must match (not under NOT)
        self.highlighted: list[str] = []  # ... of those that may match the content (marked in the snippet)
        self.marks: list[str] = []        # Python patterns of the stop-word phrases to mark in the snippet

    def param(self, value: object) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f":{name}"

    def condition(self, node: Node, positive: bool) -> str | None:
        """The SQL condition; ``None`` for a part FTS5 leaves out of the query (phrases without a word, such as
        ``"("``: ``x "("`` is ``x``, and a query of nothing else finds nothing)."""
        if isinstance(node, (And, Or)):
            parts = [c for c in (self.condition(p, positive) for p in node.parts) if c is not None]
            joiner = " AND " if isinstance(node, And) else " OR "
            return "(" + joiner.join(parts) + ")" if parts else None
        if isinstance(node, Not):
            keep = self.condition(node.keep, positive)
            drop = self.condition(node.drop, False) if keep is not None else None
            return keep if drop is None else f"({keep} AND NOT {drop})"
        return self.phrase(node, positive)

    def phrase(self, p: Phrase, positive: bool) -> str | None:
        words = p.words()
        if not words:
            return None
        if not p.columns:
            return "FALSE"                     # FTS5: a filter that leaves no column matches nothing
        label = "" if len(p.columns) == len(WEIGHTS) else "".join(sorted(WEIGHTS[c] for c in p.columns))
        indexed = [w for w, prefix in words if not prefix and w.lower() not in self.stop]
        exact = len(indexed) == len(words)
        conds = []
        if indexed:
            tsquery = (" <-> " if exact else " & ").join(_quote(w) + (f":{label}" if label else "") for w in indexed)
            conds.append(f"({VECTOR}) @@ to_tsquery('{CONFIG}', {self.param(tsquery)})")
            if positive:
                self.ranked.append(tsquery)
                if "content" in p.columns:
                    self.highlighted.append(tsquery)
        if not exact:                          # stop words or a prefix: whole words, as written
            pattern = r"\m" + r"(\W|_)+".join(re.escape(w) + (r"\w*" if prefix else r"\M") for w, prefix in words)
            bound = self.param(pattern)
            conds.append("(" + " OR ".join(f"coalesce({FIELDS[c]}, '') ~* {bound}" for c in sorted(p.columns)) + ")")
            if positive and "content" in p.columns:
                self.marks.append(r"\b" + r"[\W_]+".join(re.escape(w) + (r"[^\W_]*" if prefix else r"\b")
                                                         for w, prefix in words))
        return "(" + " AND ".join(conds) + ")"


def _quote(s: str) -> str:
    return "'" + s.replace("\\", "\\\\").replace("'", "''") + "'"


__all__ = ["search", "build", "VECTOR", "INDEX", "CONFIG", "SNIPPET_WORDS"]
