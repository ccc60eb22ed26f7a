"""The incremental ledger driver: bring the corpus-level tables up to date with the stored documents.

One transaction per update (a crash leaves the ledger as it was). What it does, in the order of
``../shared/DESIGN.md``:

1. **delta**: documents new or re-analysed since the last update (``ledger_docs`` holds a stamp of the analysis
   each one had), and documents gone; the rows of changed and gone documents are removed, and the claims they
   were in are marked for re-clustering;
2. **identity**: the entity records of new documents are stored; corpus entities and links are resolved again
   from all records (``identity.resolve``: fast, and a pure function of the records, so it cannot drift);
3. **copies**: MinHash signatures of new documents are stored and checked against all stored ones; copy groups
   are recomputed from the verified pairs;
4. **claims**: statements of new documents are stored with their blocking keys; pair scores against every
   candidate sharing a key are stored as edges; the connected components that new or disturbed statements are
   in are clustered again (``claims.cluster``) and their claims rewritten;
5. **status**: recomputed for every rewritten claim and for claims whose documents' copy groups or speakers'
   corpus entities changed.

Why this equals a rebuild: pair scores are pure functions of two statements (stored once), clustering is a
deterministic function of a component's statements and edges, identity and copy groups are recomputed from all
their inputs, and claim ids come from the smallest member — so whatever the order in which articles arrived,
the tables hold the same rows (``tests/test_ledger.py`` compares them).
"""
from __future__ import annotations

import datetime as _dt
import json
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable

from sqlalchemy import delete, func, insert, select
from sqlalchemy.engine import Connection

from ..store import schema as S
from ..store import ledger_schema as L
from . import blocking as B
from . import claims as C
from . import copies as K
from . import denials as D
from . import digest as G
from . import events
from . import identity as I
from .statements import from_json
from .status import Appearance, status_of

CHUNK = 500
log = logging.getLogger(__name__)


@dataclass
class LedgerReport:
    added: int = 0                 # documents added or redone
    removed: int = 0               # documents gone (or redone)
    documents: int = 0             # documents in the ledger after the update
    claims_rewritten: int = 0
    claims: int = 0
    multi_claims: int = 0          # claims with more than one appearance
    entities: int = 0
    copies: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)


def _chunks(items: list, n: int = CHUNK) -> Iterable[list]:
    for i in range(0, len(items), n):
        yield items[i:i + n]


def _stamps(conn: Connection) -> dict[str, str]:
    d, a = S.documents.c, S.attributions.c
    n_attr = (select(a.doc_id, func.count().label("n")).group_by(a.doc_id)).subquery()
    rows = conn.execute(select(d.id, d.input_hash, d.analysis_version, func.length(d.text), n_attr.c.n)
                        .outerjoin(n_attr, n_attr.c.doc_id == d.id))
    return {r[0]: (f"{r[1]}:{r[2]}" if r[1] and r[2] else f"len:{r[3]}:attributions:{r[4] or 0}") for r in rows}


def _delete_docs(conn: Connection, doc_ids: list[str]) -> set[C.Key]:
    """Remove every ledger row of ``doc_ids``; returns the surviving members of the claims they were in."""
    m = L.claim_members.c
    disturbed: set[C.Key] = set()
    for chunk in _chunks(doc_ids):
        claim_ids = [r[0] for r in conn.execute(select(m.claim_id).where(m.doc_id.in_(chunk)).distinct())]
        for cchunk in _chunks(claim_ids):
            disturbed |= {(r.doc_id, r.attribution_id) for r in conn.execute(
                select(m.doc_id, m.attribution_id).where(m.claim_id.in_(cchunk)))}
            conn.execute(delete(L.claims).where(L.claims.c.id.in_(cchunk)))
        for table in (L.ledger_docs, L.entity_records, L.entity_links, L.doc_signatures, L.claim_statements,
                      L.claim_keys, L.claim_members, L.copies):
            conn.execute(delete(table).where(table.c.doc_id.in_(chunk)))
        conn.execute(delete(L.copy_pairs).where(L.copy_pairs.c.doc_id.in_(chunk) | L.copy_pairs.c.other_id.in_(chunk)))
        e = L.claim_edges.c
        conn.execute(delete(L.claim_edges).where(e.a_doc_id.in_(chunk) | e.b_doc_id.in_(chunk)))
    gone = set(doc_ids)
    return {k for k in disturbed if k[0] not in gone}


