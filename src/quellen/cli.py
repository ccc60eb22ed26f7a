"""The ``quellen`` command line (typer + rich).

Commands stay thin: each one wires a stage module to files, the database and the terminal.
"""
from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from contextlib import contextmanager
from typing import Iterator, Optional

import typer
from rich.console import Console

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="quellen: who said, claimed or denied what in German news — with provenance.")
console = Console(stderr=True)
out = Console()


def _progress(total: int | None):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=console, disable=not console.is_terminal)


REPORT_DOCUMENTS = 200     # documents printed in full by analyze's report; the rest are counted
# A str, not a Path: Path("postgresql://h/db") would collapse "//" and turn the URL into a local file name.
DB_HELP = "SQLite database file, or a SQLAlchemy URL such as postgresql+psycopg://user@host/db ($QUELLEN_DB)."


@contextmanager
def _stopping(note: str = "") -> Iterator[None]:
    """An environment fault (a database that cannot be opened, a missing module) ends the command with its one
    message and exit status 3, never with a traceback."""
    from .errors import EnvironmentFault

    try:
        yield
    except EnvironmentFault as exc:
        from rich.markup import escape

        console.print(f"[red]stopped:[/red] {escape(str(exc))}", highlight=False)
        if note:
            console.print(note)
        raise typer.Exit(3) from None


@app.command()
def analyze(
    paths: list[Path] = typer.Argument(..., help="Files or folders: .txt .html .htm .json .jsonl .warc .warc.gz"),
    db: str = typer.Option("quellen.db", "--db", envvar="QUELLEN_DB", help=DB_HELP),
    jsonl: Optional[Path] = typer.Option(None, "--jsonl", help="Also write one JSON line per document here."),
    report: bool = typer.Option(True, "--report/--no-report", help="Print a readable report when done."),
    stages: Optional[str] = typer.Option(None, "--stages", help="Comma-separated stage names to run after "
                                         "cleaning (default: nlp,entities,attribution,speakers,denials)."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, help="Worker processes (articles are analysed in "
                                "parallel; results are stored in input order by this process)."),
    max_bytes: Optional[int] = typer.Option(None, "--max-bytes", min=1, help="Largest input article in bytes "
                                            "(default 5 MB, or $QUELLEN_MAX_BYTES)."),
    max_chars: Optional[int] = typer.Option(None, "--max-chars", min=1, help="Longest cleaned text in characters "
                                            "(default 1,000,000, or $QUELLEN_MAX_CHARS)."),
    max_seconds: Optional[float] = typer.Option(None, "--max-seconds", min=0.001, help="Longest analysis of one "
                                                "article in seconds (default 60, or $QUELLEN_MAX_SECONDS)."),
    force: bool = typer.Option(False, "--force", help="Analyse every input again, also those the database "
                               "already holds from the same content and analysis version."),
    engine: str = typer.Option("local", "--engine", help="local (this machine, --workers processes) or spark "
                               "(a PySpark job; pip install 'quellen[spark]')."),
    spark_master: str = typer.Option("local[2]", "--spark-master", help="Spark master URL for --engine spark "
                                     "(local[N], spark://host:7077, yarn, ...)."),
    ledger: bool = typer.Option(True, "--ledger/--no-ledger", help="Update the claim ledger when the batch is "
                                "done (claims across articles, entities, copies; `quellen ledger` does it later)."),
    commit_every: Optional[int] = typer.Option(None, "--commit-every", min=1, help="Documents stored per "
                                               "transaction (default 32; each stays whole; a crash loses at most "
                                               "the group not yet committed, which a re-run analyses again)."),
) -> None:
    """Analyse articles: clean, find attributions with their sources, store them.

    An article that cannot be read, is over a limit or runs too long is recorded as failed (with the reason)
    and the batch goes on; an item a stage cannot handle is dropped with a warning on its document. An input
    the database already holds from the same content and analysis version is skipped (counted as unchanged),
    so a re-run after an interruption finishes the rest; --force analyses everything again.

    Exit status: 0 when at least one article was analysed or unchanged (failures are listed and recorded in the
    database), 1 when every input failed, 2 for a usage error, 3 when the environment is broken (a missing module, a model
    that cannot load, a database that cannot be written): the run stops at once with one message."""
    from .limits import Limits

    try:
        limits = Limits.from_env(max_bytes, max_chars, max_seconds)
    except ValueError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    with _stopping("Articles analysed before the stop are stored; run the same command again when fixed "
                   "(re-running is idempotent)."):
        _analyze(paths, db, jsonl, report, stages, workers, limits, force, engine, spark_master, ledger,
                 commit_every)


