"""The reads behind ``quellen serve`` that the ledger's read API (:mod:`quellen.store.queries`) lacks: lists of
documents and failures, attribution search with filters and facets.

All SQL is fixed text with bound parameters (no request value is ever spliced into a statement); every list has
a total order (ties broken by ids) so that ``limit``/``offset`` pages are stable. Works on SQLite (FTS5 for the
text query) and PostgreSQL (its German text search, :mod:`quellen.store.pg_search`).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.engine import Connection

from ..store import schema as S
from ..store.fts5_match import matcher
from ..store.fts5_query import QuerySyntaxError, parse, plain_words
from ..store.fts5_snippet import snippet
from ..store.queries import find_entity

FACET_LIMIT = 1_000       # facets count the first this many matches (``facets_partial`` says when there may be more)
PG_CANDIDATES = 5_000     # PostgreSQL: filters apply to this many best text matches
RANK_LIMIT = 5_000        # a text query with more matches is listed most recently stored first, not ranked
FEW = 5_000               # filters leaving at most this many attributions are read through their indexes ...
FEW_TO_CHECK = 3_000      # ... and this many are checked against a broad text query in Python
SNIPPET_WORDS = 16
MARK = ("\x02", "\x03")  # around matched words in snippets: the API writes [ ], the pages <mark> (never in text)


@dataclass
class Filters:
    """What ``/api/attributions`` and ``/search`` filter on (all optional)."""

    q: str | None = None
    type: str | None = None
    kind: str | None = None
    speaker: str | None = None     # a corpus entity (id, name or alias) as speaker; else a speaker name
    entity: str | None = None      # a corpus entity as speaker or named in the content
    hedged: bool | None = None
    since: str | None = None
    until: str | None = None
    outlet: str | None = None
    status: str | None = None      # the status of the attribution's claim
    doc: str | None = None


class UnknownEntity(LookupError):
    """An ``entity`` filter that names no corpus entity (a 404, not an empty page)."""


def _where(conn: Connection, f: Filters) -> tuple[list[str], list[str], dict[str, Any]]:
    """(joins, conditions, parameters) of the filters. An entity or speaker filter joins its events
    (``ledger/events.py``), so that the query is driven from that entity's rows, not from every attribution."""
    where: list[str] = []
    joins: list[str] = []
    p: dict[str, Any] = {}
    for col, key in (("a.type", "type"), ("a.speaker_kind", "kind"), ("d.outlet", "outlet"),
                     ("a.doc_id", "doc"), ("c.status", "status")):
        value = getattr(f, key)
        if value:
            where.append(f"{col} = :{key}")
            p[key] = value
    if f.hedged is not None:
        where.append("a.hedged = :hedged")
        p["hedged"] = f.hedged
    if f.since:
        where.append("d.published >= :since")
        p["since"] = f.since
    if f.until:
        where.append("d.published <= :until")
        p["until"] = f.until
    if f.entity:
        found = find_entity(conn, f.entity)
        if found is None:
            raise UnknownEntity(f.entity)
        joins.append(_event_join("ee", "entity", ""))
        p["entity"] = found["id"]
    if f.speaker:
        found = find_entity(conn, f.speaker)
        if found:
            joins.append(_event_join("es", "speaker", " AND es.role <> 'about'"))
            p["speaker"] = found["id"]
        else:
            where.append("lower(a.speaker_name) = :speaker_name")
            p["speaker_name"] = f.speaker.strip().lower()
    return joins, where, p


def _event_join(alias: str, param: str, role: str) -> str:
    return (f"JOIN entity_events {alias} ON {alias}.cid = :{param} AND {alias}.doc_id = a.doc_id AND "
            f"{alias}.attribution_id = a.id{role}")


def _driven_by_events(joins: list[str], columns: str, cond: str, tail: str) -> str:
    """The filtered rows walked from the first entity filter's events, newest first, through the index
    ``ix_entity_events_date`` read backwards: a frequent entity's page without sorting all its events."""
    first, rest = joins[0], joins[1:]
    alias = first.split()[2]
    on = first.split(" ON ", 1)[1].replace(f" AND {alias}.doc_id = a.doc_id AND {alias}.attribution_id = a.id", "")
    return (f"SELECT {columns} FROM entity_events {alias} CROSS JOIN attributions a ON a.doc_id = {alias}.doc_id "
            f"AND a.id = {alias}.attribution_id {' '.join(rest)} JOIN documents d ON d.id = a.doc_id {_TAIL}"
            f"{cond + ' AND ' if cond else ' WHERE '}{on} ORDER BY {alias}.published DESC, {alias}.doc_id DESC, a.id{tail}")