READ_CHUNK = 200      # documents read (and digested) at a time: memory does not grow with the batch


def _load_chunks(store, conn: Connection, doc_ids: list[str]):
    for i in range(0, len(doc_ids), READ_CHUNK):
        yield list(store.load_many(conn, doc_ids[i:i + READ_CHUNK]))


def _add_docs(store, conn: Connection, doc_ids: list[str], stamps: dict[str, str], index: K.CopyIndex,
              tick: Callable[[int], None]) -> list[C.Statement]:
    """Store what the ledger keeps of each new document (batched inserts) and its verified copy pairs; returns
    the new statements. Documents are read 200 at a time, so memory does not grow with the batch; their digests
    (:mod:`quellen.ledger.digest`) are made in worker processes when there are many."""
    new_keys: list[C.Key] = []             # keys only: a statement held in memory is ~3.6 KB
    hashes: dict = {}                      # shingle hashes of compared documents, for the whole update
    rows: dict = defaultdict(list)

    def take(pending: G.Pending) -> None:
        docs = pending.docs
        signatures: dict[str, bytes] = {}
        for g in pending.get():
            rows[L.ledger_docs].append({"doc_id": g.doc_id, "stamp": stamps[g.doc_id]})
            rows[L.entity_records].extend(g.records)
            K.remember(hashes, g.copy_input, g.shingles)      # verification below reuses them
            signatures[g.doc_id] = g.signature
            rows[L.doc_signatures].append({"doc_id": g.doc_id, "signature": g.signature})
            rows[L.claim_statements].extend(g.statement_rows)
            rows[L.claim_keys].extend(g.key_rows)
            new_keys.extend(st.key for st in g.statements)
            tick(1)
        _flush(conn, rows)
        _link_copies(conn, docs, signatures, index, hashes)

    # One chunk ahead: while the pool digests a chunk, the next one is read and the one before stored. The
    # chunks are still taken in order, so the tables are the same as digesting one chunk at a time.
    with G.Digester(len(doc_ids)) as digester:
        pending = None
        for docs in _load_chunks(store, conn, doc_ids):
            started = digester.start(docs)
            if pending is not None:
                take(pending)
            pending = started
        if pending is not None:
            take(pending)
    return new_keys


def _flush(conn: Connection, rows: dict) -> None:
    for table, batch in rows.items():
        if batch:
            _insert_many(conn, table, batch)
    rows.clear()


def _insert_many(conn: Connection, table, batch: list[dict]) -> None:
    """``insert(table)`` of many rows through the driver's ``executemany``: the ledger's columns are plain
    strings, numbers and bytes, and a build writes millions of rows (23 blocking keys per statement), for which
    SQLAlchemy's per-row parameter handling took about half the time of the inserts."""
    cols = list(batch[0])
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = f"INSERT INTO {table.name} ({', '.join(cols)}) VALUES ({', '.join(mark for _ in cols)})"
    conn.exec_driver_sql(sql, [tuple(r[c] for c in cols) for r in batch])


# ------------------------------------------------------------------ identity and copies


def _rows(conn: Connection, sql: str) -> Iterable[tuple]:
    """Plain tuples of a fixed query, from the driver's cursor: the identity step reads every entity record and
    link of the corpus at each update, and building a result row object for each was a fifth of its time."""
    cur = conn.connection.cursor()
    try:
        cur.execute(sql)
        while True:
            batch = cur.fetchmany(20_000)
            if not batch:
                break
            yield from batch
    finally:
        cur.close()


