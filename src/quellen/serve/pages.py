"""The HTML pages of ``quellen serve``: server-rendered Jinja2 templates over the same reads as the API.

Each page names its JSON twin (a link in the page and a ``Link: rel=alternate`` header) so that what a reader
sees can be fetched by a script. Article text only reaches the browser through autoescaped template variables;
the document view is cut into segments here (:mod:`.highlight`) so that no markup is ever built from text.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from ..store import queries
from . import data
from .api import DATE, _until, document_dict
from .highlight import segments, snippet_parts, timeline_svg
from .models import AttributionType, ClaimStatus, SpeakerKind

templates = Jinja2Templates(directory=str(Path(__file__).resolve().parent / "templates"))
templates.env.globals["snippet_parts"] = snippet_parts
router = APIRouter(include_in_schema=False)
PAGE = 50


def render(request: Request, name: str, api: str | None, status: int = 200, **context) -> HTMLResponse:
    response = templates.TemplateResponse(request, name, {"api": api, **context}, status_code=status)
    if api:
        response.headers["Link"] = f'<{api}>; rel="alternate"; type="application/json"'
    return response


def error_page(request: Request, status: int, title: str, detail: str) -> Response:
    return render(request, "error.html", None, status=status, title=title, detail=detail)


def _query(**params) -> str:  # noqa: ANN003
    """A query string of the set parameters (``None`` and empty values left out), in a fixed order."""
    return urlencode([(k, "true" if v is True else "false" if v is False else v)
                      for k, v in params.items() if v not in (None, "")])


@router.get("/", response_class=HTMLResponse)
def index(request: Request):
    with request.app.state.store.engine.connect() as conn:
        counts = data.counts(conn)
        top_claims = queries.claims(conn, min_appearances=2, limit=10)
        top_entities = queries.entities(conn, limit=12)
        recent, _ = data.documents(conn, limit=10)
    return render(request, "index.html", "/api/documents", counts=counts, claims=top_claims,
                  entities=top_entities, documents=recent)


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: Optional[str] = Query(None, max_length=500),
           type: Optional[AttributionType] = None, kind: Optional[SpeakerKind] = None,
           status: Optional[ClaimStatus] = None, outlet: Optional[str] = Query(None, max_length=200),
           speaker: Optional[str] = Query(None, max_length=200), entity: Optional[str] = Query(None, max_length=200),
           hedged: Optional[bool] = None, since: Optional[str] = Query(None, pattern=DATE),
           until: Optional[str] = Query(None, pattern=DATE), offset: int = Query(0, ge=0, le=10_000_000)):
    params = dict(q=q, type=type, kind=kind, status=status, outlet=outlet, speaker=speaker, entity=entity,
                  hedged=hedged, since=since, until=until)
    f = data.Filters(**{**params, "until": _until(until)})
    with request.app.state.store.engine.connect() as conn:
        try:
            hits, more, order = data.search(conn, f, PAGE, offset)
            facets, partial = data.facets(conn, f)
        except data.UnknownEntity:
            raise HTTPException(404, f"no entity {entity!r} in this database") from None
    base = _query(**params)

    def toggle(key: str, value: str) -> str:
        """The search with ``key=value`` set, or unset when it is already set (a facet link)."""
        return "/search?" + _query(**{**params, key: None if params.get(key) == value else value})

    def year(value: str) -> str:
        """The search limited to one year, or no longer limited when it already is."""
        on = params.get("since") == value and params.get("until") == value
        return "/search?" + _query(**{**params, "since": None if on else value, "until": None if on else value})

    return render(request, "search.html", "/api/attributions?" + _query(**params, facets=True),
                  params=params, hits=hits, facets=facets, order=order, year=year,
                  active=[k for k in ("type", "kind", "status", "outlet", "speaker", "entity", "since", "until")
                          if params.get(k)], partial=partial, toggle=toggle, offset=offset,
                  prev=f"/search?{_query(**params, offset=max(0, offset - PAGE))}" if offset else None,
                  next=f"/search?{_query(**params, offset=offset + PAGE)}" if more else None,
                  csv="/api/attributions?" + _query(**params, format="csv"), base=base)


@router.get("/documents", response_class=HTMLResponse)
def documents(request: Request, outlet: Optional[str] = Query(None, max_length=200),
              q: Optional[str] = Query(None, max_length=200), offset: int = Query(0, ge=0, le=10_000_000)):
    with request.app.state.store.engine.connect() as conn:
        docs, more = data.documents(conn, outlet=outlet, q=q, limit=PAGE, offset=offset)
    params = dict(outlet=outlet, q=q)
    return render(request, "documents.html", "/api/documents?" + _query(**params, offset=offset or None),
                  documents=docs, params=params, offset=offset,
                  prev=f"/documents?{_query(**params, offset=max(0, offset - PAGE))}" if offset else None,
                  next=f"/documents?{_query(**params, offset=offset + PAGE)}" if more else None)


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document(request: Request, doc_id: str):
    store = request.app.state.store
    with store.engine.connect() as conn:
        d = document_dict(conn, store, doc_id)
    if d is None:
        raise HTTPException(404, f"no document {doc_id!r} in this database")
    link = d["url"] if (d.get("url") or "").lower().startswith(("http://", "https://")) else None
    return render(request, "document.html", f"/api/documents/{doc_id}", doc=d, segs=segments(d), link=link,
                  entities={e["id"]: e for e in d["entities"]})


@router.get("/claims", response_class=HTMLResponse)
def claims(request: Request, status: Optional[ClaimStatus] = None,
           entity: Optional[str] = Query(None, max_length=200),
           min_appearances: int = Query(1, ge=1, le=1_000_000), offset: int = Query(0, ge=0, le=10_000_000)):
    with request.app.state.store.engine.connect() as conn:
        if entity and queries.find_entity(conn, entity) is None:
            raise HTTPException(404, f"no entity {entity!r} in this database")
        found = queries.claims(conn, status=status, entity=entity, min_appearances=min_appearances,
                               limit=PAGE + 1, offset=offset)
    params = dict(status=status, entity=entity, min_appearances=min_appearances if min_appearances > 1 else None)
    return render(request, "claims.html", "/api/claims?" + _query(**params), claims=found[:PAGE], params=params,
                  statuses=list(ClaimStatus.__args__), offset=offset,
                  prev=f"/claims?{_query(**params, offset=max(0, offset - PAGE))}" if offset else None,
                  next=f"/claims?{_query(**params, offset=offset + PAGE)}" if len(found) > PAGE else None)


@router.get("/claims/{claim_id}", response_class=HTMLResponse)
def claim(request: Request, claim_id: str):
    with request.app.state.store.engine.connect() as conn:
        c = queries.claim(conn, claim_id)
    if c is None:
        raise HTTPException(404, f"no claim {claim_id!r} in this database")
    return render(request, "claim.html", f"/api/claims/{c['id']}", claim=c)


@router.get("/entities", response_class=HTMLResponse)
def entities(request: Request, q: Optional[str] = Query(None, max_length=200),
             offset: int = Query(0, ge=0, le=10_000_000)):
    with request.app.state.store.engine.connect() as conn:
        found = queries.entities(conn, q, limit=PAGE + 1, offset=offset)
    params = dict(q=q)
    return render(request, "entities.html", "/api/entities?" + _query(**params), entities=found[:PAGE],
                  params=params, offset=offset,
                  prev=f"/entities?{_query(**params, offset=max(0, offset - PAGE))}" if offset else None,
                  next=f"/entities?{_query(**params, offset=offset + PAGE)}" if len(found) > PAGE else None)


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity(request: Request, entity_id: str, offset: int = Query(0, ge=0, le=10_000_000)):
    with request.app.state.store.engine.connect() as conn:
        e = queries.entity_page(conn, entity_id, PAGE, offset)
    if e is None:
        raise HTTPException(404, f"no entity {entity_id!r} in this database")
    return render(request, "entity.html", f"/api/entities/{e['id']}" + (f"?offset={offset}" if offset else ""),
                  entity=e, chart=timeline_svg(e["timeline"]), offset=offset,
                  prev=f"/entities/{e['id']}?offset={max(0, offset - PAGE)}" if offset else None,
                  next=f"/entities/{e['id']}?offset={e['events_next_offset']}" if e["events_next_offset"] else None)


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request):
    """Swagger UI from local files, started by a script file (no inline script)."""
    return render(request, "docs.html", "/openapi.json")
