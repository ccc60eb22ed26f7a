"""What must hold for every document quellen outputs, whatever the input was.

Why check the JSONL dict (``Document.to_dict()``) rather than the dataclasses: the dict is the public contract
(README, "Output contract") other tools read, and the database must hold the same thing. A fuzzed article may be
analysed badly — that is a quality question — but it must never produce an offset outside the text, a span whose
``text`` is not the text at its offsets, a reference to an entity that does not exist, an enum value outside the
contract, or a record that does not survive JSON, ``Document.from_dict`` or the store unchanged.

Every check returns a list of human-readable violations (empty = fine) and never raises: a checker that crashes
on a strange document would hide exactly the documents worth looking at.
"""
from __future__ import annotations

import datetime
import json
import math
import re
from pathlib import Path
from typing import Any

from ..model import ATTRIBUTION_TYPES, SPEAKER_KINDS, Document, Failure, RawDocument, document_id

ENTITY_TYPES = ("PER", "ORG", "LOC", "MISC")
FORMS = ("Direct", "Indirect", "FreeIndirect", "IndirectFreeIndirect", "Reported")
TOP_KEYS = {"id", "source", "language", "title", "published", "outlet", "text", "boilerplate", "gaps", "entities",
            "attributions", "warnings"}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ID = re.compile(r"([ae])(\d+)")


def first_difference(a: Any, b: Any, path: str = "$") -> str | None:
    """Where two JSON-like values first differ (``$.attributions[2].cue.end: 41 != 40``), or None."""
    if type(a) is not type(b) and not (isinstance(a, (int, float)) and isinstance(b, (int, float))):
        return f"{path}: {type(a).__name__} {_short(a)} != {type(b).__name__} {_short(b)}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b), key=str):
            if k not in a or k not in b:
                return f"{path}.{k}: {'missing on the left' if k not in a else 'missing on the right'}" \
                       f" ({_short(a.get(k, b.get(k)))})"
            diff = first_difference(a[k], b[k], f"{path}.{k}")
            if diff:
                return diff
        return None
    if isinstance(a, list):
        for i, (x, y) in enumerate(zip(a, b)):
            diff = first_difference(x, y, f"{path}[{i}]")
            if diff:
                return diff
        return f"{path}: {len(a)} items != {len(b)} items" if len(a) != len(b) else None
    return None if a == b else f"{path}: {_short(a)} != {_short(b)}"


def _short(x: Any) -> str:
    s = repr(x)
    return s if len(s) <= 120 else s[:117] + "..."