def _identity(conn: Connection) -> set[str]:
    """Resolve corpus entities again from all records; the documents whose links changed.

    Only the rows that differ are written (an update of 1,000 documents changes few of a large corpus's entities
    and links; rewriting all of them was most of the step): the tables end as a full rewrite would leave them."""
    records = [I.EntityRecord(d, e, n, t, tuple(json.loads(a)) if a and a != "[]" else (), k) for d, e, n, t, a, k in
               _rows(conn, f"SELECT doc_id, entity_id, name, type, aliases, kind FROM {L.entity_records.name}")]
    # plain tuples, equal to the EntityLinks they stand for (a named tuple compares as a tuple)
    before = {(r[0], r[1]): r if r[4] is not None else r[:4] + ("",) for r in
              _rows(conn, f"SELECT doc_id, entity_id, cid, score, why FROM {L.entity_links.name}")}
    old_rows = {x.cid: (x.cid, x.name, x.type, x.n_docs, x.aliases) for x in conn.execute(select(L.corpus_entities))}
    old_entities = [I.CorpusEntity(cid, name, type_, (), n) for cid, name, type_, n, _ in old_rows.values()]
    entities, after = I.resolve_keyed(records)
    del records
    rows = {e.cid: (e.cid, e.name, e.type, e.n_docs, json.dumps(list(e.aliases), ensure_ascii=False))
            for e in entities}
    ce = L.corpus_entities.c
    for chunk in _chunks(sorted(c for c, r in old_rows.items() if rows.get(c) != r)):
        conn.execute(delete(L.corpus_entities).where(ce.cid.in_(chunk)))
    for chunk in _chunks([dict(zip(("cid", "name", "type", "n_docs", "aliases"), r))
                          for c, r in sorted(rows.items()) if old_rows.get(c) != r], 5000):
        conn.execute(insert(L.corpus_entities), chunk)
    redo, relinked = set(), set()         # documents whose links are rewritten whole; whose entities changed
    for k, x in before.items():
        y = after.get(k)
        if y != x:
            redo.add(k[0])
            if y is None or y.cid != x[2]:
                relinked.add(k[0])
    new_keys = [k for k in after if k not in before]
    relinked.update(k[0] for k in new_keys)
    el = L.entity_links.c
    for doc_chunk in _chunks(sorted(redo)):
        conn.execute(delete(L.entity_links).where(el.doc_id.in_(doc_chunk)))
    rewritten = {k for k in after if k[0] in redo} if redo else set()   # whole documents were deleted above
    for chunk in _chunks([after[k]._asdict() for k in sorted(rewritten.union(new_keys))], 5000):
        _insert_many(conn, L.entity_links, chunk)
    old_links = (I.EntityLink(*x) for x in before.values())
    for old, new in I.merges(old_entities, entities, old_links, after.values()).items():   # old ids keep working
        conn.execute(delete(L.entity_merges).where(L.entity_merges.c.old_cid == old))
        conn.execute(insert(L.entity_merges).values(old_cid=old, new_cid=new))
    return relinked


def _copy_index(conn: Connection, exclude: set[str]) -> K.CopyIndex:
    return K.CopyIndex.from_signatures({r.doc_id: r.signature for r in conn.execute(select(L.doc_signatures))
                                        if r.signature and r.doc_id not in exclude})


def _link_copies(conn: Connection, docs: list, signatures: dict[str, bytes], index: K.CopyIndex,
                 cache: dict) -> None:
    """Verified copy pairs of ``docs`` with everything indexed so far (``index`` then holds ``docs`` too);
    ``cache``: shingle hashes kept for the whole update (:func:`quellen.ledger.copies.link_new`)."""
    pairs = K.link_new([G.copy_input(d) for d in docs], index, lambda ids: _copy_inputs(conn, ids),
                       signatures={d.id: signatures[d.id] for d in docs if signatures.get(d.id)}, cache=cache)
    if pairs:
        conn.execute(insert(L.copy_pairs), [{"doc_id": a, "other_id": b, "share": s, "kind": k}
                                            for a, b, s, k in pairs])


def _copy_inputs(conn: Connection, doc_ids: list[str]) -> list[K.CopyInput]:
    """What copy verification reads of stored documents (text, boilerplate, date): two queries per chunk."""
    d, b = S.documents.c, S.boilerplate.c
    out = []
    for chunk in _chunks(doc_ids):
        spans: dict[str, list] = defaultdict(list)
        for r in conn.execute(select(b.doc_id, b.start, b.end).where(b.doc_id.in_(chunk)).order_by(b.doc_id, b.start)):
            spans[r.doc_id].append((r.start, r.end))
        out += [K.CopyInput(r.id, r.text, tuple(spans[r.id]), r.published)
                for r in conn.execute(select(d.id, d.text, d.published).where(d.id.in_(chunk)))]
    return out


