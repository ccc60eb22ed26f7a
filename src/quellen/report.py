"""Readable terminal output (rich): a batch report, and one article with its attributions highlighted."""
from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .model import Document, Failure

STYLES = {
    "cue": "bold black on yellow",
    "source": "bold cyan underline",
    "content": "green",
    "boilerplate": "dim strike",
    "gap": "bold white on red",
}
TYPE_STYLES = {"direct": "magenta", "indirect": "blue", "according_to": "cyan", "denial": "red"}


def _short(s: str | None, n: int = 90) -> str:
    s = " ".join((s or "").split())
    return s if len(s) <= n else s[: n - 1].rstrip() + "…"


def _speaker(a) -> Text:  # noqa: ANN001
    name = a.speaker.name or (a.source.text if a.source else None) or "—"
    return Text.assemble((name, "bold"), (f" ({a.speaker.kind})", "dim"))


def _flags(a) -> str:  # noqa: ANN001
    flags = []
    if a.hedged:
        flags.append("hedged")
    if a.type == "denial" or a.denies:
        flags.append(f"denies {a.denies}" if a.denies else "denies —")
    return ", ".join(flags)


def attribution_table(doc: Document, content_width: int = 90) -> Table:
    """id, type (with hedged/denies flags), speaker (kind), cue, content (shortened), confidence."""
    table = Table(show_header=True, header_style="bold", expand=False, show_lines=False, pad_edge=False)
    table.add_column("id", style="dim", no_wrap=True)
    table.add_column("type", max_width=13, overflow="fold")
    table.add_column("speaker (kind)", max_width=24, overflow="fold")
    table.add_column("cue", max_width=16, overflow="fold")
    table.add_column("content", min_width=20)
    table.add_column("conf", justify="right", no_wrap=True)
    for a in sorted(doc.attributions, key=lambda a: (a.content.start, a.cue.start if a.cue else 0)):
        kind = Text(a.type, style=TYPE_STYLES.get(a.type, ""))
        flags = _flags(a)
        if flags:
            kind.append("\n" + flags, style="italic yellow")
        table.add_row(a.id, kind, _speaker(a), _short(a.cue.text if a.cue else "", 40),
                      _short(a.content.text, content_width), f"{a.confidence:.2f}")
    return table


def _heading(doc: Document) -> Text:
    title = doc.title or "(untitled)"
    meta = " · ".join(x for x in (doc.outlet, doc.published, doc.language) if x)
    head = Text(title, style="bold")
    if meta:
        head.append(f"\n{meta}", style="italic")
    head.append(f"\n{doc.source}  [{doc.id}]", style="dim")
    return head


def print_report(docs: list[Document], failures: list[Failure], console: Console, more: int = 0) -> None:
    """Per document: title, outlet, date, counts and a table of attributions; then the failed inputs.

    ``more``: documents of the batch left out of ``docs`` (a large batch is not held in memory for its report)."""
    for doc in docs:
        types = Counter(a.type for a in doc.attributions)
        counts = (f"{len(doc.attributions)} attributions"
                  + (" (" + ", ".join(f"{types[t]} {t}" for t in ("direct", "indirect", "according_to", "denial")
                                      if types[t]) + ")" if types else "")
                  + f" · {len(doc.entities)} entities · {len(doc.boilerplate)} boilerplate lines"
                  + f" · {len(doc.gaps)} gaps · {len(doc.text)} characters")
        body = Text.assemble(_heading(doc), "\n", (counts, ""))
        console.print(Panel(body, expand=False, border_style="blue"))
        if doc.attributions:
            console.print(attribution_table(doc, content_width=70))
        for w in doc.warnings:   # an item a stage could not handle: dropped, the rest of the article kept
            console.print(f"[yellow]warning[/yellow] {w.stage}{' ' + w.item if w.item else ''}: {w.reason}",
                          highlight=False)
        console.print()
    if more:
        console.print(f"… and {more} more documents, left out of this report (`quellen show DOC`, "
                      "`quellen export`).", highlight=False)
    if failures:
        table = Table(title=f"{len(failures)} failed input(s)", title_style="bold red", header_style="bold")
        table.add_column("source")
        table.add_column("stage", no_wrap=True)
        table.add_column("reason")
        for f in failures:
            table.add_row(f.source, f.stage, f.reason)
        console.print(table)
    total = sum(len(d.attributions) for d in docs)
    warned = sum(len(d.warnings) for d in docs)
    if more:
        return                      # the caller prints the batch's totals
    console.print(f"[bold]{len(docs)}[/bold] documents, [bold]{total}[/bold] attributions, "
                  f"[bold]{len(failures)}[/bold] failed, [bold]{warned}[/bold] warnings.")


def highlighted_text(doc: Document) -> Text:
    """The article with boilerplate dimmed, gaps marked, and content, source and cue in distinct styles."""
    text = Text(doc.text)
    n = len(doc.text)

    def mark(start: int | None, end: int | None, style: str) -> None:
        if start is not None and end is not None and 0 <= start < end <= n:
            text.stylize(style, start, end)

    for b in doc.boilerplate:
        mark(b.start, b.end, STYLES["boilerplate"])
    for g in doc.gaps:
        mark(g.start, g.end, "underline red")
    for a in doc.attributions:
        mark(a.content.start, a.content.end, STYLES["content"])
    for a in doc.attributions:
        if a.source:
            mark(a.source.start, a.source.end, STYLES["source"])
    for a in doc.attributions:
        if a.cue:
            mark(a.cue.start, a.cue.end, STYLES["cue"])
    return text


def show_document(doc: Document, console: Console) -> None:
    """Print one article with its attributions highlighted, then a table of them."""
    console.print(Panel(_heading(doc), expand=False, border_style="blue"))
    legend = Text.assemble(("cue", STYLES["cue"]), "  ", ("source", STYLES["source"]), "  ",
                           ("content", STYLES["content"]), "  ", ("boilerplate", STYLES["boilerplate"]), "  ",
                           ("gap", "underline red"))
    console.print(legend)
    console.print()
    console.print(highlighted_text(doc))
    console.print()
    if doc.attributions:
        console.print(attribution_table(doc))
    else:
        console.print("[dim]no attributions found[/dim]")
    if doc.boilerplate:
        console.print(f"[dim]{len(doc.boilerplate)} boilerplate line(s): "
                      + "; ".join(sorted({b.reason for b in doc.boilerplate})) + "[/dim]")
