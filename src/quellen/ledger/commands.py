"""The ledger's terminal commands: ``quellen ledger``, ``claims``, ``claim``, ``entity``, ``timeline``.

Thin like the rest of the CLI: each reads through :mod:`quellen.store.queries` (what the web API reads too)
and prints a rich table on a terminal, or one JSON document with ``--json``.
"""
from __future__ import annotations

import json
from typing import Optional

import typer

DB_OPTION = typer.Option("quellen.db", "--db", envvar="QUELLEN_DB",
                         help="SQLite database file, or a SQLAlchemy URL ($QUELLEN_DB).")
JSON_OPTION = typer.Option(False, "--json", help="Print one JSON document (for scripts).")


def _cli():
    from .. import cli
    return cli


def _store(db: str):
    from ..store import Store
    return Store(db)


def _print_json(obj) -> None:  # noqa: ANN001
    _cli().out.print_json(json.dumps(obj, ensure_ascii=False))


def _read(db: str, query, key: str, missing: str, as_json: bool):  # noqa: ANN001, ANN202
    """``query(conn, key)`` on the database; exit 1 with ``missing`` when it finds nothing; with ``--json``
    print it and return None, else return it for the table."""
    cli = _cli()
    with cli._stopping():
        store = _store(db)
    with store.engine.connect() as conn:
        found = query(conn, key)
    if found is None:
        cli.console.print(f"[red]{missing} in {db}[/red]")
        raise typer.Exit(1)
    if as_json:
        _print_json(found)
        return None
    return found


def run_update(store, rebuild: bool = False):  # noqa: ANN001, ANN201 - a LedgerReport
    """Update the ledger with a progress bar (counts in the log when not on a terminal)."""
    import logging

    from .update import update

    cli = _cli()
    with cli._progress(None) as progress:
        task = progress.add_task("ledger", total=None)

        def tick(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)
            if not cli.console.is_terminal and done % 1000 == 0:
                logging.getLogger("quellen").info("ledger: %d of %d documents read", done, total)

        return update(store, rebuild=rebuild, progress=tick)


def ledger(db: str = DB_OPTION,
           rebuild: bool = typer.Option(False, "--rebuild", help="Recompute everything from the stored documents."),
           as_json: bool = JSON_OPTION) -> None:
    """Update the claim ledger (claims across articles, entities, copies) from the stored documents.

    Incremental: only documents added or re-analysed since the last update are read. --rebuild gives the
    same tables from nothing (a check, or after changing the ledger's code)."""
    from dataclasses import asdict

    cli = _cli()
    with cli._stopping():
        rep = run_update(_store(db), rebuild=rebuild)
    if as_json:
        _print_json(asdict(rep))
        return
    cli.console.print(f"ledger: {rep.added} documents added, {rep.removed} removed; {rep.documents} documents, "
                      f"{rep.claims} claims ({rep.multi_claims} with more than one appearance), {rep.entities} "
                      f"entities, {rep.copies} copies; {rep.claims_rewritten} claims rewritten in {rep.seconds:.1f} s",
                      highlight=False)


def claims(db: str = DB_OPTION,
           status: Optional[str] = typer.Option(None, "--status", help="corroborated | denied | contested | "
                                                "single_source | anonymous_only | unattributed"),
           entity: Optional[str] = typer.Option(None, "--entity", help="Claims by or about this entity."),
           since: Optional[str] = typer.Option(None, "--since", help="Last seen on or after YYYY-MM-DD."),
           until: Optional[str] = typer.Option(None, "--until", help="First seen on or before YYYY-MM-DD."),
           min_appearances: int = typer.Option(1, "--min", min=1, help="At least this many appearances."),
           limit: int = typer.Option(50, "--limit", min=1), offset: int = typer.Option(0, "--offset", min=0),
           as_json: bool = JSON_OPTION) -> None:
    """List claims, most appearances first."""
    from rich.table import Table

    from ..store import queries as Q
    from .status import STATUSES

    cli = _cli()
    if status and status not in STATUSES:
        cli.console.print(f"[red]unknown --status {status!r}: use one of {', '.join(STATUSES)}[/red]")
        raise typer.Exit(2)
    with cli._stopping():
        store = _store(db)
    with store.engine.connect() as conn:
        rows = Q.claims(conn, status, entity, since, until, min_appearances, limit, offset)
    if as_json:
        _print_json(rows)
        return
    table = Table()
    for col in ("claim", "status", "n", "sources", "first seen", "speakers", "gist"):
        table.add_column(col, overflow="fold")
    for c in rows:
        table.add_row(c["id"], c["status"], str(c["appearances_count"]), str(c["sources"]), c["first_seen"] or "–",
                      ", ".join(c["speakers"][:3]), (c["gist"] or "")[:160])
    cli.out.print(table)
    cli.console.print(f"{len(rows)} claims")


