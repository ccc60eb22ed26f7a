"""Speed of ``quellen serve`` (issue 15): p50/p95/p99 server time per endpoint on a database of 1 million
attributions.

The database: ``build/bench_ledger/q.db``, made by ``bench/bench_ledger.py --docs 10000 --new 1000``, holds
11,000 really analysed documents (variants of the 848 German news-spkatt articles; see that script) with 37,205
attributions and their claim ledger. This script copies it and multiplies it in SQL to reach ``--attributions``
(default 1,000,000). Copy k of a document gets the id ``<id>-k<k>`` and its date shifted by k days, and all its
rows come along: entities, mentions, attributions, boilerplate, gaps, the FTS5 index, and the ledger's rows
(statements, claim members, entity links and events). Claims are copied per copy too, so claim sizes stay those
of real news. The corpus entities stay one set, so a frequent person is named k times as often, as in a large
corpus. The result is ``build/bench_serve/serve.db`` (reused when it already has enough attributions, unless
``--rebuild``).

The timing: the real application (``quellen.serve.create_app``) in this process through FastAPI's TestClient.
The server time is the app's ``Server-Timing: app;dur=`` header, which spans the middleware, routing, the
queries, pydantic and the templates. Each endpoint is warmed up, then asked ``--n`` times with parameters drawn
with a fixed seed:

- Entities: weighted by how often they occur, plus the 10 most frequent.
- Claims: at random, plus the largest.
- Search words: at random from attribution contents (tokens of 3+ letters).

    .venv/bin/python bench/bench_serve.py [--n 200] [--attributions 1000000] [--rebuild]

Prints the build counts and time, then one line per endpoint: n, p50, p95, p99 and max in ms, and whether p95 is
within 50 ms, and the slowest requests.
"""
from __future__ import annotations

import argparse
import math
import random
import re
import resource
import shutil
import sqlite3
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "build" / "bench_ledger" / "q.db"
TARGET = ROOT / "build" / "bench_serve" / "serve.db"

# table -> (columns copied as they are, columns rewritten for copy :k); doc_id and ids get the suffix
COPIES = {
    "documents": "id || :sfx, source || '#copy' || :k, url, language, title, "
                 "CASE WHEN published IS NULL THEN NULL ELSE date(published, '+' || :k || ' days') END, outlet, text, "
                 "input_hash, analysis_version",
    "entities": "doc_id || :sfx, id, name, type, aliases",
    "mentions": "doc_id || :sfx, entity_id, start, \"end\", text",
    "attributions": "doc_id || :sfx, id, type, cue_start, cue_end, cue_text, source_start, source_end, source_text, "
                    "speaker_name, speaker_entity, speaker_kind, content_start, content_end, content_text, hedged, "
                    "denies, confidence, form, addr_start, addr_end, addr_text, frame_start, frame_end, frame_text, origin",
    "boilerplate": "doc_id || :sfx, start, \"end\", reason",
    "gaps": "doc_id || :sfx, start, \"end\"",
    "warnings": "doc_id || :sfx, stage, item, reason",
    "ledger_docs": "doc_id || :sfx, stamp",
    "entity_records": "doc_id || :sfx, entity_id, name, type, aliases, kind",
    "entity_links": "doc_id || :sfx, entity_id, cid, score, why",
    "claim_statements": "doc_id || :sfx, attribution_id, stance, features",
    "claims": "id || :sfx, gist, gist_doc_id || :sfx, gist_attribution_id, status, status_reason, first_seen, "
              "last_seen, n_appearances, n_documents, n_sources, hedged_share, speakers, outlets",
    "claim_members": "doc_id || :sfx, attribution_id, claim_id || :sfx, stance, similarity, why",
    "entity_events": "cid, doc_id || :sfx, attribution_id, role, "
                     "CASE WHEN published IS NULL THEN NULL ELSE date(published, '+' || :k || ' days') END",
    "attributions_fts": "content, speaker, doc_id || :sfx, attr_id",
}
TARGET_COLUMNS = {
    "documents": "id, source, url, language, title, published, outlet, text, input_hash, analysis_version",
    "mentions": "doc_id, entity_id, start, \"end\", text",
    "attributions": "doc_id, id, type, cue_start, cue_end, cue_text, source_start, source_end, source_text, "
                    "speaker_name, speaker_entity, speaker_kind, content_start, content_end, content_text, hedged, "
                    "denies, confidence, form, addr_start, addr_end, addr_text, frame_start, frame_end, frame_text, origin",
    "boilerplate": "doc_id, start, \"end\", reason",
    "gaps": "doc_id, start, \"end\"",
    "warnings": "doc_id, stage, item, reason",
    "attributions_fts": "content, speaker, doc_id, attr_id",
}
BASE_FILTER = {"documents": "id", "claims": "id", "entity_events": "doc_id", "attributions_fts": "doc_id"}