def _copies(conn: Connection) -> set[str]:
    """Copy groups again from all verified pairs; the documents whose group changed."""
    old = {r.doc_id: r.of_doc_id for r in conn.execute(select(L.copies))}
    published = {r.id: r.published for r in conn.execute(select(S.documents.c.id, S.documents.c.published))}
    pairs = [(r.doc_id, r.other_id, r.share, r.kind) for r in conn.execute(select(L.copy_pairs))]
    links = K.groups(pairs, published)
    conn.execute(delete(L.copies))
    if links:
        conn.execute(insert(L.copies), [{"doc_id": x.doc_id, "of_doc_id": x.of_doc_id, "share": x.share,
                                         "kind": x.kind} for x in links])
    new = {x.doc_id: x.of_doc_id for x in links}
    return {d for d in set(old) | set(new) if old.get(d) != new.get(d)}


# ------------------------------------------------------------------ claims


def _statements(conn: Connection, keys: Iterable[C.Key]) -> dict[C.Key, C.Statement]:
    by_doc: dict[str, set[str]] = defaultdict(set)
    for d, a in keys:
        by_doc[d].add(a)
    out = {}
    s = L.claim_statements.c
    for chunk in _chunks(sorted(by_doc)):
        for r in conn.execute(select(L.claim_statements).where(s.doc_id.in_(chunk))):
            if r.attribution_id in by_doc[r.doc_id]:
                out[(r.doc_id, r.attribution_id)] = from_json((r.doc_id, r.attribution_id), r.stance, r.features)
    return out


CANDIDATE_CHUNK = 4000     # stored candidate statements read (and scored against a part) at a time
EDGE_CHUNK = 8000     # new statements scored at a time (whole documents): the edges of a large batch are not held


def _edges_for(conn: Connection, new: list[C.Key]) -> int:
    """Score every new statement against the stored ones sharing a blocking key; store the edges.

    The new statements are read back a few thousand at a time, whole documents together, and each part's edges
    are written before the next part is scored: neither the statements of a large batch (~3.6 KB each in memory)
    nor its edges (a 10,000-document batch of wire copies has about 230,000) are all held at once. A pair is still
    scored and stored once: a pair of two new statements comes from the smaller one's candidates only, and the
    pairs found twice (a denial and its target) lie in one document, hence in one part."""
    new_keys = set(new)
    memo: dict = {}        # copies repeat their statements: score each pair of distinct contents once
    content: dict[tuple, int] = {}      # what a score depends on -> a small number, hashed once per statement
    n, part = 0, []
    ordered = sorted(new_keys)
    for i, key in enumerate(ordered):
        part.append(key)
        if len(part) >= EDGE_CHUNK and (i + 1 == len(ordered) or ordered[i + 1][0] != key[0]):
            n += _edges_part(conn, part, new_keys, memo, content)
            part = []
    if part:
        n += _edges_part(conn, part, new_keys, memo, content)
    return n