def claim(claim_id: str = typer.Argument(..., help="Claim id (or unique prefix)."), db: str = DB_OPTION,
          as_json: bool = JSON_OPTION) -> None:
    """One claim: its status and reason, and every appearance with sentence, source, outlet and date."""
    from rich.table import Table

    from ..store import queries as Q

    cli = _cli()
    c = _read(db, Q.claim, claim_id, f"no claim {claim_id!r}", as_json)
    if c is None:
        return
    cli.out.print(f"[bold]{c['id']}[/bold]  {c['status']} — {c['status_reason']}", highlight=False)
    cli.out.print(f"gist: {c['gist']}", highlight=False)
    table = Table()
    for col in ("date", "stance", "speaker (kind)", "outlet", "doc", "content"):
        table.add_column(col, overflow="fold")
    for a in c["appearances"]:
        table.add_row(a["published"] or "–", a["stance"], f"{a['speaker'] or '–'} ({a['speaker_kind']})",
                      a["outlet"] or "–", f"{a['doc'][:8]}/{a['attribution']}", a["content"])
    cli.out.print(table)


def _events_table(events: list[dict]):  # noqa: ANN202
    from rich.table import Table

    table = Table()
    for col in ("date", "role", "speaker", "claim", "doc", "content"):
        table.add_column(col, overflow="fold")
    for e in events:
        table.add_row(e.get("published") or "–", e.get("role") or e.get("stance"), e.get("speaker") or "–",
                      e.get("claim") or "", f"{e['doc'][:8]}/{e['attribution']}", e["content"])
    return table


def entity(name: str = typer.Argument(..., help="Entity name, alias or id."), db: str = DB_OPTION,
           as_json: bool = JSON_OPTION) -> None:
    """An entity's page: what it said, claimed and denied, and what others claimed about it, by date."""
    from ..store import queries as Q

    cli = _cli()
    page = _read(db, Q.entity_page, name, f"no entity {name!r} (after analyze --no-ledger, run quellen ledger)",
                 as_json)
    if page is None:
        return
    cli.out.print(f"[bold]{page['name']}[/bold] ({page['type']}, {page['id']}) — in {page['documents']} documents; "
                  f"said {page['said']}, denied {page['denied']}, named in {page['about']} others' statements",
                  highlight=False)
    if page["aliases"]:
        cli.out.print("aliases: " + ", ".join(page["aliases"]), highlight=False)
    cli.out.print(_events_table(page["events"]))


def timeline(key: str = typer.Argument(..., help="An entity (name or id) or a claim id."), db: str = DB_OPTION,
             as_json: bool = JSON_OPTION) -> None:
    """How a story developed: a claim's appearances, or everything by and about an entity, in date order."""
    from ..store import queries as Q

    cli = _cli()
    t = _read(db, Q.timeline, key, f"no claim or entity {key!r}", as_json)
    if t is None:
        return
    cli.out.print(f"[bold]{t['kind']} {t['id']}[/bold]: {t['title']}", highlight=False)
    cli.out.print(_events_table(t["events"]))


def claims_eval(data: str = typer.Option(..., "--data", help="The ../shared/data folder (news-spkatt)."),
                labels: str = typer.Option("data/dev/claims", "--labels", help="The hand-labelled dev set."),
                seed_labels: str = typer.Option("data/dev/claims-seeds", "--seed-labels",
                                                help="Same-claim labels of the seed articles as one story "
                                                     "(scored when ../shared/seeds is beside --data)."),
                as_json: bool = JSON_OPTION) -> None:
    """Score the ledger's claims on the hand-labelled same-claim dev set (pairwise and B3 P/R/F1)."""
    from pathlib import Path

    from .evaluate import run

    figures = run(Path(data), Path(labels), Path(seed_labels) if Path(seed_labels).is_dir() else None)
    if as_json:
        _print_json(figures)
        return
    for name, f in figures.items():
        _cli().out.print(f"{name:>11}: " + ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}"
                                                      for k, v in f.items() if not isinstance(v, (dict, list))),
                         highlight=False)


def register(app: typer.Typer) -> None:
    for fn in (ledger, claims, claim, entity, timeline):
        app.command(fn.__name__)(fn)
    app.command("claims-eval")(claims_eval)