def build(target: Path, want: int, rebuild: bool) -> None:
    if target.exists() and not rebuild:
        with sqlite3.connect(target) as db:
            n = db.execute("SELECT count(*) FROM attributions").fetchone()[0]
        if n >= want:
            print(f"database: {target} ({n:,} attributions; --rebuild to make it again)")
            return
    if not SOURCE.exists():
        sys.exit(f"{SOURCE} is missing: run `.venv/bin/python bench/bench_ledger.py --docs 10000 --new 1000` first")
    t0 = time.perf_counter()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    shutil.copyfile(SOURCE, tmp)
    from quellen.store import Store

    Store(str(tmp)).close()                    # upgrade to today's schema (fills entity_events from the ledger)
    db = sqlite3.connect(tmp, isolation_level=None)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    base = db.execute("SELECT count(*) FROM attributions").fetchone()[0]
    copies = max(0, math.ceil(want / base) - 1)
    db.execute("CREATE TEMP TABLE base_docs AS SELECT id FROM documents")
    db.execute("CREATE TEMP TABLE base_claims AS SELECT id FROM claims")
    for k in range(1, copies + 1):
        db.execute("BEGIN")
        for table, cols in COPIES.items():
            key = BASE_FILTER.get(table, "doc_id")
            base_set = "base_claims" if table == "claims" else "base_docs"
            target_cols = TARGET_COLUMNS.get(table, "")
            into = f"{table} ({target_cols})" if target_cols else table
            db.execute(f"INSERT INTO {into} SELECT {cols} FROM {table} WHERE {key} IN (SELECT id FROM {base_set})",
                       {"sfx": f"-k{k}", "k": k})
        db.execute("COMMIT")
        print(f"  copy {k}/{copies}: {(k + 1) * base:,} attributions, {time.perf_counter() - t0:.0f} s", flush=True)
    db.execute("BEGIN")
    db.execute(f"UPDATE corpus_entities SET n_docs = n_docs * {copies + 1}")
    db.execute("DELETE FROM entity_months")
    db.execute("INSERT INTO entity_months (cid, month, role, n) SELECT cid, coalesce(substr(published, 1, 7), ''), "
               "role, count(*) FROM entity_events GROUP BY 1, 2, 3")
    db.execute("COMMIT")
    db.execute("ANALYZE")
    db.close()
    tmp.replace(target)
    with sqlite3.connect(target) as db:
        counts = {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("documents", "attributions", "claims", "corpus_entities", "entity_events")}
    print(f"database: {target} built in {time.perf_counter() - t0:.0f} s, {target.stat().st_size / 2**30:.2f} GiB; "
          + ", ".join(f"{v:,} {k}" for k, v in counts.items()))


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, math.ceil(p / 100 * len(xs)) - 1))]


