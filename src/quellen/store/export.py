"""Exports from the database: JSONL (the public contract, one document per line) and CSV (one attribution per row)."""
from __future__ import annotations

import csv
import json
from typing import TextIO

CSV_COLUMNS = [
    "doc_id", "source", "title", "attribution_id", "type", "speaker_name", "speaker_kind", "speaker_entity",
    "cue_text", "cue_start", "cue_end", "source_text", "source_start", "source_end",
    "content_text", "content_start", "content_end", "hedged", "denies", "confidence",
]


def export_jsonl(store, fh: TextIO) -> int:  # noqa: ANN001 - a quellen.store.Store
    """Write ``Document.to_dict`` per line, with the ledger's claim and corpus entity ids once a ledger has
    been built (:func:`enrich`); returns the number of documents."""
    from .queries import claim_of, entity_links_of, has_ledger

    n = 0
    with store.engine.connect() as conn:
        ledger = has_ledger(conn)
        for doc in store.documents():
            d = doc.to_dict()
            if ledger:
                d = enrich(d, claim_of(conn, doc.id), entity_links_of(conn, doc.id))
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
            n += 1
    return n


def export_csv(store, fh: TextIO) -> int:  # noqa: ANN001
    """One row per attribution, with its document, speaker, and cue/source/content text and offsets."""
    writer = csv.DictWriter(fh, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for doc in store.documents():
        for a in doc.attributions:
            writer.writerow({
                "doc_id": doc.id, "source": doc.source, "title": doc.title or "", "attribution_id": a.id,
                "type": a.type, "speaker_name": a.speaker.name or "", "speaker_kind": a.speaker.kind,
                "speaker_entity": a.speaker.entity or "",
                "cue_text": a.cue.text if a.cue else "", "cue_start": a.cue.start if a.cue else "",
                "cue_end": a.cue.end if a.cue else "",
                "source_text": a.source.text if a.source else "", "source_start": a.source.start if a.source else "",
                "source_end": a.source.end if a.source else "",
                "content_text": a.content.text, "content_start": a.content.start, "content_end": a.content.end,
                "hedged": "true" if a.hedged else "false", "denies": a.denies or "",
                "confidence": f"{float(a.confidence):.4f}",
            })
            n += 1
    return n


# ------------------------------------------------------------------ the claim ledger (schema version 4)


def enrich(d: dict, claim_of: dict[str, str], links: dict[str, str]) -> dict:
    """The JSONL record with the ledger's ids: ``attributions[].claim``, ``attributions[].speaker.cid`` and
    ``entities[].cid`` (the corpus entity; ``speaker.entity`` stays the per-article entity id)."""
    for e in d.get("entities", []):
        e["cid"] = links.get(e["id"])
    for a in d.get("attributions", []):
        a["claim"] = claim_of.get(a["id"])
        sp = a["speaker"]
        sp["cid"] = links.get(sp["entity"]) if sp.get("entity") else links.get("s:" + a["id"])
    return d


def enrich_file(store, staged, final) -> int:  # noqa: ANN001 - Paths
    """Copy the JSONL ``staged`` to ``final`` line by line with the ledger's ids (:func:`enrich`), then remove
    ``staged``; written to a temporary name and renamed, so ``final`` is never half written."""
    import os

    from .queries import claim_of, entity_links_of

    tmp = final.with_name(final.name + ".tmp")
    n = 0
    with store.engine.connect() as conn, staged.open(encoding="utf-8") as src, \
            tmp.open("w", encoding="utf-8") as dst:
        for line in src:
            d = json.loads(line)
            dst.write(json.dumps(enrich(d, claim_of(conn, d["id"]), entity_links_of(conn, d["id"])),
                                 ensure_ascii=False) + "\n")
            n += 1
    os.replace(tmp, final)
    staged.unlink()
    return n


def export_claims(store, fh: TextIO, status: str | None = None, emit=None) -> int:  # noqa: ANN001
    """One JSON object per claim (the contract in the README), claims in id order, one per line; ``emit(record,
    fh)`` writes each record instead (the JSON-LD export)."""
    from sqlalchemy import select

    from . import ledger_schema as L
    from .queries import _claim_dict, appearances

    n = 0
    with store.engine.connect() as conn:
        q = select(L.claims).order_by(L.claims.c.id)
        if status:
            q = q.where(L.claims.c.status == status)
        batch = []
        for row in conn.execute(q):
            batch.append(_claim_dict(row))
            if len(batch) >= 500:
                n += _write_claims(conn, batch, fh, appearances, emit)
                batch = []
        n += _write_claims(conn, batch, fh, appearances, emit)
    return n


APPEARANCE_FIELDS = ("doc", "source", "attribution", "stance", "speaker", "speaker_kind", "outlet", "published")


def _write_claims(conn, batch: list[dict], fh: TextIO, appearances, emit=None) -> int:  # noqa: ANN001
    if not batch:
        return 0
    apps = appearances(conn, [c["id"] for c in batch])
    for c in batch:
        record = {"id": c["id"], "status": c["status"], "status_reason": c["status_reason"], "gist": c["gist"],
                  "first_seen": c["first_seen"], "last_seen": c["last_seen"],
                  "appearances": [{k: a[k] for k in APPEARANCE_FIELDS} | {"speaker_entity": a["speaker_entity"],
                                                                          "content": a["content"]}
                                  for a in apps[c["id"]]]}
        if emit:
            emit(record | {"appearances": apps[c["id"]]}, fh)
        else:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(batch)


def claim_jsonld(c: dict, base: str = "urn:quellen:") -> dict:
    """A schema.org ``Claim``: what was claimed, by whom, where it appeared. No rating: quellen does not judge
    truth, it reports who asserts and who denies (``quellen:status`` carries that evidence, not a verdict)."""
    apps = [a for a in c["appearances"] if a["stance"] == "asserts"] or c["appearances"]

    def work(a: dict) -> dict:
        w = {"@type": "CreativeWork", "identifier": f"{base}doc:{a['doc']}#{a['attribution']}",
             "url": a.get("url") or a["source"], "text": a["content"]}
        if a.get("published"):
            w["datePublished"] = a["published"]
        if a.get("outlet"):
            w["publisher"] = {"@type": "Organization", "name": a["outlet"]}
        if a.get("speaker"):
            w["author"] = {"@type": "Person" if a["speaker_kind"] == "person" else "Organization",
                           "name": a["speaker"]}
        return w

    out = {"@context": {"@vocab": "https://schema.org/", "quellen": "https://github.com/quellen/terms#"},
           "@type": "Claim", "@id": f"{base}claim:{c['id']}", "text": c["gist"],
           "appearance": [work(a) for a in apps], "firstAppearance": work(apps[0]) if apps else None,
           "quellen:status": c["status"], "quellen:statusReason": c["status_reason"],
           "quellen:deniedBy": sorted({a["speaker"] for a in c["appearances"]
                                       if a["stance"] == "denies" and a["speaker"]})}
    authors = [work(a)["author"] for a in apps if a.get("speaker")]
    if authors:
        out["author"] = authors[0]
    if c.get("first_seen"):
        out["datePublished"] = c["first_seen"]
    return out


def export_claim_jsonld(store, fh: TextIO) -> int:  # noqa: ANN001
    """A JSON array of schema.org ``Claim`` objects, one per claim, written as it is read."""
    count = [0]

    def emit(record: dict, out: TextIO) -> None:
        out.write((",\n" if count[0] else "[\n") + json.dumps(claim_jsonld(record), ensure_ascii=False))
        count[0] += 1

    export_claims(store, fh, emit=emit)
    fh.write("\n]\n" if count[0] else "[]\n")
    return count[0]