def _edges_part(conn: Connection, keys: list[C.Key], new_keys: set, memo: dict, content: dict) -> int:
    k = L.claim_keys.c
    mine = _statements(conn, keys)
    part = [mine[key] for key in keys if key in mine]
    by_term: dict[str, list[C.Statement]] = defaultdict(list)
    for st in part:
        for t in B.lookup_keys(st):
            by_term[t].append(st)
    candidates: dict[C.Key, set[C.Key]] = defaultdict(set)
    for chunk in _chunks(sorted(by_term)):
        for r in conn.execute(select(k.term, k.doc_id, k.attribution_id).where(k.term.in_(chunk))):
            other = (r.doc_id, r.attribution_id)
            for st in by_term[r.term]:
                if other != st.key and not (other in new_keys and other < st.key):
                    candidates[st.key].add(other)
    for st in part:
        if st.target:
            candidates[st.key].add(st.target)
    for a_key, b_key in B.same_article_pairs(part):     # whole documents are in one part
        candidates[a_key].add(b_key)
    # the candidates are read a few thousand at a time: in a corpus of many copies one part's candidates are a
    # large share of all stored statements, and holding them at once made the step's peak grow with the corpus
    by_other: dict[C.Key, list[C.Key]] = defaultdict(list)
    for a_key in sorted(candidates):
        for b_key in sorted(candidates[a_key]):
            by_other[b_key].append(a_key)
    del candidates
    rows = []
    sig = {key: _content_sig(content, st) for key, st in mine.items()}
    others = sorted(by_other)
    for i in range(0, len(others), CANDIDATE_CHUNK):
        chunk = others[i:i + CANDIDATE_CHUNK]
        stored = _statements(conn, [o for o in chunk if o not in mine])
        for b_key in chunk:
            b = mine.get(b_key) or stored.get(b_key)
            if b is None:
                continue
            b_sig = sig[b_key] if b_key in mine else _content_sig(content, b)
            for a_key in by_other[b_key]:
                a = mine[a_key]
                if a.target == b.key or b.target == a.key or D.applies(a, b):
                    s, why = C.edge_score(a, b, floor=C.EDGE)
                else:
                    pair = (sig[a_key], b_sig, a_key[0] == b_key[0])     # a score also asks: same article?
                    if pair not in memo:
                        if len(memo) >= 200_000:
                            memo.clear()
                        memo[pair] = C.score(a, b, floor=C.EDGE)
                    s, why = memo[pair]
                if s >= C.EDGE:
                    x, y = sorted((a_key, b_key))
                    rows.append({"a_doc_id": x[0], "a_attribution_id": x[1], "b_doc_id": y[0],
                                 "b_attribution_id": y[1], "score": s, "why": why})
    unique = {(r["a_doc_id"], r["a_attribution_id"], r["b_doc_id"], r["b_attribution_id"]): r for r in rows}
    for chunk in _chunks(list(unique.values()), 5000):
        _insert_many(conn, L.claim_edges, chunk)
    return len(unique)


def _content_sig(content: dict, st: C.Statement) -> int:
    """What a pair score depends on, as a small number: copies repeat their statements, so equal contents share it."""
    return content.setdefault((st.terms, st.stance, st.speaker, st.people,
                               st.link.published if st.link is not None else None), len(content))


def _component_edges(conn: Connection, seeds: set[C.Key]) -> tuple[set[C.Key], dict]:
    """All statements connected to ``seeds`` through stored edges, and those edges.

    Edges are read by document (the indexes lead with the document id), each document once: a document whose
    statements join the component in several rounds of the search is not read again."""
    e = L.claim_edges.c
    cols = (e.a_doc_id, e.a_attribution_id, e.b_doc_id, e.b_attribution_id, e.score, e.why)
    nodes, frontier, edges = set(seeds), set(seeds), {}
    touching: dict[C.Key, list] = defaultdict(list)      # statement -> the rows of its edges, of documents read
    read: set[str] = set()
    while frontier:
        docs = sorted({d for d, _ in frontier} - read)
        earlier = set(read)
        read.update(docs)
        for chunk in _chunks(docs):
            # each row once: by its a side unless its b side's document was read before; by its b side unless
            # its a side's document is read (now or before)
            rows = [r for r in conn.execute(select(*cols).where(e.a_doc_id.in_(chunk))) if r[2] not in earlier]
            rows += [r for r in conn.execute(select(*cols).where(e.b_doc_id.in_(chunk))) if r[0] not in read]
            for r in rows:
                touching[(r[0], r[1])].append(r)
                touching[(r[2], r[3])].append(r)
        found = set()
        for key in frontier:
            for r in touching.pop(key, ()):
                a, b = (r[0], r[1]), (r[2], r[3])
                edges[(a, b)] = (r[4], r[5] or "")
                found |= {a, b}
        frontier = found - nodes
        nodes |= found
    return nodes, edges


RECLUSTER_CHUNK = 500     # seeds whose components are clustered together


def _recluster(conn: Connection, seeds: set[C.Key]) -> set[str]:
    """Cluster again the components that ``seeds`` are in; the ids of the claims written.

    A few thousand seeds' components at a time, each component whole: clustering is a function of one component
    (:func:`quellen.ledger.claims.cluster`), so the claims are the same as clustering everything at once, and
    a large batch's statements and edges are not all held in memory together."""
    done: set[C.Key] = set()
    written: set[str] = set()
    todo = sorted(seeds)
    for i in range(0, len(todo), RECLUSTER_CHUNK):
        part = {key for key in todo[i:i + RECLUSTER_CHUNK] if key not in done}
        if part:
            nodes, edges = _component_edges(conn, part)
            done |= nodes
            written |= {c.id for c in _recluster_nodes(conn, nodes, edges)}
    return written


