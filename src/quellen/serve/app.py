"""The ``quellen serve`` application: one FastAPI app with the REST API (``/api``) and the HTML pages.

Why one app: every page has a JSON (and, for lists, CSV) twin at an address the page links to, computed by the
same functions (:mod:`.data`, :mod:`quellen.store.queries`), so what a fact-checker sees and what a script
reads never differ (datasette's model). Read-only unless started with ``write=True``: only then is the one
write endpoint (``POST /api/ledger/update``) there at all.

All article text is untrusted. Templates autoescape it, the one script is a file of ours (no inline script:
the Content-Security-Policy forbids it), nothing is loaded from another origin, and SQL only ever gets request
values as bound parameters.
"""
from __future__ import annotations

import time
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import STORAGE, EnvironmentFault

HERE = Path(__file__).resolve().parent
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# Swagger UI (from the fastapi-swagger wheel, served from here: /docs works offline and under the CSP)
SWAGGER = ("swagger-ui-bundle.js", "swagger-ui.css")


def open_store(db: str):  # noqa: ANN201 - a quellen.store.Store
    """The database to serve; a SQLite file that does not exist is an error (serving would create it empty)."""
    from ..store import Store

    if "://" not in db and not Path(db).expanduser().exists():
        raise EnvironmentFault(STORAGE, f"no database at {db}: run `quellen analyze ARTICLES --db {db}` first, "
                                        "or name another with --db.")
    return Store(db)


def create_app(db: str, write: bool = False) -> FastAPI:
    """The application over the database ``db`` (a SQLite file or a SQLAlchemy URL)."""
    from . import api, pages

    store = open_store(db)
    if store.engine.dialect.name == "sqlite":
        from sqlalchemy import event

        @event.listens_for(store.engine, "connect")
        def _read_pragmas(dbapi_conn, _):  # noqa: ANN001 - reads of a large file: map it, keep more pages
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA mmap_size=268435456")
            cur.execute("PRAGMA cache_size=-16384")
            cur.close()
        store.engine.dispose()          # connections made while opening the store get the pragmas too
    app = FastAPI(title="quellen", version=__version__, docs_url=None, redoc_url=None,
                  description="Who said, claimed or denied what in German news — with provenance. Every list "
                              "takes `limit` and `offset` (stable order) and `format=csv`; ids are those of "
                              "`quellen export` (JSONL).")
    app.state.store = store
    app.state.write = write
    app.include_router(api.router)
    app.include_router(pages.router)
    if write:
        app.include_router(api.write_router)

    @app.get("/static/swagger/{name}", include_in_schema=False)
    def swagger_asset(name: str) -> Response:
        if name not in SWAGGER:
            return JSONResponse({"error": "not found", "detail": name}, status_code=404)
        body = (resources.files("fastapi_swagger") / "resources" / name).read_bytes()
        return Response(body, media_type="text/css" if name.endswith(".css") else "text/javascript",
                        headers={"Cache-Control": "public, max-age=86400"})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response((HERE / "static" / "favicon.svg").read_bytes(), media_type="image/svg+xml")

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")   # after the route above

    @app.middleware("http")
    async def headers(request: Request, call_next):  # noqa: ANN001, ANN202
        start = time.perf_counter()
        response = await call_next(request)
        response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - start) * 1000:.2f}"
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        return response

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for e in exc.errors():
            where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body"))
            parts.append(f"{where}: {e.get('msg')}" if where else str(e.get("msg")))
        detail = "; ".join(parts) or "invalid request"
        if request.url.path.startswith("/api") or request.url.path == "/openapi.json":
            return JSONResponse({"error": "bad parameter", "detail": detail}, status_code=422)
        return pages.error_page(request, 422, "Bad parameter", detail)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        title = {404: "not found", 405: "method not allowed"}.get(exc.status_code, "error")
        detail = exc.detail if isinstance(exc.detail, str) else title
        if request.url.path.startswith("/api") or request.url.path.startswith("/static"):
            return JSONResponse({"error": title, "detail": detail}, status_code=exc.status_code,
                                headers=getattr(exc, "headers", None))
        return pages.error_page(request, exc.status_code, title.capitalize(), detail)

    return app


def run(db: str, host: str = "127.0.0.1", port: int = 8000, write: bool = False) -> None:
    """Serve with uvicorn (one process: SQLite reads are fast, and the app holds no per-request state)."""
    import uvicorn

    app = create_app(db, write=write)
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=False)
