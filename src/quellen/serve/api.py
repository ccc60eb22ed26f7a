"""The REST API under ``/api``: documents, attributions, claims, entities, failures (read-only).

Every list: ``limit`` (1-500) and ``offset`` with a stable order, ``next_offset`` for the next page, and
``format=csv`` for the same rows as CSV. Unknown ids are 404, bad parameters 422, both with
``{"error": ..., "detail": ...}``. The one write endpoint, ``POST /api/ledger/update``, exists only when the
server was started with ``--write``.
"""
from __future__ import annotations

import csv
import io
import json
from typing import Literal, Optional

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import Response

from ..store import queries
from ..store.export import enrich
from . import data
from .models import (AttributionType, ClaimOut, ClaimStatus, ClaimSummary, DocumentOut, DocumentSummary, EntityOut,
                     EntitySummary, ErrorOut, FailureOut, Page, SearchOut, SpeakerKind)

DATE = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
ERRORS = {404: {"model": ErrorOut, "description": "unknown id"},
          422: {"model": ErrorOut, "description": "a bad parameter"}}
LIST_ERRORS = {422: ERRORS[422], 200: {"content": {"text/csv": {"schema": {"type": "string"}}},
                                       "description": "the page (JSON), or its rows as CSV with format=csv"}}

router = APIRouter(prefix="/api", tags=["api"])
write_router = APIRouter(prefix="/api", tags=["write"])

Limit = Query(50, ge=1, le=500, description="rows per page")
Offset = Query(0, ge=0, le=10_000_000, description="rows to skip (stable order)")
Format = Query("json", description="json, or csv for the rows of the page")
Since = Query(None, pattern=DATE, description="published on or after (YYYY, YYYY-MM or YYYY-MM-DD)")
Until = Query(None, pattern=DATE, description="published on or before (YYYY, YYYY-MM or YYYY-MM-DD)")


def _until(value: Optional[str]) -> Optional[str]:
    """``2024`` or ``2024-05`` as an upper bound includes the whole year or month."""
    return value + "-99" if value and len(value) < 10 else value


def conn_of(request: Request):  # noqa: ANN201
    return request.app.state.store.engine.connect()


def page(items: list, limit: int, offset: int, more: bool, fmt: str, extra: dict | None = None):  # noqa: ANN201
    if fmt == "csv":
        return csv_response(items)
    return {"items": items, "limit": limit, "offset": offset, "next_offset": offset + limit if more else None,
            **(extra or {})}


def csv_response(items: list[dict]) -> Response:
    """The rows as CSV: nested values (lists, objects) as JSON text, missing values empty."""
    buf = io.StringIO()
    if items:
        cols = list(items[0])
        w = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n", extrasaction="ignore")
        w.writeheader()
        for it in items:
            w.writerow({k: _cell(v) for k, v in it.items()})
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8")


def _cell(v: object) -> object:
    if isinstance(v, (list, dict)):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, bool):
        return "true" if v else "false"
    return "" if v is None else v


def not_found(what: str, key: str) -> HTTPException:
    return HTTPException(404, f"no {what} {key!r} in this database")


@router.get("/documents", response_model=Page[DocumentSummary], responses=LIST_ERRORS)
def list_documents(request: Request, outlet: Optional[str] = Query(None, max_length=200),
                   language: Optional[str] = Query(None, max_length=16), since: Optional[str] = Since,
                   until: Optional[str] = Until, q: Optional[str] = Query(None, max_length=200,
                                                                          description="part of title or source"),
                   limit: int = Limit, offset: int = Offset, format: Literal["json", "csv"] = Format):
    """Documents, newest first (undated last), then by id."""
    with conn_of(request) as conn:
        items, more = data.documents(conn, outlet, language, since, _until(until), q, limit, offset)
    return page(items, limit, offset, more, format)


def document_dict(conn, store, doc_id: str) -> dict | None:  # noqa: ANN001
    """The JSONL record of one document (exact id), with the ledger's ids and its url."""
    docs = store.load_many(conn, [doc_id])
    if not docs:
        return None
    doc = docs[0]
    d = enrich(doc.to_dict(), queries.claim_of(conn, doc.id), queries.entity_links_of(conn, doc.id))
    d["url"] = doc.url
    return d


@router.get("/documents/{doc_id}", response_model=DocumentOut, responses=ERRORS)
def get_document(request: Request, doc_id: str = Path(..., max_length=64)):
    """One document: text, boilerplate, gaps, entities with mentions, attributions with their spans."""
    with conn_of(request) as conn:
        d = document_dict(conn, request.app.state.store, doc_id)
    if d is None:
        raise not_found("document", doc_id)
    return d