def _analyze(paths, db, jsonl, report, stages, workers, limits, force,  # noqa: ANN001 - see analyze
             engine="local", spark_master="local[2]", ledger=True, commit_every=None) -> None:
    from .environment import check_environment
    from .ingest import iter_inputs, list_inputs
    from .model import Document, Failure, Unchanged
    from .pipeline import DEFAULT_STAGES, Pipeline
    from .store import Store
    from .store.groups import GROUP_SIZE, GroupWriter
    from .versioning import mark_unchanged

    stage_names = [s.strip() for s in stages.split(",") if s.strip()] if stages is not None else list(DEFAULT_STAGES)
    if engine not in ("local", "spark"):
        console.print(f"[red]unknown --engine {engine!r}: use local or spark[/red]")
        raise typer.Exit(2)
    try:
        pipeline = Pipeline(stage_names, limits=limits)
    except KeyError as exc:
        console.print(f"[red]{exc.args[0]}[/red]")
        raise typer.Exit(2) from None
    files = list_inputs(paths)
    store = Store(db)
    check_environment(stage_names)     # a missing module or model stops here, before any article is read
    if engine == "spark":
        from .engines.spark import check_spark

        check_spark()
    pipeline.warm_up()
    shown: list[Document] = []      # kept for the report, at most REPORT_DOCUMENTS: a batch is not held in memory
    failed: list[Failure] = []
    analysed = unchanged = warnings = 0
    version = pipeline.version
    if engine == "spark":             # the executors read and analyse; the results come back here in order
        from .engines.spark import iter_spark

        results = iter_spark(files, stage_names, limits, master=spark_master,
                             unchanged=None if force else store.current_inputs(version))
    else:
        raws = iter_inputs(files, max_bytes=limits.max_bytes)
        if not force:
            raws = mark_unchanged(raws, store.current, version)
        results = pipeline.run(raws, workers=workers)
    # with the ledger, the JSONL is written to a side file first and completed with claim ids afterwards
    staged = jsonl.with_name(jsonl.name + ".partial") if (jsonl and ledger) else jsonl
    sink = staged.open("w", encoding="utf-8") if staged else None
    try:
        with _progress(len(files)) as progress:
            task = progress.add_task("analysing", total=len(files))
            last_file = None

            def emit(item) -> None:  # noqa: ANN001 - each result once stored, in input order
                nonlocal analysed, unchanged, warnings, last_file
                if isinstance(item, Unchanged):
                    unchanged += 1
                    if sink:       # the JSONL still holds the whole batch: the stored document, as it is
                        kept = store.get(item.doc_id)
                        if kept is not None:
                            sink.write(json.dumps(kept.to_dict(), ensure_ascii=False) + "\n")
                elif isinstance(item, Failure):
                    failed.append(item)
                    store.record_failure(item)
                    console.print(f"[red]failed[/red] {item.source}: {item.reason}", highlight=False)
                else:
                    analysed += 1
                    warnings += len(item.warnings)
                    if report and len(shown) < REPORT_DOCUMENTS:
                        shown.append(item)
                    if sink:
                        sink.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
                current = item.source.split("#", 1)[0]
                if current != last_file:
                    progress.advance(task)
                    last_file = current
                if not console.is_terminal and (analysed + unchanged + len(failed)) % 100 == 0:
                    logging.getLogger("quellen").info("%d analysed, %d unchanged, %d failed, %d warnings",
                                                      analysed, unchanged, len(failed), warnings)

            writer = GroupWriter(store, version, emit, size=commit_every or GROUP_SIZE)   # a transaction a group
            for item in results:
                writer.add(item)
            writer.flush()
    finally:
        if sink:
            sink.close()
    if ledger and (analysed or unchanged):
        from .pipeline import release_models

        pipeline = results = None       # noqa: F841 - the ledger needs no model: free them before it runs
        release_models()
        _update_ledger(store)
    if staged is not None and staged != jsonl:
        from .store.export import enrich_file

        enrich_file(store, staged, jsonl)
    if report:
        from .report import print_report

        print_report(shown, failed, out, more=analysed - len(shown))
    skipped = f", {unchanged} unchanged" if unchanged else ""
    console.print(f"{analysed} documents analysed{skipped}, {len(failed)} failed, {warnings} warnings → {db}",
                  highlight=False)
    if failed and not analysed and not unchanged:
        raise typer.Exit(1)


def _update_ledger(store) -> None:  # noqa: ANN001
    """The ledger after a batch. The articles are stored already: an error here loses none of them, it is
    reported with what to run, and the ledger stays as it was (one transaction)."""
    from .errors import EnvironmentFault
    from .ledger.commands import run_update

    try:
        rep = run_update(store)
    except EnvironmentFault:
        raise
    except Exception as exc:  # noqa: BLE001 - see the docstring
        logging.getLogger("quellen").exception("ledger update failed")
        console.print(f"[red]ledger not updated[/red]: {type(exc).__name__}: {exc}. The articles are stored; "
                      "run `quellen ledger` to try again.", highlight=False)
        return
    console.print(f"ledger: {rep.claims} claims ({rep.multi_claims} with more than one appearance), "
                  f"{rep.entities} entities, {rep.copies} copies; {rep.added} documents added in "
                  f"{rep.seconds:.1f} s", highlight=False)


