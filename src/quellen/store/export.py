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
    """Write ``Document.to_dict`` per line; returns the number of documents."""
    n = 0
    for doc in store.documents():
        fh.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")
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