@router.get("/attributions", response_model=SearchOut, responses={**LIST_ERRORS, 404: ERRORS[404]})
def search_attributions(
        request: Request,
        q: Optional[str] = Query(None, max_length=500, description='words, "a phrase", prefix*, AND/OR/NOT, '
                                                                   "speaker:NAME (FTS5 syntax; else plain words)"),
        type: Optional[AttributionType] = None, kind: Optional[SpeakerKind] = None,
        speaker: Optional[str] = Query(None, max_length=200, description="the speaker: corpus entity id, name "
                                                                          "or alias (else the speaker's name)"),
        entity: Optional[str] = Query(None, max_length=200, description="a corpus entity as speaker or named in "
                                                                         "the content (404 when unknown)"),
        hedged: Optional[bool] = None, since: Optional[str] = Since, until: Optional[str] = Until,
        outlet: Optional[str] = Query(None, max_length=200), status: Optional[ClaimStatus] = None,
        doc: Optional[str] = Query(None, max_length=64),
        facets: bool = Query(False, description="also count matches per type, kind, outlet and claim status"),
        limit: int = Limit, offset: int = Offset, format: Literal["json", "csv"] = Format):
    """Attributions: full-text search over contents and speakers, with filters. Without ``q``: newest first
    (``order: date``). With ``q``: by text rank when it matches at most 5,000 attributions (``order: rank``),
    else most recently stored first (``order: recent``; add words or filters to rank). Ties by document and
    attribution id."""
    f = data.Filters(q=q, type=type, kind=kind, speaker=speaker, entity=entity, hedged=hedged, since=since,
                     until=_until(until), outlet=outlet, status=status, doc=doc)
    with conn_of(request) as conn:
        try:
            items, more, order = data.search(conn, f, limit, offset)
            for it in items:
                it["snippet"] = it["snippet"].replace(data.MARK[0], "[").replace(data.MARK[1], "]")
            extra = {"order": order}
            if facets and format == "json":
                counted, partial = data.facets(conn, f)
                extra.update(facets=counted, facets_partial=partial)
        except data.UnknownEntity as exc:
            raise not_found("entity", str(exc)) from None
    return page(items, limit, offset, more, format, extra)


@router.get("/claims", response_model=Page[ClaimSummary], responses={**LIST_ERRORS, 404: ERRORS[404]})
def list_claims(request: Request, status: Optional[ClaimStatus] = None,
                entity: Optional[str] = Query(None, max_length=200, description="claims an entity made or is "
                                                                                 "named in (404 when unknown)"),
                since: Optional[str] = Since, until: Optional[str] = Until,
                min_appearances: int = Query(1, ge=1, le=1_000_000),
                limit: int = Limit, offset: int = Offset, format: Literal["json", "csv"] = Format):
    """Claims, most appearances first, then first seen, then id."""
    with conn_of(request) as conn:
        if entity and queries.find_entity(conn, entity) is None:
            raise not_found("entity", entity)
        items = queries.claims(conn, status=status, entity=entity, since=since, until=_until(until),
                               min_appearances=min_appearances, limit=limit + 1, offset=offset)
    return page(items[:limit], limit, offset, len(items) > limit, format)


@router.get("/claims/{claim_id}", response_model=ClaimOut, responses=ERRORS)
def get_claim(request: Request, claim_id: str = Path(..., max_length=64)):
    """One claim with every appearance (date order, undated last), its status and the reason for it. An id that
    was merged into another claim, or a unique prefix, finds the claim too."""
    with conn_of(request) as conn:
        c = queries.claim(conn, claim_id)
    if c is None:
        raise not_found("claim", claim_id)
    return c


@router.get("/entities", response_model=Page[EntitySummary], responses=LIST_ERRORS)
def list_entities(request: Request, q: Optional[str] = Query(None, max_length=200, description="part of a name "
                                                                                                "or alias"),
                  limit: int = Limit, offset: int = Offset, format: Literal["json", "csv"] = Format):
    """Corpus entities (the same person or organisation across articles), most documents first."""
    with conn_of(request) as conn:
        items = queries.entities(conn, q, limit=limit + 1, offset=offset)
    return page(items[:limit], limit, offset, len(items) > limit, format)


@router.get("/entities/{entity_id}", response_model=EntityOut, responses=ERRORS)
def get_entity(request: Request, entity_id: str = Path(..., max_length=200),
               limit: int = Query(50, ge=1, le=500, description="events per page"), offset: int = Offset):
    """An entity: what it said, claimed and denied and what others said about it (events in date order, paged),
    with a monthly timeline of all of them. The id, a name or an alias finds it."""
    with conn_of(request) as conn:
        e = queries.entity_page(conn, entity_id, limit, offset)
    if e is None:
        raise not_found("entity", entity_id)
    return e


@router.get("/failures", response_model=Page[FailureOut], responses=LIST_ERRORS)
def list_failures(request: Request, stage: Optional[str] = Query(None, max_length=32),
                  limit: int = Limit, offset: int = Offset, format: Literal["json", "csv"] = Format):
    """Inputs that could not be analysed, with the stage and the reason (by source)."""
    with conn_of(request) as conn:
        items, more = data.failures(conn, stage, limit, offset)
    return page(items, limit, offset, more, format)


@write_router.post("/ledger/update")
def update_ledger(request: Request) -> dict:
    """Bring the claim ledger up to date with the stored documents (only with ``quellen serve --write``)."""
    from ..ledger.update import update

    rep = update(request.app.state.store)
    return {"added": rep.added, "removed": rep.removed, "claims": rep.claims, "entities": rep.entities,
            "seconds": round(rep.seconds, 3)}

