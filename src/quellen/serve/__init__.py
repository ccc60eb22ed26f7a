"""``quellen serve``: the web UI and REST API over a quellen database (FastAPI + uvicorn + Jinja2)."""
from .app import create_app, run

__all__ = ["create_app", "run"]