_COLS = ("a.doc_id, a.id, a.type, a.speaker_name, a.speaker_kind, a.speaker_entity, a.hedged, a.content_text, "
         "a.content_start, a.content_end, a.confidence, d.source, d.title, d.outlet, d.published, m.claim_id, "
         "c.status")
_TAIL = ("LEFT JOIN claim_members m ON m.doc_id = a.doc_id AND m.attribution_id = a.id "
         "LEFT JOIN claims c ON c.id = m.claim_id")


def _fts(conn: Connection) -> bool:
    return conn.dialect.name == "sqlite" and bool(conn.execute(
        text("SELECT 1 FROM sqlite_master WHERE name = :t"), {"t": S.FTS_TABLE}).first())


def _matching(conn: Connection, f: Filters, limit: int, offset: int, columns: str = _COLS, ordered: bool = True):
    """How to get the filtered matches: ``("sql", sql, params, order)``, or ``("rows", rows, order)`` with all of
    them when they were found in Python; ``None`` when the text query can match nothing.

    ``order`` is how the rows are sorted:

    * ``date``: newest first, undated last, then by document id (descending) and attribution id.
    * ``rank``: by text rank, then ids, when the query matches at most :data:`RANK_LIMIT` attributions.
    * ``recent``: most recently stored first, for a broader query, where ranking every match would cost seconds
      and say little.

    Which way the rows are fetched depends on how many there are, so that a page costs about the same for a rare
    and a common query:

    * Without ``q``, the filters are counted up to :data:`FEW`. Few rows are fetched through the filters'
      indexes and sorted; more are found by walking the documents (or, with an entity filter, that entity's
      events) in date order until a page is full.
    * With a broad ``q`` and filters that leave few candidates, the candidates are checked against the query in
      Python (:mod:`quellen.store.fts5_match`), in date order.

    ``ordered=False`` (the facets) leaves out a sort that does not decide which rows come first."""
    joins, where, p = _where(conn, f)
    p.update(n=limit, o=offset)
    q = (f.q or "").strip()
    pg = conn.dialect.name == "postgresql"
    filtered = bool(joins or where)
    by_date = f" ORDER BY d.published DESC{' NULLS LAST' if pg else ''}, a.doc_id DESC, a.id"
    page = " LIMIT :n OFFSET :o"
    cond = (" WHERE " + " AND ".join(where)) if where else ""
    def through(cols: str, tail: str = _TAIL) -> str:
        return f"SELECT {cols} FROM attributions a {' '.join(joins)} JOIN documents d ON d.id = a.doc_id {tail}{cond}"

    through_filters = through(columns)
    # the same rows, counted with only the joins that the conditions need
    needs_d, needs_c = any("d." in w for w in where), any("c." in w for w in where)
    counted = (f"SELECT 1 FROM attributions a {' '.join(joins)}"
               f"{' JOIN documents d ON d.id = a.doc_id' if needs_d else ''}{' ' + _TAIL if needs_c else ''}{cond}")
    walk = (f"SELECT {columns} FROM documents d CROSS JOIN attributions a ON a.doc_id = d.id {_TAIL}{cond} "
            f"ORDER BY d.published DESC, d.id DESC, a.id{page}")    # ix_documents_published, read backwards
    if not q:
        if pg or f.doc or (filtered and _few(conn, counted, p)):
            return "sql", through_filters + by_date + page, p, "date"
        if joins:
            return "sql", _driven_by_events(joins, columns, cond, page), p, "date"
        return "sql", walk, p, "date"
    if _fts(conn):
        fts = f"FROM {S.FTS_TABLE} WHERE {S.FTS_TABLE} MATCH :q"
        n = conn.execute(text(f"SELECT count(*) FROM (SELECT 1 {fts} LIMIT {RANK_LIMIT + 1}) x"), {"q": q}).scalar()
        p["q"] = q
        if n <= RANK_LIMIT and not filtered and ordered:   # rank and page inside FTS5: join only the page
            return ("sql", f"SELECT {columns} FROM (SELECT doc_id AS f_doc, attr_id AS f_attr, rank AS f_rank {fts} "
                    f"ORDER BY rank, doc_id, attr_id{page}) f JOIN attributions a ON a.doc_id = f.f_doc AND "
                    f"a.id = f.f_attr JOIN documents d ON d.id = a.doc_id {_TAIL} ORDER BY f.f_rank, a.doc_id, a.id",
                    p, "rank")
        if n <= RANK_LIMIT:
            return ("sql", f"SELECT {columns} FROM (SELECT doc_id AS f_doc, attr_id AS f_attr, rank AS f_rank {fts}) f "
                    f"JOIN attributions a ON a.doc_id = f.f_doc AND a.id = f.f_attr {' '.join(joins)} "
                    f"JOIN documents d ON d.id = a.doc_id {_TAIL}{cond}"
                    f"{' ORDER BY f.f_rank, a.doc_id, a.id' if ordered else ''}{page}", p, "rank")
        if filtered and _few(conn, counted, p, FEW_TO_CHECK):
            # a page needs only the keys of the matches (its rows are read by key); the facets need their values
            check = (through(_CHECK, _TAIL if any("c." in w for w in where) else "") if columns == _COLS
                     else through(_NARROW))
            return "rows", _checked(conn, f, check + by_date, p), "date"
        return ("sql", f"SELECT {columns} FROM (SELECT rowid AS f_row, doc_id AS f_doc, attr_id AS f_attr {fts}) f "
                f"CROSS JOIN attributions a ON a.doc_id = f.f_doc AND a.id = f.f_attr {' '.join(joins)} "
                f"JOIN documents d ON d.id = a.doc_id {_TAIL}{cond} ORDER BY f.f_row DESC{page}", p, "recent")
    if pg:
        from ..store import pg_search

        sql, params, _ = pg_search.build(conn, q, PG_CANDIDATES)
        keys = [(r[0], r[1]) for r in conn.execute(sql, params)]
        if not keys:
            return None
        p["_rank"] = {k: i for i, k in enumerate(keys)}
        p["keys"] = json.dumps([list(k) for k in keys])
        where.append("(a.doc_id, a.id) IN (SELECT x->>0, x->>1 FROM json_array_elements(CAST(:keys AS json)) x)")
        return ("sql", f"SELECT {columns} FROM attributions a {' '.join(joins)} JOIN documents d ON d.id = a.doc_id "
                f"{_TAIL} WHERE " + " AND ".join(where), p, "rank")
    for i, w in enumerate(q.split()):                      # no text index: every word in the content
        where.append(f"lower(a.content_text) LIKE :w{i} ESCAPE '\\'")
        p[f"w{i}"] = "%" + w.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return ("sql", f"SELECT {columns} FROM attributions a {' '.join(joins)} JOIN documents d ON d.id = a.doc_id "
            f"{_TAIL} WHERE " + " AND ".join(where) + by_date + page, p, "date")