def _is_int(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _opt_str(d: dict, key: str, out: list[str], where: str = "") -> None:
    if d.get(key) is not None and not isinstance(d.get(key), str):
        out.append(f"{where}{key}: expected str or null, got {type(d[key]).__name__}")


def _span(x: Any, text: str, where: str, out: list[str], with_text: bool) -> tuple[int, int] | None:
    """Check one span; its (start, end) when usable."""
    if not isinstance(x, dict):
        out.append(f"{where}: not an object ({_short(x)})")
        return None
    s, e = x.get("start"), x.get("end")
    if not (_is_int(s) and _is_int(e)):
        out.append(f"{where}: start/end not integers ({_short(s)}, {_short(e)})")
        return None
    if not 0 <= s <= e <= len(text):
        out.append(f"{where}: [{s}, {e}] outside 0 <= start <= end <= {len(text)}")
        return None
    if with_text:
        if "text" not in x:
            out.append(f"{where}: no 'text'")
        elif x["text"] != text[s:e]:
            out.append(f"{where}: text {_short(x['text'])} != text[{s}:{e}] {_short(text[s:e])}")
    return s, e


def _sorted(starts: list[int], where: str, out: list[str]) -> None:
    if any(b < a for a, b in zip(starts, starts[1:])):
        out.append(f"{where}: not sorted by start ({starts[:12]}{'…' if len(starts) > 12 else ''})")


def _ids(items: list, prefix: str, where: str, out: list[str], increasing: bool) -> set[str]:
    ids = [it.get("id") if isinstance(it, dict) else None for it in items]
    seen = set()
    for i in ids:
        if not isinstance(i, str) or not (m := _ID.fullmatch(i)) or m.group(1) != prefix:
            out.append(f"{where}: id {_short(i)} is not {prefix}<number>")
        elif i in seen:
            out.append(f"{where}: duplicate id {i}")
        seen.add(i)
    if increasing:
        nums = [int(i[1:]) for i in ids if isinstance(i, str) and _ID.fullmatch(i)]
        if any(b <= a for a, b in zip(nums, nums[1:])):
            out.append(f"{where}: ids not in increasing order ({ids[:12]})")
    return {i for i in ids if isinstance(i, str)}


def _check(d: dict, out: list[str]) -> None:
    if not isinstance(d, dict):
        out.append(f"document is a {type(d).__name__}, not an object")
        return
    if set(d) != TOP_KEYS:
        out.append(f"keys: missing {sorted(TOP_KEYS - set(d))}, unexpected {sorted(set(d) - TOP_KEYS)}")
    text = d.get("text")
    if not isinstance(text, str):
        out.append(f"text: not a string ({type(text).__name__})")
        return
    for key in ("id", "source"):
        if not isinstance(d.get(key), str) or not d.get(key):
            out.append(f"{key}: expected a non-empty string, got {_short(d.get(key))}")
    for key in ("language", "title", "outlet", "published"):
        _opt_str(d, key, out)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        out.append(f"text: not encodable as UTF-8 ({exc.reason} at {exc.start}: {text[exc.start]!r})")
    else:
        if d.get("id") != document_id(text):
            out.append(f"id: {d.get('id')!r} is not the hash of the text ({document_id(text)!r})")
    pub = d.get("published")
    if isinstance(pub, str):
        try:
            if not _DATE.fullmatch(pub):
                raise ValueError
            datetime.date.fromisoformat(pub)
        except ValueError:
            out.append(f"published: {pub!r} is not a valid YYYY-MM-DD date")

    for name in ("boilerplate", "gaps"):
        items = d.get(name)
        if not isinstance(items, list):
            out.append(f"{name}: not a list")
            continue
        starts = []
        for i, b in enumerate(items):
            se = _span(b, text, f"{name}[{i}]", out, with_text=False)
            if se:
                starts.append(se[0])
            if name == "boilerplate" and isinstance(b, dict) and not (isinstance(b.get("reason"), str)
                                                                       and b.get("reason")):
                out.append(f"boilerplate[{i}].reason: expected a non-empty string, got {_short(b.get('reason'))}")
        _sorted(starts, name, out)

    entities = d.get("entities")
    entities = entities if isinstance(entities, list) else (out.append("entities: not a list") or [])
    ent_ids = _ids(entities, "e", "entities", out, increasing=False)
    for i, e in enumerate(entities):
        if not isinstance(e, dict):
            continue
        if not isinstance(e.get("name"), str) or not e["name"].strip():
            out.append(f"entities[{i}].name: expected a non-empty string, got {_short(e.get('name'))}")
        if e.get("type") not in ENTITY_TYPES:
            out.append(f"entities[{i}].type: {_short(e.get('type'))} not in {ENTITY_TYPES}")
        mentions = e.get("mentions")
        if not isinstance(mentions, list):
            out.append(f"entities[{i}].mentions: not a list")
            continue
        starts = [se[0] for j, m in enumerate(mentions)
                  if (se := _span(m, text, f"entities[{i}].mentions[{j}]", out, with_text=False))]
        _sorted(starts, f"entities[{i}].mentions", out)

    attrs = d.get("attributions")
    attrs = attrs if isinstance(attrs, list) else (out.append("attributions: not a list") or [])
    attr_ids = _ids(attrs, "a", "attributions", out, increasing=True)
    for i, a in enumerate(attrs):
        w = f"attributions[{i}]"
        if not isinstance(a, dict):
            out.append(f"{w}: not an object")
            continue
        if a.get("type") not in ATTRIBUTION_TYPES:
            out.append(f"{w}.type: {_short(a.get('type'))} not in {ATTRIBUTION_TYPES}")
        for key in ("cue", "content"):
            _span(a.get(key), text, f"{w}.{key}", out, with_text=True)
        for key in ("source", "addr", "frame"):
            if a.get(key) is not None or key == "source" and "source" not in a:
                _span(a.get(key), text, f"{w}.{key}", out, with_text=True)
        sp = a.get("speaker")
        if not isinstance(sp, dict) or set(sp) != {"name", "entity", "kind"}:
            out.append(f"{w}.speaker: expected {{name, entity, kind}}, got {_short(sp)}")
        else:
            _opt_str(sp, "name", out, f"{w}.speaker.")
            if sp["kind"] not in SPEAKER_KINDS:
                out.append(f"{w}.speaker.kind: {_short(sp['kind'])} not in {SPEAKER_KINDS}")
            if sp["entity"] is not None and sp["entity"] not in ent_ids:
                out.append(f"{w}.speaker.entity: {_short(sp['entity'])} names no entity of the document")
        if not isinstance(a.get("hedged"), bool):
            out.append(f"{w}.hedged: not a bool ({_short(a.get('hedged'))})")
        den = a.get("denies")
        if den is not None:
            if den not in attr_ids:
                out.append(f"{w}.denies: {_short(den)} names no attribution of the document")
            elif den == a.get("id"):
                out.append(f"{w}.denies: denies itself")
            if a.get("type") != "denial":
                out.append(f"{w}.denies: set on a {a.get('type')!r}, not a denial")
        conf = a.get("confidence")
        if not isinstance(conf, (int, float)) or isinstance(conf, bool) or math.isnan(conf) or not 0 <= conf <= 1:
            out.append(f"{w}.confidence: {_short(conf)} not in [0, 1]")
        if "form" in a and a["form"] not in FORMS:
            out.append(f"{w}.form: {_short(a['form'])} not in {FORMS}")

    warnings = d.get("warnings")
    if not isinstance(warnings, list):
        out.append("warnings: not a list")
    else:
        for i, wn in enumerate(warnings):
            if not (isinstance(wn, dict) and set(wn) == {"stage", "item", "reason"} and isinstance(wn["stage"], str)
                    and isinstance(wn["reason"], str) and wn["reason"] and (wn["item"] is None
                                                                            or isinstance(wn["item"], str))):
                out.append(f"warnings[{i}]: expected {{stage: str, item: str|null, reason: str}}, got {_short(wn)}")

    try:
        line = json.dumps(d, ensure_ascii=False, allow_nan=False)
        line.encode("utf-8")
        back = json.loads(line)
    except (TypeError, ValueError) as exc:
        out.append(f"JSON: not serialisable as a UTF-8 JSON line ({type(exc).__name__}: {exc})")
    else:
        diff = first_difference(back, d)
        if diff:
            out.append(f"JSON round trip changes the record: {diff}")
    try:
        again = Document.from_dict(d).to_dict()
    except Exception as exc:  # noqa: BLE001 - any exception is a violation to report, not a harness crash
        out.append(f"Document.from_dict raised {type(exc).__name__}: {exc}")
    else:
        diff = first_difference(again, d)
        if diff:
            out.append(f"Document.from_dict(d).to_dict() != d: {diff}")


def check_document(d: dict) -> list[str]:
    """Every violation of the output contract in one JSONL record (empty list: it holds)."""
    out: list[str] = []
    try:
        _check(d, out)
    except Exception as exc:  # noqa: BLE001 - a checker bug must be visible, not stop the run
        out.append(f"checker failed on this document: {type(exc).__name__}: {exc}")
    return out


def check_store(store, d: dict) -> list[str]:
    """The database holds exactly what the JSONL record says: ``store.get(id).to_dict() == d``."""
    try:
        got = store.get(d["id"])
    except Exception as exc:  # noqa: BLE001
        return [f"store.get raised {type(exc).__name__}: {exc}"]
    if got is None:
        return [f"store.get({d['id']!r}) found nothing after save"]
    try:
        diff = first_difference(got.to_dict(), d)
    except Exception as exc:  # noqa: BLE001
        return [f"stored document's to_dict raised {type(exc).__name__}: {exc}"]
    return [f"store round trip: {diff}"] if diff else []


def check_raw(item: Any, path: Path | str) -> list[str]:
    """What ingest yields for the input ``path``: a RawDocument with text or HTML, or a Failure with a reason;
    both named after the input (``path`` or ``path#member``)."""
    out: list[str] = []
    base = str(path)
    if isinstance(item, Failure):
        if not isinstance(item.reason, str) or not item.reason.strip():
            out.append(f"failure without a reason: {item!r}")
        if not isinstance(item.stage, str) or not item.stage:
            out.append(f"failure without a stage: {item!r}")
    elif isinstance(item, RawDocument):
        bodies = [b for b in (item.text, item.html) if b is not None]
        if not bodies or not all(isinstance(b, str) for b in bodies) or not any(b.strip() for b in bodies):
            out.append(f"RawDocument without text or HTML: text={_short(item.text)} html={_short(item.html)}")
        for key in ("url", "title", "published"):
            if getattr(item, key) is not None and not isinstance(getattr(item, key), str):
                out.append(f"RawDocument.{key}: not a string ({_short(getattr(item, key))})")
        if isinstance(item.published, str) and not _DATE.fullmatch(item.published):
            out.append(f"RawDocument.published: {item.published!r} is not YYYY-MM-DD")
    else:
        return [f"ingest yielded a {type(item).__name__}, not a RawDocument or Failure"]
    source = getattr(item, "source", None)
    if not isinstance(source, str) or not (source == base or source.startswith(base + "#")):
        out.append(f"source {_short(source)} does not name the input {base!r}")
    return out


__all__ = ["check_document", "check_store", "check_raw", "first_difference", "ENTITY_TYPES", "FORMS"]