def _recluster_nodes(conn: Connection, nodes: set[C.Key], edges: dict) -> list[C.Claim]:
    statements = _statements(conn, nodes)
    m = L.claim_members.c
    old_ids = set()
    for chunk in _chunks(sorted(statements)):
        for r in conn.execute(select(m.doc_id, m.attribution_id, m.claim_id).where(m.doc_id.in_({d for d, _ in chunk}))):
            if (r.doc_id, r.attribution_id) in statements:
                old_ids.add(r.claim_id)
    for chunk in _chunks(sorted(old_ids)):
        conn.execute(delete(L.claim_members).where(m.claim_id.in_(chunk)))
        conn.execute(delete(L.claims).where(L.claims.c.id.in_(chunk)))
    result = C.cluster(statements.values(), edges)
    new_ids = {c.id for c in result}
    owner = {mem.key: c.id for c in result for mem in c.members}
    key_of = {C.claim_id([k]): k for k in statements} if old_ids - new_ids else {}   # id -> its smallest member
    for old in sorted(old_ids - new_ids):       # keep links to an id that disappeared working
        target = owner.get(key_of.get(old))
        if target:
            conn.execute(delete(L.claim_merges).where(L.claim_merges.c.old_id == old))
            conn.execute(insert(L.claim_merges).values(old_id=old, new_id=target))
    rows = [{"doc_id": mem.key[0], "attribution_id": mem.key[1], "claim_id": c.id, "stance": mem.stance,
             "similarity": mem.similarity, "why": mem.why} for c in result for mem in c.members]
    for chunk in _chunks(rows, 5000):
        _insert_many(conn, L.claim_members, chunk)
    return result


# ------------------------------------------------------------------ status


def _write_status(conn: Connection, claim_ids: set[str], analysed: str) -> None:
    if not claim_ids:
        return
    m, a, d = L.claim_members.c, S.attributions.c, S.documents.c
    for chunk in _chunks(sorted(claim_ids)):
        links, copy_of = {}, {}                      # this chunk's documents only: memory stays flat
        conn.execute(delete(L.claims).where(L.claims.c.id.in_(chunk)))
        rows = conn.execute(
            select(m.claim_id, m.doc_id, m.attribution_id, m.stance, m.similarity, a.speaker_name, a.speaker_kind,
                   a.speaker_entity, a.hedged, a.content_text, a.content_start, a.content_end, d.outlet, d.published)
            .join(S.attributions, (a.doc_id == m.doc_id) & (a.id == m.attribution_id))
            .join(S.documents, d.id == m.doc_id).where(m.claim_id.in_(chunk))).all()
        docs = sorted({r.doc_id for r in rows})
        for dchunk in _chunks(docs):
            for x in conn.execute(select(L.entity_links).where(L.entity_links.c.doc_id.in_(dchunk))):
                links[(x.doc_id, x.entity_id)] = x.cid
            for x in conn.execute(select(L.copies).where(L.copies.c.doc_id.in_(dchunk))):
                copy_of[x.doc_id] = x.of_doc_id
        by_claim = defaultdict(list)
        for r in rows:
            by_claim[r.claim_id].append(r)
        out = []
        for cid, members in sorted(by_claim.items()):
            apps = [Appearance(r.doc_id, r.attribution_id, r.stance, r.speaker_name, r.speaker_kind or "unspecified",
                               links.get((r.doc_id, r.speaker_entity)) if r.speaker_entity else
                               links.get((r.doc_id, "s:" + r.attribution_id)), bool(r.hedged), r.outlet,
                               r.published, copy_of.get(r.doc_id, r.doc_id),
                               (r.content_start or 0, r.content_end or 0)) for r in members]
            st = status_of(apps, analysed)
            gist = min(members, key=lambda r: (r.stance != "asserts", -r.similarity, r.doc_id, r.attribution_id))
            out.append({"id": cid, "gist": (gist.content_text or "")[:300], "gist_doc_id": gist.doc_id,
                        "gist_attribution_id": gist.attribution_id, "status": st.status,
                        "status_reason": st.reason, "first_seen": st.first_seen, "last_seen": st.last_seen,
                        "n_appearances": len(members), "n_documents": len({r.doc_id for r in members}),
                        "n_sources": st.n_sources, "hedged_share": st.hedged_share,
                        "speakers": json.dumps(list(st.speakers), ensure_ascii=False),
                        "outlets": json.dumps(list(st.outlets), ensure_ascii=False)})
        if out:
            _insert_many(conn, L.claims, out)


