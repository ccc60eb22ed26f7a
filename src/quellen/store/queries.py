"""The ledger's read API: claims, one claim's appearances, entity pages, timelines.

One module that the terminal commands (``quellen claims/claim/entity/timeline``), the exports and the web API
all read through, so a figure on a page and in ``--json`` can never differ. Plain dicts and lists (JSON-ready);
ordering is always total (ties broken by id) so that pages with ``limit``/``offset`` are stable.
"""
from __future__ import annotations

import json
import re
from typing import Any

from sqlalchemy import and_, func, select, text
from sqlalchemy.engine import Connection

from . import ledger_schema as L
from . import schema as S

ClaimDict = dict[str, Any]


def _claim_dict(r) -> ClaimDict:  # noqa: ANN001
    return {"id": r.id, "status": r.status, "status_reason": r.status_reason, "gist": r.gist,
            "gist_doc": r.gist_doc_id, "gist_attribution": r.gist_attribution_id,
            "first_seen": r.first_seen, "last_seen": r.last_seen, "appearances_count": r.n_appearances,
            "documents": r.n_documents, "sources": r.n_sources, "hedged_share": r.hedged_share,
            "speakers": json.loads(r.speakers or "[]"), "outlets": json.loads(r.outlets or "[]")}


def find_entity(conn: Connection, key: str) -> dict | None:
    """A corpus entity by id (also a merged-away id), exact name (case-insensitive), or alias."""
    e = L.corpus_entities.c
    key = key.strip()
    merged = conn.execute(select(L.entity_merges.c.new_cid).where(L.entity_merges.c.old_cid == key)).scalar()
    row = conn.execute(select(L.corpus_entities).where(e.cid == (merged or key))).first()
    if row is None:
        rows = conn.execute(select(L.corpus_entities).where(func.lower(e.name) == key.lower())
                            .order_by(e.n_docs.desc(), e.cid)).all()
        row = rows[0] if rows else None
    if row is None:   # an alias: JSON text contains the quoted name
        needle = json.dumps(key, ensure_ascii=False)
        rows = conn.execute(select(L.corpus_entities).where(e.aliases.contains(needle))
                            .order_by(e.n_docs.desc(), e.cid)).all()
        row = rows[0] if rows else None
    if row is None:   # a surname or last word of a name ("Peskow" -> "Dmitri Peskow"), the most frequent one
        rows = conn.execute(select(L.corpus_entities).where(func.lower(e.name).like("% " + key.lower()))
                            .order_by(e.n_docs.desc(), e.cid).limit(1)).all()
        row = rows[0] if rows else None
    if row is None:
        return None
    return {"id": row.cid, "name": row.name, "type": row.type, "aliases": json.loads(row.aliases or "[]"),
            "documents": row.n_docs}


def claims(conn: Connection, status: str | None = None, entity: str | None = None, since: str | None = None,
           until: str | None = None, min_appearances: int = 1, limit: int = 50, offset: int = 0) -> list[ClaimDict]:
    """Claims, most appearances first (then first seen, then id). ``entity``: claims it made or is named in."""
    c = L.claims.c
    q = select(L.claims).where(c.n_appearances >= min_appearances)
    if status:
        q = q.where(c.status == status)
    if since:
        q = q.where(c.last_seen >= since)
    if until:
        q = q.where(c.first_seen <= until)
    if entity:
        found = find_entity(conn, entity)
        if found is None:
            return []
        q = q.where(c.id.in_(_claims_about(found["id"])))
    q = q.order_by(c.n_appearances.desc(), c.first_seen, c.id).limit(limit).offset(offset)
    return [_claim_dict(r) for r in conn.execute(q)]


def _claims_about(cid: str):
    """The ids of claims whose speaker is ``cid`` or whose content names it (a subquery over its events)."""
    m, ev = L.claim_members.c, L.entity_events.c
    return (select(m.claim_id).join(L.entity_events, and_(ev.doc_id == m.doc_id, ev.attribution_id == m.attribution_id))
            .where(ev.cid == cid))


def resolve_claim_id(conn: Connection, claim_id: str) -> str | None:
    c = L.claims.c
    if conn.execute(select(c.id).where(c.id == claim_id)).first():
        return claim_id
    merged = conn.execute(select(L.claim_merges.c.new_id).where(L.claim_merges.c.old_id == claim_id)).scalar()
    if merged:
        return resolve_claim_id(conn, merged) if merged != claim_id else None
    rows = conn.execute(select(c.id).where(c.id.like(claim_id + "%")).limit(2)).all()
    return rows[0][0] if len(rows) == 1 else None


