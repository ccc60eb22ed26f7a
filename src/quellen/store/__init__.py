"""The database: documents and everything found in them, through SQLAlchemy 2 (SQLite by default).

``Store("quellen.db")`` opens (or creates) a SQLite file; any SQLAlchemy URL works too
(``postgresql+psycopg://…``): the schema uses portable types only, and the one SQLite-specific part — the FTS5
index over attribution contents — is created only on SQLite (elsewhere ``search`` falls back to a portable
case-insensitive LIKE). Saving is transactional and idempotent: a document's rows are replaced by id.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, delete, event, func, insert, or_, select
from sqlalchemy.engine import Connection, Engine

from ..model import (Attribution, Boilerplate, Document, Entity, Failure, Gap, Mention, Span, Speaker)
from . import schema as S


def engine_url(url_or_path: str) -> str:
    """A SQLAlchemy URL: URLs pass through, a plain path means a SQLite file."""
    if "://" in url_or_path:
        return url_or_path
    path = Path(url_or_path).expanduser()
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


@dataclass
class SearchHit:
    doc_id: str
    attribution_id: str
    type: str
    speaker: str | None
    speaker_kind: str | None
    content: str
    snippet: str
    source: str
    title: str | None


class Store:
    def __init__(self, url_or_path: str, echo: bool = False):
        self.url = engine_url(str(url_or_path))
        self.engine: Engine = create_engine(self.url, echo=echo, future=True)
        if self.engine.dialect.name == "sqlite":
            @event.listens_for(self.engine, "connect")
            def _pragmas(dbapi_conn, _):  # noqa: ANN001 - SQLite only: enforce foreign keys, wait on locks
                cur = dbapi_conn.cursor()
                cur.execute("PRAGMA foreign_keys=ON")
                cur.execute("PRAGMA busy_timeout=5000")
                cur.close()
        with self.engine.begin() as conn:
            S.metadata.create_all(conn)
            self.has_fts = S.fts_available(conn)
            if conn.execute(select(S.meta.c.value).where(S.meta.c.key == "schema_version")).first() is None:
                conn.execute(insert(S.meta).values(key="schema_version", value=S.SCHEMA_VERSION))

    # ------------------------------------------------------------------ writing

    def save(self, doc: Document) -> None:
        """Store ``doc`` (replacing any earlier version with the same id) in one transaction."""
        with self.engine.begin() as conn:
            self._delete(conn, doc.id)
            conn.execute(insert(S.documents).values(
                id=doc.id, source=doc.source, url=doc.url, language=doc.language, title=doc.title,
                published=doc.published, outlet=doc.outlet, text=doc.text))
            if doc.entities:
                conn.execute(insert(S.entities), [
                    {"doc_id": doc.id, "id": e.id, "name": e.name, "type": e.type,
                     "aliases": json.dumps(e.aliases, ensure_ascii=False) if e.aliases else None}
                    for e in doc.entities])
                rows = [{"doc_id": doc.id, "entity_id": e.id, "start": m.start, "end": m.end,
                         "text": m.text or doc.text[m.start:m.end]} for e in doc.entities for m in e.mentions]
                if rows:
                    conn.execute(insert(S.mentions), rows)
            if doc.attributions:
                conn.execute(insert(S.attributions), [_attr_row(doc.id, a) for a in doc.attributions])
                if self.has_fts:
                    S.fts_insert(conn, [{"content": a.content.text, "speaker": a.speaker.name or "",
                                         "doc_id": doc.id, "attr_id": a.id} for a in doc.attributions])
            if doc.boilerplate:
                conn.execute(insert(S.boilerplate), [
                    {"doc_id": doc.id, "start": b.start, "end": b.end, "reason": b.reason} for b in doc.boilerplate])
            if doc.gaps:
                conn.execute(insert(S.gaps), [{"doc_id": doc.id, "start": g.start, "end": g.end} for g in doc.gaps])
            # the input now analyses: earlier failures recorded for it are out of date
            conn.execute(delete(S.failures).where(S.failures.c.source == doc.source))

    def _delete(self, conn: Connection, doc_id: str) -> None:
        for table in S.CHILD_TABLES:
            conn.execute(delete(table).where(table.c.doc_id == doc_id))
        if self.has_fts:
            S.fts_delete(conn, doc_id)
        conn.execute(delete(S.documents).where(S.documents.c.id == doc_id))

    def delete(self, doc_id: str) -> None:
        with self.engine.begin() as conn:
            self._delete(conn, doc_id)

    def record_failure(self, f: Failure) -> None:
        """Record a failed input once (the same source, stage and reason again replaces the earlier row)."""
        with self.engine.begin() as conn:
            conn.execute(delete(S.failures).where(S.failures.c.source == f.source, S.failures.c.stage == f.stage))
            conn.execute(insert(S.failures).values(source=f.source, reason=f.reason, stage=f.stage))

    # ------------------------------------------------------------------ reading

    def get(self, key: str) -> Document | None:
        """A document by id, unique id prefix, or source (exact, absolute path, unique suffix or unique part)."""
        key = str(key).strip()
        if not key:
            return None
        c = S.documents.c
        with self.engine.connect() as conn:
            row = conn.execute(select(S.documents).where(c.id == key)).first()
            if row is None and len(key) >= 4:
                rows = conn.execute(select(S.documents).where(c.id.like(_like_prefix(key), escape="\\"))
                                    .limit(2)).all()
                row = rows[0] if len(rows) == 1 else None
            if row is None:
                candidates = {key}
                try:
                    candidates.add(str(Path(key).resolve()))
                except OSError:
                    pass
                rows = conn.execute(select(S.documents).where(c.source.in_(candidates)).order_by(c.source)
                                    .limit(2)).all()
                row = rows[0] if len(rows) == 1 else None
            if row is None:
                rows = conn.execute(select(S.documents).where(
                    or_(c.source.like("%/" + _like_escape(key), escape="\\"),
                        c.source.like("%/" + _like_escape(key) + "#%", escape="\\"))).limit(2)).all()
                row = rows[0] if len(rows) == 1 else None
            if row is None and len(key) >= 3:  # a unique part of the source ("klinikum-fusion")
                rows = conn.execute(select(S.documents).where(
                    c.source.like("%" + _like_escape(key) + "%", escape="\\")).limit(2)).all()
                row = rows[0] if len(rows) == 1 else None
            return self._load(conn, row) if row is not None else None

    def documents(self) -> Iterator[Document]:
        """All documents, ordered by source."""
        with self.engine.connect() as conn:
            ids = [r.id for r in conn.execute(select(S.documents.c.id, S.documents.c.source)
                                              .order_by(S.documents.c.source, S.documents.c.id))]
        for doc_id in ids:
            with self.engine.connect() as conn:
                row = conn.execute(select(S.documents).where(S.documents.c.id == doc_id)).first()
                if row is not None:
                    yield self._load(conn, row)

    def count(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(S.documents)).scalar_one()

    def failures(self) -> list[Failure]:
        with self.engine.connect() as conn:
            return [Failure(r.source, r.reason, r.stage)
                    for r in conn.execute(select(S.failures).order_by(S.failures.c.source, S.failures.c.pk))]

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Attributions whose content (or speaker name) matches ``query``, best first.

        On SQLite this is an FTS5 query (words, "phrases", prefix*, AND/OR/NOT, ``content:``/``speaker:``
        column filters; invalid syntax is retried as plain words); elsewhere a case-insensitive LIKE on contents.
        """
        if not query.strip():
            return []
        a, d = S.attributions.c, S.documents.c
        with self.engine.connect() as conn:
            if self.has_fts:
                found = S.fts_search(conn, query, limit)
                keys = [(doc_id, attr_id) for doc_id, attr_id, _ in found]
                snippets = {(doc_id, attr_id): snip for doc_id, attr_id, snip in found}
            else:
                words = query.split()
                cond = [func.lower(a.content_text).like("%" + _like_escape(w.lower()) + "%", escape="\\")
                        for w in words]
                rows = conn.execute(select(a.doc_id, a.id).where(*cond).limit(limit)).all()
                keys = [(r.doc_id, r.id) for r in rows]
                snippets = {}
            hits = []
            for doc_id, attr_id in keys:
                r = conn.execute(select(a.doc_id, a.id, a.type, a.speaker_name, a.speaker_kind, a.content_text,
                                        d.source, d.title).join(S.documents, d.id == a.doc_id)
                                 .where(a.doc_id == doc_id, a.id == attr_id)).first()
                if r is not None:
                    hits.append(SearchHit(r.doc_id, r.id, r.type, r.speaker_name, r.speaker_kind, r.content_text,
                                          snippets.get((doc_id, attr_id), r.content_text), r.source, r.title))
            return hits

    def _load(self, conn: Connection, row) -> Document:  # noqa: ANN001
        doc_id, text = row.id, row.text
        ents: dict[str, Entity] = {}
        for e in conn.execute(select(S.entities).where(S.entities.c.doc_id == doc_id)):
            ents[e.id] = Entity(e.id, e.name, e.type, [], json.loads(e.aliases) if e.aliases else [])
        for m in conn.execute(select(S.mentions).where(S.mentions.c.doc_id == doc_id).order_by(S.mentions.c.pk)):
            if m.entity_id in ents:
                ents[m.entity_id].mentions.append(Mention(m.start, m.end, m.text or text[m.start:m.end]))
        attrs = [_attr_from_row(r) for r in conn.execute(
            select(S.attributions).where(S.attributions.c.doc_id == doc_id).order_by(S.attributions.c.pk))]
        bps = [Boilerplate(b.start, b.end, b.reason) for b in conn.execute(
            select(S.boilerplate).where(S.boilerplate.c.doc_id == doc_id).order_by(S.boilerplate.c.start))]
        gps = [Gap(g.start, g.end) for g in conn.execute(
            select(S.gaps).where(S.gaps.c.doc_id == doc_id).order_by(S.gaps.c.start))]
        return Document(id=doc_id, source=row.source, text=text, language=row.language, title=row.title,
                        published=row.published, outlet=row.outlet, url=row.url, boilerplate=bps, gaps=gps,
                        entities=list(ents.values()), attributions=attrs)

    def close(self) -> None:
        self.engine.dispose()