_NARROW = "a.doc_id, a.id, a.type, a.speaker_kind, d.outlet, c.status, d.published, a.content_text, a.speaker_name"
_CHECK = "a.doc_id, a.id, a.content_text, a.speaker_name"


def _few(conn: Connection, sql: str, p: dict, few: int | None = None) -> bool:
    """Whether the filters leave at most ``few`` (:data:`FEW`) attributions (counted through their indexes,
    stopping there)."""
    few = FEW if few is None else few
    return conn.execute(text(f"SELECT count(*) FROM ({sql} LIMIT {few + 1}) x"), p).scalar() <= few


def _by_keys(conn: Connection, keys: list[tuple[str, str]], columns: str = _COLS) -> list:
    """Full rows of the attributions ``keys``, in that order."""
    if not keys:
        return []
    values = ", ".join(f"(:d{i}, :a{i})" for i in range(len(keys)))
    p = {**{f"d{i}": d for i, (d, _) in enumerate(keys)}, **{f"a{i}": a for i, (_, a) in enumerate(keys)}}
    rows = {(r.doc_id, r.id): r for r in conn.execute(text(    # SQLite (only its FTS5 path gets here)
        f"SELECT {columns} FROM (VALUES {values}) AS k CROSS JOIN attributions a ON a.doc_id = k.column1 AND "
        f"a.id = k.column2 JOIN documents d ON d.id = a.doc_id {_TAIL}"), p)}
    return [rows[k] for k in keys if k in rows]


def _checked(conn: Connection, f: Filters, sql: str, p: dict) -> list:
    """The filtered candidates (all of them: at most :data:`FEW_TO_CHECK`) that match the text query, in SQL's
    order (narrow rows: keys, facet values, the two searched columns)."""
    try:
        tree = parse(f.q or "")
    except QuerySyntaxError:
        tree = plain_words(f.q or "")
    params = {k: v for k, v in p.items() if k not in ("n", "o", "q")}
    match = matcher(tree)
    return [r for r in conn.execute(text(sql), params)
            if match({"content": r.content_text, "speaker": r.speaker_name})]