def _claims_of_docs(conn: Connection, doc_ids: set[str]) -> set[str]:
    m = L.claim_members.c
    out = set()
    for chunk in _chunks(sorted(doc_ids)):
        out |= {r[0] for r in conn.execute(select(m.claim_id).where(m.doc_id.in_(chunk)).distinct())}
    return out


# ------------------------------------------------------------------ driver


def _scheme_changed(conn: Connection) -> bool:
    """Whether the stored ledger was built with other blocking keys (``blocking.SCHEME``); records the current
    one. Stored keys of another scheme would not meet the keys new statements look up, so such a ledger is
    rebuilt rather than updated (once, the first time the new code runs)."""
    m = S.meta.c
    stored = conn.execute(select(m.value).where(m.key == "ledger_blocking")).scalar()
    if stored == B.SCHEME:
        return False
    if stored is None:
        conn.execute(insert(S.meta).values(key="ledger_blocking", value=B.SCHEME))
    else:
        conn.execute(S.meta.update().where(m.key == "ledger_blocking").values(value=B.SCHEME))
    has_ledger = conn.execute(select(L.ledger_docs.c.doc_id).limit(1)).first() is not None
    if has_ledger:
        log.info("the ledger's blocking keys changed (%s -> %s): rebuilding it", stored, B.SCHEME)
    return has_ledger


def update(store, rebuild: bool = False, progress: Callable[[int, int], None] | None = None,
           analysed: str | None = None) -> LedgerReport:
    """Bring the ledger of ``store`` up to date (``rebuild``: from nothing). ``progress(done, total)`` is called
    per added document; ``analysed`` dates appearances of undated articles (default: today)."""
    import time
    t0 = time.perf_counter()
    analysed = analysed or _dt.date.today().isoformat()
    rep = LedgerReport()
    mark = [t0]

    def lap(name: str) -> None:
        now = time.perf_counter()
        rep.timings[name] = round(now - mark[0], 3)
        mark[0] = now

    with store._writer.begin() as conn:
        rebuild = _scheme_changed(conn) or rebuild
        if rebuild:
            for table in L.LEDGER_TABLES:
                conn.execute(delete(table))
        stamps = _stamps(conn)
        known = {r.doc_id: r.stamp for r in conn.execute(select(L.ledger_docs))}
        gone = sorted(d for d, s in known.items() if stamps.get(d) != s)
        new = sorted(d for d, s in stamps.items() if known.get(d) != s)
        disturbed = _delete_docs(conn, gone) if gone else set()
        rep.removed, rep.added = len(gone), len(new)
        done = [0]

        def tick(n: int) -> None:
            done[0] += n
            if progress:
                progress(done[0], len(new))

        index = _copy_index(conn, set(new))
        new_keys = _add_docs(store, conn, new, stamps, index, tick)
        lap("read")
        relinked = _identity(conn) if (new or gone) else set()
        lap("identity")
        events.refresh(conn, relinked | set(new) | set(gone))
        lap("events")
        regrouped = _copies(conn) if (new or gone) else set()
        lap("copies")
        _edges_for(conn, new_keys)
        lap("edges")
        seeds = set(new_keys) | disturbed
        written = _recluster(conn, seeds) if seeds else set()
        lap("cluster")
        touched = written | _claims_of_docs(conn, relinked | regrouped)
        _write_status(conn, touched, analysed)
        lap("status")
        rep.claims_rewritten = len(touched)
        rep.documents = conn.execute(select(func.count()).select_from(L.ledger_docs)).scalar_one()
        rep.claims = conn.execute(select(func.count()).select_from(L.claims)).scalar_one()
        rep.multi_claims = conn.execute(select(func.count()).select_from(L.claims)
                                        .where(L.claims.c.n_appearances > 1)).scalar_one()
        rep.entities = conn.execute(select(func.count()).select_from(L.corpus_entities)).scalar_one()
        rep.copies = conn.execute(select(func.count()).select_from(L.copies)).scalar_one()
    rep.seconds = round(time.perf_counter() - t0, 3)
    return rep