def appearances(conn: Connection, claim_ids: list[str]) -> dict[str, list[dict]]:
    """Every appearance of the claims, in date order (undated last), then document and attribution id."""
    m, a, d, k = L.claim_members.c, S.attributions.c, S.documents.c, L.entity_links.c
    rows = conn.execute(
        select(m.claim_id, m.doc_id, m.attribution_id, m.stance, m.similarity, m.why, a.type, a.speaker_name,
               a.speaker_kind, a.speaker_entity, a.hedged, a.content_text, a.content_start, a.content_end,
               a.cue_text, a.cue_start, a.cue_end, a.source_text, a.source_start, a.source_end, d.source, d.outlet,
               d.published, d.title, d.url)
        .join(S.attributions, and_(a.doc_id == m.doc_id, a.id == m.attribution_id))
        .join(S.documents, d.id == m.doc_id).where(m.claim_id.in_(claim_ids))).all()
    links = {}
    docs = sorted({r.doc_id for r in rows})
    for i in range(0, len(docs), 500):
        for x in conn.execute(select(k.doc_id, k.entity_id, k.cid).where(k.doc_id.in_(docs[i:i + 500]))):
            links[(x.doc_id, x.entity_id)] = x.cid
    out: dict[str, list[dict]] = {cid: [] for cid in claim_ids}
    for r in rows:
        cid = links.get((r.doc_id, r.speaker_entity)) if r.speaker_entity else links.get((r.doc_id, "s:" + r.attribution_id))
        out[r.claim_id].append({
            "doc": r.doc_id, "source": r.source, "attribution": r.attribution_id, "stance": r.stance,
            "type": r.type, "speaker": r.speaker_name, "speaker_kind": r.speaker_kind, "speaker_entity": cid,
            "hedged": bool(r.hedged), "content": r.content_text,
            "content_span": [r.content_start, r.content_end], "cue": r.cue_text, "source_text": r.source_text,
            "outlet": r.outlet, "published": r.published, "title": r.title, "url": r.url,
            "similarity": r.similarity, "why": r.why,
            "extent": (min(x for x in (r.cue_start, r.source_start, r.content_start) if x is not None),
                       max(x for x in (r.cue_end, r.source_end, r.content_end) if x is not None))})
    for apps in out.values():
        apps.sort(key=lambda x: (x["published"] is None, x["published"] or "", x["doc"], x["attribution"]))
    return out


def claim(conn: Connection, claim_id: str) -> ClaimDict | None:
    """One claim with every appearance; a merged-away id or a unique prefix finds it too."""
    found = resolve_claim_id(conn, claim_id)
    if found is None:
        return None
    row = conn.execute(select(L.claims).where(L.claims.c.id == found)).first()
    out = _claim_dict(row)
    out["appearances"] = appearances(conn, [found])[found]
    for ap in out["appearances"]:
        ap["sentence"] = sentence_of(conn, ap["doc"], *ap["extent"])
    return out


CONTEXT = 300      # characters read on each side of an attribution to find the sentence around it


def sentence_of(conn: Connection, doc_id: str, start: int, end: int) -> dict | None:
    """The sentence (or line) around the characters ``start:end`` of a document, as a span of its text: read
    ``CONTEXT`` characters either side and cut at the nearest sentence end (``.!?`` and a space) or line break."""
    lo = max(0, start - CONTEXT)
    window = conn.execute(select(func.substr(S.documents.c.text, lo + 1, end - lo + CONTEXT))
                          .where(S.documents.c.id == doc_id)).scalar()
    if window is None:
        return None
    a, b = start - lo, end - lo
    cut = max((m.end() for m in _SENTENCE_END.finditer(window, 0, a)), default=0 if lo == 0 else None)
    if cut is None:                       # no sentence start within CONTEXT: begin at a word
        cut = window.find(" ", 0, a) + 1
    after = _SENTENCE_END.search(window, b)
    stop = after.start() + len(after.group().rstrip()) if after else len(window)
    return {"start": lo + cut, "end": lo + stop, "text": window[cut:stop]}


_SENTENCE_END = re.compile(r"[.!?][\"“”»«)]*\s+|\n+")


def claim_of(conn: Connection, doc_id: str) -> dict[str, str]:
    """Attribution id -> claim id for one document."""
    m = L.claim_members.c
    return {r.attribution_id: r.claim_id for r in conn.execute(
        select(m.attribution_id, m.claim_id).where(m.doc_id == doc_id))}


def entity_links_of(conn: Connection, doc_id: str) -> dict[str, str]:
    """Per-article entity id (and ``s:<attribution>`` for speakers without one) -> corpus entity id."""
    k = L.entity_links.c
    return {r.entity_id: r.cid for r in conn.execute(select(k.entity_id, k.cid).where(k.doc_id == doc_id))}