def _run(conn: Connection, f: Filters, limit: int, offset: int, columns: str = _COLS,
         ordered: bool = True, wrap=None) -> tuple[list, str]:  # noqa: ANN001
    """(rows, order) of the filtered matches; an invalid FTS5 query is retried as its words in quotes.
    ``wrap(sql)``: a query over the matches instead of the matches themselves (the facets' counts; rows found in
    Python come back as they are, and the caller counts them)."""
    try:
        built = _matching(conn, f, limit, offset, columns, ordered)
        if built is None:
            return [], "rank"
        if built[0] == "rows":          # checked in Python: narrow rows of every match, in order
            rows, order = built[1], built[2]
            if wrap is not None:
                return rows, order
            return _by_keys(conn, [(r.doc_id, r.id) for r in rows[offset:offset + limit]], columns), order
        _, sql, p, order = built
        rank = p.pop("_rank", None)
        if wrap is not None:
            sql, rank = wrap(sql), None
        rows = conn.execute(text(sql), p).all()
    except OperationalError:       # FTS5 refused the query's syntax ("unterminated string", "no such column")
        if not (f.q and _fts(conn)):
            raise
        conn.rollback()
        quoted = " ".join('"' + w.replace('"', '""') + '"' for w in f.q.split())
        if quoted == f.q:
            return [], "rank"
        return _run(conn, Filters(**{**f.__dict__, "q": quoted}), limit, offset, columns, ordered, wrap)
    if rank is not None:           # PostgreSQL: the text rank order, then the page
        rows.sort(key=lambda r: (rank.get((r[0], r[1]), len(rank)), r[0], r[1]))
        rows = rows[offset:offset + limit]
    return rows, order


def _marks(q: str | None) -> list[re.Pattern]:
    """Patterns of the query's words (as FTS5 tokenises them), to mark in snippets."""
    if not q:
        return []
    try:
        tree = parse(q)
    except QuerySyntaxError:
        tree = plain_words(q)
    from ..store.pg_search import _phrases

    pats = []
    for ph in _phrases(tree):
        if "content" not in ph.columns:
            continue
        words = ph.words()
        if words:
            pats.append(re.compile(r"(?<![^\W_])" + r"[\W_]+".join(
                re.escape(w) + (r"[^\W_]*" if pre else r"(?![^\W_])") for w, pre in words), re.IGNORECASE))
    return pats


def search(conn: Connection, f: Filters, limit: int = 50, offset: int = 0) -> tuple[list[dict], bool, str]:
    """One page of matching attributions (``limit`` of them from ``offset``), whether more follow, and their
    order (see :func:`_matching`)."""
    rows, order = _run(conn, f, limit + 1, offset)
    more = len(rows) > limit
    marks = _marks(f.q)
    links = _speaker_cids(conn, rows[:limit])
    out = []
    for r in rows[:limit]:
        content = r.content_text or ""
        hits = [(m.start(), m.end(), str(k)) for k, pat in enumerate(marks) for m in pat.finditer(content)]
        out.append({
            "doc": r.doc_id, "attribution": r.id, "type": r.type, "speaker": r.speaker_name,
            "speaker_kind": r.speaker_kind, "speaker_cid": links.get((r.doc_id, r.speaker_entity or "s:" + r.id)),
            "hedged": bool(r.hedged), "content": content, "content_span": [r.content_start, r.content_end],
            "snippet": snippet(content, hits, SNIPPET_WORDS, MARK[0], MARK[1]) if hits else _cut(content),
            "claim": r.claim_id, "source": r.source, "title": r.title, "outlet": r.outlet,
            "published": r.published, "confidence": round(float(r.confidence or 0.0), 4)})
    return out, more, order


def _cut(content: str, words: int = 40) -> str:
    parts = content.split()
    return content if len(parts) <= words else " ".join(parts[:words]) + " …"


def _speaker_cids(conn: Connection, rows: list) -> dict[tuple[str, str], str]:
    keys = {(r.doc_id, r.speaker_entity or "s:" + r.id) for r in rows}
    out: dict[tuple[str, str], str] = {}
    docs = sorted({d for d, _ in keys})
    for i in range(0, len(docs), 200):
        chunk = docs[i:i + 200]
        names = ", ".join(f":d{j}" for j in range(len(chunk)))
        for doc_id, entity_id, cid in conn.execute(
                text(f"SELECT doc_id, entity_id, cid FROM entity_links WHERE doc_id IN ({names})"),
                {f"d{j}": d for j, d in enumerate(chunk)}):
            if (doc_id, entity_id) in keys:
                out[(doc_id, entity_id)] = cid
    return out


