"""Each corpus entity's events, kept as rows: what it said, what it denied, and what others said about it.

An entity page asks "everything by or about X, in date order, one page of it, and how many per month". Answered
from the base tables, that joins every link of X to its documents' attributions and mentions, so it costs
time in proportion to how often X occurs: about 20 ms for a frequent entity in 11,000 articles, and seconds for
one in 300,000. Here the answer is kept as derived rows:

* ``entity_events``: one row per (entity, attribution) with its role and the document's date. An index on
  (entity, date) serves a page.
* ``entity_months``: counts per (entity, month, role), which give the timeline and the totals.

Both are refreshed for the documents whose entity links changed in an update.

The roles:

* ``said``: the entity is the attribution's speaker and it asserts.
* ``denied``: the entity is the speaker and it denies (the statement's stance, ``ledger/statements.py``).
* ``about``: a mention of the entity lies inside the attribution's content, and the entity is not its speaker;
  or the attribution is a charge and the entity is named as the accused, its Addr ("Klien wurde vorgeworfen, an
  der Schlägerei beteiligt gewesen zu sein": the content does not name Klien, but the charge is about him).
"""
from __future__ import annotations

from typing import Iterable

from sqlalchemy import text
from sqlalchemy.engine import Connection

from .denials import is_charge_cue

CHUNK = 400

_STANCE = "coalesce(st.stance, CASE WHEN a.type = 'denial' THEN 'denies' ELSE 'asserts' END)"
_SPOKEN = f"""
INSERT INTO entity_events (cid, doc_id, attribution_id, role, published)
SELECT DISTINCT k.cid, a.doc_id, a.id, CASE WHEN {_STANCE} = 'denies' THEN 'denied' ELSE 'said' END, d.published
FROM entity_links k
JOIN attributions a ON a.doc_id = k.doc_id AND (a.speaker_entity = k.entity_id OR 's:' || a.id = k.entity_id)
JOIN documents d ON d.id = a.doc_id
LEFT JOIN claim_statements st ON st.doc_id = a.doc_id AND st.attribution_id = a.id
WHERE k.doc_id IN ({{docs}})
ON CONFLICT DO NOTHING
"""
_NAMED = """
INSERT INTO entity_events (cid, doc_id, attribution_id, role, published)
SELECT DISTINCT k.cid, a.doc_id, a.id, 'about', d.published
FROM entity_links k
JOIN mentions me ON me.doc_id = k.doc_id AND me.entity_id = k.entity_id
JOIN attributions a ON a.doc_id = me.doc_id AND me.start >= a.content_start AND me."end" <= a.content_end
JOIN documents d ON d.id = a.doc_id
WHERE k.doc_id IN ({docs})
ON CONFLICT DO NOTHING
"""
_ACCUSED = """
SELECT DISTINCT k.cid, a.doc_id, a.id, d.published, a.cue_text
FROM entity_links k
JOIN mentions me ON me.doc_id = k.doc_id AND me.entity_id = k.entity_id
JOIN attributions a ON a.doc_id = me.doc_id AND me.start >= a.addr_start AND me."end" <= a.addr_end
JOIN documents d ON d.id = a.doc_id
LEFT JOIN entity_events e ON e.cid = k.cid AND e.doc_id = a.doc_id AND e.attribution_id = a.id
WHERE k.doc_id IN ({docs}) AND a.addr_start IS NOT NULL AND e.cid IS NULL
"""
_MONTHS = """
INSERT INTO entity_months (cid, month, role, n)
SELECT cid, coalesce(substr(published, 1, 7), ''), role, count(*) FROM entity_events
WHERE cid IN ({cids}) GROUP BY cid, coalesce(substr(published, 1, 7), ''), role
"""


def _chunks(items: list[str]) -> Iterable[tuple[str, dict]]:
    """(placeholders, parameters) for ``IN (...)`` over ``items`` in chunks: values are always bound."""
    for i in range(0, len(items), CHUNK):
        part = items[i:i + CHUNK]
        yield ", ".join(f":p{j}" for j in range(len(part))), {f"p{j}": v for j, v in enumerate(part)}


def refresh(conn: Connection, doc_ids: Iterable[str]) -> int:
    """Recompute the events of ``doc_ids`` (added, removed or relinked documents) and the monthly counts of
    every entity they touch, inside the caller's transaction; returns the number of entities touched. A
    document that no longer exists just loses its events."""
    docs = sorted(set(doc_ids))
    if not docs:
        return 0
    cids: set[str] = set()
    for ph, p in _chunks(docs):
        cids.update(r[0] for r in conn.execute(text(f"SELECT DISTINCT cid FROM entity_events WHERE doc_id IN ({ph})"), p))
        conn.execute(text(f"DELETE FROM entity_events WHERE doc_id IN ({ph})"), p)
        conn.execute(text(_SPOKEN.format(docs=ph)), p)     # the speaker's rows first: ``about`` never replaces them
        conn.execute(text(_NAMED.format(docs=ph)), p)
        _accused(conn, ph, p)
        cids.update(r[0] for r in conn.execute(text(f"SELECT DISTINCT cid FROM entity_events WHERE doc_id IN ({ph})"), p))
    months(conn, cids)
    return len(cids)


def _accused(conn: Connection, ph: str, p: dict) -> None:
    """``about`` rows for the accused of charges: an Addr is an addressee in general ("sagte er der Zeitung"),
    so only a charge's cue makes it the one the statement is about; the cue is tested here, not in SQL, with the
    ledger's own charge lexicon."""
    rows = [{"cid": r.cid, "doc": r.doc_id, "att": r.id, "pub": r.published}
            for r in conn.execute(text(_ACCUSED.format(docs=ph)), p) if is_charge_cue(r.cue_text)]
    if rows:
        conn.execute(text("INSERT INTO entity_events (cid, doc_id, attribution_id, role, published) "
                          "VALUES (:cid, :doc, :att, 'about', :pub) ON CONFLICT DO NOTHING"), rows)


def months(conn: Connection, cids: Iterable[str]) -> None:
    for ph, p in _chunks(sorted(set(cids))):
        conn.execute(text(f"DELETE FROM entity_months WHERE cid IN ({ph})"), p)
        conn.execute(text(_MONTHS.format(cids=ph)), p)


def rebuild(conn: Connection) -> int:
    """The events of every document the ledger holds (a full rebuild, and the schema upgrade to version 5)."""
    conn.execute(text("DELETE FROM entity_events"))
    conn.execute(text("DELETE FROM entity_months"))
    docs = [r[0] for r in conn.execute(text("SELECT DISTINCT doc_id FROM entity_links"))]
    return refresh(conn, docs)
