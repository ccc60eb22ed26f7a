"""The database: documents and everything found in them, through SQLAlchemy 2 (SQLite by default).

``Store("quellen.db")`` opens (or creates) a SQLite file; any SQLAlchemy URL works too. SQLite and PostgreSQL
(``postgresql+psycopg://user@host:port/db``) are tested: the schema uses portable types only; full-text search
is FTS5 on SQLite and PostgreSQL's own text search (``pg_search.py``) there; elsewhere ``search`` falls back to
a portable case-insensitive LIKE. Saving is transactional and idempotent: a document's rows are replaced by id,
also with several processes writing at once (on PostgreSQL under an advisory lock per document, ``pglock.py``).
Opening creates or upgrades the schema with Alembic (``migrate.py``), and only reads a database already current.

Crash safety (SQLite). Each write is one transaction (one document, or a batch's group of documents with a
savepoint each, :meth:`Store.save_many`), begun with ``BEGIN IMMEDIATE`` (the write lock is taken
at once, so the busy timeout applies to it instead of a lock upgrade failing halfway), and the connection runs
with ``synchronous=FULL`` in whatever journal mode the file has — the default rollback journal for files quellen
creates. With the rollback journal and FULL, SQLite syncs the journal before it touches the database and deletes
it only once the database is synced: a process killed (``kill -9``) or a machine losing power at any moment leaves
the last transaction's documents either complete or not there at all, and the next open rolls a hot journal
back. (WAL with ``synchronous=NORMAL`` would be as safe against corruption but could lose the last committed documents on power
loss; we keep FULL, which is SQLite's default for the rollback journal anyway, so this costs nothing.) pysqlite's
own transaction handling is switched off (``isolation_level=None``) so that ``BEGIN`` is ours: it would
otherwise begin only at the first INSERT/DELETE and leave schema upgrades outside the transaction.
``tests/test_store_crash.py`` checks what a test can reach: writers killed with SIGKILL mid-transaction, disks
and file-size limits running out mid-commit (power loss is SQLite's own tested guarantee under these settings).

Faults (``faults.py``): a full or failing disk, a read-only, unopenable, locked or damaged file raises
:class:`~quellen.errors.EnvironmentFault` ``Q103`` (stop the run); any other error while writing one document
raises :class:`StoreError` (record that document as failed, go on). The transaction is rolled back in both cases.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Sequence

from sqlalchemy import create_engine, delete, event, func, insert, make_url, or_, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import ArgumentError

from ..errors import MISSING_MODULE, STORAGE, EnvironmentFault
from ..model import (Attribution, Boilerplate, Document, Entity, Failure, Gap, Mention, Span, Speaker,
                     StageWarning)
from . import migrate, pg_search, pglock
from . import schema as S
from .faults import StoreError, classify, driver_message, environment_fault, printable


def engine_url(url_or_path: str) -> str:
    """A SQLAlchemy URL: URLs pass through, a plain path means a SQLite file."""
    if "://" in url_or_path:
        return url_or_path
    path = Path(url_or_path).expanduser()
    if path.parent and not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def _create_engine(url: str, where: str, echo: bool) -> Engine:
    """SQLAlchemy's engine, or one clear fault: a missing database driver is ``Q101`` (with the package to
    install), a URL SQLAlchemy cannot use (an unknown dialect) is ``Q103``."""
    try:
        # a server connection that dropped (a restart, an idle timeout) is replaced instead of failing a save
        pre_ping = not url.startswith("sqlite")
        return create_engine(url, echo=echo, future=True, pool_pre_ping=pre_ping)
    except ImportError as exc:
        backend = make_url(url).get_backend_name()
        raise EnvironmentFault(MISSING_MODULE, f"the database driver for {backend} is not installed "
                                               f"({exc}); install it (for PostgreSQL: pip install "
                                               "'psycopg[binary]' and a postgresql+psycopg:// URL) or choose "
                                               f"another --db than {where}.") from exc
    except ArgumentError as exc:
        raise EnvironmentFault(STORAGE, f"cannot open the database {where}: {exc}.") from exc


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


@dataclass
class StoredWarning:
    """One :class:`~quellen.model.StageWarning` as stored, with the document it belongs to."""

    doc_id: str
    source: str
    stage: str
    item: str | None
    reason: str


class Store:
    def __init__(self, url_or_path: str, echo: bool = False, busy_timeout: float = 5.0):
        """Open (create, or upgrade to :data:`schema.SCHEMA_VERSION`) the database.

        ``busy_timeout``: seconds to wait for another process's lock before giving up with ``Q103``.
        Raises :class:`EnvironmentFault` ``Q103`` when the database cannot be opened or upgraded."""
        self.busy_timeout = float(busy_timeout)
        self.where = str(url_or_path)
        try:
            self.url = engine_url(str(url_or_path))
        except OSError as exc:
            raise environment_fault(exc, self.where, self.busy_timeout) from exc
        try:
            url = make_url(self.url)
        except ArgumentError as exc:
            raise EnvironmentFault(STORAGE, f"cannot open the database {self.where}: not a database URL or "
                                            f"file name ({exc}).") from exc
        # how messages name the database: the file, or the URL without its password
        self.where = ((url.database or self.where) if url.get_backend_name() == "sqlite"
                      else url.render_as_string(hide_password=True))
        self.upgraded_from: str | None = None   # the schema version found, when this Store upgraded it
        self.engine: Engine = _create_engine(self.url, self.where, echo)
        if self.engine.dialect.name == "sqlite":
            timeout_ms = int(self.busy_timeout * 1000)

            @event.listens_for(self.engine, "connect")
            def _pragmas(dbapi_conn, _):  # noqa: ANN001 - SQLite only, see the module docstring
                dbapi_conn.isolation_level = None       # our BEGIN, not pysqlite's (transactional DDL)
                cur = dbapi_conn.cursor()
                cur.execute("PRAGMA foreign_keys=ON")
                cur.execute(f"PRAGMA busy_timeout={timeout_ms}")
                cur.execute("PRAGMA synchronous=FULL")
                cur.close()

            @event.listens_for(self.engine, "begin")
            def _begin(conn):  # noqa: ANN001
                conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("quellen_write")
                                     else "BEGIN")

        # Writes go through this: same pool and events, but BEGIN IMMEDIATE on SQLite.
        self._writer: Engine = self.engine.execution_options(quellen_write=True)
        try:
            self._open()
        except (EnvironmentFault, StoreError):
            self.engine.dispose()
            raise
        except ImportError as exc:      # Alembic, needed to create or upgrade the schema
            self.engine.dispose()
            raise EnvironmentFault(MISSING_MODULE, f"cannot create or upgrade the database {self.where}: "
                                                   f"{exc}; pip install alembic, or reinstall quellen.") from exc
        except Exception as exc:
            self.engine.dispose()
            # No document is to blame for a database that does not open: every error here stops the run.
            raise (environment_fault(exc, self.where, self.busy_timeout) or EnvironmentFault(
                STORAGE, f"cannot open the database {self.where}: {printable(driver_message(exc))}. "
                         + ("Check the file, or choose another --db." if self.engine.dialect.name == "sqlite"
                            else "Check the server, the URL and its database, or choose another --db."))) from exc

    def _open(self) -> None:
        """Create the tables or upgrade an older schema (``migrate.py``); a database already current is only
        read (so a read-only file still opens for ``show``/``search``)."""
        with self.engine.connect() as conn:
            state = migrate.read_state(conn)
        self._refuse(state)
        if not migrate.is_current(state):
            try:
                with self._writer.begin() as conn:    # one transaction: an interrupted upgrade leaves the old one
                    found = migrate.upgrade(conn)     # another process may have done it meanwhile
                    self._refuse(found)
                    state = migrate.read_state(conn)
                self.upgraded_from = found.version if found.version not in (None, S.SCHEMA_VERSION) else None
            except Exception:
                # Made before Alembic but already of today's schema version: only the stamp is missing, so a
                # database that cannot be written (a read-only file) still opens for reading.
                if not (state.revision is None and state.version == S.SCHEMA_VERSION):
                    raise
        dialect = self.engine.dialect.name
        self._fts5 = dialect == "sqlite" and S.FTS_TABLE in state.tables   # the FTS5 table to keep up to date
        self.has_fts = self._fts5 or dialect == "postgresql"                # search is full-text, not LIKE

    def _refuse(self, state: migrate.State) -> None:
        reason = migrate.refusal(state, self.where)
        if reason is not None:
            raise EnvironmentFault(STORAGE, reason)

    # ------------------------------------------------------------------ writing

    def _write(self, what: str, lock: tuple[str, str], body: Callable[[Connection], None]) -> None:
        """``body`` in one write transaction, holding ``lock`` (``pglock.py``; PostgreSQL only); run again after
        a serialization failure or deadlock. An error is rolled back and raised as EnvironmentFault or StoreError."""
        for attempt in range(1, pglock.ATTEMPTS + 1):
            try:
                with self._writer.begin() as conn:
                    pglock.lock(conn, *lock)
                    body(conn)
                return
            except (EnvironmentFault, StoreError):
                raise
            except Exception as exc:
                if attempt < pglock.ATTEMPTS and pglock.retryable(exc):
                    time.sleep(0.05 * attempt)
                    continue
                raise classify(exc, self.where, what, self.busy_timeout) from exc

    def save(self, doc: Document, analysis_version: str | None = None) -> None:
        """Store ``doc`` (replacing any earlier version with the same id) in one transaction.

        ``analysis_version`` (:attr:`quellen.pipeline.Pipeline.version`) and ``doc.input_hash`` let a later run
        skip this input (:meth:`current`); without them the document is analysed again next time.

        Raises :class:`EnvironmentFault` ``Q103`` when the database cannot be written (stop the run) and
        :class:`StoreError` when this document cannot be (record it as failed and go on); either way nothing of
        it was written. A group of one: :meth:`save_many` is the one write path."""
        error = self.save_many([doc], analysis_version)[0]
        if error is not None:
            raise error

    def save_many(self, docs: Sequence[Document], analysis_version: str | None = None) -> list[StoreError | None]:
        """Store ``docs`` in one transaction, each under its own savepoint; the error of each document that
        cannot be stored (``None`` for the stored ones), in the order of ``docs``.

        Why: one commit per document is one sync to disk (SQLite, ``synchronous=FULL``) and one round of
        transaction overhead; a batch writes a group at a time. Each document stays all or nothing: a
        :class:`StoreError` rolls back its savepoint only, the others are committed. An
        :class:`EnvironmentFault` (the database cannot be written) or a crash loses the whole group, which a
        re-run analyses again (nothing was committed of it). On PostgreSQL the documents' advisory locks are
        taken in id order, the same in every writer, so two batches cannot deadlock on each other."""
        errors: list[StoreError | None] = [None] * len(docs)
        order = sorted(range(len(docs)), key=lambda k: docs[k].id)

        def body(conn: Connection) -> None:
            for k in order:
                errors[k] = None
                doc = docs[k]
                try:
                    with conn.begin_nested():
                        pglock.lock(conn, "document", doc.id)
                        self._save(conn, doc, analysis_version)
                except Exception as exc:
                    fault = classify(exc, self.where, f"document {doc.source}", self.busy_timeout)
                    if isinstance(fault, EnvironmentFault) or pglock.retryable(exc):
                        raise
                    errors[k] = fault

        if docs:
            what = f"document {docs[0].source}" if len(docs) == 1 else f"{len(docs)} documents"
            self._write(what, ("document", docs[order[0]].id), body)
        return errors

    def _save(self, conn: Connection, doc: Document, analysis_version: str | None) -> None:
        # A document not stored yet has no rows anywhere (its child rows cascade from it, and foreign keys are
        # on): one lookup instead of a delete per table.
        if conn.execute(select(S.documents.c.id).where(S.documents.c.id == doc.id)).first() is not None:
            self._delete(conn, doc.id)
        conn.execute(insert(S.documents).values(
            id=doc.id, source=doc.source, url=doc.url, language=doc.language, title=doc.title,
            published=doc.published, outlet=doc.outlet, text=doc.text, input_hash=doc.input_hash,
            analysis_version=analysis_version if doc.input_hash else None))
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
            if self._fts5:
                S.fts_insert(conn, [{"content": a.content.text, "speaker": a.speaker.name or "",
                                     "doc_id": doc.id, "attr_id": a.id} for a in doc.attributions])
        if doc.boilerplate:
            conn.execute(insert(S.boilerplate), [
                {"doc_id": doc.id, "start": b.start, "end": b.end, "reason": b.reason} for b in doc.boilerplate])
        if doc.gaps:
            conn.execute(insert(S.gaps), [{"doc_id": doc.id, "start": g.start, "end": g.end} for g in doc.gaps])
        if doc.warnings:
            conn.execute(insert(S.warnings), [
                {"doc_id": doc.id, "stage": w.stage, "item": w.item, "reason": w.reason} for w in doc.warnings])
        # the input now analyses: earlier failures recorded for it are out of date
        conn.execute(delete(S.failures).where(S.failures.c.source == doc.source))

    def current(self, input_hash: str, analysis_version: str) -> str | None:
        """The id of a document made from this input content by this analysis version, if one is stored."""
        with self.engine.connect() as conn:
            return conn.execute(select(S.documents.c.id).where(
                S.documents.c.input_hash == input_hash,
                S.documents.c.analysis_version == analysis_version).limit(1)).scalar()

    def current_inputs(self, analysis_version: str) -> dict[str, str]:
        """Input hash -> document id of every document made by this analysis version (what a distributed run
        ships to its executors to skip unchanged inputs there; :meth:`current` asks for one)."""
        with self.engine.connect() as conn:
            return dict(conn.execute(select(S.documents.c.input_hash, S.documents.c.id).where(
                S.documents.c.analysis_version == analysis_version, S.documents.c.input_hash.is_not(None))).all())

    def _delete(self, conn: Connection, doc_id: str) -> None:
        for table in S.CHILD_TABLES:
            conn.execute(delete(table).where(table.c.doc_id == doc_id))
        if self._fts5:
            S.fts_delete(conn, doc_id)
        conn.execute(delete(S.documents).where(S.documents.c.id == doc_id))

    def delete(self, doc_id: str) -> None:
        self._write(f"the deletion of {doc_id}", ("document", doc_id), lambda conn: self._delete(conn, doc_id))

    def record_failure(self, f: Failure) -> None:
        """Record a failed input once (the same source and stage again replaces the earlier row).

        Source and reason are stored as :func:`~quellen.store.faults.printable` text, so that the failure of a
        document whose name cannot be encoded (the usual reason for its :class:`StoreError`) can be recorded."""
        source, reason, stage = printable(f.source), printable(f.reason), printable(f.stage)
        def body(conn: Connection) -> None:
            conn.execute(delete(S.failures).where(S.failures.c.source == source, S.failures.c.stage == stage))
            conn.execute(insert(S.failures).values(source=source, reason=reason, stage=stage))

        self._write(f"the failure of {source}", ("failure", source), body)

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

    def warnings(self, stage: str | None = None) -> list[StoredWarning]:
        """The stored stage warnings (of one ``stage``, or all), by source and then in their document's order."""
        w, d = S.warnings.c, S.documents.c
        q = select(w.doc_id, d.source, w.stage, w.item, w.reason).join(S.documents, d.id == w.doc_id)
        if stage is not None:
            q = q.where(w.stage == stage)
        with self.engine.connect() as conn:
            return [StoredWarning(r.doc_id, r.source, r.stage, r.item, r.reason)
                    for r in conn.execute(q.order_by(d.source, w.doc_id, w.pk))]

    def warning_count(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(S.warnings)).scalar_one()

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Attributions whose content (or speaker name) matches ``query``, best first.

        The query is FTS5 syntax (words, "phrases", prefix*, AND/OR/NOT, ``content:``/``speaker:`` column
        filters; invalid syntax is retried as plain words): on SQLite an FTS5 query, on PostgreSQL the same
        translated to its German text search (``pg_search.py``); elsewhere a case-insensitive LIKE on contents.
        """
        if not query.strip():
            return []
        a, d = S.attributions.c, S.documents.c
        with self.engine.connect() as conn:
            if self.has_fts:
                found = (pg_search.search(conn, query, limit) if self.engine.dialect.name == "postgresql"
                         else S.fts_search(conn, query, limit))
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
        ents = _entities(conn.execute(select(S.entities).where(S.entities.c.doc_id == doc_id)),
                         conn.execute(select(S.mentions).where(S.mentions.c.doc_id == doc_id)
                                      .order_by(S.mentions.c.pk)), text)
        attrs = [_attr_from_row(r) for r in conn.execute(
            select(S.attributions).where(S.attributions.c.doc_id == doc_id).order_by(S.attributions.c.pk))]
        bps = [Boilerplate(b.start, b.end, b.reason) for b in conn.execute(
            select(S.boilerplate).where(S.boilerplate.c.doc_id == doc_id).order_by(S.boilerplate.c.start))]
        gps = [Gap(g.start, g.end) for g in conn.execute(
            select(S.gaps).where(S.gaps.c.doc_id == doc_id).order_by(S.gaps.c.start))]
        warns = [StageWarning(w.stage, w.reason, w.item) for w in conn.execute(
            select(S.warnings).where(S.warnings.c.doc_id == doc_id).order_by(S.warnings.c.pk))]
        return Document(id=doc_id, source=row.source, text=text, language=row.language, title=row.title,
                        published=row.published, outlet=row.outlet, url=row.url, boilerplate=bps, gaps=gps,
                        entities=ents, attributions=attrs, warnings=warns,
                        input_hash=row.input_hash)

    def load_many(self, conn: Connection, doc_ids: list[str]) -> list[Document]:
        """The documents ``doc_ids`` (those that exist, in id order), read with one query per table: what a
        corpus-level pass over many documents needs (:meth:`get` reads one with five)."""
        if not doc_ids:
            return []
        rows = conn.execute(select(S.documents).where(S.documents.c.id.in_(doc_ids)).order_by(S.documents.c.id)).all()

        def children(table, order):  # noqa: ANN001, ANN202
            by_doc: dict[str, list] = {}
            for r in conn.execute(select(table).where(table.c.doc_id.in_(doc_ids)).order_by(*order)):
                by_doc.setdefault(r.doc_id, []).append(r)
            return by_doc

        ents, ments = children(S.entities, [S.entities.c.doc_id]), children(S.mentions, [S.mentions.c.pk])
        attrs = children(S.attributions, [S.attributions.c.pk])
        bps, gps = children(S.boilerplate, [S.boilerplate.c.start]), children(S.gaps, [S.gaps.c.start])
        warns = children(S.warnings, [S.warnings.c.pk])
        out = []
        for row in rows:
            doc_id, text = row.id, row.text
            es = _entities(ents.get(doc_id, []), ments.get(doc_id, []), text)
            out.append(Document(
                id=doc_id, source=row.source, text=text, language=row.language, title=row.title,
                published=row.published, outlet=row.outlet, url=row.url,
                boilerplate=[Boilerplate(b.start, b.end, b.reason) for b in bps.get(doc_id, [])],
                gaps=[Gap(g.start, g.end) for g in gps.get(doc_id, [])], entities=es,
                attributions=[_attr_from_row(r) for r in attrs.get(doc_id, [])],
                warnings=[StageWarning(w.stage, w.reason, w.item) for w in warns.get(doc_id, [])],
                input_hash=row.input_hash))
        return out

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


def _entities(entity_rows, mention_rows, text: str) -> list[Entity]:  # noqa: ANN001 - result rows
    """A document's entities in the order it had them when saved. The entities table has no insertion order
    of its own (PostgreSQL returns rows in whatever order its heap holds them, which changes as documents
    are replaced); their mentions were inserted entity by entity, so the first mention's place (``mention_rows``
    in pk order) gives it. Entities without mentions follow, by id."""
    ents = {e.id: Entity(e.id, e.name, e.type, [], json.loads(e.aliases) if e.aliases else []) for e in entity_rows}
    first: dict[str, int] = {}
    for k, m in enumerate(mention_rows):
        if m.entity_id in ents:
            first.setdefault(m.entity_id, k)
            ents[m.entity_id].mentions.append(Mention(m.start, m.end, m.text or text[m.start:m.end]))
    return sorted(ents.values(), key=lambda e: (e.id not in first, first.get(e.id, 0), e.id))


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


__all__ = ["Store", "StoreError", "SearchHit", "StoredWarning", "engine_url"]