def facets(conn: Connection, f: Filters) -> tuple[dict[str, list[dict]], bool]:
    """Counts per type, speaker kind, outlet, claim status and year over the first :data:`FACET_LIMIT` matches
    (in the search's order), counted in SQL; ``partial`` when there may be more matches than that."""
    rows, _ = _run(conn, f, FACET_LIMIT, 0, "a.type AS f_type, a.speaker_kind AS f_kind, d.outlet AS f_outlet, "
                   "c.status AS f_status, substr(d.published, 1, 4) AS f_year", False,
                   wrap=lambda sql: f"SELECT f_type, f_kind, f_outlet, f_status, f_year, count(*) AS n FROM ({sql}) x "
                                    "GROUP BY f_type, f_kind, f_outlet, f_status, f_year")
    keys = ("type", "kind", "outlet", "status", "year")
    counts: dict[str, dict[str, int]] = {k: {} for k in keys}
    if rows and not hasattr(rows[0], "n"):     # the matches themselves (found in Python): count the first ones
        groups = [((r.type, r.speaker_kind, r.outlet, r.status, (r.published or "")[:4] or None), 1)
                  for r in rows[:FACET_LIMIT]]
    else:
        groups = [((r.f_type, r.f_kind, r.f_outlet, r.f_status, r.f_year), r.n) for r in rows]
    total = 0
    for values, n in groups:
        total += n
        for key, value in zip(keys, values):
            if value:
                counts[key][value] = counts[key].get(value, 0) + n
    out = {k: [{"value": v, "count": n} for v, n in sorted(c.items(), key=lambda x: (-x[1], x[0]))][:20]
           for k, c in counts.items() if k != "year"}
    out["year"] = [{"value": v, "count": n} for v, n in sorted(counts["year"].items(), reverse=True)]
    return out, total >= FACET_LIMIT


# ------------------------------------------------------------------ documents


def documents(conn: Connection, outlet: str | None = None, language: str | None = None, since: str | None = None,
              until: str | None = None, q: str | None = None, limit: int = 50, offset: int = 0) -> tuple[list[dict], bool]:
    """Documents, newest first (undated last), then by id; ``q`` is a part of the title or source."""
    where, p = [], {"n": limit + 1, "o": offset}
    for col, key, value in (("d.outlet", "outlet", outlet), ("d.language", "language", language)):
        if value:
            where.append(f"{col} = :{key}")
            p[key] = value
    if since:
        where.append("d.published >= :since")
        p["since"] = since
    if until:
        where.append("d.published <= :until")
        p["until"] = until
    if q:
        where.append("(lower(d.title) LIKE :q ESCAPE '\\' OR lower(d.source) LIKE :q ESCAPE '\\')")
        p["q"] = "%" + q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    cond = (" WHERE " + " AND ".join(where)) if where else ""
    nulls = " NULLS LAST" if conn.dialect.name == "postgresql" else ""
    rows = conn.execute(text(
        "SELECT d.id, d.source, d.url, d.title, d.published, d.outlet, d.language, "
        "(SELECT count(*) FROM attributions a WHERE a.doc_id = d.id) AS n "
        f"FROM documents d{cond} ORDER BY d.published DESC{nulls}, d.id DESC LIMIT :n OFFSET :o"), p).all()
    return ([{"id": r.id, "source": r.source, "url": r.url, "title": r.title, "published": r.published,
              "outlet": r.outlet, "language": r.language, "attributions": r.n} for r in rows[:limit]],
            len(rows) > limit)


def outlets(conn: Connection, limit: int = 50) -> list[dict]:
    rows = conn.execute(text("SELECT outlet, count(*) AS n FROM documents WHERE outlet IS NOT NULL "
                             "GROUP BY outlet ORDER BY n DESC, outlet LIMIT :n"), {"n": limit}).all()
    return [{"value": r.outlet, "count": r.n} for r in rows]


def failures(conn: Connection, stage: str | None = None, limit: int = 50, offset: int = 0) -> tuple[list[dict], bool]:
    cond, p = ("WHERE stage = :stage ", {"stage": stage}) if stage else ("", {})
    p.update(n=limit + 1, o=offset)
    rows = conn.execute(text(f"SELECT source, stage, reason FROM failures {cond}ORDER BY source, pk "
                             "LIMIT :n OFFSET :o"), p).all()
    return [{"source": r.source, "stage": r.stage, "reason": r.reason} for r in rows[:limit]], len(rows) > limit


def counts(conn: Connection) -> dict[str, int]:
    """How much the database holds (the front page)."""
    out = {}
    for key, table in (("documents", "documents"), ("attributions", "attributions"), ("claims", "claims"),
                       ("entities", "corpus_entities"), ("failures", "failures")):
        out[key] = conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
    return out