def measure(db: Path, n: int, seed: int) -> None:
    from fastapi.testclient import TestClient

    from quellen.serve import create_app

    rng = random.Random(seed)
    con = sqlite3.connect(db)
    top = [r[0] for r in con.execute("SELECT cid FROM corpus_entities ORDER BY n_docs DESC, cid LIMIT 10")]
    ents = con.execute("SELECT cid, n_docs FROM corpus_entities ORDER BY cid").fetchall()
    weighted = rng.choices([e[0] for e in ents], weights=[e[1] for e in ents], k=n)
    claim_ids = [r[0] for r in con.execute("SELECT id FROM claims ORDER BY id")]
    largest = [r[0] for r in con.execute("SELECT id FROM claims ORDER BY n_appearances DESC, id LIMIT 10")]
    contents = [r[0] for r in con.execute("SELECT content_text FROM attributions WHERE pk % 97 = 0 LIMIT 3000")]
    con.close()
    words = [w for c in contents for w in re.findall(r"[^\W\d_]{3,}", c or "")]
    qs = [rng.choice(words) for _ in range(n)]
    phrases = []
    for c in rng.sample(contents, min(n, len(contents))):
        toks = re.findall(r"[^\W\d_]{3,}", c or "")
        if len(toks) >= 2:
            i = rng.randrange(len(toks) - 1)
            phrases.append(f'"{toks[i]} {toks[i + 1]}"')
    kinds = ["person", "organization", "anonymous", "media"]
    types = ["direct", "indirect", "according_to", "denial"]
    plan = {
        "entity page /entities/{id} (weighted)": [f"/entities/{c}" for c in weighted],
        "entity API /api/entities/{id} (weighted)": [f"/api/entities/{c}" for c in weighted],
        "entity page, 10 most frequent": [f"/entities/{top[i % len(top)]}" for i in range(n)],
        "claim page /claims/{id}": [f"/claims/{rng.choice(claim_ids)}" for _ in range(n)],
        "claim API /api/claims/{id}": [f"/api/claims/{rng.choice(claim_ids)}" for _ in range(n)],
        "claim page, 10 largest": [f"/claims/{largest[i % len(largest)]}" for i in range(n)],
        "search API /api/attributions?q=word": [f"/api/attributions?q={w}" for w in qs],
        "search API q=word&type=&kind=": [f"/api/attributions?q={w}&type={rng.choice(types)}&kind={rng.choice(kinds)}"
                                          for w in qs],
        "search API q=\"two words\"": [f"/api/attributions?q={p}" for p in (phrases * n)[:n]],
        "search page /search?q=word (with facets)": [f"/search?q={w}" for w in qs],
        "search API, no q, type=&kind=": [f"/api/attributions?type={rng.choice(types)}&kind={rng.choice(kinds)}"
                                          for _ in range(n)],
        "search API entity=top-10 entity": [f"/api/attributions?entity={top[i % len(top)]}" for i in range(n)],
        "document page /documents/{id}": [f"/documents/{h}" for h in _doc_ids(db, rng, n)],
    }
    client = TestClient(create_app(str(db)))
    slow: list[tuple[float, str]] = []
    print(f"\n{'endpoint':46s} {'n':>4s} {'p50':>7s} {'p95':>7s} {'p99':>7s} {'max':>7s}  p95<=50ms")
    for name, urls in plan.items():
        for u in urls[:20]:                    # warm-up (page cache, prepared statements)
            client.get(u)
        times = []
        for u in urls:
            r = client.get(u)
            if r.status_code != 200:
                raise SystemExit(f"{u}: {r.status_code} {r.text[:200]}")
            ms = float(r.headers["server-timing"].split("dur=")[1])
            times.append(ms)
            slow.append((ms, u))
        p95 = _pct(times, 95)
        print(f"{name:46s} {len(times):4d} {_pct(times, 50):7.1f} {p95:7.1f} {_pct(times, 99):7.1f} "
              f"{max(times):7.1f}  {'yes' if p95 <= 50 else 'NO'}", flush=True)
    print("\nslowest requests:")
    for ms, u in sorted(slow, reverse=True)[:8]:
        print(f"  {ms:8.1f} ms  {u}")
    print(f"max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


def _doc_ids(db: Path, rng: random.Random, n: int) -> list[str]:
    con = sqlite3.connect(db)
    total = con.execute("SELECT max(rowid) FROM documents").fetchone()[0]
    out = []
    while len(out) < n:
        row = con.execute("SELECT id FROM documents WHERE rowid >= ? LIMIT 1", (rng.randrange(total),)).fetchone()
        if row:
            out.append(row[0])
    con.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, default=TARGET)
    ap.add_argument("--attributions", type=int, default=1_000_000)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--rebuild", action="store_true")
    args = ap.parse_args()
    build(args.db, args.attributions, args.rebuild)
    measure(args.db, args.n, args.seed)


if __name__ == "__main__":
    main()