def _like_escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _like_prefix(s: str) -> str:
    return _like_escape(s) + "%"


def _span_cols(prefix: str, span: Span | None) -> dict:
    if span is None:
        return {f"{prefix}_start": None, f"{prefix}_end": None, f"{prefix}_text": None}
    return {f"{prefix}_start": span.start, f"{prefix}_end": span.end, f"{prefix}_text": span.text}


def _attr_row(doc_id: str, a: Attribution) -> dict:
    row = {"doc_id": doc_id, "id": a.id, "type": a.type, "speaker_name": a.speaker.name,
           "speaker_entity": a.speaker.entity, "speaker_kind": a.speaker.kind, "hedged": bool(a.hedged),
           "denies": a.denies, "confidence": float(a.confidence), "form": a.form, "origin": a.origin}
    for prefix, span in (("cue", a.cue), ("source", a.source), ("content", a.content), ("addr", a.addr),
                         ("frame", a.frame)):
        row.update(_span_cols(prefix, span))
    return row


def _span_from(r, prefix: str) -> Span | None:  # noqa: ANN001
    start = getattr(r, f"{prefix}_start")
    if start is None:
        return None
    return Span(start, getattr(r, f"{prefix}_end"), getattr(r, f"{prefix}_text") or "")


def _attr_from_row(r) -> Attribution:  # noqa: ANN001
    return Attribution(
        id=r.id, type=r.type, cue=_span_from(r, "cue"), source=_span_from(r, "source"),
        speaker=Speaker(r.speaker_name, r.speaker_entity, r.speaker_kind or "unspecified"),
        content=_span_from(r, "content"), hedged=bool(r.hedged), denies=r.denies,
        confidence=r.confidence if r.confidence is not None else 0.5, form=r.form,
        addr=_span_from(r, "addr"), frame=_span_from(r, "frame"), origin=r.origin or "rule")


__all__ = ["Store", "SearchHit", "engine_url"]