_EVENT_COLS = """ev.role, ev.doc_id, ev.attribution_id, ev.published, m.claim_id,
  coalesce(m.stance, st.stance, CASE WHEN a.type = 'denial' THEN 'denies' ELSE 'asserts' END) AS stance,
  a.type, a.speaker_name, a.speaker_kind, a.content_text, a.hedged, d.outlet, d.source"""
_EVENT_FROM = """FROM entity_events ev
JOIN attributions a ON a.doc_id = ev.doc_id AND a.id = ev.attribution_id
JOIN documents d ON d.id = ev.doc_id
LEFT JOIN claim_members m ON m.doc_id = ev.doc_id AND m.attribution_id = ev.attribution_id
LEFT JOIN claim_statements st ON st.doc_id = ev.doc_id AND st.attribution_id = ev.attribution_id"""


def entity_page(conn: Connection, key: str, limit: int = 500, offset: int = 0) -> dict | None:
    """What an entity said, claimed and denied, and what others claimed about it: its counts, a monthly
    timeline, and ``limit`` of its events from ``offset`` in date order (undated last, then document and
    attribution id). Read from ``entity_events``/``entity_months`` (``ledger/events.py``): a page costs the
    same for an entity named twice and for one named fifty thousand times."""
    found = find_entity(conn, key)
    if found is None:
        return None
    cid = found["id"]
    totals = {"said": 0, "denied": 0, "about": 0}
    bins: dict[str, dict[str, int]] = {}
    undated = 0
    for r in conn.execute(select(L.entity_months).where(L.entity_months.c.cid == cid)):
        totals[r.role] = totals.get(r.role, 0) + r.n
        if r.month:
            bins.setdefault(r.month, {"said": 0, "denied": 0, "about": 0})[r.role] += r.n
        else:
            undated += r.n
    dated = sum(totals.values()) - undated
    rows = []
    if offset < dated:        # the dated events through the (cid, published) index, then the undated ones
        rows = conn.execute(text(f"SELECT {_EVENT_COLS} {_EVENT_FROM} WHERE ev.cid = :cid AND ev.published IS NOT "
                                 "NULL ORDER BY ev.published, ev.doc_id, ev.attribution_id LIMIT :n OFFSET :o"),
                            {"cid": cid, "n": limit + 1, "o": offset}).all()
    if len(rows) <= limit and undated:
        rows += conn.execute(text(f"SELECT {_EVENT_COLS} {_EVENT_FROM} WHERE ev.cid = :cid AND ev.published IS NULL "
                                  "ORDER BY ev.doc_id, ev.attribution_id LIMIT :n OFFSET :o"),
                             {"cid": cid, "n": limit + 1 - len(rows), "o": max(0, offset - dated)}).all()
    events = [{"role": r.role, "claim": r.claim_id, "stance": r.stance, "doc": r.doc_id, "source": r.source,
               "attribution": r.attribution_id, "type": r.type, "speaker": r.speaker_name,
               "speaker_kind": r.speaker_kind, "content": r.content_text or "", "hedged": bool(r.hedged),
               "published": r.published, "outlet": r.outlet} for r in rows[:limit]]
    found.update(totals)
    found.update(events=events, events_offset=offset, events_next_offset=offset + limit if len(rows) > limit else None,
                 timeline=[{"month": m, **c} for m, c in sorted(bins.items())], undated=undated)
    return found


def timeline(conn: Connection, key: str) -> dict | None:
    """Date-ordered appearances of a claim (``key`` a claim id) or of everything about an entity (a name)."""
    found = resolve_claim_id(conn, key)
    if found is not None:
        c = claim(conn, found)
        return {"kind": "claim", "id": found, "title": c["gist"], "events": c["appearances"]}
    page = entity_page(conn, key)
    if page is None:
        return None
    return {"kind": "entity", "id": page["id"], "title": page["name"], "events": page["events"]}


def entities(conn: Connection, q: str | None = None, limit: int = 50, offset: int = 0) -> list[dict]:
    e = L.corpus_entities.c
    sel = select(L.corpus_entities)
    if q:
        sel = sel.where(func.lower(e.name).contains(q.lower()) | func.lower(e.aliases).contains(q.lower()))
    sel = sel.order_by(e.n_docs.desc(), e.name, e.cid).limit(limit).offset(offset)
    return [{"id": r.cid, "name": r.name, "type": r.type, "aliases": json.loads(r.aliases or "[]"),
             "documents": r.n_docs} for r in conn.execute(sel)]


def has_ledger(conn: Connection) -> bool:
    return conn.execute(select(func.count()).select_from(L.ledger_docs)).scalar_one() > 0