@app.command()
def show(
    doc: str = typer.Argument(..., help="Document id (or unique prefix) or source path."),
    db: str = typer.Option("quellen.db", "--db", envvar="QUELLEN_DB", help=DB_HELP),
) -> None:
    """Show an article with its attributions highlighted, and a table of them."""
    from .report import show_document
    from .store import Store

    with _stopping():
        document = Store(db).get(doc)
    if document is None:
        console.print(f"[red]no document matching {doc!r} in {db}[/red]")
        raise typer.Exit(1)
    show_document(document, out)


@app.command()
def search(
    query: str = typer.Argument(..., help='Words or "a phrase" in attribution contents; speaker:NAME for a speaker.'),
    db: str = typer.Option("quellen.db", "--db", envvar="QUELLEN_DB", help=DB_HELP),
    type: Optional[str] = typer.Option(None, "--type", help="direct | indirect | according_to | denial"),
    kind: Optional[str] = typer.Option(None, "--kind", help="person | organization | media | document | "
                                       "anonymous | unspecified"),
    limit: int = typer.Option(50, "--limit"),
) -> None:
    """Find attributions: what did X say (speaker:X), who denies Y (--type denial), anonymous claims."""
    from rich.table import Table

    from .store import Store

    with _stopping():
        found = Store(db).search(query, limit=limit * 4 if (type or kind) else limit)
    hits = [h for h in found if (type is None or h.type == type) and (kind is None or h.speaker_kind == kind)][:limit]
    table = Table(show_lines=False)
    for col in ("doc", "id", "type", "speaker (kind)", "content"):
        table.add_column(col, overflow="fold")
    for h in hits:
        table.add_row(h.doc_id[:8], h.attribution_id, h.type, f"{h.speaker or '–'} ({h.speaker_kind})", h.content)
    out.print(table)
    console.print(f"{len(hits)} attributions")


@app.command()
def export(
    format: str = typer.Option("jsonl", "--format", help="jsonl (documents) | csv (attributions) | claims (one "
                               "claim per line) | claim-jsonld (schema.org Claim objects)"),
    db: str = typer.Option("quellen.db", "--db", envvar="QUELLEN_DB", help=DB_HELP),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="File to write (default: stdout)."),
) -> None:
    """Export documents (jsonl), attributions (csv) or the claim ledger (claims, claim-jsonld)."""
    from .store import Store
    from .store.export import export_claim_jsonld, export_claims, export_csv, export_jsonl

    writers = {"jsonl": export_jsonl, "csv": export_csv, "claims": export_claims, "claim-jsonld": export_claim_jsonld}
    if format not in writers:
        console.print(f"[red]unknown format {format!r}: use {', '.join(writers)}[/red]")
        raise typer.Exit(2)
    with _stopping():
        store = Store(db)
    fh = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        writers[format](store, fh)
    finally:
        if output:
            fh.close()


@app.command()
def serve(
    db: str = typer.Option("quellen.db", "--db", envvar="QUELLEN_DB", help=DB_HELP),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (loopback unless told otherwise)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535),
    write: bool = typer.Option(False, "--write", help="Allow the one write endpoint (POST /api/ledger/update)."),
) -> None:
    """Serve the web UI and the REST API (/api, /docs) over the database; read-only unless --write."""
    from .serve import run

    console.print(f"quellen serve: http://{host}:{port}/  (API /api, docs /docs; "
                  f"{'writes allowed' if write else 'read-only'})", highlight=False)
    with _stopping():
        run(db, host=host, port=port, write=write)


@app.command("eval")
def evaluate(
    gold: Path = typer.Option(..., "--gold", help="Folder of *.gold.json files (see seeds-gold/SCHEMA.md)."),
    pred: Path = typer.Argument(..., help="Predictions: the JSONL written by `quellen analyze --jsonl`."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Score predictions against hand-made gold (detection, speaker, type, denial target, cleaning)."""
    from .evaluation.seeds import format_scores, score

    result = score(gold, pred)
    out.print_json(json.dumps(result)) if as_json else out.print(format_scores(result))


def _register_subapps() -> None:
    from .taskformat.cli import app as spkatt_app
    from .training.cli import app as models_app

    app.add_typer(models_app, name="models", help="Train and evaluate quellen's own German models.")
    app.add_typer(spkatt_app, name="spkatt", help="Speaker-attribution task format: predict, evaluate, break a score down.")
    from .ledger.commands import register

    register(app)


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("quellen").setLevel(logging.INFO)
    logging.getLogger("alembic").setLevel(logging.WARNING)   # its "Running upgrade" lines are not for users
    _register_subapps()
    app()
